package app_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"gongkai/internal/app"
	"gongkai/internal/auth"
	"gongkai/internal/disclosure"
	"gongkai/internal/exchange"
	"gongkai/internal/store"
	"gongkai/internal/webtest"
)

// receiver is a subscriber's endpoint: it verifies each delivery's
// signature with the secret and keeps what it accepted.
type receiver struct {
	mu       sync.Mutex
	secret   string
	fail     int // answer 500 to this many deliveries first
	posts    int
	bad      int
	accepted []map[string]any
}

func (rc *receiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	body, _ := io.ReadAll(r.Body)
	rc.posts++
	if !exchange.Verify(rc.secret, r.Header.Get(exchange.HeaderSignature), r.Header.Get(exchange.HeaderTimestamp), body, time.Unix(mustInt(r.Header.Get(exchange.HeaderTimestamp)), 0), time.Minute) {
		rc.bad++
		http.Error(w, "bad signature", http.StatusUnauthorized)
		return
	}
	if rc.fail > 0 {
		rc.fail--
		http.Error(w, "busy", http.StatusInternalServerError)
		return
	}
	var p exchange.Push
	if err := json.Unmarshal(body, &p); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	rc.accepted = append(rc.accepted, p.Changes...)
}

func mustInt(s string) int64 {
	var n int64
	for _, c := range s {
		n = n*10 + int64(c-'0')
	}
	return n
}

