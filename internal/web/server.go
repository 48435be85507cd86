// Package web serves HTML: the public portal at /, the console at /admin/,
// and the router, middleware and error mapping that internal/api shares.
package web

import (
	"context"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"gongkai/internal/auth"
	"gongkai/internal/config"
	"gongkai/internal/store"
	"gongkai/internal/workday"
)

// Server holds what the handlers need. Build it with New, register the
// other packages' routes with Handle, then serve Handler().
type Server struct {
	Store  *store.Store
	Config config.Config
	Log    *slog.Logger
	Now    func() time.Time

	// CalendarHooks run after the holidays overlay changes, so that every
	// open clock crossing the changed dates is recomputed (DESIGN §5).
	CalendarHooks []func(ctx context.Context, cal *workday.Calendar, a auth.Actor) error

	mux           *http.ServeMux
	routes        []Route
	homeProviders []HomeProvider
	tmpl          *templates
	static        *staticFiles
}

// New builds the server and registers the foundation's routes.
func New(st *store.Store, cfg config.Config, log *slog.Logger) (*Server, error) {
	if log == nil {
		log = slog.Default()
	}
	s := &Server{Store: st, Config: cfg, Log: log, Now: time.Now, mux: http.NewServeMux()}
	var err error
	if s.static, err = loadStatic(); err != nil {
		return nil, err
	}
	if s.tmpl, err = loadTemplates(s.funcs()); err != nil {
		return nil, err
	}
	s.routesFoundation()
	s.routesNotifications()
	s.routesPlan()
	s.routesDocs()
	s.routesRequests()
	s.routesParticipation()
	return s, nil
}

// Handler is the whole site with its middleware.
func (s *Server) Handler() http.Handler {
	var h http.Handler = s.mux
	h = s.authenticate(h)
	h = http.NewCrossOriginProtection().Handler(h)
	h = s.secureHeaders(h)
	h = s.logRequests(h)
	return h
}

// ClientIP returns the address of the client: the peer, or, when the
// proxy is trusted, the last X-Forwarded-For hop (the one the proxy added;
// earlier hops come from the client and could be forged to dodge the rate
// limits).
func (s *Server) ClientIP(r *http.Request) string {
	if s.Config.TrustProxy {
		hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
		for i := len(hops) - 1; i >= 0; i-- {
			if h := strings.TrimSpace(hops[i]); h != "" {
				return h
			}
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

func (s *Server) secureHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'self'")
		next.ServeHTTP(w, r)
	})
}

type statusWriter struct {
	http.ResponseWriter
	status int
	n      int
}

func (w *statusWriter) WriteHeader(code int) { w.status = code; w.ResponseWriter.WriteHeader(code) }
func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.n += n
	return n, err
}
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func (s *Server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		defer func() {
			if v := recover(); v != nil {
				s.Log.Error("panic", "path", r.URL.Path, "panic", v)
				if sw.status == 0 {
					http.Error(sw, "系统内部错误", http.StatusInternalServerError)
				}
			}
			if strings.HasPrefix(r.URL.Path, "/static/") && sw.status < 400 {
				return
			}
			s.Log.Debug("request", "method", r.Method, "path", r.URL.Path, "status", sw.status, "bytes", sw.n, "dur", time.Since(start))
		}()
		next.ServeHTTP(sw, r)
	})
}
