package web_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"gongkai/internal/auth"
	"gongkai/internal/demo"
	"gongkai/internal/disclosure"
	"gongkai/internal/participation"
	"gongkai/internal/store"
	"gongkai/internal/webtest"
)

// gateBrowser drives one Chromium session over a demo site.
type gateBrowser struct {
	t   *testing.T
	ctx context.Context
	env *webtest.Env
}

func (g gateBrowser) do(step string, actions ...chromedp.Action[chromedp.Void]) {
	g.t.Helper()
	if err := chromedp.Do(g.ctx, actions...); err != nil {
		webtest.Screenshot(g.t, g.ctx, "gate-failed")
		g.t.Fatalf("%s: %v", step, err)
	}
}

// text returns the text of the first element matching css, or "".
func (g gateBrowser) text(css string) string {
	js := `(function(){var e=document.querySelector(` + pJSString(css) + `);return e?e.innerText:"";})()`
	s, err := chromedp.Run(g.ctx, chromedp.Evaluate[string](js))
	if err != nil {
		return ""
	}
	return s
}

// open loads path and waits for the element sel.
func (g gateBrowser) open(path, sel string) {
	g.t.Helper()
	g.do("open "+path, chromedp.Navigate(g.env.URL+path), chromedp.WaitVisible(chromedp.CSS(sel)))
}

// submit clicks sel and waits until the next page has loaded.
func (g gateBrowser) submit(sel string) {
	g.t.Helper()
	g.do("click "+sel, func(c context.Context, tg *chromedp.Target) (chromedp.Void, error) {
		var v chromedp.Void
		if _, err := chromedp.Evaluate[bool](`window.__before = true`)(c, tg); err != nil {
			return v, err
		}
		if _, err := chromedp.Click(chromedp.CSS(sel))(c, tg); err != nil {
			return v, err
		}
		for i := 0; i < 300; i++ {
			time.Sleep(50 * time.Millisecond)
			done, err := chromedp.Evaluate[bool](`window.__before !== true && document.readyState === 'complete'`)(c, tg)
			if err == nil && done {
				return v, nil
			}
		}
		return v, fmt.Errorf("no new page after clicking %s", sel)
	})
}

func (g gateBrowser) as(login string) {
	g.t.Helper()
	g.do("logout", chromedp.Navigate(g.env.URL+"/admin/"), chromedp.WaitVisible(chromedp.CSS("body")))
	if loc, _ := chromedp.Run(g.ctx, chromedp.Location()); !strings.Contains(loc, "/login") {
		g.submit(`form[action="/logout"] button`)
	}
	g.do("login "+login, webtest.LoginActions(g.env.URL, login, demo.Password), chromedp.WaitVisible(chromedp.CSS("nav.sidenav")))
}

// page is the whole text of the page.
func (g gateBrowser) page() string { return g.text("body") }

