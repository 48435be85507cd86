// Package web serves HTML: the public portal at / and the console at
// /admin/. It registers its routes on the shared router of internal/httpx
// (a sibling of internal/api) and installs the error page there.
package web

import (
	"gongkai/internal/auth"
	"gongkai/internal/crawl"
	"gongkai/internal/httpx"
)

// Server is the HTML side: the shared router and dependencies (embedded),
// the parsed templates, the static files and the console home's cards.
type Server struct {
	*httpx.Server

	homeProviders []HomeProvider

	// InspectBase is the portal's public address for 立即检查 (app sets it:
	// the configured GONGKAI_BASE_URL); InspectCrawl bounds that crawl.
	InspectBase   func() string
	InspectCrawl  *crawl.Options
	pageProviders []PageProvider
	tmpl          *templates
	static        *staticFiles

	// BackupNow starts a backup from the console in the background (the
	// app sets it; the backup page's button calls it).
	BackupNow func(actor auth.Actor) error
}

// New registers the portal's and the console's routes on h and installs
// the HTML error page.
func New(h *httpx.Server) (*Server, error) {
	s := &Server{Server: h}
	var err error
	if s.static, err = loadStatic(); err != nil {
		return nil, err
	}
	if s.tmpl, err = loadTemplates(s.funcs()); err != nil {
		return nil, err
	}
	h.ErrorPage = s.errorPage
	s.routesFoundation()
	s.routesNotifications()
	s.routesPlan()
	s.routesDocs()
	s.routesRequests()
	s.routesParticipation()
	s.routesGate()
	s.routesSite()
	s.routesInstitutions()
	s.routesInspect()
	s.routesPublic()
	s.routesPublish()
	return s, nil
}
