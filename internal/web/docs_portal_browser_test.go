package web_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"gongkai/internal/webtest"
)

// TestBrowserPortal looks at the portal pages of proactive disclosure:
// the home page, the catalogue, a policy with its interpretations, the
// search page and the elder-friendly mode.
func TestBrowserPortal(t *testing.T) {
	ctx := webtest.Browser(t)
	env := webtest.Start(t)
	for _, p := range []struct{ path, wait, want, shot string }{
		{"/", "main", "最新公开信息", "docs-portal-home"},
		{"/catalog", "table.catalog", "招生管理", "docs-portal-catalog"},
		{"/docs/3", "#meta-table", "政策解读", "docs-portal-policy-with-interpretations"},
		{"/docs/7", "#validity-mark", "废止", "docs-portal-repealed"},
		{"/search?q=%E5%85%A5%E5%AD%A6", "#search-total", "招生入学", "docs-portal-search-two-chars"},
		{"/packages/1", "main", "入学前家长政策包", "docs-portal-package"},
	} {
		if err := chromedp.Do(ctx, chromedp.Navigate(env.URL+p.path), chromedp.WaitVisible(chromedp.CSS(p.wait))); err != nil {
			t.Fatalf("%s: %v", p.path, err)
		}
		body, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("main")))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(body, p.want) {
			t.Errorf("%s: page lacks %q", p.path, p.want)
		}
		webtest.Screenshot(t, ctx, p.shot)
	}
	// Elder mode is kept in the browser: switched on one page, it holds on
	// the next one (the HTML is the same for everyone).
	if err := chromedp.Do(ctx, chromedp.Navigate(env.URL+"/"), chromedp.Click(chromedp.CSS(".portal-head .elder-toggle")), chromedp.WaitVisible(chromedp.CSS("html.elder"))); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(env.URL+"/docs/1"), chromedp.WaitVisible(chromedp.ID("meta-table"))); err != nil {
		t.Fatal(err)
	}
	cls, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.documentElement.className`))
	if err != nil || cls != "elder" {
		t.Errorf("elder mode class = %q (%v); want elder", cls, err)
	}
	webtest.Screenshot(t, ctx, "docs-portal-elder")
}
