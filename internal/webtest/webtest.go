// Package webtest boots the whole program for tests: the app on a fresh
// database (SQLite by default, PostgreSQL when asked) with the demo data,
// served on a random loopback port, plus a headless Chromium driven by
// chromedp when GONGKAI_TEST_CHROMIUM names the browser.
package webtest

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"gongkai/internal/app"
	"gongkai/internal/config"
	"gongkai/internal/crawl"
	"gongkai/internal/demo"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// Env is a running app.
type Env struct {
	App   *app.App
	Store *store.Store
	URL   string // http://127.0.0.1:PORT
}

// Options change how Start boots.
type Options struct {
	Postgres bool                 // use PostgreSQL (skips when not configured)
	NoDemo   bool                 // an empty organisation instead of the demo
	Now      time.Time            // fixed clock for the store and the server (zero: real time)
	Config   func(*config.Config) // changes the configuration before the app is built
}

// Start boots the app with the demo data on SQLite.
func Start(t testing.TB) *Env { return StartWith(t, Options{}) }

// StartWith boots the app as opts say.
func StartWith(t testing.TB, opts Options) *Env {
	t.Helper()
	var st *store.Store
	if opts.Postgres {
		st = storetest.Postgres(t)
		if st == nil {
			t.Skip("GONGKAI_TEST_POSTGRES not set")
		}
	} else {
		st = storetest.SQLite(t)
	}
	if !opts.Now.IsZero() {
		now := opts.Now
		st.Now = func() time.Time { return now }
	}
	cfg := config.Default()
	cfg.DB = st.Where
	if opts.Config != nil {
		opts.Config(&cfg)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	if os.Getenv("GONGKAI_TEST_LOG") != "" {
		log = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	a, err := app.FromStore(context.Background(), st, cfg, log, false)
	if err != nil {
		t.Fatalf("app: %v", err)
	}
	a.HTTP.Now = st.Now
	if !opts.NoDemo {
		seedNow := st.Now()
		if _, err := demo.Seed(context.Background(), st, seedNow); err != nil {
			t.Fatalf("demo: %v", err)
		}
	}
	srv := httptest.NewServer(a.Handler())
	t.Cleanup(srv.Close)
	// The jobs (probe, daily inspection) look at this server, within
	// small limits.
	a.Config.BaseURL = srv.URL
	a.InspectCrawl = crawl.Options{MaxPages: 25, MaxResources: 25, Delay: time.Millisecond, MaxTime: 20 * time.Second}
	return &Env{App: a, Store: st, URL: srv.URL}
}

// Client returns an HTTP client with a cookie jar that does not follow
// redirects (tests look at them).
func (e *Env) Client() *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, Timeout: 30 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}
}

// Login logs c in as login with the demo password.
func (e *Env) Login(t testing.TB, c *http.Client, login string) {
	t.Helper()
	resp, err := c.PostForm(e.URL+"/login", url.Values{"login": {login}, "password": {demo.Password}})
	if err != nil {
		t.Fatalf("login %s: %v", login, err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("login %s: status %d; want 303", login, resp.StatusCode)
	}
}

// Browser returns a chromedp context on a fresh headless Chromium, or
// skips the test when GONGKAI_TEST_CHROMIUM is not set.
func Browser(t testing.TB) context.Context {
	t.Helper()
	bin := os.Getenv("GONGKAI_TEST_CHROMIUM")
	if bin == "" {
		t.Skip("GONGKAI_TEST_CHROMIUM not set")
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(bin),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("lang", "zh-CN"),
		chromedp.WindowSize(1366, 900),
	}
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelC := chromedp.NewContext(actx)
	ctx, cancelT := context.WithTimeout(ctx, 3*time.Minute)
	t.Cleanup(func() { cancelT(); cancelC(); cancelA() })
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return ctx
}

// LoginActions fills in and submits the login form (chromedp v0.23 API:
// run it with chromedp.Do(ctx, LoginActions(…))).
func LoginActions(base, login, password string) chromedp.Action[chromedp.Void] {
	return chromedp.Steps(
		chromedp.Navigate(base+"/login"),
		chromedp.WaitVisible(chromedp.ID("login")),
		chromedp.SendKeys(chromedp.ID("login"), login),
		chromedp.SendKeys(chromedp.ID("password"), password),
		chromedp.Submit(chromedp.ID("password")),
	)
}

// Screenshot saves a full-page PNG as a test artifact under
// GONGKAI_TEST_ARTIFACTS (default: artifacts/ at the module root) and
// returns its path.
func Screenshot(t testing.TB, ctx context.Context, name string) string {
	t.Helper()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	dir := ArtifactDir(t)
	p := filepath.Join(dir, strings.ReplaceAll(name, "/", "_")+".png")
	if err := os.WriteFile(p, png, 0o644); err != nil {
		t.Fatalf("write screenshot: %v", err)
	}
	t.Logf("screenshot: %s", p)
	return p
}

// PrintPDF prints the current page to PDF as Chromium's print dialog
// would (the @media print styles apply), saves it in the artifacts folder
// under name and returns it.
func PrintPDF(t testing.TB, ctx context.Context, name string) []byte {
	t.Helper()
	data, err := chromedp.Run(ctx, chromedp.Action[[]byte](func(ctx context.Context, tg *chromedp.Target) ([]byte, error) {
		res, err := cdp.Call(ctx, tg, page.PrintToPDF, page.PrintToPDFParams{PaperWidth: 8.27, PaperHeight: 11.69})
		return res.Data, err
	}))
	if err != nil {
		t.Fatalf("print %s to PDF: %v", name, err)
	}
	p := filepath.Join(ArtifactDir(t), strings.ReplaceAll(name, "/", "_")+".pdf")
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatalf("write PDF: %v", err)
	}
	t.Logf("pdf: %s", p)
	// A picture of the printed page, for people to look at.
	media := func(m string) chromedp.Action[chromedp.Void] {
		return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: m})
			return err
		})
	}
	if err := chromedp.Do(ctx, media("print")); err != nil {
		t.Fatalf("print media: %v", err)
	}
	Screenshot(t, ctx, name+"-print")
	if err := chromedp.Do(ctx, media("")); err != nil {
		t.Fatalf("screen media: %v", err)
	}
	return data
}

// ArtifactDir is where tests leave files for people to look at.
func ArtifactDir(t testing.TB) string {
	dir := os.Getenv("GONGKAI_TEST_ARTIFACTS")
	if dir == "" {
		wd, _ := os.Getwd()
		for d := wd; d != "/" && d != "."; d = filepath.Dir(d) {
			if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
				dir = filepath.Join(d, "artifacts")
				break
			}
		}
		if dir == "" {
			dir = t.TempDir()
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatalf("artifacts: %v", err)
	}
	return dir
}
