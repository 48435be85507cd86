package publish_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"gongkai/internal/demo"
	"gongkai/internal/webtest"
)

// TestBrowserPublished: the published files, served as plain files, work
// in Chromium — elder mode switched on one static page holds on the next
// (it lives in the browser); and 系统管理 → 静态发布 shows the last run and
// asks for a full rebuild that the publisher then serves.
func TestBrowserPublished(t *testing.T) {
	ctx := webtest.Browser(t)
	env := webtest.Start(t)
	dir := t.TempDir()
	env.App.HTTP.Config.PublishDir = dir
	p, err := env.App.Publisher(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, ran, err := p.Update(context.Background()); err != nil || !ran {
		t.Fatalf("publish: %v", err)
	}
	files := httptest.NewServer(http.FileServer(http.Dir(dir)))
	defer files.Close()
	if err := chromedp.Do(ctx, chromedp.Navigate(files.URL+"/"), chromedp.WaitVisible(chromedp.CSS(".portal-head .elder-toggle")),
		chromedp.Click(chromedp.CSS(".portal-head .elder-toggle")), chromedp.WaitVisible(chromedp.CSS("html.elder"))); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(files.URL+"/docs/1/"), chromedp.WaitVisible(chromedp.ID("meta-table"))); err != nil {
		t.Fatal(err)
	}
	cls, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.documentElement.className + "|" + document.querySelector(".elder-toggle").getAttribute("aria-pressed")`))
	if err != nil || cls != "elder|true" {
		t.Errorf("static page after switching elder mode: %q (%v); want elder|true", cls, err)
	}
	webtest.Screenshot(t, ctx, "publish-static-doc-elder")

	if err := chromedp.Do(ctx, webtest.LoginActions(env.URL, "admin", demo.Password), chromedp.WaitVisible(chromedp.CSS("nav.sidenav")),
		chromedp.Navigate(env.URL+"/admin/system/publish"), chromedp.WaitVisible(chromedp.ID("publish-pages"))); err != nil {
		t.Fatal(err)
	}
	txt, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("main")))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{dir, "全部重新发布", "上次全部发布", "全部重新发布，用时"} {
		if !strings.Contains(txt, want) {
			t.Errorf("静态发布 page lacks %q", want)
		}
	}
	webtest.Screenshot(t, ctx, "publish-console")
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("publish-rebuild")), chromedp.WaitVisible(chromedp.ID("rebuild-pending"))); err != nil {
		t.Fatal(err)
	}
	webtest.Screenshot(t, ctx, "publish-console-requested")
	res, ran, err := p.Update(context.Background())
	if err != nil || !ran || !res.Full || !strings.Contains(res.Why, "admin") {
		t.Fatalf("the requested rebuild: %+v ran=%v err=%v", res, ran, err)
	}
	if err := chromedp.Do(ctx, chromedp.Reload(), chromedp.WaitVisible(chromedp.ID("publish-pages")), chromedp.WaitNotPresent(chromedp.ID("rebuild-pending"))); err != nil {
		t.Fatal(err)
	}
}
