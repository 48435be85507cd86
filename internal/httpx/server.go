// Package httpx is what the two transports share: the router with the one
// permission check, the current user, the client address, the error →
// status table, JSON and form helpers, and the middleware (authentication,
// cross-origin protection, secure headers, request log). The HTML console
// and portal (internal/web) and the JSON API (internal/api) are siblings
// that register their routes here; neither imports the other.
package httpx

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strconv"
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

	// Observe, when set, is told of every answered request: the matched
	// route pattern ("" when none), the status and the time taken (the
	// app sets it to the Prometheus metrics).
	Observe func(route string, status int, d time.Duration)

	mux    *http.ServeMux
	routes []Route
	ready  []ReadyCheck
}

// New builds the router with the routes of its own (GET /healthz).
func New(st *store.Store, cfg config.Config, log *slog.Logger) *Server {
	if log == nil {
		log = slog.Default()
	}
	s := &Server{Store: st, Config: cfg, Log: log, Now: time.Now, mux: http.NewServeMux()}
	s.HandleFunc("GET /healthz", s.healthz)
	s.HandleFunc("GET /readyz", s.readyz)
	s.AddReadyCheck("database", func(ctx context.Context) error {
		if err := s.Store.Ping(ctx); err != nil {
			return errors.New("数据库无法连接")
		}
		return nil
	})
	s.AddReadyCheck("schema", func(ctx context.Context) error {
		behind, err := s.Store.SchemaBehind(ctx)
		if err != nil {
			return errors.New("无法读取数据库结构版本")
		}
		if behind != "" {
			return errors.New("数据库结构尚未升级到本程序的版本，请运行 gongkai migrate")
		}
		return nil
	})
	return s
}

// ReadyCheck is one condition of /readyz: nil when fine, otherwise an
// error whose text (Chinese) says what is wrong.
type ReadyCheck struct {
	Name  string
	Check func(ctx context.Context) error
}

// AddReadyCheck adds a condition to /readyz (the app adds the jobs and the
// storage; httpx itself checks the database and the schema).
func (s *Server) AddReadyCheck(name string, check func(ctx context.Context) error) {
	s.ready = append(s.ready, ReadyCheck{Name: name, Check: check})
}

// Handler is the whole site with its middleware.
func (s *Server) Handler() http.Handler {
	var h http.Handler = routeOf(s.mux)
	h = s.authenticate(h)
	h = http.NewCrossOriginProtection().Handler(h)
	h = secureHeaders(h)
	h = s.logRequests(h)
	return h
}

// healthz answers that the process is up and serving, whatever the
// database does (load balancers restart a process that fails it).
func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	WriteJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

// Readiness is the answer of /readyz.
type Readiness struct {
	Status string            `json:"status"` // "ready" or "unavailable"
	Checks map[string]string `json:"checks"` // name → "ok" or what is wrong
}

// Ready runs every readiness check, each within two seconds.
func (s *Server) Ready(ctx context.Context) (Readiness, bool) {
	rd := Readiness{Status: "ready", Checks: map[string]string{}}
	ok := true
	for _, c := range s.ready {
		cctx, cancel := context.WithTimeout(ctx, 2*time.Second)
		err := c.Check(cctx)
		cancel()
		if err != nil {
			rd.Checks[c.Name], ok = err.Error(), false
			continue
		}
		rd.Checks[c.Name] = "ok"
	}
	if !ok {
		rd.Status = "unavailable"
	}
	return rd, ok
}

// readyz answers 200 when the node can serve (the database answers, the
// schema is current, the jobs run, the disk has room), else 503 with the
// failed checks, for load balancers.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	rd, ok := s.Ready(r.Context())
	if !ok {
		w.Header().Set("Retry-After", strconv.Itoa(int(store.UnavailableRetry.Seconds())))
		WriteJSON(w, http.StatusServiceUnavailable, rd)
		return
	}
	WriteJSON(w, http.StatusOK, rd)
}
