package web_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"gongkai/internal/demo"
	"gongkai/internal/webtest"
)

// manualShots are the user manual's pictures (docs/manual/img): who, which
// page, what to wait for, the file name, and whether on a phone.
var manualShots = []struct {
	login, path, wait, name string
	phone                   bool
}{
	{"", "/", "main", "public-home", false},
	{"", "/apply", "form", "public-apply", true},
	{"xiaoxue", "/admin/", "ul.todo", "liaison-home", true},
	{"xiaoxue", "/admin/plan/", "#ledger", "liaison-ledger", false},
	{"bangongshi", "/admin/", "ul.todo", "office-home", false},
	{"bangongshi", "/admin/plan/", "#ledger", "office-ledger", false},
	{"bangongshi", "/admin/plan/dashboard", ".chart[data-drawn]", "office-dashboard", false},
	{"bangongshi", "/admin/plan/assessment", "#scores", "office-assessment", false},
	{"bangongshi", "/admin/requests/", "main table", "office-requests", false},
	{"bangongshi", "/admin/docs/new", ".rich-editor [contenteditable]", "office-docs-new", false},
	{"shencha", "/admin/docs/", "main table", "reviewer-docs", false},
	{"fenguan", "/admin/", "main .cards", "leader-home", false},
	{"admin", "/admin/system/users", "main table", "admin-users", false},
	{"shenji", "/admin/audit", "#audit", "auditor-audit", false},
}

// viewportJPEG captures what the viewport shows as a JPEG (small enough
// to commit).
func viewportJPEG(quality int64) chromedp.Action[[]byte] {
	return func(ctx context.Context, t *chromedp.Target) ([]byte, error) {
		yes := true
		r, err := cdp.Call(ctx, t, page.CaptureScreenshot, page.CaptureScreenshotParams{Format: page.CaptureScreenshotFormatJpeg, Quality: &quality, FromSurface: &yes})
		if err != nil {
			return nil, err
		}
		return r.Data, nil
	}
}

// TestBrowserManualShots takes the manual's screenshots on a fresh demo,
// each page rendered for its role at 1366 px (or 390 px on a phone). They
// go to the artifacts folder, and with GONGKAI_MANUAL_SHOTS=1 to
// docs/manual/img, where the manual links them.
func TestBrowserManualShots(t *testing.T) {
	env := webtest.Start(t)
	dirs := []string{webtest.ArtifactDir(t)}
	if os.Getenv("GONGKAI_MANUAL_SHOTS") != "" {
		dirs = append(dirs, filepath.Join("..", "..", "docs", "manual", "img"))
	}
	var ctx context.Context
	current := "-"
	for _, s := range manualShots {
		if s.login != current {
			ctx = webtest.Browser(t)
			if s.login != "" {
				do(t, ctx, webtest.LoginActions(env.URL, s.login, demo.Password), chromedp.WaitVisible(chromedp.CSS("nav.sidenav")))
			}
			current = s.login
		}
		if s.phone {
			phone(t, ctx)
		} else {
			do(t, ctx, chromedp.EmulateViewport(1366, 860))
		}
		do(t, ctx, chromedp.Navigate(env.URL+s.path), chromedp.WaitVisible(chromedp.CSS(s.wait)))
		if strings.Contains(s.wait, "chart") {
			time.Sleep(1500 * time.Millisecond) // ECharts draws with an animation
		}
		img, err := chromedp.Run(ctx, viewportJPEG(70))
		if err != nil || len(img) < 10_000 {
			t.Fatalf("%s: %d bytes, %v", s.name, len(img), err)
		}
		for _, dir := range dirs {
			if err := os.WriteFile(filepath.Join(dir, s.name+".jpg"), img, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}
