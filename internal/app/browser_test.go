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

// TestBrowserSystemPages opens the portal home (in elder mode too) and the
// admin's pages in Chromium and keeps screenshots of them.
func TestBrowserSystemPages(t *testing.T) {
	ctx := webtest.Browser(t)
	env := webtest.Start(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(env.URL+"/"), chromedp.WaitVisible(chromedp.CSS(".columns"))); err != nil {
		t.Fatal(err)
	}
	webtest.Screenshot(t, ctx, "foundation-portal-home")
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(".portal-head .elder-toggle")), chromedp.WaitVisible(chromedp.CSS("html.elder"))); err != nil {
		t.Fatal(err)
	}
	webtest.Screenshot(t, ctx, "foundation-portal-home-elder")
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(".portal-head .elder-toggle")), chromedp.WaitNotPresent(chromedp.CSS("html.elder"))); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, webtest.LoginActions(env.URL, "admin", demo.Password), chromedp.WaitVisible(chromedp.CSS("nav.sidenav"))); err != nil {
		t.Fatal(err)
	}
	for _, p := range []struct{ path, name, want string }{
		{"/admin/system/units", "foundation-units", "兖州区实验小学"},
		{"/admin/system/users", "foundation-users", "xiaoxue"},
		{"/admin/system/holidays?year=2023", "foundation-holidays", "国庆"},
		{"/admin/system/tokens", "foundation-tokens", "不能为其他用户创建令牌"},
	} {
		if err := chromedp.Do(ctx, chromedp.Navigate(env.URL+p.path), chromedp.WaitVisible(chromedp.CSS("main h1"))); err != nil {
			t.Fatal(err)
		}
		txt, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("main")))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(txt, p.want) {
			t.Errorf("%s lacks %q", p.path, p.want)
		}
		webtest.Screenshot(t, ctx, p.name)
	}
}

// TestBrowserAccountTokens: 我的账户 → 接口令牌 in Chromium — create a named
// token (shown once), see it listed, revoke it.
func TestBrowserAccountTokens(t *testing.T) {
	ctx := webtest.Browser(t)
	env := webtest.Start(t)
	if err := chromedp.Do(ctx, webtest.LoginActions(env.URL, "bangongshi", demo.Password), chromedp.WaitVisible(chromedp.CSS("nav.sidenav"))); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(env.URL+"/admin/account"), chromedp.WaitVisible(chromedp.CSS(".subnav")),
		chromedp.Click(chromedp.CSS(`.subnav a[href="/admin/account/tokens"]`)), chromedp.WaitVisible(chromedp.ID("tname")),
		chromedp.SendKeys(chromedp.ID("tname"), "数据同步脚本"), chromedp.SetValue(chromedp.ID("days"), "30"),
		chromedp.Submit(chromedp.ID("tname")), chromedp.WaitVisible(chromedp.CSS("code.token"))); err != nil {
		t.Fatal(err)
	}
	secret, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("code.token")))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(secret, "gk_") {
		t.Errorf("token shown = %q; want gk_…", secret)
	}
	webtest.Screenshot(t, ctx, "foundation-account-token-created")
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`table.grid button[type="submit"]`)), chromedp.WaitVisible(chromedp.CSS("tr.inactive"))); err != nil {
		t.Fatal(err)
	}
	row, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("tr.inactive")))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(row, "数据同步脚本") || !strings.Contains(row, "已撤销（本人撤销）") {
		t.Errorf("revoked row = %q", row)
	}
	body, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("main")))
	if strings.Contains(body, secret) {
		t.Error("the secret is shown again after the revocation")
	}
	webtest.Screenshot(t, ctx, "foundation-account-token-revoked")
}
