package web_test

import (
	"io"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"gongkai/internal/demo"
	"gongkai/internal/office"
	"gongkai/internal/webtest"
)

// TestBrowserInspect: the office sets a serious-error entry, runs the
// inspection from the console, sees the vetoes of the demo (the old
// message, the stale account, the serious error with its page) and the
// history; the report exports as xlsx and docx.
func TestBrowserInspect(t *testing.T) {
	ctx := webtest.Browser(t)
	env := webtest.Start(t)
	pDo(t, ctx, webtest.LoginActions(env.URL, "bangongshi", demo.Password), chromedp.WaitVisible(chromedp.CSS(`a[href="/admin/inspect"]`)))
	pDo(t, ctx, chromedp.Navigate(env.URL+"/admin/inspect/settings"), chromedp.WaitVisible(chromedp.ID("serious-list")),
		chromedp.SetValue(chromedp.ID("serious-list"), "深化“双减”工作 => 深化“双减”改革 # 测试用"),
		chromedp.Click(chromedp.ID("save-serious")))
	pWaitText(t, ctx, ".flash", "清单已保存")
	webtest.Screenshot(t, ctx, "inspect-settings")
	// A bad line is refused and kept.
	pDo(t, ctx, chromedp.SetValue(chromedp.ID("serious-list"), "甲"), chromedp.Click(chromedp.ID("save-serious")))
	pWaitText(t, ctx, ".error", "太短")

	pDo(t, ctx, chromedp.Navigate(env.URL+"/admin/inspect"), chromedp.WaitVisible(chromedp.ID("inspect-now")), chromedp.Click(chromedp.ID("inspect-now")))
	pWaitText(t, ctx, "#inspect-verdict", "不合格")
	verdict := pEvalText(ctx, "#inspect-verdict")
	for _, want := range []string{"严重表述错误", "互动回应差", "政务新媒体不更新"} {
		if !strings.Contains(verdict, want) {
			t.Errorf("verdict %q lacks %s", verdict, want)
		}
	}
	if s := pEvalText(ctx, "tr.item-serious_error"); !strings.Contains(s, "深化“双减”工作") || !strings.Contains(s, "/docs/") {
		t.Errorf("serious error row = %q", s)
	}
	if s := pEvalText(ctx, "tr.item-interaction"); !strings.Contains(s, "学校周边交通安全问题") {
		t.Errorf("interaction row = %q", s)
	}
	if s := pEvalText(ctx, "#inspect-history"); !strings.Contains(s, "工作平台") {
		t.Errorf("history = %q", s)
	}
	if n, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('[data-chart="inspect-trend"] svg').length`)); n == 0 {
		t.Error("the trend chart was not drawn")
	}
	webtest.Screenshot(t, ctx, "inspect-report")

	// Export, as the office.
	href, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("export-xlsx").href`))
	c := env.Client()
	env.Login(t, c, "bangongshi")
	for _, u := range []string{href, strings.Replace(href, "format=xlsx", "format=docx", 1)} {
		resp, err := c.Get(u)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		name := "r.xlsx"
		if strings.Contains(u, "docx") {
			name = "r.docx"
		}
		tables, err := office.ReadTables(name, b)
		if resp.StatusCode != 200 || err != nil || len(tables) == 0 || !strings.Contains(resp.Header.Get("Content-Disposition"), "attachment") {
			t.Errorf("export %s: %d %v", u, resp.StatusCode, err)
		}
	}
	// A unit liaison may not see it.
	u := env.Client()
	env.Login(t, u, "xiaoxue")
	if resp, _ := u.Get(env.URL + "/admin/inspect"); resp.StatusCode != 403 {
		t.Errorf("unit liaison on /admin/inspect: %d; want 403", resp.StatusCode)
	}
}
