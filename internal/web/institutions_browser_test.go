package web_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"gongkai/internal/institution"
	"gongkai/internal/store"
	"gongkai/internal/webtest"
	"gongkai/internal/workday"
)

// The office imports an institutions workbook, the reviewer passes the new
// training institution, and the public finds it by name and sees its
// white-list status and its fees.
func TestInstitutionsBrowser(t *testing.T) {
	ctx := webtest.Browser(t)
	env := webtest.Start(t)
	g := gateBrowser{t: t, ctx: ctx, env: env}
	today := workday.DateOf(env.Store.Now())
	rec := institution.Record{Kind: institution.KindTraining, Name: "兖州区青禾编程培训学校", CreditCode: institution.WithCheckChar("52370812MJE00099X"),
		LicenceNo: "教民137081280000199号", LicenceFrom: today.AddDays(-30), LicenceUntil: today.AddDays(3 * 365), Category: institution.CategoryNonSubject,
		District: "鼓楼街道", Address: "兖州区兴隆路 9 号", Principal: "李青", Phone: "0537-3499009",
		Fees:            []institution.Fee{{Item: "少儿编程课", Standard: "95 元/课时", Basis: "兖教体发〔2022〕8号（收费备案）"}},
		SupervisionBank: "中国工商银行兖州支行", SupervisionAccount: "兖州青禾资金监管专户 第 0517 号",
		List: institution.ListWhite, ListDate: today.AddDays(-10), ListReason: "证照齐全，预收费资金全部纳入监管"}
	data, err := institution.WorkbookXLSX([]institution.Record{rec})
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "培训机构登记表.xlsx")
	if err := os.WriteFile(file, data, 0o644); err != nil {
		t.Fatal(err)
	}

	// The office imports it: saved, waiting for review, not public.
	g.as("bangongshi")
	g.open("/admin/institutions/", "#inst-file")
	g.do("choose file", chromedp.SetUploadFiles(chromedp.ID("inst-file"), []string{file}))
	g.submit("#import-submit")
	if got := g.text("#import-result"); !strings.Contains(got, "新增 1 个") {
		webtest.Screenshot(t, ctx, "institutions-import-failed")
		t.Fatalf("import result %q", got)
	}
	webtest.Screenshot(t, ctx, "institutions-1-imported")
	list, err := env.Store.Institutions(context.Background(), store.InstitutionFilter{Kind: institution.KindTraining})
	if err != nil {
		t.Fatal(err)
	}
	var id int64
	for _, in := range list {
		if in.Name() == rec.Name {
			id = in.ID
		}
	}
	if id == 0 {
		t.Fatal("the imported institution is not in the registry")
	}
	g.open("/institutions/training?name=青禾", "#training-results")
	if got := g.text("#training-results"); strings.Contains(got, "青禾") {
		t.Fatalf("public before review: %q", got)
	}

	// The reviewer passes it.
	g.as("shencha")
	g.open("/admin/institutions/"+itoa(id), "#pass-inst")
	if got := g.text("#changes-table"); !strings.Contains(got, "少儿编程课") {
		t.Errorf("the change shown to the reviewer: %q", got)
	}
	webtest.Screenshot(t, ctx, "institutions-2-review")
	g.submit("#pass-inst")
	if got := g.text("#inst-status"); got != "已公开" {
		t.Fatalf("after the pass: %q", got)
	}

	// The public finds it by name and sees the white list and the fees.
	g.do("logout", chromedp.Navigate(env.URL+"/admin/"), chromedp.WaitVisible(chromedp.CSS("body")))
	g.submit(`form[action="/logout"] button`)
	g.open("/institutions/training", "#inst-q")
	g.do("type the name", chromedp.SendKeys(chromedp.ID("inst-q"), "青禾"))
	g.submit("#training-search")
	got := g.text("#training-results")
	if !strings.Contains(got, "兖州区青禾编程培训学校") || !strings.Contains(got, "白名单") || !strings.Contains(got, "少儿编程课：95 元/课时") {
		t.Errorf("search results %q; want the institution with 白名单 and its fee", got)
	}
	if strings.Contains(got, "启航") {
		t.Errorf("search by name shows others: %q", got)
	}
	webtest.Screenshot(t, ctx, "institutions-3-search")
	g.submit(`#training-results a`)
	if got := g.text("#list-status"); !strings.Contains(got, "白名单") {
		t.Errorf("record page list status %q", got)
	}
	if got := g.text("#fees"); !strings.Contains(got, "95 元/课时") || !strings.Contains(got, "兖教体发〔2022〕8号") {
		t.Errorf("record page fees %q", got)
	}
	if got := g.text("#meta-table"); !strings.Contains(got, "教民137081280000199号") || !strings.Contains(got, "信息更新日期") || !strings.Contains(got, "发布机构") || !strings.Contains(got, "教育和体育局") {
		t.Errorf("metadata table %q", got)
	}
	webtest.Screenshot(t, ctx, "institutions-4-record")

	// The black list shows too, and the other pages render.
	g.open("/institutions/training?list=black", "#training-results")
	if got := g.text("#training-results"); !strings.Contains(got, "黑名单") || !strings.Contains(got, "明德") {
		t.Errorf("black list %q", got)
	}
	g.open("/institutions", "#schools")
	webtest.Screenshot(t, ctx, "institutions-5-schools")
	g.open("/open", "#datasets")
	if got := g.text("#datasets"); !strings.Contains(got, "民办学校和校外培训机构") {
		t.Errorf("open data %q", got)
	}
	webtest.Screenshot(t, ctx, "institutions-6-opendata")
	g.as("admin")
	g.open("/admin/exchange", "#subscribers")
	webtest.Screenshot(t, ctx, "institutions-7-exchange")
}
