package web

import "html/template"

// routesDocs registers the console and portal routes of this area.
func (s *Server) routesDocs() {}

// docsFuncs are this area's template functions.
var docsFuncs = template.FuncMap{}
