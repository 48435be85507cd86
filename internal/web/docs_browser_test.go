package web_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"gongkai/internal/demo"
	"gongkai/internal/webtest"
)

// TestBrowserDocumentReview drives the review before publication in
// Chromium (issue 4, "Done when"): a unit author drafts a document with a
// valid ID number; the reviewer sees it highlighted and returns it; the
// author fixes it; the reviewer passes it; the leader signs it off; it is
// on the portal with its metadata table and found by a two-character
// query; a policy without an interpretation cannot be signed off.
func TestBrowserDocumentReview(t *testing.T) {
	ctx := webtest.Browser(t)
	env := webtest.Start(t)
	u := env.URL
	do := func(step string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, actions...); err != nil {
			t.Fatalf("%s: %v", step, err)
		}
	}
	text := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
		if err != nil {
			t.Fatalf("text of %s: %v", sel, err)
		}
		return s
	}
	// click clicks sel and waits until the next page has loaded.
	click := func(sel string) chromedp.Action[chromedp.Void] {
		return func(c context.Context, tg *chromedp.Target) (chromedp.Void, error) {
			var v chromedp.Void
			if _, err := chromedp.Evaluate[bool](`window.__before = true`)(c, tg); err != nil {
				return v, err
			}
			if _, err := chromedp.Click(chromedp.CSS(sel))(c, tg); err != nil {
				return v, err
			}
			for i := 0; i < 200; i++ {
				time.Sleep(50 * time.Millisecond)
				gone, err := chromedp.Evaluate[bool](`window.__before !== true && document.readyState === 'complete'`)(c, tg)
				if err == nil && gone {
					return v, nil
				}
			}
			return v, fmt.Errorf("no new page after clicking %s", sel)
		}
	}
	as := func(login string) {
		t.Helper()
		do("logout", chromedp.Navigate(u+"/admin/"), chromedp.WaitVisible(chromedp.CSS("body")))
		if loc, _ := chromedp.Run(ctx, chromedp.Location()); !strings.Contains(loc, "/login") {
			do("logout", click(`form[action="/logout"] button`))
		}
		do("login "+login, webtest.LoginActions(u, login, demo.Password), chromedp.WaitVisible(chromedp.CSS("nav.sidenav")))
	}
	const id18 = "370882201001011231"
	title := "关于开展研学旅行实践活动的通知"

	// 1. The unit author drafts a document with a valid ID number and submits it.
	as("jijiaoke")
	do("draft",
		chromedp.Navigate(u+"/admin/docs/new"), chromedp.WaitVisible(chromedp.ID("doc-form")),
		chromedp.SendKeys(chromedp.ID("title"), title),
		chromedp.SendKeys(chromedp.ID("doc_no"), "济兖教体字〔2026〕21号"),
		chromedp.SetValue(chromedp.ID("genre"), "通知公告"),
		chromedp.SetValue(chromedp.ID("topic"), "教育"),
		chromedp.Evaluate[chromedp.Void](`document.getElementById('catalog_item_id').selectedIndex = 2`),
		chromedp.SetValue(chromedp.ID("body"), "各学校：\n\n组织学生开展研学旅行。带队教师张三，身份证号 "+id18+"。"),
		click("#save"), chromedp.WaitVisible(chromedp.ID("precheck-h")),
	)
	loc, _ := chromedp.Run(ctx, chromedp.Location())
	docURL := loc[strings.Index(loc, "/admin/docs/d/"):]
	if i := strings.IndexAny(docURL, "?#"); i >= 0 {
		docURL = docURL[:i]
	}
	do("submit", click("#submit-doc"), chromedp.WaitVisible(chromedp.ID("doc-status")))
	if st := text("#doc-status"); st != "待保密审查" {
		t.Fatalf("status after submit = %q; want 待保密审查", st)
	}

	// 2. The reviewer sees the ID number highlighted, masked in the list, and returns it.
	as("shencha")
	do("review", chromedp.Navigate(u+docURL), chromedp.WaitVisible(chromedp.CSS("#marked-body mark.finding")))
	marked := text("#marked-body mark.finding-id_number")
	if !strings.Contains(marked, id18) {
		t.Errorf("highlighted text = %q; want the ID number marked", marked)
	}
	table := text("table.findings")
	if !strings.Contains(table, "身份证") || strings.Contains(table, id18) {
		t.Errorf("findings table = %q; want the ID number listed masked", table)
	}
	webtest.Screenshot(t, ctx, "docs-review-highlight")
	do("return", chromedp.SendKeys(chromedp.ID("return-reason"), "正文第3行含身份证号，请删除"), click("#return-doc"), chromedp.WaitVisible(chromedp.ID("doc-status")))
	if st := text("#doc-status"); st != "已退回" {
		t.Fatalf("status after return = %q; want 已退回", st)
	}

	// 3. The author fixes it and submits again.
	as("jijiaoke")
	do("fix", chromedp.Navigate(u+docURL+"/edit"), chromedp.WaitVisible(chromedp.ID("doc-form")),
		chromedp.SetValue(chromedp.ID("body"), "各学校：\n\n组织学生开展研学旅行，带队教师由学校指定。"),
		click("#save"), chromedp.WaitVisible(chromedp.ID("submit-doc")),
		click("#submit-doc"), chromedp.WaitVisible(chromedp.ID("doc-status")))

	// 4. The reviewer passes it, 5. the leader signs it off.
	as("shencha")
	do("pass", chromedp.Navigate(u+docURL), chromedp.WaitVisible(chromedp.ID("pass-doc")))
	if s := text("#precheck-summary"); !strings.Contains(s, "未发现") {
		t.Errorf("pre-check after the fix = %q; want no findings", s)
	}
	do("pass", click("#pass-doc"), chromedp.WaitVisible(chromedp.ID("doc-status")))
	as("fenguan")
	do("sign", chromedp.Navigate(u+docURL), chromedp.WaitVisible(chromedp.ID("sign-doc")), click("#sign-doc"), chromedp.WaitVisible(chromedp.ID("doc-status")))
	if st := text("#doc-status"); st != "已发布" {
		t.Fatalf("status after sign-off = %q; want 已发布", st)
	}

	// 6. On the portal with its metadata table, found by a two-character query.
	do("search", chromedp.Navigate(u+"/search?q=研学"), chromedp.WaitVisible(chromedp.ID("search-total")))
	if res := text("ol.search-results"); !strings.Contains(res, title) {
		t.Errorf("search 研学 = %q; want %s", res, title)
	}
	webtest.Screenshot(t, ctx, "docs-portal-search")
	do("portal", click("ol.search-results h2 a"), chromedp.WaitVisible(chromedp.ID("meta-table")))
	meta := text("#meta-table")
	for _, want := range []string{"索引号", "JJK/", "发布机构", "基础教育科", "文号", "济兖教体字〔2026〕21号", "有效性", "有效"} {
		if !strings.Contains(meta, want) {
			t.Errorf("metadata table = %q; want %s", meta, want)
		}
	}
	if h := text("#doc-title"); h != title {
		t.Errorf("portal title = %q; want %q", h, title)
	}
	webtest.Screenshot(t, ctx, "docs-portal-document")

	// 7. A policy without an interpretation cannot be signed off.
	as("jijiaoke")
	do("policy", chromedp.Navigate(u+"/admin/docs/new"), chromedp.WaitVisible(chromedp.ID("doc-form")),
		chromedp.SendKeys(chromedp.ID("title"), "兖州区中小学研学实践教育管理办法"),
		chromedp.SetValue(chromedp.ID("genre"), "政策文件"),
		chromedp.SetValue(chromedp.ID("topic"), "教育"),
		chromedp.Evaluate[chromedp.Void](`document.getElementById('catalog_item_id').selectedIndex = 2`),
		chromedp.SetValue(chromedp.ID("body"), "第一条 为规范研学实践教育，制定本办法。"),
		click("#save"), chromedp.WaitVisible(chromedp.ID("submit-doc")),
		click("#submit-doc"), chromedp.WaitVisible(chromedp.ID("doc-status")))
	loc, _ = chromedp.Run(ctx, chromedp.Location())
	policyURL := loc[strings.Index(loc, "/admin/docs/d/"):]
	if i := strings.IndexAny(policyURL, "?#"); i >= 0 {
		policyURL = policyURL[:i]
	}
	as("shencha")
	do("pass policy", chromedp.Navigate(u+policyURL), chromedp.WaitVisible(chromedp.ID("pass-doc")), click("#pass-doc"), chromedp.WaitVisible(chromedp.ID("doc-status")))
	as("fenguan")
	do("open policy", chromedp.Navigate(u+policyURL), chromedp.WaitVisible(chromedp.ID("sign-block")))
	if b := text("#sign-block"); !strings.Contains(b, "政策解读") {
		t.Errorf("sign-off block = %q; want it to ask for the interpretation", b)
	}
	do("try sign", click("#sign-doc"), chromedp.WaitVisible(chromedp.CSS("body")))
	page, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("body")))
	if !strings.Contains(page, "须先关联政策解读") {
		t.Errorf("sign-off of a policy without interpretation: page %q; want the refusal", truncate(page, 300))
	}
	webtest.Screenshot(t, ctx, "docs-policy-sign-refused")
	do("still reviewed", chromedp.Navigate(u+policyURL), chromedp.WaitVisible(chromedp.ID("doc-status")))
	if st := text("#doc-status"); st != "待领导签发" {
		t.Errorf("policy status after refused sign-off = %q; want 待领导签发", st)
	}
}

func truncate(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n])
	}
	return s
}
