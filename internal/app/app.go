// Package app assembles the program: the store, the shared HTTP router
// (internal/httpx) with the routes of its two transports — the HTML
// portal and console (internal/web) and the JSON API (internal/api) —
// and the background jobs.
package app

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"

	"gongkai/internal/api"
	"gongkai/internal/config"
	"gongkai/internal/httpx"
	"gongkai/internal/store"
	"gongkai/internal/web"
)

// App is the assembled program.
type App struct {
	Config config.Config
	Store  *store.Store
	HTTP   *httpx.Server // the router both transports register on
	Web    *web.Server
	Log    *slog.Logger
}

// New opens the database, checks (or migrates) its schema and builds the
// handlers. It does not start listening.
func New(ctx context.Context, cfg config.Config, log *slog.Logger, migrate bool) (*App, error) {
	st, err := store.Open(ctx, cfg.DB)
	if err != nil {
		return nil, err
	}
	a, err := FromStore(ctx, st, cfg, log, migrate)
	if err != nil {
		st.Close()
		return nil, err
	}
	return a, nil
}

// FromStore builds the app on an open store (tests use this).
func FromStore(ctx context.Context, st *store.Store, cfg config.Config, log *slog.Logger, migrate bool) (*App, error) {
	if log == nil {
		log = slog.Default()
	}
	if migrate {
		n, err := st.Migrate(ctx)
		if err != nil {
			return nil, err
		}
		if n > 0 {
			log.Info("数据库结构已升级", "migrations", n, "db", st.Where)
		}
	}
	cur, target, pending, err := st.SchemaStatus(ctx)
	if err != nil {
		return nil, err
	}
	if pending {
		return nil, fmt.Errorf("数据库 %s 的结构版本为 %d，低于程序所需的 %d：请先运行 `gongkai migrate --db …`，或在启动时加 --migrate", st.Where, cur, target)
	}
	h := httpx.New(st, cfg, log)
	w, err := web.New(h)
	if err != nil {
		return nil, err
	}
	api.Register(h)
	return &App{Config: cfg, Store: st, HTTP: h, Web: w, Log: log}, nil
}

// Handler is the HTTP handler of the whole site.
func (a *App) Handler() http.Handler { return a.HTTP.Handler() }

// Start starts the background jobs until ctx ends.
func (a *App) Start(ctx context.Context) {
	startJobs(ctx, a)
	startPublisher(ctx, a)
}

// Close closes the database.
func (a *App) Close() error { return a.Store.Close() }
