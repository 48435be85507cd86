package app_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"gongkai/internal/demo"
	"gongkai/internal/webtest"
)

// TestBrowserLogin drives the login page in Chromium: a failed login with
// its Chinese message, a successful one, and the console home.
func TestBrowserLogin(t *testing.T) {
	ctx := webtest.Browser(t)
	env := webtest.Start(t)

	if err := chromedp.Do(ctx, chromedp.Navigate(env.URL+"/login"), chromedp.WaitVisible(chromedp.ID("login"))); err != nil {
		t.Fatal(err)
	}
	title, err := chromedp.Run(ctx, chromedp.Title())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(title, "登录") {
		t.Errorf("login page title = %q; want it to contain 登录", title)
	}
	webtest.Screenshot(t, ctx, "foundation-login")

	if err := chromedp.Do(ctx, webtest.LoginActions(env.URL, "bangongshi", "wrong-password"), chromedp.WaitVisible(chromedp.CSS(".error"))); err != nil {
		t.Fatal(err)
	}
	msg, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(".error")))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(msg, "登录名或密码错误") {
		t.Errorf("failed login message = %q; want 登录名或密码错误", msg)
	}
	webtest.Screenshot(t, ctx, "foundation-login-failed")

	if err := chromedp.Do(ctx, webtest.LoginActions(env.URL, "bangongshi", demo.Password), chromedp.WaitVisible(chromedp.CSS("nav.sidenav"))); err != nil {
		t.Fatal(err)
	}
	h1, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("main h1")))
	if err != nil {
		t.Fatal(err)
	}
	nav, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("nav.sidenav")))
	if err != nil {
		t.Fatal(err)
	}
	if h1 != "工作台" || !strings.Contains(nav, "任务督办") || strings.Contains(nav, "系统管理") {
		t.Errorf("console home: h1 %q, nav %q; want 工作台 with 任务督办 and without 系统管理 for the office", h1, nav)
	}
	webtest.Screenshot(t, ctx, "foundation-console-home")
}
