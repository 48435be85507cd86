package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"gongkai/internal/auth"
	"gongkai/internal/office"
	"gongkai/internal/request"
	"gongkai/internal/store"
	"gongkai/internal/webtest"
)

type apiResult struct {
	Status int
	Body   map[string]any
	Raw    string
}

func call(t *testing.T, method, url, token string, body any) apiResult {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, url, rd)
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	res := apiResult{Status: resp.StatusCode, Raw: string(raw)}
	_ = json.Unmarshal(raw, &res.Body)
	return res
}

func token(t *testing.T, env *webtest.Env, login string) string {
	t.Helper()
	u, _, err := env.Store.UserByLogin(context.Background(), login)
	if err != nil {
		t.Fatal(err)
	}
	_, tok, err := env.Store.IssueToken(context.Background(), auth.CLI, store.NewToken{UserID: u.ID, Name: "test"})
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

func application(idNumber string) map[string]any {
	return map[string]any{
		"applicant":   map[string]any{"type": "natural", "name": "陈静", "id_number": idNumber, "phone": "13805379876", "email": "cj@example.com", "address": "兖州区"},
		"description": "兖州区2023年秋季学期课后服务收费标准", "form": "email", "channel": "online",
	}
}

func TestRequestsAPI(t *testing.T) {
	env := webtest.StartWith(t, webtest.Options{Now: time.Date(2023, 9, 27, 2, 0, 0, 0, time.UTC)})
	base := env.URL + "/api/v1/requests"
	office, leader, unit := token(t, env, "bangongshi"), token(t, env, "fenguan"), token(t, env, "jijiaoke")

	// Bad input: a clear Chinese message, nothing stored.
	before, _ := env.Store.Requests(context.Background(), storeAll())
	bad := application("370882199003071230")
	if r := call(t, "POST", base, "", bad); r.Status != 400 || !strings.Contains(r.Raw, "校验位") {
		t.Errorf("bad id: %d %s; want 400 with 校验位", r.Status, r.Raw)
	}
	long := application("370882199003071238")
	long["description"] = strings.Repeat("信", 2001)
	if r := call(t, "POST", base, "", long); r.Status != 400 || !strings.Contains(r.Raw, "过长") {
		t.Errorf("long description: %d %s; want 400 with 过长", r.Status, r.Raw)
	}
	hp := application("370882199003071238")
	hp["website"] = "http://spam"
	if r := call(t, "POST", base, "", hp); r.Status != 400 {
		t.Errorf("honeypot: %d; want 400", r.Status)
	}

	// Public submit, then lookup with and without the secret.
	r := call(t, "POST", base, "", application("370882199003071238"))
	if r.Status != 201 {
		t.Fatalf("submit: %d %s", r.Status, r.Raw)
	}
	code, secret := r.Body["code"].(string), r.Body["secret"].(string)
	if after, _ := env.Store.Requests(context.Background(), storeAll()); len(after) != len(before)+1 {
		t.Errorf("requests after one good and three bad submissions: %d; want %d", len(after), len(before)+1)
	}
	if g := call(t, "GET", base+"/"+code, "", nil); g.Status != 400 {
		t.Errorf("lookup without secret: %d; want 400", g.Status)
	}
	if g := call(t, "GET", base+"/"+code+"?secret=WRONG", "", nil); g.Status != 404 {
		t.Errorf("lookup with a wrong secret: %d; want 404", g.Status)
	}
	g := call(t, "GET", base+"/"+code+"?secret="+secret, "", nil)
	if g.Status != 200 || g.Body["state"] != "submitted" || g.Body["due_on"] != nil || g.Body["applicant"] != nil {
		t.Errorf("public lookup: %d %s; want submitted, no due date, no applicant", g.Status, g.Raw)
	}

	// Events: out of order, then in order, each recomputing due_on.
	ev := base + "/" + code + "/events"
	if e := call(t, "POST", ev, office, map[string]any{"type": "replied", "on": "2023-09-28", "outcome": "partial"}); e.Status != 400 || !strings.Contains(e.Raw, "尚未确认收到申请") {
		t.Errorf("reply before receipt: %d %s", e.Status, e.Raw)
	}
	if e := call(t, "POST", ev, unit, map[string]any{"type": "received", "on": "2023-09-27"}); e.Status != 403 {
		t.Errorf("unit recording an event: %d; want 403", e.Status)
	}
	e := call(t, "POST", ev, office, map[string]any{"type": "received", "on": "2023-09-27"})
	if e.Status != 200 || e.Body["due_on"] != "2023-10-31" || e.Body["received_on"] != "2023-09-27" {
		t.Errorf("received: %d %s; want due 2023-10-31", e.Status, e.Raw)
	}
	if e := call(t, "POST", ev, office, map[string]any{"type": "replied", "on": "2023-09-26", "outcome": "partial"}); e.Status != 400 || !strings.Contains(e.Raw, "早于收到申请之日") {
		t.Errorf("date before receipt: %d %s", e.Status, e.Raw)
	}
	// The office cannot record an extension, even naming a leader: the
	// leader approves it (request.MayRecord, as in the console).
	if e := call(t, "POST", ev, office, map[string]any{"type": "extended", "on": "2023-10-10", "workdays": 5, "notified": true}); e.Status != 403 || !strings.Contains(e.Raw, "负责人") {
		t.Errorf("extension without approval: %d %s; want 403 naming 负责人", e.Status, e.Raw)
	}
	if e := call(t, "POST", ev, office, map[string]any{"type": "extended", "on": "2023-10-10", "workdays": 5, "notified": true, "approved_by": "fenguan"}); e.Status != 403 || !strings.Contains(e.Raw, "负责人") {
		t.Errorf("extension by the office naming the leader: %d %s; want 403 naming 负责人", e.Status, e.Raw)
	}
	if e := call(t, "POST", ev, leader, map[string]any{"type": "extended", "on": "2023-10-10", "workdays": 21, "notified": true}); e.Status != 400 || !strings.Contains(e.Raw, "20 个工作日") {
		t.Errorf("extension past 20: %d %s", e.Status, e.Raw)
	}
	e = call(t, "POST", ev, leader, map[string]any{"type": "extended", "on": "2023-10-10", "workdays": 10, "notified": true})
	if e.Status != 200 || e.Body["due_on"] != "2023-11-14" {
		t.Errorf("extension by the leader: %d %s; want due 2023-11-14", e.Status, e.Raw)
	}
	e = call(t, "POST", ev, office, map[string]any{"type": "consultation_started", "on": "2023-10-11", "party": "third_party"})
	if e.Status != 200 || e.Body["state"] != "consulting" {
		t.Errorf("consultation: %d %s", e.Status, e.Raw)
	}
	e = call(t, "POST", ev, office, map[string]any{"type": "consultation_ended", "on": "2023-10-13"})
	if e.Status != 200 || e.Body["due_on"] != "2023-11-16" {
		t.Errorf("consultation ended: %d %s; want due 2023-11-16", e.Status, e.Raw)
	}
	if e := call(t, "POST", ev, office, map[string]any{"type": "replied", "on": "2023-10-20", "outcome": "granted"}); e.Status != 400 || !strings.Contains(e.Raw, "表三") {
		t.Errorf("unknown outcome: %d %s", e.Status, e.Raw)
	}
	e = call(t, "POST", ev, office, map[string]any{"type": "replied", "on": "2023-10-20", "outcome": "partial"})
	if e.Status != 200 || e.Body["outcome"] != "partial" || e.Body["state"] != "replied" {
		t.Errorf("replied: %d %s", e.Status, e.Raw)
	}
	// The reply through the API stored its letter, as the console's does:
	// under the letterhead, dated the reply date (not today, 2023-09-27),
	// in the statutory wording of 部分公开 (no draft was saved).
	if got := letterText(t, env, code); !strings.Contains(got, "2023年10月20日") || !strings.Contains(got, code) ||
		!strings.Contains(got, "济宁市兖州区教育和体育局|政府信息公开申请答复书") || !strings.Contains(got, "第三十七条：“申请公开的信息中含有不应当公开") {
		t.Errorf("letter of the API reply = %q; want the letterhead, the code, the 第三十七条 wording and the reply date 2023年10月20日", got)
	}

	// Staff lookups: the office sees the applicant (audited); a unit not
	// handling the request is refused.
	s := call(t, "GET", base+"/"+code, office, nil)
	if app, _ := s.Body["applicant"].(map[string]any); s.Status != 200 || app["id_number"] != "370882199003071238" {
		t.Errorf("office lookup: %d %s; want the full applicant", s.Status, s.Raw)
	}
	if s := call(t, "GET", base+"/"+code, unit, nil); s.Status != 403 {
		t.Errorf("unit lookup of a request not routed to it: %d; want 403", s.Status)
	}

	// Staff registration in person with the receipt date.
	in := application("370882199003071238")
	in["channel"], in["received_on"] = "in_person", "2023-09-26"
	if r := call(t, "POST", base, office, in); r.Status != 201 {
		t.Errorf("staff registration: %d %s", r.Status, r.Raw)
	}
	in["received_on"] = "2023-09-26"
	if r := call(t, "POST", base, "", in); r.Status != 403 {
		t.Errorf("public setting received_on: %d %s; want 403", r.Status, r.Raw)
	}
}

// letterText is the text of the letter stored with a request's reply
// (paragraphs joined by |).
func letterText(t *testing.T, env *webtest.Env, code string) string {
	t.Helper()
	rec, err := env.Store.RequestByCode(context.Background(), code)
	if err != nil {
		t.Fatal(err)
	}
	if rec.LetterSHA == "" {
		t.Fatalf("request %s: no letter stored", code)
	}
	data, _, err := env.Store.Blob(context.Background(), rec.LetterSHA)
	if err != nil {
		t.Fatal(err)
	}
	paras, err := office.DocxText(data)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Join(paras, "|")
}

func TestRequestsRateLimit(t *testing.T) {
	env := webtest.StartWith(t, webtest.Options{Now: time.Date(2023, 9, 27, 2, 0, 0, 0, time.UTC), NoDemo: true})
	base := env.URL + "/api/v1/requests"
	for i := 0; i < 5; i++ {
		if r := call(t, "POST", base, "", application("370882199003071238")); r.Status != 201 {
			t.Fatalf("submit %d: %d %s", i, r.Status, r.Raw)
		}
	}
	if r := call(t, "POST", base, "", application("370882199003071238")); r.Status != 429 || !strings.Contains(r.Raw, "最多提交 5 件") || !strings.Contains(r.Raw, `"retry_after":3600`) {
		t.Errorf("sixth submission: %d %s; want 429", r.Status, r.Raw)
	}
	// The same description five times: the 2nd to 5th are flagged for the
	// proactive-disclosure review.
	revs, err := env.Store.ProactiveReviews(context.Background(), true)
	if err != nil || len(revs) != 4 || revs[0].Reason != "similar" || len(revs[0].SimilarCodes) == 0 {
		t.Errorf("pending reviews = %d (%v); want 4 flagged as similar", len(revs), err)
	}
}

func TestRequestsConsolePrivacy(t *testing.T) {
	env := webtest.StartWith(t, webtest.Options{Now: time.Date(2023, 12, 20, 2, 0, 0, 0, time.UTC)})
	ctx := context.Background()
	recs, err := env.Store.Requests(ctx, store.RequestFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var routed request.Record // a demo request routed to 基础教育科
	for _, r := range recs {
		if r.UnitName == "基础教育科" {
			routed = r
		}
	}
	if routed.ID == 0 {
		t.Fatal("no demo request routed to 基础教育科")
	}
	page := env.URL + "/admin/requests/" + itoa(routed.ID)
	get := func(login, url string) (int, string) {
		c := env.Client()
		env.Login(t, c, login)
		resp, err := c.Get(url)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	id := routed.Application.Applicant.IDNumber
	if st, body := get("xiaoxue", page); st != 403 || strings.Contains(body, id) {
		t.Errorf("another unit: status %d, shows id %v; want 403 without it", st, strings.Contains(body, id))
	}
	if st, body := get("jijiaoke", page); st != 200 || !strings.Contains(body, id) {
		t.Errorf("handling unit: status %d, shows id %v; want 200 with it", st, strings.Contains(body, id))
	}
	if st, body := get("bangongshi", env.URL+"/admin/requests/?tab=all"); st != 200 || strings.Contains(body, id) || strings.Contains(body, routed.Application.Applicant.Phone) {
		t.Errorf("list: status %d; want 200 with identity and phone masked", st)
	}
	rows, err := env.Store.Audit(ctx, store.AuditFilter{Entity: "request", EntityID: itoa(routed.ID), Action: "view_personal"})
	if err != nil || len(rows) != 1 {
		t.Errorf("audit rows of personal views = %d, %v; want 1 (the unit's view)", len(rows), err)
	}
	if st, _ := get("shenji", page); st != 403 {
		t.Errorf("auditor on a request page: %d; want 403", st)
	}
}

func TestRequestsConsoleForms(t *testing.T) {
	env := webtest.StartWith(t, webtest.Options{Now: time.Date(2023, 9, 27, 2, 0, 0, 0, time.UTC), NoDemo: false})
	post := func(login, path string, form url.Values) (int, string, string) {
		c := env.Client()
		if login != "" {
			env.Login(t, c, login)
		}
		resp, err := c.PostForm(env.URL+path, form)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, resp.Header.Get("Location"), string(b)
	}
	form := url.Values{"type": {"natural"}, "name": {"陈静"}, "id_number": {"370882199003071238"}, "phone": {"13805379876"},
		"description": {"课后服务收费标准"}, "form": {"paper"}, "channel": {"in_person"}}
	// In person without the receipt date: refused with the rule of article 31.
	if st, _, body := post("bangongshi", "/admin/requests/", form); st != 400 || !strings.Contains(body, "收到申请之日") {
		t.Errorf("in person without date: %d; want 400 with 收到申请之日", st)
	}
	form.Set("received_on", "2023-09-26")
	// The registration answers with the receipt to print, linking to the request.
	st, _, page := post("bangongshi", "/admin/requests/", form)
	m := regexp.MustCompile(`href="(/admin/requests/\d+)">进入办理页面`).FindStringSubmatch(page)
	if st != 201 || m == nil || !strings.Contains(page, "申请回执") {
		t.Fatalf("registration: %d; want 201 with the receipt and a link to the request", st)
	}
	loc := m[1]
	oc := env.Client()
	env.Login(t, oc, "bangongshi")
	resp, err := oc.Get(env.URL + loc + "/consultation-letter?party=agency")
	if err != nil {
		t.Fatal(err)
	}
	letter, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if paras, err := office.DocxText(letter); err != nil || !strings.Contains(strings.Join(paras, ""), "第三十四条") {
		t.Errorf("consultation letter: %v %q; want a .docx citing 第三十四条", err, paras)
	}
	if st, _, _ := post("jijiaoke", "/admin/requests/", form); st != 403 {
		t.Errorf("unit registering: %d; want 403", st)
	}
	// The public form: a bad identity number is refused with the field's message.
	pub := url.Values{"type": {"natural"}, "name": {"陈静"}, "id_number": {"370882199003071230"}, "phone": {"13805379876"},
		"description": {"课后服务收费标准"}, "form": {"paper"}}
	if st, _, body := post("", "/apply", pub); st != 400 || !strings.Contains(body, "校验位") {
		t.Errorf("public form with a bad id: %d; want 400 with 校验位", st)
	}
	pub.Set("id_number", "370882199003071238")
	if st, _, body := post("", "/apply", pub); st != 201 || !strings.Contains(body, "tracking-code") {
		t.Errorf("public form: %d; want 201 with the tracking code", st)
	}
	// Annual report: a bad amount is refused, nothing saved.
	if st, _, body := post("bangongshi", "/admin/reports/annual/2023", url.Values{"fees_wan": {"十万"}}); st != 400 || !strings.Contains(body, "万元") {
		t.Errorf("bad fees: %d; want 400", st)
	}
}
