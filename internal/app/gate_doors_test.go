package app_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"gongkai/internal/auth"
	"gongkai/internal/disclosure"
	"gongkai/internal/participation"
	"gongkai/internal/request"
	"gongkai/internal/store"
	"gongkai/internal/webtest"
	"gongkai/internal/workday"
)

const (
	gateID     = "370882201001011231"
	gateMobile = "13812345678"
)

// TestGateThroughEveryDoor: a document whose body holds an ID number and
// a mobile number is refused at review through the API (409 with
// details.findings, masked), the console (a 409 page listing the
// findings) and the store alike; the author cannot dismiss; the reviewer
// confirms the public hotline as a false positive through the console and
// the ID through the API is fixed; the signer sees the dismissal in the
// API's document view and on the console page; each refusal is audited.
func TestGateThroughEveryDoor(t *testing.T) {
	env := webtest.Start(t)
	d := doors{t, env}
	ctx := context.Background()
	items, _ := env.Store.CatalogItems(ctx)
	draft := map[string]any{"title": "关于开展研学旅行实践活动的通知", "doc_no": "济兖教体字〔2023〕31号", "written_on": workday.DateOf(env.Store.Now()).String(),
		"genre": disclosure.GenreNotice, "topic": "教育", "attribute": disclosure.AttrProactive, "catalog_item_id": items[0].ID,
		"body": "各学校：\n组织学生开展研学旅行。带队教师身份证号 " + gateID + "，咨询热线 " + gateMobile + "。"}
	st, m := d.api("jijiaoke", "POST", "/api/v1/documents", draft)
	if st != http.StatusCreated {
		t.Fatalf("draft: %d %v", st, m)
	}
	id := int64(m["id"].(float64))
	sid := strconv.FormatInt(id, 10)
	actions, move, view := "/api/v1/documents/"+sid+"/actions", "/admin/docs/d/"+sid+"/move", "/api/v1/documents/"+sid
	if st, _ := d.api("jijiaoke", "POST", actions, map[string]any{"action": "submit"}); st != http.StatusOK {
		t.Fatalf("submit: %d", st)
	}

	// API: 409 with the findings, masked.
	st, m = d.api("shencha", "POST", actions, map[string]any{"action": "pass"})
	apiMsg := errMessage(m)
	details, _ := m["error"].(map[string]any)["details"].(map[string]any)
	fs, _ := details["findings"].([]any)
	raw, _ := json.Marshal(m)
	if st != http.StatusConflict || len(fs) != 2 || !strings.Contains(apiMsg, "还有 2 项必须修改的问题") || strings.Contains(string(raw), gateID) || strings.Contains(string(raw), gateMobile) {
		t.Fatalf("API pass: %d %s; want 409 with 2 masked findings", st, raw)
	}
	var mobileFP string
	for _, x := range fs {
		f := x.(map[string]any)
		for _, k := range []string{"source", "field_label", "kind", "label", "value", "message", "blocking", "dismissed"} {
			if _, ok := f[k]; !ok {
				t.Errorf("finding %v lacks %q", f, k)
			}
		}
		if f["kind"] == "mobile" {
			mobileFP, _ = f["fingerprint"].(string)
			if f["value"] != "138****5678" || f["source"] != "body" {
				t.Errorf("mobile finding = %v; want source body, value 138****5678", f)
			}
		}
	}
	// Console: the same refusal, as a 409 page listing the findings.
	st, page := d.console("shencha", move, url.Values{"action": {"pass"}})
	if st != http.StatusConflict || !strings.Contains(page, "还有 2 项必须修改的问题") || !strings.Contains(page, "138****5678") ||
		!strings.Contains(page, "3708**********1231") || strings.Contains(page, gateID) || !strings.Contains(page, `id="back-to-item"`) {
		t.Errorf("console pass: %d; want a 409 page listing the masked findings and a way back", st)
	}
	// Store: the same.
	shencha, _, _ := env.Store.UserByLogin(ctx, "shencha")
	if _, err := env.Store.MoveDocument(ctx, auth.ActorOf(shencha, ""), store.MoveRequest{ID: id, Action: disclosure.ActPass}); disclosure.GateFindings(err) == nil {
		t.Errorf("store pass: %v; want the gate refusal", err)
	}
	if n := auditRows(t, env, "gate_refused", "shencha"); n != 3 {
		t.Errorf("audited refusals = %d; want 3 (API, console, store)", n)
	}

	// Dismissal: not by the author (API 403), by the reviewer on the console.
	if st, _ := d.api("jijiaoke", "POST", view+"/dismissals", map[string]any{"fingerprint": mobileFP, "reason": "单位公开的咨询热线"}); st != http.StatusForbidden {
		t.Errorf("the author dismisses through the API: %d; want 403", st)
	}
	if st, _ := d.console("jijiaoke", "/admin/docs/d/"+sid+"/dismiss", url.Values{"fingerprint": {mobileFP}, "reason": {"单位公开的咨询热线"}}); st != http.StatusForbidden {
		t.Errorf("the author dismisses on the console: %d; want 403", st)
	}
	if st, page := d.console("shencha", "/admin/docs/d/"+sid+"/dismiss", url.Values{"fingerprint": {mobileFP}, "reason": {"误报"}}); st != http.StatusBadRequest || !strings.Contains(page, "理由") {
		t.Errorf("dismiss without a real reason: %d; want 400 asking for the reason", st)
	}
	if st, _ := d.console("shencha", "/admin/docs/d/"+sid+"/dismiss", url.Values{"fingerprint": {mobileFP}, "reason": {"单位公开的咨询热线"}}); st != http.StatusSeeOther {
		t.Fatalf("the reviewer dismisses on the console: %d; want 303", st)
	}
	// The ID number is removed by the author (returned, edited, submitted).
	if st, _ := d.api("shencha", "POST", actions, map[string]any{"action": "return", "reason": "请删除身份证号"}); st != http.StatusOK {
		t.Fatalf("return: %d", st)
	}
	doc, _ := env.Store.Document(ctx, id)
	jjk, _, _ := env.Store.UserByLogin(ctx, "jijiaoke")
	body := "各学校：\n组织学生开展研学旅行。咨询热线 " + gateMobile + "。"
	if err := env.Store.UpdateDocument(ctx, auth.ActorOf(jjk, ""), id, store.DocumentInput{UnitID: doc.UnitID, Title: doc.Title, DocNo: doc.DocNo, WrittenOn: doc.WrittenOn,
		CatalogItemID: doc.CatalogItemID, Genre: doc.Genre, Topic: doc.Topic, Attribute: doc.Attribute, BodyText: body, BodyHTML: "<p>" + body + "</p>"}); err != nil {
		t.Fatal(err)
	}
	for _, s := range []struct{ login, action string }{{"jijiaoke", "submit"}, {"shencha", "pass"}} {
		if st, m := d.api(s.login, "POST", actions, map[string]any{"action": s.action}); st != http.StatusOK {
			t.Fatalf("%s %s: %d %v", s.login, s.action, st, m)
		}
	}
	// The signer sees the dismissal: API document view and console page.
	st, m = d.api("fenguan", "GET", view, nil)
	ds, _ := m["dismissals"].([]any)
	if st != http.StatusOK || m["standing"] != float64(0) || len(ds) != 1 {
		t.Fatalf("API document view for the signer: %d %v; want no standing finding and the dismissal", st, m)
	}
	if x := ds[0].(map[string]any); x["reason"] != "单位公开的咨询热线" || x["by"] != "shencha" || x["value"] != "138****5678" || x["current"] != true {
		t.Errorf("dismissal = %v; want the reviewer's reason and the masked value", x)
	}
	c := env.Client()
	env.Login(t, c, "fenguan")
	resp, err := c.Get(env.URL + "/admin/docs/d/" + sid)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(b), "已确认为误报的问题") || !strings.Contains(string(b), "单位公开的咨询热线") || strings.Contains(string(b), `id="no-dismissals"`) {
		t.Errorf("console page for the signer does not show the dismissal")
	}
	if st, m := d.api("fenguan", "POST", actions, map[string]any{"action": "sign"}); st != http.StatusOK || m["status"] != "published" {
		t.Errorf("sign: %d %v; want published", st, m)
	}
}

