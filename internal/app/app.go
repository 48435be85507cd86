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
	"time"

	"gongkai/internal/api"
	"gongkai/internal/auth"
	"gongkai/internal/config"
	"gongkai/internal/crawl"
	"gongkai/internal/httpx"
	"gongkai/internal/site"
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
	// InspectCrawl bounds the daily inspection's crawl of the portal
	// (zero fields: crawl.Defaults); tests make it small.
	InspectCrawl crawl.Options

	ops     *ops
	started time.Time
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
	behind, err := st.SchemaBehind(ctx)
	if err != nil {
		return nil, err
	}
	if behind != "" {
		return nil, fmt.Errorf("%s：请先运行 `gongkai migrate --db …`，或在启动时加 --migrate", behind)
	}
	if cfg.SiteName != "" || cfg.SiteIDCode != "" || cfg.OrgName != "" {
		id := site.Identity{SiteName: cfg.SiteName, SiteIDCode: cfg.SiteIDCode, Organiser: cfg.OrgName}
		stored, err := st.InitSiteIdentity(ctx, auth.Actor{Login: "config"}, id)
		if err != nil {
			return nil, fmt.Errorf("GONGKAI_SITE_NAME / GONGKAI_SITE_ID_CODE / GONGKAI_ORG_NAME：%w", err)
		}
		if stored {
			log.Info("网站标识已按环境变量设置初始值；此后请在工作平台“网站标识与指南”中修改", "site", cfg.SiteName)
		} else {
			log.Debug("网站标识已保存在数据库中，环境变量 GONGKAI_SITE_* 不再生效")
		}
	}
	h := httpx.New(st, cfg, log)
	w, err := web.New(h)
	if err != nil {
		return nil, err
	}
	api.Register(h)
	a := &App{Config: cfg, Store: st, HTTP: h, Web: w, Log: log, started: time.Now()}
	w.InspectBase = func() string { return a.Config.BaseURL }
	w.InspectCrawl = &a.InspectCrawl
	a.setupOps()
	return a, nil
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