// A subscriber gets the changes by a POST signed with its secret; a
// failed delivery is retried after the outbox's backoff, a delivered one
// is never sent again, and a withdrawn document comes as a tombstone.
func TestExchangePushSignedRetriedOnce(t *testing.T) {
	env := webtest.Start(t)
	ctx := context.Background()
	now := time.Date(2023, 9, 1, 2, 0, 0, 0, time.UTC)
	env.Store.Now = func() time.Time { return now }
	rc := &receiver{fail: 1}
	srv := httptest.NewServer(rc)
	defer srv.Close()
	admin := auth.Actor{Login: "admin", Role: auth.RoleAdmin}
	sub, secret, err := env.Store.AddSubscriber(ctx, admin, store.NewSubscriber{Name: "集约化平台", URL: srv.URL + "/hook", Kinds: []exchange.Kind{exchange.KindDocument}})
	if err != nil {
		t.Fatal(err)
	}
	rc.secret = secret
	push := func() int {
		t.Helper()
		n, err := app.PushExchange(ctx, env.Store, srv.Client(), "https://www.example.gov.cn", now)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := push(); n != 0 || rc.posts != 1 {
		t.Fatalf("first push: sent %d, posts %d; want the one POST refused by the receiver", n, rc.posts)
	}
	now = now.Add(30 * time.Second)
	if push(); rc.posts != 1 {
		t.Errorf("retried before the backoff: %d posts", rc.posts)
	}
	now = now.Add(31 * time.Second)
	if n := push(); n == 0 || rc.bad != 0 {
		t.Fatalf("retry after a minute: sent %d, bad signatures %d", n, rc.bad)
	}
	docs := len(rc.accepted)
	seen := map[float64]bool{}
	for _, c := range rc.accepted {
		id := c["change_id"].(float64)
		if seen[id] || c["kind"] != "document" || !strings.HasPrefix(c["url"].(string), "https://www.example.gov.cn/docs/") {
			t.Fatalf("change %+v repeated or malformed", c)
		}
		seen[id] = true
	}
	if docs == 0 {
		t.Fatal("nothing delivered")
	}
	posts := rc.posts
	now = now.Add(time.Hour)
	if push(); rc.posts != posts {
		t.Errorf("delivered again: %d posts; want %d", rc.posts, posts)
	}
	// Withdraw a published document: the next push carries its tombstone.
	var docID int64
	for _, c := range rc.accepted {
		docID = int64(c["id"].(float64))
	}
	office, _, err := env.Store.UserByLogin(ctx, "bangongshi")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := env.Store.MoveDocument(ctx, auth.ActorOf(office, "127.0.0.1"), store.MoveRequest{ID: docID, Action: disclosure.ActWithdraw, Reason: "误发，撤回"}); err != nil {
		t.Fatal(err)
	}
	push()
	last := rc.accepted[len(rc.accepted)-1]
	if len(rc.accepted) != docs+1 || last["deleted"] != true || int64(last["id"].(float64)) != docID || last["reason"] != "withdrawn" || seen[last["change_id"].(float64)] {
		t.Errorf("after the withdrawal: %+v; want one new change, the tombstone", last)
	}
	// A stopped subscriber gets nothing more.
	if err := env.Store.SetSubscriberActive(ctx, admin, sub.ID, false); err != nil {
		t.Fatal(err)
	}
}

// The exchange API: only a token given the exchange permission reads it
// (an office token does not); pages follow next_cursor to the end with
// each document once; a bad cursor is 400; a subscriber address that is
// not http(s) is refused.
func TestExchangeAPI(t *testing.T) {
	env := webtest.Start(t)
	ctx := context.Background()
	u, _, err := env.Store.UserByLogin(ctx, "bangongshi")
	if err != nil {
		t.Fatal(err)
	}
	_, scoped, err := env.Store.IssueToken(ctx, auth.CLI, store.NewToken{UserID: u.ID, Name: "上级平台", Scope: []auth.Perm{auth.PermExchange}})
	if err != nil {
		t.Fatal(err)
	}
	_, plain, err := env.Store.IssueToken(ctx, auth.CLI, store.NewToken{UserID: u.ID, Name: "脚本"})
	if err != nil {
		t.Fatal(err)
	}
	get := func(token, path string, v any) int {
		t.Helper()
		req, _ := http.NewRequest("GET", env.URL+path, nil)
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
			t.Fatal(err)
		}
		return resp.StatusCode
	}
	var e struct {
		Error struct{ Code, Message string }
	}
	if st := get(plain, "/api/v1/exchange/documents", &e); st != 403 {
		t.Errorf("office token: %d; want 403", st)
	}
	type page struct {
		Documents  []map[string]any `json:"documents"`
		NextCursor *string          `json:"next_cursor"`
		Cursor     string           `json:"cursor"`
	}
	seen := map[float64]bool{}
	path := "/api/v1/exchange/documents?limit=2"
	pages := 0
	for {
		var p page
		if st := get(scoped, path, &p); st != 200 {
			t.Fatalf("%s: %d", path, st)
		}
		pages++
		for _, d := range p.Documents {
			id := d["id"].(float64)
			if seen[id] {
				t.Fatalf("document %v twice in one walk", id)
			}
			seen[id] = true
			for _, k := range []string{"index_no", "doc_no", "title", "published_at", "validity", "issuer", "written_on", "catalog", "topic", "interpretations", "attachments", "body_html", "change_id"} {
				if _, ok := d[k]; !ok {
					t.Errorf("document %v lacks %s", id, k)
				}
			}
		}
		if p.NextCursor == nil {
			if p.Cursor == "" {
				t.Error("the last page has no cursor to poll from")
			}
			break
		}
		path = "/api/v1/exchange/documents?limit=2&cursor=" + *p.NextCursor
	}
	if len(seen) < 3 || pages < 2 {
		t.Errorf("walk: %d documents in %d pages", len(seen), pages)
	}
	// The demo's targeted (定向) document is published but never exchanged.
	var targeted int64
	if err := env.Store.DB().QueryRowContext(ctx, `SELECT id FROM documents WHERE audience_unit_id IS NOT NULL AND status = 'published'`).Scan(&targeted); err != nil {
		t.Fatalf("the demo's targeted document: %v", err)
	}
	if seen[float64(targeted)] {
		t.Errorf("the targeted document %d came in the walk", targeted)
	}
	var p page
	if get(scoped, "/api/v1/exchange/documents?since=2999-01-01T00:00:00Z", &p); len(p.Documents) != 0 {
		t.Errorf("since the future: %d documents", len(p.Documents))
	}
	for _, q := range []string{"cursor=garbage", "cursor=YzEuY2F0YWxvZ19pdGVtLjE", "since=yesterday", "limit=0"} {
		if st := get(scoped, "/api/v1/exchange/documents?"+q, &e); st != 400 || e.Error.Code != "invalid" {
			t.Errorf("%s: %d %+v; want 400", q, st, e)
		}
	}
	var cat struct {
		CatalogItems []map[string]any `json:"catalog_items"`
	}
	if st := get(scoped, "/api/v1/exchange/catalog?limit=500", &cat); st != 200 || len(cat.CatalogItems) < 5 {
		t.Errorf("catalogue: %d, %d items", st, len(cat.CatalogItems))
	}
	// Subscribers: the office, not a scoped token; http(s) only.
	post := func(token, body string) int {
		req, _ := http.NewRequest("POST", env.URL+"/api/v1/exchange/subscribers", strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if st := post(plain, `{"name":"平台","url":"ftp://platform.example/hook"}`); st != 400 {
		t.Errorf("ftp subscriber: %d; want 400", st)
	}
	if st := post(scoped, `{"name":"平台","url":"https://platform.example/hook"}`); st != 403 {
		t.Errorf("scoped token adds a subscriber: %d; want 403", st)
	}
	if st := post(plain, `{"name":"平台","url":"https://platform.example/hook"}`); st != 201 {
		t.Errorf("office adds a subscriber: %d; want 201", st)
	}
}
