package web_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"gongkai/internal/auth"
	"gongkai/internal/demo"
	"gongkai/internal/participation"
	"gongkai/internal/store"
	"gongkai/internal/webtest"
	"gongkai/internal/workday"
)

// evalText returns the inner text of the first element matching css, or ""
// (it never waits, so it is safe while a page loads).
func pEvalText(ctx context.Context, css string) string {
	js := `(function(){var e=document.querySelector(` + pJSString(css) + `);return e?e.innerText:"";})()`
	s, err := chromedp.Run(ctx, chromedp.Evaluate[string](js))
	if err != nil {
		return ""
	}
	return s
}

func pJSString(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

// waitText polls until the element's text contains want.
func pWaitText(t *testing.T, ctx context.Context, css, want string) string {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	var got string
	for time.Now().Before(deadline) {
		if got = pEvalText(ctx, css); strings.Contains(got, want) {
			return got
		}
		time.Sleep(150 * time.Millisecond)
	}
	webtest.Screenshot(t, ctx, "participation-failed")
	t.Fatalf("%s text = %q; want it to contain %q", css, got, want)
	return ""
}

func pDo(t *testing.T, ctx context.Context, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, actions...); err != nil {
		webtest.Screenshot(t, ctx, "participation-failed")
		t.Fatal(err)
	}
}

func pLogout(t *testing.T, ctx context.Context) {
	t.Helper()
	pDo(t, ctx, chromedp.Click(chromedp.CSS(`form[action="/logout"] button`)), chromedp.WaitVisible(chromedp.ID("login")))
}

