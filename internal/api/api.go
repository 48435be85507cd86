// Package api serves JSON under /api/v1/. It is a sibling of internal/web
// over internal/httpx: it registers its routes on the shared router (so
// one permission check guards both), and calls the same store use cases
// and domain rules as the console. It never imports internal/web.
package api

import (
	"net/http"

	"gongkai"
	"gongkai/internal/auth"
	"gongkai/internal/httpx"
)

// API holds the handlers.
type API struct {
	s *httpx.Server
}

// Register adds the API's routes to s.
func Register(s *httpx.Server) *API {
	a := &API{s: s}
	s.Handle("GET /api/v1/calendar/due", auth.PermPublic, a.calendarDue)
	s.Handle("GET /api/v1/me", auth.PermConsole, a.me)
	s.Handle("GET /api/v1/units", auth.PermUnitsView, a.units)
	a.routesPlan()
	a.routesDocs()
	a.routesRequests()
	a.routesParticipation()
	a.routesExchange()
	s.Handle("/api/", auth.PermPublic, a.notFound)
	return a
}

func (a *API) notFound(w http.ResponseWriter, r *http.Request) error {
	return gongkai.Errorf(gongkai.ENOTFOUND, "接口不存在：%s %s", r.Method, r.URL.Path)
}