// TestBrowserPublicationGate is issue 9's "done when" in Chromium: a
// document with an ID number is refused at review (and a document that
// reached sign-off with one is refused there); the reviewer dismisses a
// false positive with a reason and the signer sees it; a message with a
// phone number is published masked, on its page and in the feed.
func TestBrowserPublicationGate(t *testing.T) {
	ctx := webtest.Browser(t)
	env := webtest.Start(t)
	g := gateBrowser{t, ctx, env}
	bg := context.Background()
	const id18, mobile = "370882201001011231", "13812345678"
	title := "关于组织暑期研学旅行活动的通知"

	// 1. The unit author drafts a document with an ID number and the
	// bureau's public hotline (a mobile number), and submits it.
	g.as("jijiaoke")
	g.open("/admin/docs/new", "#doc-form")
	g.do("draft",
		chromedp.SendKeys(chromedp.ID("title"), title),
		chromedp.SendKeys(chromedp.ID("doc_no"), "济兖教体字〔2026〕41号"),
		chromedp.SetValue(chromedp.ID("genre"), "通知公告"),
		chromedp.SetValue(chromedp.ID("topic"), "教育"),
		chromedp.Evaluate[chromedp.Void](`document.getElementById('catalog_item_id').selectedIndex = 2`),
		chromedp.SetValue(chromedp.ID("body"), "各学校：\n\n组织学生开展暑期研学旅行。带队教师身份证号 "+id18+"。\n\n咨询热线："+mobile+"（教体局值班手机）。"))
	g.submit("#save")
	loc, _ := chromedp.Run(ctx, chromedp.Location())
	docURL := loc[strings.Index(loc, "/admin/docs/d/"):]
	if i := strings.IndexAny(docURL, "?#"); i >= 0 {
		docURL = docURL[:i]
	}
	g.submit("#submit-doc")
	if st := g.text("#doc-status"); st != "待保密审查" {
		t.Fatalf("status after submit = %q; want 待保密审查", st)
	}

	// 2. The reviewer sees both findings standing; passing is refused with
	// a 409 page that lists them, masked.
	g.as("shencha")
	g.open(docURL, "#precheck-summary")
	if s := g.text("#standing-count"); s != "2" {
		t.Errorf("standing findings = %q; want 2", s)
	}
	webtest.Screenshot(t, ctx, "gate-1-review-findings")
	g.submit("#pass-doc")
	refusal := g.page()
	for _, want := range []string{"不能发布：有必须修改的问题", "不能保密审查通过", "还有 2 项必须修改的问题", "3708**********1231", "138****5678"} {
		if !strings.Contains(refusal, want) {
			t.Errorf("refusal page lacks %q: %s", want, truncate(refusal, 400))
		}
	}
	if strings.Contains(refusal, id18) || strings.Contains(refusal, mobile) {
		t.Errorf("refusal page shows a raw number")
	}
	webtest.Screenshot(t, ctx, "gate-2-review-refused")

	// 3. The hotline is a false positive: the reviewer confirms it with a
	// reason; the ID number goes back to the author.
	g.submit("#back-to-item")
	g.do("reason", chromedp.SendKeys(chromedp.CSS("tr.finding-mobile input[name=reason]"), "教体局对外公布的值班电话，可以公开"))
	g.submit("tr.finding-mobile button.dismiss")
	if f := g.text(".flash"); !strings.Contains(f, "已确认为误报") {
		t.Errorf("flash after the dismissal = %q", f)
	}
	if s := g.text("#standing-count"); s != "1" {
		t.Errorf("standing after the dismissal = %q; want 1", s)
	}
	if s := g.text("tr.finding-mobile .finding-state"); !strings.Contains(s, "已确认为误报") || !strings.Contains(s, "值班电话") {
		t.Errorf("dismissed row = %q; want the state and the reason", s)
	}
	webtest.Screenshot(t, ctx, "gate-3-dismissed")
	g.do("return", chromedp.SendKeys(chromedp.ID("return-reason"), "第3行含带队教师身份证号，请删除"))
	g.submit("#return-doc")

	// 4. The author removes the ID number; the reviewer passes.
	g.as("jijiaoke")
	g.open(docURL+"/edit", "#doc-form")
	g.do("fix", chromedp.SetValue(chromedp.ID("body"), "各学校：\n\n组织学生开展暑期研学旅行，带队教师由学校指定。\n\n咨询热线："+mobile+"（教体局值班手机）。"))
	g.submit("#save")
	g.submit("#submit-doc")
	g.as("shencha")
	g.open(docURL, "#pass-doc")
	g.submit("#pass-doc")
	if st := g.text("#doc-status"); st != "待领导签发" {
		t.Fatalf("status after the pass = %q; want 待领导签发", st)
	}

	// 5. The signer sees the dismissal with its reason, and signs.
	g.as("fenguan")
	g.open(docURL, "#sign-doc")
	if s := g.text("table.dismissals"); !strings.Contains(s, "值班电话") || !strings.Contains(s, "138****5678") || !strings.Contains(s, "shencha") && !strings.Contains(s, "审查") {
		t.Errorf("dismissals for the signer = %q; want the reviewer's reason and the masked number", s)
	}
	g.do("scroll", chromedp.ScrollIntoView(chromedp.ID("dismissals-h")))
	webtest.Screenshot(t, ctx, "gate-4-signer-sees-dismissal")
	g.submit("#sign-doc")
	if st := g.text("#doc-status"); st != "已发布" {
		t.Fatalf("status after sign-off = %q; want 已发布", st)
	}

	// 6. A document that reached sign-off with an ID number (passed before
	// the gate existed, its text taken over as it was) is refused there.
	users, _ := env.Store.Users(bg)
	actors := map[string]auth.Actor{}
	for _, u := range users {
		actors[u.Login] = auth.ActorOf(u, "")
	}
	doc, _ := env.Store.Document(bg, mustID(t, docURL))
	old, err := env.Store.CreateDocument(bg, actors["jijiaoke"], store.DocumentInput{UnitID: doc.UnitID, Title: "2025年研学基地名单公示", WrittenOn: doc.WrittenOn,
		CatalogItemID: doc.CatalogItemID, Genre: doc.Genre, Topic: doc.Topic, BodyText: "研学基地名单见下表。", BodyHTML: "<p>研学基地名单见下表。</p>"})
	if err != nil {
		t.Fatal(err)
	}
	for _, mv := range []struct {
		who string
		a   disclosure.Action
	}{{"jijiaoke", disclosure.ActSubmit}, {"shencha", disclosure.ActPass}} {
		if _, err := env.Store.MoveDocument(bg, actors[mv.who], store.MoveRequest{ID: old, Action: mv.a}); err != nil {
			t.Fatal(err)
		}
	}
	legacy := "研学基地名单见下表。联系人身份证号 " + id18 + "。"
	if _, err := env.Store.DB().Exec(env.Store.Rebind(`UPDATE documents SET body_text = ?, body_html = ? WHERE id = ?`), legacy, "<p>"+legacy+"</p>", old); err != nil {
		t.Fatal(err)
	}
	g.open(fmt.Sprintf("/admin/docs/d/%d", old), "#sign-doc")
	g.submit("#sign-doc")
	refusal = g.page()
	if !strings.Contains(refusal, "不能签发并发布") || !strings.Contains(refusal, "3708**********1231") || strings.Contains(refusal, id18) {
		t.Errorf("sign-off refusal page: %s; want 不能签发并发布 with the masked ID", truncate(refusal, 400))
	}
	webtest.Screenshot(t, ctx, "gate-5-sign-refused")

	// 7. A citizen's message with a phone number is published masked.
	g.do("logout", chromedp.Navigate(env.URL+"/admin/"), chromedp.WaitVisible(chromedp.CSS("body")))
	g.submit(`form[action="/logout"] button`)
	g.open("/messages/new", "#content")
	g.do("message",
		chromedp.SendKeys(chromedp.ID("title"), "研学旅行费用咨询"),
		chromedp.SendKeys(chromedp.ID("content"), "请问暑期研学旅行的费用标准是多少？我的电话 138 1234 5678，方便时请回电。"),
		chromedp.SendKeys(chromedp.ID("name"), "家长王女士"))
	g.submit("#submit-message")
	msgs, _ := env.Store.Messages(bg, store.MessageFilter{Kind: participation.KindMessage})
	var mid int64
	for _, m := range msgs {
		if m.Title == "研学旅行费用咨询" {
			mid = m.ID
		}
	}
	if mid == 0 {
		t.Fatal("the message was not stored")
	}
	g.as("bangongshi")
	g.open(fmt.Sprintf("/admin/participation/messages/%d", mid), "#reply")
	if s := g.text("#masked-summary"); !strings.Contains(s, "自动遮盖") {
		t.Errorf("office check = %q; want the masking announced", s)
	}
	if s := g.text("#public-preview"); !strings.Contains(s, "138****5678") || strings.Contains(s, "1234") {
		t.Errorf("public preview = %q; want the number masked", s)
	}
	g.do("reply", chromedp.SendKeys(chromedp.ID("reply"), "您好，研学旅行费用按物价部门核定的标准收取，困难家庭学生免费。"))
	g.submit("#save-reply")
	g.do("scroll", chromedp.ScrollIntoView(chromedp.ID("check-h")))
	webtest.Screenshot(t, ctx, "gate-6-office-sees-masking")
	g.submit("#publish-message")
	if f := g.text(".flash"); !strings.Contains(f, "公开") {
		t.Errorf("flash after publishing = %q", f)
	}
	g.open(fmt.Sprintf("/messages/%d", mid), "#exchange")
	pageText := g.page()
	if !strings.Contains(pageText, "138****5678") || strings.Contains(pageText, "138 1234 5678") || strings.Contains(pageText, "家长王女士") {
		t.Errorf("portal message page = %q; want 138****5678 and no full number or name", truncate(pageText, 400))
	}
	webtest.Screenshot(t, ctx, "gate-7-portal-message-masked")
	for _, feed := range []string{"/rss/messages", "/atom/messages"} {
		g.do("feed", chromedp.Navigate(env.URL+feed))
		src, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.documentElement.outerHTML`))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(src, "138****5678") || strings.Contains(src, "138 1234 5678") || strings.Contains(src, mobile) {
			t.Errorf("%s = %s; want the masked number only", feed, truncate(src, 400))
		}
	}

	// 8. The privacy sweep: a word added to the sensitive list after
	// publication is found on the public pages, listed with their address.
	if err := env.Store.SetSensitiveWords(bg, actors["shencha"], []string{"值班手机"}); err != nil {
		t.Fatal(err)
	}
	g.open("/admin/privacy", "#sweep-now")
	g.submit("#sweep-now")
	if s := g.text("#privacy-findings"); !strings.Contains(s, "敏感词") || !strings.Contains(s, "/docs/") {
		t.Errorf("privacy list = %q; want the sensitive word with the page address", s)
	}
	webtest.Screenshot(t, ctx, "gate-8-privacy-sweep")
}

func mustID(t *testing.T, docURL string) int64 {
	t.Helper()
	var id int64
	if _, err := fmt.Sscanf(docURL, "/admin/docs/d/%d", &id); err != nil {
		t.Fatalf("document URL %q: %v", docURL, err)
	}
	return id
}
