package web_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"gongkai/internal/auth"
	"gongkai/internal/demo"
	"gongkai/internal/store"
	"gongkai/internal/webtest"
)

// TestBrowserSiteIdentity: a database without an identity shows the
// banner; the admin sets the identity in the console and it shows in the
// portal's footer and meta tags; the guide refuses to publish without a
// telephone number and publishes once it is there.
func TestBrowserSiteIdentity(t *testing.T) {
	ctx := webtest.Browser(t)
	env := webtest.StartWith(t, webtest.Options{NoDemo: true})
	bg := context.Background()
	if _, err := env.Store.CreateUser(bg, auth.System, store.NewUser{Login: "admin", Name: "系统管理员", Role: auth.RoleAdmin, Password: demo.Password},
		auth.PasswordPolicy{MinLength: 10, MinClasses: 3}); err != nil {
		t.Fatal(err)
	}
	pDo(t, ctx, webtest.LoginActions(env.URL, "admin", demo.Password), chromedp.WaitVisible(chromedp.ID("identity-banner")))
	pWaitText(t, ctx, "#identity-banner", "尚未设置网站标识")
	webtest.Screenshot(t, ctx, "site-banner")
	// The portal of an unconfigured site names no body.
	pDo(t, ctx, chromedp.Navigate(env.URL+"/"), chromedp.WaitVisible(chromedp.ID("site-footer")))
	if foot := pEvalText(ctx, "#site-footer"); strings.Contains(foot, "兖州") || !strings.Contains(foot, "尚未设置网站标识") {
		t.Errorf("unset footer = %q", foot)
	}

	// The identity without a telephone number.
	fields := map[string]string{"site_name": "兖州区教体局测试网站", "site_id_code": "3708129999", "organiser": "济宁市兖州区教育和体育局",
		"operator": "宣传信息中心", "icp": "鲁ICP备00000002号", "police_record": "鲁公网安备 37088202000009号", "party_mark_url": "https://bszs.conac.cn/sitename?id=9",
		"address": "兖州区测试路1号", "postcode": "272100", "fax": "0537-3400009", "email": "test@yzjtj.example.cn", "hours": "工作日9:00—17:00"}
	pDo(t, ctx, chromedp.Navigate(env.URL+"/admin/site"), chromedp.WaitVisible(chromedp.ID("site_name")))
	for id, v := range fields {
		pDo(t, ctx, chromedp.SetValue(chromedp.ID(id), v))
	}
	pDo(t, ctx, chromedp.Click(chromedp.ID("save-identity")))
	pWaitText(t, ctx, ".flash", "网站标识与联系方式已保存")
	if b := pEvalText(ctx, "#identity-banner"); b != "" {
		t.Errorf("banner still shown after saving: %q", b)
	}
	// The guide: fill in the body's own facts and try to publish.
	pDo(t, ctx, chromedp.SetValue(chromedp.ID("organisation"), "内设办公室、基础教育科等科室。"),
		chromedp.SetValue(chromedp.ID("duties"), "统筹管理全区教育和体育事业。"),
		chromedp.Click(chromedp.ID("publish-guide")))
	pWaitText(t, ctx, "#guide-error", "联系电话")
	webtest.Screenshot(t, ctx, "site-guide-refused")
	// What was typed is kept on the refusal (saved as the draft).
	if v, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("duties").value`)); !strings.Contains(v, "统筹管理") {
		t.Errorf("duties after refusal = %q", v)
	}
	if g, _ := env.Store.SiteGuide(bg); g.Published != nil {
		t.Fatal("the guide was published without a telephone number")
	}
	pDo(t, ctx, chromedp.SetValue(chromedp.ID("phone"), "0537-3400008"), chromedp.Click(chromedp.ID("save-identity")))
	pWaitText(t, ctx, ".flash", "已保存")
	pDo(t, ctx, chromedp.Click(chromedp.ID("publish-guide")))
	pWaitText(t, ctx, ".flash", "信息公开指南已发布")
	webtest.Screenshot(t, ctx, "site-admin")

	// The portal: footer and meta tags from the identity.
	pDo(t, ctx, chromedp.Navigate(env.URL+"/"), chromedp.WaitVisible(chromedp.ID("site-footer")))
	foot := pEvalText(ctx, "#site-footer")
	for _, want := range []string{"济宁市兖州区教育和体育局", "宣传信息中心", "3708129999", "鲁ICP备00000002号", "鲁公网安备 37088202000009号", "0537-3400008", "党政机关网站标识"} {
		if !strings.Contains(foot, want) {
			t.Errorf("footer %q lacks %q", foot, want)
		}
	}
	meta := func(name string) string {
		s, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`(function(){var m=document.querySelector('meta[name="`+name+`"]');return m?m.content:"";})()`))
		return s
	}
	if meta("SiteName") != "兖州区教体局测试网站" || meta("SiteIDCode") != "3708129999" || meta("SiteDomain") != "127.0.0.1" {
		t.Errorf("meta SiteName=%q SiteIDCode=%q SiteDomain=%q", meta("SiteName"), meta("SiteIDCode"), meta("SiteDomain"))
	}
	title, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.title`))
	if !strings.Contains(title, "兖州区教体局测试网站") {
		t.Errorf("title = %q", title)
	}
	href, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("#foot-police").href`))
	if !strings.Contains(href, "code=37088202000009") {
		t.Errorf("police link = %q", href)
	}
	webtest.Screenshot(t, ctx, "site-portal-footer")
	// The guide on the portal, its contact from the identity.
	pDo(t, ctx, chromedp.Navigate(env.URL+"/guide"), chromedp.WaitVisible(chromedp.ID("guide-contact")))
	if p := pEvalText(ctx, "#guide-phone"); p != "0537-3400008" {
		t.Errorf("guide phone = %q", p)
	}
	if c := pEvalText(ctx, "#guide"); !strings.Contains(c, "统筹管理全区教育和体育事业") || !strings.Contains(c, "工作日9:00—17:00") {
		t.Errorf("guide text lacks the duties or hours: %q", c)
	}
	webtest.Screenshot(t, ctx, "site-portal-guide")
}
