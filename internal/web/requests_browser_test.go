package web_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"gongkai/internal/demo"
	"gongkai/internal/office"
	"gongkai/internal/request"
	"gongkai/internal/webtest"
)

func text(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		t.Fatalf("text of %s: %v", sel, err)
	}
	return s
}

func doStep(t *testing.T, ctx context.Context, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	tctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(tctx, steps...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

func loginAs(t *testing.T, ctx context.Context, base, login string) {
	t.Helper()
	doStep(t, ctx, "login "+login,
		chromedp.Navigate(base+"/login"), chromedp.WaitVisible(chromedp.ID("login")),
		chromedp.SendKeys(chromedp.ID("login"), login), chromedp.SendKeys(chromedp.ID("password"), demo.Password),
		chromedp.Submit(chromedp.ID("password")), chromedp.WaitVisible(chromedp.CSS("nav.sidenav")))
}

func logout(t *testing.T, ctx context.Context) {
	t.Helper()
	doStep(t, ctx, "logout", chromedp.Click(chromedp.CSS(`form[action="/logout"] button`)), chromedp.WaitVisible(chromedp.ID("login")))
}

// TestBrowserRequestToAnnualReport is the "done when": a citizen
// applies online and gets a code; the office confirms receipt and routes
// it to 基础教育科; the unit drafts a reply; the leader approves an
// extension; the office sends the reply (部分公开) with its generated
// letter; the citizen sees the outcome by code; the 2023 annual report
// counts it under 部分公开 / 自然人 and passes the cross-check.
func TestBrowserRequestToAnnualReport(t *testing.T) {
	ctx := webtest.Browser(t)
	env := webtest.StartWith(t, webtest.Options{Now: time.Date(2023, 11, 15, 2, 0, 0, 0, time.UTC)})
	before, err := env.Store.AnnualReport(context.Background(), 2023)
	if err != nil {
		t.Fatal(err)
	}

	// 1. The citizen applies online.
	doStep(t, ctx, "apply",
		chromedp.Navigate(env.URL+"/apply"), chromedp.WaitVisible(chromedp.ID("name")),
		chromedp.SendKeys(chromedp.ID("name"), "陈静"),
		chromedp.SendKeys(chromedp.ID("id_number"), "370882199003071238"),
		chromedp.SendKeys(chromedp.ID("phone"), "13805379876"),
		chromedp.SendKeys(chromedp.ID("email"), "chenjing@example.com"),
		chromedp.SendKeys(chromedp.ID("description"), "兖州区2023年秋季学期课后服务收费标准及各校开展情况"),
	)
	webtest.Screenshot(t, ctx, "requests-1-apply-form")
	doStep(t, ctx, "submit", chromedp.Click(chromedp.ID("apply-submit")), chromedp.WaitVisible(chromedp.ID("tracking-code")))
	code := strings.TrimSpace(text(t, ctx, "#tracking-code"))
	secret := strings.TrimSpace(text(t, ctx, "#tracking-secret"))
	if !strings.HasPrefix(code, "YSQ2023-") || len(code) != len("YSQ2023-")+6 || len(secret) != 11 || secret[5] != '-' {
		t.Fatalf("tracking code %q secret %q; want YSQ2023-XXXXXX and XXXXX-XXXXX", code, secret)
	}
	// The answer is the receipt: headed 申请回执, the statutory due date
	// counted from today if confirmed today (2023-11-15 + 20 working days).
	if h := text(t, ctx, "main h1"); h != "申请回执" {
		t.Errorf("page heading = %q; want 申请回执", h)
	}
	if due := text(t, ctx, "#receipt-due"); !strings.Contains(due, "20 个工作日") || !strings.Contains(due, "2023-12-13") {
		t.Errorf("receipt due = %q; want 20 working days, 2023-12-13 if confirmed today", due)
	}
	if counting := text(t, ctx, ".receipt-counting"); !strings.Contains(counting, "第三十一条") || !strings.Contains(counting, "第三十三条") || !strings.Contains(counting, "法定节假日") {
		t.Errorf("receipt counting = %q; want articles 31 and 33 and the holidays", counting)
	}
	webtest.Screenshot(t, ctx, "requests-2-applied")
	// Printed to PDF (the print stylesheet drops the site's header and
	// navigation): the PDF holds the heading, the code and the secret.
	pdf := webtest.PrintPDF(t, ctx, "requests-2-receipt")
	ext := office.ExtractText(context.Background(), "receipt.pdf", pdf, office.DefaultTextLimits)
	flat := strings.Join(strings.Fields(ext.Text), "")
	if !strings.Contains(flat, code) || !strings.Contains(flat, secret) || !strings.Contains(flat, "申请回执") {
		t.Errorf("receipt PDF (%s) text = %q; want 申请回执, %s and %s", ext.Status, ext.Text, code, secret)
	}
	if strings.Contains(flat, "站内搜索") || strings.Contains(flat, "工作人员登录") {
		t.Errorf("receipt PDF holds the portal's header or footer: %q", ext.Text)
	}
	rec, err := env.Store.RequestByCode(context.Background(), code)
	if err != nil {
		t.Fatal(err)
	}
	page := env.URL + "/admin/requests/" + itoa(rec.ID)
	unit, err := env.Store.UnitByName(context.Background(), "基础教育科")
	if err != nil {
		t.Fatal(err)
	}

	// 2. The office confirms receipt and routes it.
	loginAs(t, ctx, env.URL, "bangongshi")
	doStep(t, ctx, "confirm receipt", chromedp.Navigate(page), chromedp.WaitVisible(chromedp.ID("confirm-receipt")), chromedp.Click(chromedp.ID("confirm-receipt")),
		chromedp.WaitVisible(chromedp.CSS(".flash")))
	if due := text(t, ctx, "#request-due"); !strings.Contains(due, "2023-12-13") {
		t.Errorf("due after receipt on 2023-11-15 = %q; want 2023-12-13", due)
	}
	doStep(t, ctx, "route", chromedp.Navigate(page), chromedp.WaitVisible(chromedp.ID("route-submit")),
		chromedp.SetValue(chromedp.ID("unit_id"), itoa(unit.ID)), chromedp.Click(chromedp.ID("route-submit")),
		chromedp.WaitVisible(chromedp.CSS(".flash")))
	if u := text(t, ctx, "#request-unit"); !strings.Contains(u, "基础教育科") {
		t.Errorf("unit = %q; want 基础教育科", u)
	}
	webtest.Screenshot(t, ctx, "requests-3-office-routed")
	logout(t, ctx)

	// 3. The unit drafts the reply and asks for an extension.
	loginAs(t, ctx, env.URL, "jijiaoke")
	doStep(t, ctx, "draft", chromedp.Navigate(page), chromedp.WaitVisible(chromedp.ID("save-draft")),
		chromedp.SetValue(chromedp.ID("outcome"), string(request.Partial)),
		chromedp.SendKeys(chromedp.ID("info_provided"), "课后服务收费标准文件一份；各校开展情况中涉及学生个人信息的部分不予公开。"),
		chromedp.Click(chromedp.ID("save-draft")), chromedp.WaitVisible(chromedp.CSS(".flash")))
	body, err := chromedp.Run(ctx, chromedp.Value(chromedp.ID("body")))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(body, "陈静") || !strings.Contains(body, "区分处理") {
		t.Errorf("drafted letter body = %q; want the applicant and the 部分公开 wording", body)
	}
	doStep(t, ctx, "ask extension", chromedp.Navigate(page), chromedp.WaitVisible(chromedp.ID("ask-extension")), chromedp.SetValue(chromedp.ID("ext-days"), "10"), chromedp.SendKeys(chromedp.ID("ext-reason"), "需汇总各校材料"),
		chromedp.Click(chromedp.ID("ask-extension")), chromedp.WaitVisible(chromedp.CSS(".flash")))
	webtest.Screenshot(t, ctx, "requests-4-unit-drafted")
	logout(t, ctx)

	// 4. The leader approves the extension.
	loginAs(t, ctx, env.URL, "fenguan")
	doStep(t, ctx, "approve", chromedp.Navigate(page), chromedp.WaitVisible(chromedp.ID("approve-extension")), chromedp.Click(chromedp.ID("approve-extension")),
		chromedp.WaitVisible(chromedp.CSS(".flash")))
	if due := text(t, ctx, "#request-due"); !strings.Contains(due, "2023-12-27") {
		t.Errorf("due after a 10-day extension = %q; want 2023-12-27", due)
	}
	if steps := text(t, ctx, "#derivation"); !strings.Contains(steps, "fenguan 同意延长 10 个工作日") {
		t.Errorf("derivation = %q; want the approved extension", steps)
	}
	webtest.Screenshot(t, ctx, "requests-5-leader-extended")
	logout(t, ctx)

	// 5. The office sends the reply with its letter.
	loginAs(t, ctx, env.URL, "bangongshi")
	doStep(t, ctx, "reply", chromedp.Navigate(page), chromedp.WaitVisible(chromedp.ID("send-reply")), chromedp.Click(chromedp.ID("send-reply")),
		chromedp.WaitVisible(chromedp.CSS(".flash")))
	if st := text(t, ctx, "#request-state"); st != "已答复" {
		t.Errorf("state = %q; want 已答复", st)
	}
	webtest.Screenshot(t, ctx, "requests-6-office-replied")
	c := env.Client()
	env.Login(t, c, "bangongshi")
	resp, err := c.Get(page + "/letter")
	if err != nil {
		t.Fatal(err)
	}
	letter, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	paras, err := office.DocxText(letter)
	if err != nil {
		t.Fatalf("letter is not a .docx (status %d): %v", resp.StatusCode, err)
	}
	if got := strings.Join(paras, "\n"); !strings.Contains(got, "政府信息公开申请答复书") || !strings.Contains(got, code) || !strings.Contains(got, "区分处理") {
		t.Errorf("letter text = %q; want title, code and the 部分公开 wording", got)
	}

	// 6. The citizen sees the outcome by code.
	logout(t, ctx)
	// As copied by hand from the receipt: lower case, a space for the hyphen.
	doStep(t, ctx, "track", chromedp.Navigate(env.URL+"/apply/track"), chromedp.WaitVisible(chromedp.ID("code")),
		chromedp.SendKeys(chromedp.ID("code"), strings.ToLower(code)), chromedp.SendKeys(chromedp.ID("secret"), strings.ToLower(strings.Replace(secret, "-", " ", 1))),
		chromedp.Click(chromedp.ID("track-submit")), chromedp.WaitVisible(chromedp.ID("track-outcome")))
	if o := text(t, ctx, "#track-outcome"); !strings.Contains(o, "部分公开") {
		t.Errorf("outcome seen by the citizen = %q; want 部分公开", o)
	}
	if html, _ := chromedp.Run(ctx, chromedp.OuterHTML(chromedp.CSS("main"))); strings.Contains(html, "370882199003071238") || strings.Contains(html, "13805379876") {
		t.Error("the portal shows the applicant's identity or phone")
	}
	webtest.Screenshot(t, ctx, "requests-7-citizen-tracks")

	// 7. The 2023 annual report counts it and passes the cross-check.
	loginAs(t, ctx, env.URL, "bangongshi")
	doStep(t, ctx, "annual report", chromedp.Navigate(env.URL+"/admin/reports/annual/2023"), chromedp.WaitVisible(chromedp.ID("check-result")))
	if chk := text(t, ctx, "#check-result"); !strings.Contains(chk, "校验通过") {
		t.Errorf("check = %q; want 校验通过", chk)
	}
	webtest.Screenshot(t, ctx, "requests-8-annual-report")
	after, err := env.Store.AnnualReport(context.Background(), 2023)
	if err != nil {
		t.Fatal(err)
	}
	for _, cell := range [][2]string{{"new", "natural"}, {"partial", "natural"}, {"total", "natural"}, {"partial", "total"}} {
		if got, want := after.Table3[cell[0]][cell[1]], before.Table3[cell[0]][cell[1]]+1; got != want {
			t.Errorf("table3[%s][%s] = %d; want %d", cell[0], cell[1], got, want)
		}
	}
	if !after.Check.OK {
		t.Errorf("cross-check: %v", after.Check.Errors)
	}
	doStep(t, ctx, "list", chromedp.Navigate(env.URL+"/admin/requests/?tab=all"), chromedp.WaitVisible(chromedp.CSS("table.grid")))
	if list := text(t, ctx, "table.grid"); !strings.Contains(list, "陈*") || strings.Contains(list, "陈静") {
		t.Errorf("list shows the applicant unmasked: %q", list)
	}
	webtest.Screenshot(t, ctx, "requests-8b-list-masked")
	doStep(t, ctx, "annual report again", chromedp.Navigate(env.URL+"/admin/reports/annual/2023"), chromedp.WaitVisible(chromedp.ID("publish-report")))
	doStep(t, ctx, "publish", chromedp.Click(chromedp.ID("publish-report")), chromedp.WaitVisible(chromedp.CSS(".flash")),
		chromedp.Navigate(env.URL+"/annual-reports/2023"), chromedp.WaitVisible(chromedp.CSS("table.annual-table")))
	webtest.Screenshot(t, ctx, "requests-9-portal-annual-report")
	if _, err := http.Get(env.URL + "/annual-reports/2023"); err != nil {
		t.Fatal(err)
	}
	// The portal's 信息公开年报 column lists the published report.
	doStep(t, ctx, "annual reports column", chromedp.Navigate(env.URL+"/annual-reports"), chromedp.WaitVisible(chromedp.CSS("main h1")))
	if col := text(t, ctx, "main"); !strings.Contains(col, "2023年政府信息公开工作年度报告") {
		t.Errorf("/annual-reports does not list the published 2023 report: %q", col)
	}
}
