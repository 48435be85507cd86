package app_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"gongkai/internal/auth"
	"gongkai/internal/disclosure"
	"gongkai/internal/request"
	"gongkai/internal/scan"
	"gongkai/internal/store"
	"gongkai/internal/webtest"
	"gongkai/internal/workday"
)

// The tests of this file check that a rule moved below the transports
// holds the same through the console (form posts) and the API (JSON).

type doors struct {
	t   *testing.T
	env *webtest.Env
}

func (d doors) token(login string) string {
	d.t.Helper()
	ctx := context.Background()
	u, _, err := d.env.Store.UserByLogin(ctx, login)
	if err != nil {
		d.t.Fatal(err)
	}
	_, tok, err := d.env.Store.IssueToken(ctx, auth.CLI, store.NewToken{UserID: u.ID, Name: "test"})
	if err != nil {
		d.t.Fatal(err)
	}
	return tok
}

// api calls the JSON API as login and returns the status and the body.
func (d doors) api(login, method, path string, body any) (int, map[string]any) {
	d.t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, d.env.URL+path, rd)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+d.token(login))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		d.t.Fatal(err)
	}
	defer resp.Body.Close()
	var m map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&m)
	return resp.StatusCode, m
}

// console posts a form as login (logged in through the login page) and
// returns the status and the page.
func (d doors) console(login, path string, form url.Values) (int, string) {
	d.t.Helper()
	c := d.env.Client()
	d.env.Login(d.t, c, login)
	resp, err := c.PostForm(d.env.URL+path, form)
	if err != nil {
		d.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func errMessage(m map[string]any) string {
	e, _ := m["error"].(map[string]any)
	msg, _ := e["message"].(string)
	return msg
}

// TestExtensionApprovedByTheLeaderOnly: the office cannot record an
// extension through either door, even naming a leader; the leader
// approves it (the console's ask → approve, or the API's event), and the
// office is told in the same transaction.
func TestExtensionApprovedByTheLeaderOnly(t *testing.T) {
	env := webtest.StartWith(t, webtest.Options{Now: time.Date(2023, 9, 27, 2, 0, 0, 0, time.UTC)})
	d := doors{t, env}
	ctx := context.Background()
	id := "37088219900307123"
	id += string(scan.IDCheckChar(id))
	app := request.Application{Applicant: request.Applicant{Type: request.Natural, Name: "陈静", IDNumber: id, Phone: "13805379876"},
		Description: "课后服务收费标准", Form: "paper", Channel: request.InPerson}
	office := auth.ActorOf(auth.User{Login: "bangongshi", Role: auth.RoleOffice}, "")
	cr, err := env.Store.CreateRequest(ctx, office, store.NewRequest{Application: app, ReceivedOn: workday.MustDate("2023-09-27")})
	if err != nil {
		t.Fatal(err)
	}
	before, _ := env.Store.Request(ctx, cr.ID)
	events := "/api/v1/requests/" + cr.Code + "/events"
	page := "/admin/requests/" + strconv.FormatInt(cr.ID, 10)

	st, m := d.api("bangongshi", "POST", events, map[string]any{"type": "extended", "on": "2023-10-10", "workdays": 10, "notified": true, "approved_by": "fenguan"})
	apiMsg := errMessage(m)
	if st != http.StatusForbidden || !strings.Contains(apiMsg, "负责人") {
		t.Errorf("API, office records an extension naming the leader: %d %q; want 403 saying the leader approves", st, apiMsg)
	}
	st, body := d.console("bangongshi", page+"/events", url.Values{"type": {"extended"}, "on": {"2023-10-10"}, "workdays": {"10"}})
	if st != http.StatusForbidden || !strings.Contains(body, apiMsg) {
		t.Errorf("console, office records an extension: %d; want 403 with the API's message %q", st, apiMsg)
	}
	if _, err := env.Store.AddRequestEvent(ctx, office, cr.ID, request.Event{Type: request.EvExtended, On: workday.MustDate("2023-10-10"), Workdays: 10, ApprovedBy: "fenguan"}); err == nil {
		t.Error("store, office records an extension: no error; want the same refusal")
	}
	if after, _ := env.Store.Request(ctx, cr.ID); after.DueOn != before.DueOn || after.Version != before.Version {
		t.Errorf("after the refusals: due %s version %d; want unchanged %s %d", after.DueOn, after.Version, before.DueOn, before.Version)
	}
	// The console's way: the office asks, the leader approves.
	if st, _ := d.console("bangongshi", page+"/extension", url.Values{"days": {"10"}, "reason": {"需调取多所学校资料"}}); st != http.StatusSeeOther {
		t.Fatalf("office asks for an extension: %d; want 303", st)
	}
	if st, _ := d.console("fenguan", page+"/extension/approve", nil); st != http.StatusSeeOther {
		t.Fatalf("leader approves: %d; want 303", st)
	}
	rec, _ := env.Store.Request(ctx, cr.ID)
	if rec.DueOn.String() != "2023-11-14" {
		t.Errorf("due after the approved extension = %s; want 2023-11-14", rec.DueOn)
	}
	ns, err := env.Store.Notifications(ctx, auth.User{Role: auth.RoleOffice}, false, 50)
	if err != nil {
		t.Fatal(err)
	}
	told := false
	for _, n := range ns {
		told = told || strings.Contains(n.Title, "延期已批准") && strings.Contains(n.Title, cr.Code)
	}
	if !told {
		t.Error("the office was not told that the extension was approved")
	}
	// The leader records an extension through the API (approved by them).
	st, m = d.api("fenguan", "POST", events, map[string]any{"type": "extended", "on": "2023-10-20", "workdays": 5, "notified": true})
	if st != http.StatusOK {
		t.Errorf("API, the leader records an extension: %d %v; want 200", st, m)
	}
	if st, _ := d.api("fenguan", "POST", events, map[string]any{"type": "received", "on": "2023-09-27"}); st != http.StatusForbidden {
		t.Errorf("API, the leader records another event: %d; want 403", st)
	}
}

// TestDocumentWorkflowThroughEveryDoor: a draft made through the API goes
// submit → pass → sign for the right roles, with the console's refusals:
// a unit user neither drafts for nor moves another unit's document, the
// author does not review their own, a wrong state is a conflict.
func TestDocumentWorkflowThroughEveryDoor(t *testing.T) {
	env := webtest.Start(t)
	d := doors{t, env}
	ctx := context.Background()
	zjk, err := env.Store.UnitByName(ctx, "职教科")
	if err != nil {
		t.Fatal(err)
	}
	items, err := env.Store.CatalogItems(ctx)
	if err != nil || len(items) == 0 {
		t.Fatalf("demo catalogue: %v", err)
	}
	draft := map[string]any{"title": "关于做好秋季学期课后服务工作的通知", "doc_no": "济兖教体字〔2023〕21号", "written_on": workday.DateOf(env.Store.Now()).String(),
		"genre": disclosure.GenreNotice, "topic": "教育", "attribute": disclosure.AttrProactive, "catalog_item_id": items[0].ID, "body": "各学校：现就课后服务工作通知如下。"}

	// Drafts: a unit user for their own unit only; the office must name one.
	foreign := map[string]any{"unit_id": zjk.ID}
	for k, v := range draft {
		foreign[k] = v
	}
	if st, m := d.api("jijiaoke", "POST", "/api/v1/documents", foreign); st != http.StatusForbidden || !strings.Contains(errMessage(m), "本单位") {
		t.Errorf("unit drafts for another unit: %d %v; want 403", st, m)
	}
	if st, m := d.api("bangongshi", "POST", "/api/v1/documents", draft); st != http.StatusBadRequest || !strings.Contains(errMessage(m), "发布机构") {
		t.Errorf("office drafts without a unit: %d %v; want 400 naming 发布机构", st, m)
	}
	if st, _ := d.api("shencha", "POST", "/api/v1/documents", draft); st != http.StatusForbidden {
		t.Errorf("reviewer drafts: %d; want 403", st)
	}
	st, m := d.api("jijiaoke", "POST", "/api/v1/documents", draft)
	if st != http.StatusCreated || m["status"] != "draft" {
		t.Fatalf("unit drafts: %d %v; want 201 draft", st, m)
	}
	id := int64(m["id"].(float64))
	doc, err := env.Store.Document(ctx, id)
	if err != nil || doc.UnitName != "基础教育科" {
		t.Fatalf("draft: %+v %v; want it in 基础教育科", doc, err)
	}
	actions := "/api/v1/documents/" + strconv.FormatInt(id, 10) + "/actions"
	move := "/admin/docs/d/" + strconv.FormatInt(id, 10) + "/move"

	// Another unit's user moves it through neither door.
	if st, _ := d.api("xiaoxue", "POST", actions, map[string]any{"action": "submit"}); st != http.StatusForbidden {
		t.Errorf("API, another unit submits: %d; want 403", st)
	}
	if st, _ := d.console("xiaoxue", move, url.Values{"action": {"submit"}}); st != http.StatusForbidden {
		t.Errorf("console, another unit submits: %d; want 403", st)
	}
	if _, err := env.Store.MoveDocument(ctx, auth.ActorOf(auth.User{ID: 9999, Login: "x", Role: auth.RoleUnit, UnitID: zjk.ID}, ""), store.MoveRequest{ID: id, Action: disclosure.ActSubmit}); err == nil {
		t.Error("store, another unit submits: no error; want the refusal")
	}
	// A wrong state is a conflict; an unknown action is bad input.
	if st, _ := d.api("shencha", "POST", actions, map[string]any{"action": "pass"}); st != http.StatusConflict {
		t.Errorf("pass a draft: %d; want 409", st)
	}
	if st, _ := d.api("jijiaoke", "POST", actions, map[string]any{"action": "publish"}); st != http.StatusBadRequest {
		t.Errorf("unknown action: %d; want 400", st)
	}
	steps := []struct {
		login, action, reason string
		status                int
		to                    string
	}{
		{"jijiaoke", "submit", "", 200, "submitted"},
		{"jijiaoke", "pass", "", 403, ""},             // the author does not review their own document
		{"bangongshi", "pass", "", 403, ""},           // nor does the office
		{"shencha", "return", "", 400, ""},            // a return needs its reason
		{"shencha", "pass", "", 200, "reviewed"},      //
		{"jijiaoke", "sign", "", 403, ""},             // only a leader signs
		{"fenguan", "sign", "同意发布", 200, "published"}, //
		{"fenguan", "sign", "", 409, ""},              // already published
	}
	for _, s := range steps {
		st, m := d.api(s.login, "POST", actions, map[string]any{"action": s.action, "reason": s.reason})
		if st != s.status || (s.to != "" && m["status"] != s.to) {
			t.Errorf("%s %s: %d %v; want %d %s", s.login, s.action, st, m, s.status, s.to)
		}
	}
	if doc, _ := env.Store.Document(ctx, id); doc.Status != disclosure.StatusPublished || doc.IndexNo == "" {
		t.Errorf("after sign-off: status %s, index %q; want published with an index number", doc.Status, doc.IndexNo)
	}
	revs, err := env.Store.Reviews(ctx, id)
	if err != nil || len(revs) != 1 || revs[0].Findings == "" || revs[0].Reviewer == "" || revs[0].Signer == "" {
		t.Errorf("review record: %+v %v; want one with the findings, the reviewer and the signer", revs, err)
	}
}
