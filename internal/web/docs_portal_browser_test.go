package web_test

import (
	"net/url"
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
		// words run together (issue 10): found as words, labelled so
		{"/search?q=" + url.QueryEscape("双减工作"), "#search-total", "包含全部词语", "docs-portal-search-words"},
		{"/search?q=" + url.QueryEscape("义务教育招生"), "#search-total", "义务教育阶段学校招生入学工作的通知", "docs-portal-search-words-notice"},
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
	// the hit of 双减工作 is marked as a words match, each word highlighted
	if err := chromedp.Do(ctx, chromedp.Navigate(env.URL+"/search?q="+url.QueryEscape("双减工作")), chromedp.WaitVisible(chromedp.ID("search-total"))); err != nil {
		t.Fatal(err)
	}
	first, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => { const li = document.querySelector("ol.search-results li");
		return li.querySelector(".match-kind").textContent + "|" + [...li.querySelectorAll("h2 mark")].map(m => m.textContent).join(",") })()`))
	if err != nil || first != "包含全部词语|双减,工作" {
		t.Errorf("双减工作, first hit: %q (%v); want 包含全部词语 with 双减 and 工作 highlighted", first, err)
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