func auditRows(t *testing.T, env *webtest.Env, action, actor string) int {
	t.Helper()
	var n int
	if err := env.Store.DB().QueryRow(env.Store.Rebind(`SELECT COUNT(*) FROM audit_log WHERE action = ? AND actor_login = ?`), action, actor).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestCitizensTextMaskedEverywhere: a message and a comment holding ID,
// mobile and e-mail data are published through the console and show
// masked on every public page, list, feed and the sitemap; the office saw
// the findings before publishing. The privacy sweep job runs once and
// its list shows the page address of what it found.
func TestCitizensTextMaskedEverywhere(t *testing.T) {
	env := webtest.Start(t)
	d := doors{t, env}
	ctx := context.Background()
	m, err := env.Store.SubmitMessage(ctx, participation.Message{Kind: participation.KindMessage, Title: "转学咨询（电话" + gateMobile + "）",
		Content: "我是张三，身份证号" + gateID + "，电话 138 1234 5678，邮箱 zhangsan@example.com，请问如何转学？", Name: "张三", Contact: gateMobile}, "10.0.0.9")
	if err != nil {
		t.Fatal(err)
	}
	sid := strconv.FormatInt(m.ID, 10)
	off := env.Client()
	env.Login(t, off, "bangongshi")
	resp, _ := off.Get(env.URL + "/admin/participation/messages/" + sid)
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if page := string(b); !strings.Contains(page, `id="masked-summary"`) || !strings.Contains(page, "138****5678") || !strings.Contains(page, "<mark") {
		t.Errorf("the office's message page does not show the findings before publishing")
	}
	if st, _ := d.console("bangongshi", "/admin/participation/messages/"+sid+"/reply", url.Values{"reply": {"您好，请携带户口簿到学校办理，咨询电话 " + gateMobile + "。"}, "reply_unit": {"基础教育科"}}); st != http.StatusSeeOther {
		t.Fatalf("reply: %d", st)
	}
	if st, _ := d.console("bangongshi", "/admin/participation/messages/"+sid+"/publish", nil); st != http.StatusSeeOther {
		t.Fatalf("publish: %d", st)
	}
	anon := env.Client()
	for _, path := range []string{"/messages/" + sid, "/messages", "/rss/messages", "/atom/messages", "/sitemap.xml", "/api/v1/search?q=" + url.QueryEscape("转学")} {
		resp, err := anon.Get(env.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		page := string(b)
		if resp.StatusCode != http.StatusOK {
			t.Errorf("%s: status %d", path, resp.StatusCode)
		}
		for _, leak := range []string{gateID, gateMobile, "138 1234 5678", "zhangsan@example.com", "张三"} {
			if strings.Contains(page, leak) {
				t.Errorf("%s shows %q", path, leak)
			}
		}
		if (strings.HasPrefix(path, "/messages") || strings.HasPrefix(path, "/rss") || strings.HasPrefix(path, "/atom")) && !strings.Contains(page, "138****5678") {
			t.Errorf("%s does not show the masked number", path)
		}
	}
	// The job: the daily sweep runs once, under the job lock, and lists
	// what it finds with the page address (a sensitive word added later).
	if err := env.Store.SetSensitiveWords(ctx, auth.Actor{Login: "shencha", Role: auth.RoleReviewer}, []string{"户口簿"}); err != nil {
		t.Fatal(err)
	}
	if err := env.App.RunJobsOnce(ctx); err != nil {
		t.Fatal(err)
	}
	list, err := env.Store.PrivacyFindings(ctx, true, 0)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, f := range list {
		found = found || f.Page == "/messages/"+sid && f.Kind == "sensitive_word"
	}
	if !found {
		t.Fatalf("sweep findings = %+v; want the message's sensitive word at /messages/%s", list, sid)
	}
	resp, _ = off.Get(env.URL + "/admin/privacy")
	b, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(b), `href="/messages/`+sid+`"`) {
		t.Errorf("the 隐私巡查 list does not link the page")
	}
}

// TestInterpretationAfterPublication: an interpretation added to a
// published document through the console stays off the portal (page and
// feed) until the reviewer passes it; the pass is gated like any other.
func TestInterpretationAfterPublication(t *testing.T) {
	env := webtest.Start(t)
	d := doors{t, env}
	ctx := context.Background()
	docs, _, err := env.Store.Documents(ctx, store.DocFilter{PublicOnly: true, Genres: []string{disclosure.GenrePolicy}})
	if err != nil || len(docs) == 0 {
		t.Fatalf("no published demo policy: %v", err)
	}
	doc := docs[0]
	sid := strconv.FormatInt(doc.ID, 10)
	title := "家长关心的课后服务问答（补充）"
	if st, _ := d.console("jijiaoke", "/admin/docs/d/"+sid+"/interpretations", url.Values{"form": {"qa"}, "title": {title}, "body": {"问：找谁咨询？答：联系人手机 " + gateMobile + "。"}}); st != http.StatusSeeOther {
		t.Fatalf("add interpretation: %d", st)
	}
	anon := env.Client()
	get := func(c *http.Client, path string) (int, string) {
		resp, err := c.Get(env.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	for _, p := range []string{"/docs/" + sid, "/rss/interpretations", "/interpretations"} {
		if _, page := get(anon, p); strings.Contains(page, title) || strings.Contains(page, gateMobile) {
			t.Errorf("%s shows the interpretation held for review", p)
		}
	}
	rev := env.Client()
	env.Login(t, rev, "shencha")
	if _, page := get(rev, "/admin/docs/d/"+sid); !strings.Contains(page, `id="held-items"`) || !strings.Contains(page, `id="release-held"`) {
		t.Errorf("the reviewer's page does not offer the held interpretation for review")
	}
	st, page := d.console("shencha", "/admin/docs/d/"+sid+"/release", nil)
	if st != http.StatusConflict || !strings.Contains(page, "138****5678") {
		t.Fatalf("release with a mobile number: %d; want 409 listing it", st)
	}
	df, _ := env.Store.DocumentFindings(ctx, doc.ID)
	var fp string
	for _, f := range df.Standing() {
		fp = f.Fingerprint
	}
	if st, _ := d.console("shencha", "/admin/docs/d/"+sid+"/dismiss", url.Values{"fingerprint": {fp}, "reason": {"教育服务热线，对外公开"}}); st != http.StatusSeeOther {
		t.Fatalf("dismiss: %d", st)
	}
	if st, _ := d.console("shencha", "/admin/docs/d/"+sid+"/release", url.Values{"reason": {"已核"}}); st != http.StatusSeeOther {
		t.Fatalf("release: %d", st)
	}
	if _, page := get(anon, "/docs/"+sid); !strings.Contains(page, title) {
		t.Errorf("the interpretation is not public after the review")
	}
}

// TestAnnualReportGate: the annual report is refused while its text holds
// an ID number; the refusal page lists it with the office's dismiss form;
// fixed, it is published.
func TestAnnualReportGate(t *testing.T) {
	env := webtest.Start(t)
	d := doors{t, env}
	ctx := context.Background()
	office := auth.Actor{Login: "bangongshi", Role: auth.RoleOffice}
	year := workday.DateOf(env.Store.Now()).Year - 1
	if err := env.Store.SaveAnnualReport(ctx, office, year, store.ReportEdit{Sections: requestSections("全年受理申请。身份证号为 " + gateID + " 的申请人已领取答复。")}); err != nil {
		t.Fatal(err)
	}
	path := "/admin/reports/annual/" + strconv.Itoa(year) + "/publish"
	st, page := d.console("bangongshi", path, nil)
	if st != http.StatusConflict || !strings.Contains(page, "3708**********1231") || strings.Contains(page, gateID) || !strings.Contains(page, `action="/admin/participation/findings/dismiss"`) {
		t.Fatalf("publish a report with an ID number: %d; want a 409 page listing it with the dismiss form", st)
	}
	if years, _ := env.Store.PublishedReportYears(ctx); len(years) != 0 {
		t.Fatalf("refused report published: %v", years)
	}
	if err := env.Store.SaveAnnualReport(ctx, office, year, store.ReportEdit{Sections: requestSections("全年受理申请，均已按时答复。")}); err != nil {
		t.Fatal(err)
	}
	if st, _ := d.console("bangongshi", path, nil); st != http.StatusSeeOther {
		t.Errorf("publish after the fix: %d; want 303", st)
	}
}

func requestSections(one string) request.Sections { return request.Sections{One: one} }