// TestBrowserParticipation is the "done when": a citizen comments
// on an open consultation; the office approves the comment; the
// consultation closes; the decision is issued; the feedback report is
// published and the citizen's comment appears with its answer; a message
// gets a reply and the exchange is public.
func TestBrowserParticipation(t *testing.T) {
	ctx := webtest.Browser(t)
	env := webtest.Start(t)
	bg := context.Background()
	today := workday.DateOf(env.Store.Now())

	// A consultation whose last day is today (opened 30 days ago).
	units, _ := env.Store.Units(bg)
	var jjk int64
	for _, u := range units {
		if u.Name == "基础教育科" {
			jjk = u.ID
		}
	}
	id, err := env.Store.CreateConsultation(bg, auth.Actor{Login: "test"}, participation.Consultation{
		Title: "兖州区学前教育普惠发展实施方案（征求意见稿）", Draft: "一、总体目标：到2025年普惠性幼儿园覆盖率达到90%。\n二、主要措施：新建、改扩建公办幼儿园。",
		Explanation: "为推进学前教育普惠发展，起草本方案。", UnitID: jjk, Major: true, Opens: today.AddDays(-29), Closes: today,
		Channels: []participation.Channel{"website", "newmedia"}})
	if err != nil {
		t.Fatal(err)
	}
	if err := env.Store.OpenConsultation(bg, auth.Actor{Login: "test"}, id); err != nil {
		t.Fatal(err)
	}
	pub := env.URL + "/consultations/" + pID(id)
	admin := env.URL + "/admin/participation/consultations/" + pID(id)
	comment := "建议在新建小区同步配建幼儿园，并向社会公开配建进度。"

	// 1. A citizen comments.
	pDo(t, ctx, chromedp.Navigate(pub), chromedp.WaitVisible(chromedp.ID("content")),
		chromedp.SendKeys(chromedp.ID("name"), "市民刘女士"),
		chromedp.SendKeys(chromedp.ID("content"), comment),
		chromedp.Click(chromedp.ID("submit-comment")))
	pWaitText(t, ctx, "#comment-form .flash", "意见经审核后将在本页显示")
	if txt := pEvalText(ctx, "#public-comments"); strings.Contains(txt, comment) {
		t.Errorf("the comment is public before moderation")
	}
	webtest.Screenshot(t, ctx, "participation-1-citizen-commented")

	comments, _ := env.Store.Comments(bg, id, false)
	if len(comments) != 1 || comments[0].Status != store.CommentPending {
		t.Fatalf("stored comments = %+v; want one pending", comments)
	}
	cid := pID(comments[0].ID)

	// 2. The office approves it.
	pDo(t, ctx, webtest.LoginActions(env.URL, "bangongshi", demo.Password), chromedp.WaitVisible(chromedp.CSS("nav.sidenav")),
		chromedp.Navigate(admin), chromedp.WaitVisible(chromedp.ID("comments")))
	webtest.Screenshot(t, ctx, "participation-2-moderation")
	pDo(t, ctx, chromedp.Click(chromedp.CSS(`form[action$="/comments/`+cid+`/moderate"] button[value="approve"]`)))
	pWaitText(t, ctx, ".flash", "已审核通过")

	// 3. The consultation closes.
	pDo(t, ctx, chromedp.Click(chromedp.ID("close-consultation")))
	pWaitText(t, ctx, "#status", "征求意见已结束")

	// 4. The decision is issued.
	pDo(t, ctx, chromedp.WaitVisible(chromedp.ID("dtitle")),
		chromedp.SendKeys(chromedp.ID("dtitle"), "兖州区学前教育普惠发展实施方案"),
		chromedp.SendKeys(chromedp.ID("dnumber"), "兖教体发〔2023〕21号"),
		chromedp.SetValue(chromedp.ID("issued"), today.String()),
		chromedp.Click(chromedp.ID("record-decision")))
	flash := pWaitText(t, ctx, ".flash", "意见采纳情况应于")
	res, _ := participation.FeedbackDue(workday.Default(), today)
	if !strings.Contains(flash, res.Due.String()) {
		t.Errorf("decision flash = %q; want the due date %s (10 working days)", flash, res.Due)
	}
	webtest.Screenshot(t, ctx, "participation-3-decided")

	// 5. The comment is answered and the feedback report published.
	pDo(t, ctx, chromedp.SetValue(chromedp.ID("verdict-"+cid), "partly"),
		chromedp.SendKeys(chromedp.ID("reason-"+cid), "已在方案中增加配建要求，进度公开将在年度报告中体现"),
		chromedp.Click(chromedp.CSS(`form[action$="/comments/`+cid+`/answer"] button`)))
	pWaitText(t, ctx, ".flash", "已标注采纳情况")
	// The figures are the system's; a note stating others is refused.
	if counts := pEvalText(ctx, "#feedback-counts"); !strings.Contains(counts, "部分采纳1条") {
		t.Errorf("computed figures = %q; want 部分采纳1条", counts)
	}
	pDo(t, ctx, chromedp.SendKeys(chromedp.ID("fsummary"), "共收到意见1条，采纳1条。"), chromedp.Click(chromedp.ID("publish-feedback")))
	pWaitText(t, ctx, ".error", "不一致")
	pDo(t, ctx, chromedp.Navigate(admin), chromedp.WaitVisible(chromedp.ID("fsummary")),
		chromedp.SendKeys(chromedp.ID("fsummary"), "建议已部分采纳，将在方案中增加配建要求。"),
		chromedp.Click(chromedp.ID("publish-feedback")))
	pWaitText(t, ctx, ".flash", "意见采纳情况已在征求意见页面公开")
	webtest.Screenshot(t, ctx, "participation-4-feedback-published-console")

	// The citizen sees the comment with its answer.
	pLogout(t, ctx)
	pDo(t, ctx, chromedp.Navigate(pub), chromedp.WaitVisible(chromedp.ID("feedback")))
	list := pEvalText(ctx, "#public-comments")
	if !strings.Contains(list, comment) || !strings.Contains(list, "部分采纳") || !strings.Contains(list, "已在方案中增加配建要求") {
		t.Errorf("public comments = %q; want the comment with 部分采纳 and its reason", list)
	}
	if fb := pEvalText(ctx, "#feedback"); !strings.Contains(fb, "兖教体发〔2023〕21号") || !strings.Contains(fb, "部分采纳1条") {
		t.Errorf("feedback section = %q; want the decision number and the tally", fb)
	}
	webtest.Screenshot(t, ctx, "participation-5-feedback-public")

	// 6. A message gets a reply and the exchange is public.
	pDo(t, ctx, chromedp.Navigate(env.URL+"/messages/new"), chromedp.WaitVisible(chromedp.ID("title")),
		chromedp.SendKeys(chromedp.ID("title"), "普惠性幼儿园收费标准咨询"),
		chromedp.SendKeys(chromedp.ID("content"), "请问普惠性民办幼儿园的保教费标准是多少？"),
		chromedp.SendKeys(chromedp.ID("name"), "陈先生"),
		chromedp.Click(chromedp.ID("submit-message")))
	pWaitText(t, ctx, "#message-sent", "提交成功")
	webtest.Screenshot(t, ctx, "participation-6-message-sent")
	msgs, _ := env.Store.Messages(bg, store.MessageFilter{Status: participation.MsgReceived})
	var mid int64
	for _, m := range msgs {
		if m.Title == "普惠性幼儿园收费标准咨询" {
			mid = m.ID
		}
	}
	if mid == 0 {
		t.Fatal("message not stored")
	}
	madmin := env.URL + "/admin/participation/messages/" + pID(mid)
	pDo(t, ctx, webtest.LoginActions(env.URL, "bangongshi", demo.Password), chromedp.WaitVisible(chromedp.CSS("nav.sidenav")),
		chromedp.Navigate(madmin), chromedp.WaitVisible(chromedp.ID("unit_id")),
		chromedp.SetValue(chromedp.ID("unit_id"), pID(jjk)),
		chromedp.Click(chromedp.CSS(`form[action$="/assign"] button`)))
	pWaitText(t, ctx, ".flash", "已转交承办单位")
	pLogout(t, ctx)
	// The department replies.
	pDo(t, ctx, webtest.LoginActions(env.URL, "jijiaoke", demo.Password), chromedp.WaitVisible(chromedp.CSS("nav.sidenav")),
		chromedp.Navigate(madmin), chromedp.WaitVisible(chromedp.ID("reply")),
		chromedp.SendKeys(chromedp.ID("reply"), "您好！普惠性民办幼儿园保教费实行政府指导价，具体标准见区发改局公布的收费文件。"),
		chromedp.Click(chromedp.ID("save-reply")))
	pWaitText(t, ctx, ".flash", "已保存答复")
	pLogout(t, ctx)
	// The office publishes the exchange.
	pDo(t, ctx, webtest.LoginActions(env.URL, "bangongshi", demo.Password), chromedp.WaitVisible(chromedp.CSS("nav.sidenav")),
		chromedp.Navigate(madmin), chromedp.WaitVisible(chromedp.ID("publish-message")),
		chromedp.Click(chromedp.ID("publish-message")))
	pWaitText(t, ctx, ".flash", "已在门户网站")
	pLogout(t, ctx)
	pDo(t, ctx, chromedp.Navigate(env.URL+"/messages"), chromedp.WaitVisible(chromedp.ID("public-messages")))
	if txt := pEvalText(ctx, "#public-messages"); !strings.Contains(txt, "普惠性幼儿园收费标准咨询") || !strings.Contains(txt, "基础教育科") {
		t.Errorf("public messages = %q; want the exchange with 基础教育科", txt)
	}
	pDo(t, ctx, chromedp.Navigate(env.URL+"/messages/"+pID(mid)), chromedp.WaitVisible(chromedp.ID("exchange")))
	ex := pEvalText(ctx, "#exchange")
	for _, want := range []string{"受理日期", today.String(), "答复日期", "答复部门", "基础教育科", "答复内容", "政府指导价"} {
		if !strings.Contains(ex, want) {
			t.Errorf("public exchange = %q; want it to contain %q", ex, want)
		}
	}
	if strings.Contains(ex, "陈先生") {
		t.Errorf("public exchange shows the citizen's name")
	}
	webtest.Screenshot(t, ctx, "participation-7-message-public")
}

