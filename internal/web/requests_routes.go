package web

import "html/template"

// routesRequests registers the console and portal routes of this area.
func (s *Server) routesRequests() {}

// requestsFuncs are this area's template functions.
var requestsFuncs = template.FuncMap{}
