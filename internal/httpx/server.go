// Package httpx is what the two transports share: the router with the one
// permission check, the current user, the client address, the error →
// status table, JSON and form helpers, and the middleware (authentication,
// cross-origin protection, secure headers, request log). The HTML console
// and portal (internal/web) and the JSON API (internal/api) are siblings
// that register their routes here; neither imports the other.
package httpx

import (
	"log/slog"
	"net/http"
	"time"

	"gongkai/internal/config"
	"gongkai/internal/store"
)

// Server holds the router and what every handler reads: the store, the
// configuration, the log and the clock. Build it with New, let web and api
// register their routes with Handle, then serve Handler().
type Server struct {
	Store  *store.Store
	Config config.Config
	Log    *slog.Logger
	Now    func() time.Time

	// ErrorPage writes the error of an HTML route; web installs it. Until
	// then (and for /api/ and JSON clients always) errors are JSON.
	ErrorPage func(w http.ResponseWriter, r *http.Request, e ErrorInfo)

	mux    *http.ServeMux
	routes []Route
}

// New builds the router with the routes of its own (GET /healthz).
func New(st *store.Store, cfg config.Config, log *slog.Logger) *Server {
	if log == nil {
		log = slog.Default()
	}
	s := &Server{Store: st, Config: cfg, Log: log, Now: time.Now, mux: http.NewServeMux()}
	s.HandleFunc("GET /healthz", s.healthz)
	return s
}

// Handler is the whole site with its middleware.
func (s *Server) Handler() http.Handler {
	var h http.Handler = s.mux
	h = s.authenticate(h)
	h = http.NewCrossOriginProtection().Handler(h)
	h = secureHeaders(h)
	h = s.logRequests(h)
	return h
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	if err := s.Store.Ping(r.Context()); err != nil {
		WriteJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "unavailable"})
		return
	}
	WriteJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}