// TestBrowserParticipationConsole looks at the console pages of the area
// with the demo data: the alarms, the charts drawn by ECharts, and the
// pages of opinion events, evaluations and media accounts.
func TestBrowserParticipationConsole(t *testing.T) {
	ctx := webtest.Browser(t)
	env := webtest.Start(t)
	pDo(t, ctx, webtest.LoginActions(env.URL, "bangongshi", demo.Password), chromedp.WaitVisible(chromedp.CSS("nav.sidenav")))
	pages := []struct{ path, name, want string }{
		{"/admin/participation/", "participation-console-overview", "超过3个月未答复"},
		{"/admin/participation/messages", "participation-console-messages", "超过3个月未答复"},
		{"/admin/participation/opinion", "participation-console-opinion", "5小时内发布权威信息"},
		{"/admin/participation/evaluations", "participation-console-evaluations", "基础教育科"},
		{"/admin/participation/media", "participation-console-media", "超过2周未更新"},
	}
	for _, p := range pages {
		pDo(t, ctx, chromedp.Navigate(env.URL+p.path), chromedp.WaitVisible(chromedp.CSS("main h1")))
		pWaitText(t, ctx, "main", p.want)
		if p.path == "/admin/participation/" || p.path == "/admin/participation/messages" || p.path == "/admin/participation/evaluations" {
			// ECharts draws a canvas (or svg) inside the chart container.
			deadline := time.Now().Add(10 * time.Second)
			for {
				n, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll(".chart canvas, .chart svg").length`))
				if n > 0 {
					break
				}
				if time.Now().After(deadline) {
					webtest.Screenshot(t, ctx, p.name)
					t.Fatalf("%s: no chart drawn", p.path)
				}
				time.Sleep(200 * time.Millisecond)
			}
		}
		webtest.Screenshot(t, ctx, p.name)
	}
}
