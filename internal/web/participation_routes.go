package web

import "html/template"

// routesParticipation registers the console and portal routes of this area.
func (s *Server) routesParticipation() {}

// participationFuncs are this area's template functions.
var participationFuncs = template.FuncMap{}
