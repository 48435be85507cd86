package web_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"

	"gongkai/internal/demo"
	"gongkai/internal/plan"
	"gongkai/internal/webtest"
)

// waitText polls the text of sel until it contains want.
func waitText(t *testing.T, ctx context.Context, sel, want string) string {
	t.Helper()
	var last string
	for i := 0; i < 50; i++ {
		txt, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
		if err == nil && strings.Contains(txt, want) {
			return txt
		}
		last = txt
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("%s: got %q; want it to contain %q", sel, last, want)
	return ""
}

func do(t *testing.T, ctx context.Context, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, actions...); err != nil {
		t.Fatal(err)
	}
}

// TestBrowserPlan is the "Done when": the office imports the seed
// table in the console with a preview; the school liaison claims an
// assignment and reports progress with a file; the office returns it once,
// then confirms it; the ledger is exported and read back with excelize.
func TestBrowserPlan(t *testing.T) {
	officeCtx := webtest.Browser(t)
	env := webtest.StartWith(t, webtest.Options{Now: planNow})
	seed := filepath.Join(t.TempDir(), "notice-2023-yanzhou-education.txt")
	if err := os.WriteFile(seed, demo.SeedNotice(), 0o644); err != nil {
		t.Fatal(err)
	}

	// 1. The office imports the seed table with a preview.
	do(t, officeCtx, webtest.LoginActions(env.URL, "bangongshi", demo.Password), chromedp.WaitVisible(chromedp.CSS("nav.sidenav")),
		chromedp.Navigate(env.URL+"/admin/plan/import"), chromedp.WaitVisible(chromedp.ID("import-form")),
		chromedp.SetValue(chromedp.ID("year"), "2023"),
		chromedp.SetUploadFiles(chromedp.ID("file"), []string{seed}),
		chromedp.Click(chromedp.ID("preview")), chromedp.WaitVisible(chromedp.ID("import-preview")))
	if got := waitText(t, officeCtx, "#preview-tasks", "22"); got != "22" {
		t.Errorf("preview tasks: got %q; want 22", got)
	}
	preview := waitText(t, officeCtx, "#import-preview", "各有关科室")
	for _, want := range []string{"推进义务教育“双减”信息公开", "2023-11-30（11月底前）", "需办公室指定", "兖州区实验小学"} {
		if !strings.Contains(preview, want) {
			t.Errorf("preview lacks %q", want)
		}
	}
	webtest.Screenshot(t, officeCtx, "plan-import-preview")
	do(t, officeCtx, chromedp.Click(chromedp.ID("confirm-import")), chromedp.WaitVisible(chromedp.ID("ledger")))
	waitText(t, officeCtx, ".flash", "已导入 2023 年任务 22 项")
	webtest.Screenshot(t, officeCtx, "plan-ledger")

	// 2. The school liaison claims an assignment and reports progress
	// with a file.
	schoolCtx := webtest.Browser(t)
	line := unitLine(t, env, "兖州区实验小学", plan.StatusPending)
	page := fmt.Sprintf("%s/admin/plan/assignments/%d", env.URL, line.Assignment.ID)
	do(t, schoolCtx, webtest.LoginActions(env.URL, "xiaoxue", demo.Password), chromedp.WaitVisible(chromedp.CSS("nav.sidenav")))
	waitText(t, schoolCtx, "main", "本单位待办任务")
	webtest.Screenshot(t, schoolCtx, "plan-school-home")
	do(t, schoolCtx, chromedp.Navigate(page), chromedp.WaitVisible(chromedp.ID("claim-form")),
		chromedp.SendKeys(chromedp.ID("person"), "陈老师"), chromedp.SendKeys(chromedp.ID("phone"), "13800001111"),
		chromedp.Click(chromedp.ID("claim")), chromedp.WaitVisible(chromedp.ID("progress-form")))
	waitText(t, schoolCtx, "#status", "已认领")
	evidence := filepath.Join(t.TempDir(), "公开栏照片.png")
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82")
	if err := os.WriteFile(evidence, png, 0o644); err != nil {
		t.Fatal(err)
	}
	do(t, schoolCtx, chromedp.SendKeys(chromedp.ID("text"), "已在校园公开栏和门户网站更新义务教育入学政策。"),
		chromedp.SetUploadFiles(chromedp.ID("files"), []string{evidence}),
		chromedp.Click(chromedp.ID("report-progress")), chromedp.WaitVisible(chromedp.ID("history")))
	waitText(t, schoolCtx, "#status", "推进中")
	waitText(t, schoolCtx, "#history", "公开栏照片.png")
	do(t, schoolCtx, chromedp.SendKeys(chromedp.ID("text"), "已完成，公开页面见链接。"),
		chromedp.SendKeys(chromedp.ID("links"), "https://www.yanzhou.gov.cn/jyj/zwgk/2023/1.html"),
		chromedp.Click(chromedp.ID("report-finish")), chromedp.WaitVisible(chromedp.ID("history")))
	waitText(t, schoolCtx, "#status", "已报完成")
	webtest.Screenshot(t, schoolCtx, "plan-school-reported")

	// 3. The office returns it once…
	do(t, officeCtx, chromedp.Navigate(page), chromedp.WaitVisible(chromedp.ID("return-form")),
		chromedp.SendKeys(chromedp.ID("reason"), "请补充学校公开栏的现场照片说明。"),
		chromedp.Click(chromedp.ID("return")), chromedp.WaitVisible(chromedp.ID("history")))
	waitText(t, officeCtx, "#status", "已退回")
	// …the school reports again…
	do(t, schoolCtx, chromedp.Navigate(page), chromedp.WaitVisible(chromedp.ID("progress-form")))
	waitText(t, schoolCtx, "main", "请补充学校公开栏的现场照片说明。")
	do(t, schoolCtx, chromedp.SendKeys(chromedp.ID("text"), "已补充现场照片说明。"),
		chromedp.SetUploadFiles(chromedp.ID("files"), []string{evidence}),
		chromedp.Click(chromedp.ID("report-finish")), chromedp.WaitVisible(chromedp.ID("history")))
	waitText(t, schoolCtx, "#status", "已报完成")
	// …and the office confirms.
	do(t, officeCtx, chromedp.Navigate(page), chromedp.WaitVisible(chromedp.ID("confirm")),
		chromedp.Click(chromedp.ID("confirm")), chromedp.WaitVisible(chromedp.ID("history")))
	waitText(t, officeCtx, "#status", "已确认")
	hist := waitText(t, officeCtx, "#history", "确认完成")
	if strings.Count(hist, "\t退回\t") != 1 {
		t.Errorf("history: got %q; want one return", hist)
	}
	webtest.Screenshot(t, officeCtx, "plan-assignment-confirmed")

	// 4. The ledger is exported and read back with excelize.
	do(t, officeCtx, chromedp.Navigate(env.URL+"/admin/plan/?year=2023"), chromedp.WaitVisible(chromedp.ID("export-ledger")))
	href, err := chromedp.Run(officeCtx, chromedp.Evaluate[string](`document.getElementById("export-ledger").getAttribute("href")`))
	if err != nil {
		t.Fatal(err)
	}
	c := env.Client()
	env.Login(t, c, "bangongshi")
	resp, err := c.Get(env.URL + href)
	if err != nil {
		t.Fatal(err)
	}
	data, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("ledger xlsx: %v", err)
	}
	rows, err := f.GetRows("台账")
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(rows[1][:7], "|"); got != "序号|工作任务||具体要求|责任单位|完成时限|状态" {
		t.Errorf("header: got %q", got)
	}
	found := false
	for _, r := range rows[2:] {
		if len(r) > 7 && r[4] == "兖州区实验小学" && r[6] == "已确认" && r[7] == "陈老师" {
			found = true
		}
	}
	if !found {
		t.Errorf("ledger: no confirmed line of 兖州区实验小学 with 陈老师")
	}
	panes, err := f.GetPanes("台账")
	if err != nil || !panes.Freeze || panes.YSplit != 2 {
		t.Errorf("frozen header: got %+v, %v", panes, err)
	}
	merged, _ := f.GetMergeCells("台账")
	if len(merged) < 5 {
		t.Errorf("merged cells: got %d; want the category cells merged", len(merged))
	}

	// The dashboard draws its charts; the school's home shows what is next.
	do(t, officeCtx, chromedp.Navigate(env.URL+"/admin/plan/dashboard"), chromedp.WaitVisible(chromedp.CSS(`[data-chart="chart-units"][data-drawn] svg`)))
	webtest.Screenshot(t, officeCtx, "plan-dashboard")
	do(t, officeCtx, chromedp.Navigate(env.URL+"/admin/plan/assessment"), chromedp.WaitVisible(chromedp.CSS(`[data-chart="chart-rank"][data-drawn] svg`)))
	webtest.Screenshot(t, officeCtx, "plan-assessment")
}
