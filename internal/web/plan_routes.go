package web

import "html/template"

// routesPlan registers the console and portal routes of this area.
func (s *Server) routesPlan() {}

// planFuncs are this area's template functions.
var planFuncs = template.FuncMap{}
