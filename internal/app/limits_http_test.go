package app_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"gongkai/internal/app"
	"gongkai/internal/auth"
	"gongkai/internal/config"
	"gongkai/internal/participation"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
	"gongkai/internal/webtest"
)

// eachDB runs fn on SQLite and on PostgreSQL (skipped when not set up).
func eachDB(t *testing.T, fn func(t *testing.T, pg bool)) {
	t.Run("sqlite", func(t *testing.T) { fn(t, false) })
	t.Run("postgres", func(t *testing.T) { fn(t, true) })
}

type answer struct {
	Status     int
	Body       string
	RetryAfter string
}

// fire sends n requests at once (released together) and returns the
// answers.
func fire(t *testing.T, n int, mk func(i int) *http.Request) []answer {
	t.Helper()
	c := &http.Client{Timeout: 60 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	out := make([]answer, n)
	var wg sync.WaitGroup
	start := make(chan struct{})
	errs := make(chan error, n)
	for i := 0; i < n; i++ {
		req := mk(i)
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			<-start
			resp, err := c.Do(req)
			if err != nil {
				errs <- err
				return
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			out[i] = answer{resp.StatusCode, string(b), resp.Header.Get("Retry-After")}
		}(i)
	}
	close(start)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	return out
}

func formRequest(t *testing.T, u string, v url.Values, from string) *http.Request {
	req, err := http.NewRequest(http.MethodPost, u, strings.NewReader(v.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if from != "" {
		req.Header.Set("X-Forwarded-For", from)
	}
	return req
}

func jsonRequest(t *testing.T, method, u, token string, body any, from string) *http.Request {
	b, _ := json.Marshal(body)
	req, err := http.NewRequest(method, u, bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if from != "" {
		req.Header.Set("X-Forwarded-For", from)
	}
	return req
}

func send(t *testing.T, c *http.Client, req *http.Request) answer {
	t.Helper()
	if c == nil {
		c = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return answer{resp.StatusCode, string(b), resp.Header.Get("Retry-After")}
}

// Of 40 wrong passwords sent at once for one login at most 5 are checked
// (401 登录名或密码错误); the rest answer 429 账号已临时锁定 with
// Retry-After; then the right password, from another address, is refused.
func TestLoginBurstOverHTTP(t *testing.T) {
	eachDB(t, func(t *testing.T, pg bool) {
		env := webtest.StartWith(t, webtest.Options{Postgres: pg, NoDemo: true})
		env.App.HTTP.Config.TrustProxy = true // the addresses come from X-Forwarded-For
		if _, err := env.Store.CreateUser(context.Background(), auth.System, store.NewUser{Login: "wang", Name: "王主任", Role: auth.RoleOffice, Password: "Right-pass-2026"}, auth.PasswordPolicy{MinLength: 8, MinClasses: 2}); err != nil {
			t.Fatal(err)
		}
		answers := fire(t, 40, func(int) *http.Request {
			return formRequest(t, env.URL+"/login", url.Values{"login": {"wang"}, "password": {"wrong-password"}}, "203.0.113.7")
		})
		checked, locked := 0, 0
		for _, a := range answers {
			switch {
			case a.Status == http.StatusUnauthorized && strings.Contains(a.Body, "登录名或密码错误"):
				checked++
			case a.Status == http.StatusTooManyRequests && strings.Contains(a.Body, "账号已临时锁定") && a.RetryAfter != "":
				locked++
			default:
				t.Errorf("answer %d with Retry-After %q: %.300s", a.Status, a.RetryAfter, a.Body)
			}
		}
		t.Logf("40 wrong passwords at once over HTTP: %d checked (401), %d locked (429)", checked, locked)
		if checked > 5 || checked+locked != 40 {
			t.Fatalf("%d checked, %d locked; want at most 5 checked and the rest locked", checked, locked)
		}
		a := send(t, nil, formRequest(t, env.URL+"/login", url.Values{"login": {"wang"}, "password": {"Right-pass-2026"}}, "198.51.100.1"))
		secs, _ := strconv.Atoi(a.RetryAfter)
		if a.Status != http.StatusTooManyRequests || !strings.Contains(a.Body, "账号已临时锁定") || secs < 14*60 || secs > 15*60 {
			t.Errorf("right password from another address after the burst: %d, Retry-After %q; want 429 for 15 minutes", a.Status, a.RetryAfter)
		}
	})
}

func applicationJSON(name string) map[string]any {
	return map[string]any{
		"applicant":   map[string]any{"type": "natural", "name": name, "id_number": "370882199003071238", "phone": "13805379876", "email": "cj@example.com", "address": "兖州区"},
		"description": "兖州区2025年秋季学期课后服务收费标准", "form": "email", "channel": "online",
	}
}

// Of 30 applications sent at once from one address at most 5 are
// accepted; the rest answer 429 with Retry-After, through the API and the
// portal's form alike.
func TestApplicationBurstOverHTTP(t *testing.T) {
	eachDB(t, func(t *testing.T, pg bool) {
		env := webtest.StartWith(t, webtest.Options{Postgres: pg, NoDemo: true})
		answers := fire(t, 30, func(int) *http.Request {
			return jsonRequest(t, http.MethodPost, env.URL+"/api/v1/requests", "", applicationJSON("陈静"), "")
		})
		accepted, refused := 0, 0
		for _, a := range answers {
			switch {
			case a.Status == http.StatusCreated:
				accepted++
			case a.Status == http.StatusTooManyRequests && a.RetryAfter != "" && strings.Contains(a.Body, `"retry_after"`) && strings.Contains(a.Body, "最多提交 5 件"):
				refused++
			default:
				t.Errorf("answer %d: %.300s", a.Status, a.Body)
			}
		}
		t.Logf("30 applications at once over HTTP: %d accepted (201), %d refused (429)", accepted, refused)
		if accepted > 5 || accepted+refused != 30 {
			t.Fatalf("%d accepted, %d refused; want at most 5 accepted", accepted, refused)
		}
		form := url.Values{"type": {"natural"}, "name": {"陈静"}, "id_number": {"370882199003071238"}, "phone": {"13805379876"}, "email": {"cj@example.com"},
			"description": {"兖州区2025年秋季学期课后服务收费标准"}, "form": {"email"}}
		a := send(t, nil, formRequest(t, env.URL+"/apply", form, ""))
		if a.Status != http.StatusTooManyRequests || a.RetryAfter == "" || !strings.Contains(a.Body, "最多提交 5 件") {
			t.Errorf("the portal's form after the burst: %d, Retry-After %q; want 429", a.Status, a.RetryAfter)
		}
	})
}

// Two servers on one database (two nodes) share the message limit: of 12
// messages sent at once through both, 5 are accepted.
func TestTwoServersShareMessageLimit(t *testing.T) {
	eachDB(t, func(t *testing.T, pg bool) {
		dsn := filepath.Join(t.TempDir(), "shared.db")
		if pg {
			if dsn = storetest.PostgresURL(t); dsn == "" {
				t.Skip("GONGKAI_TEST_POSTGRES not set")
			}
		}
		var urls []string
		for i := 0; i < 2; i++ {
			st, err := store.Open(context.Background(), dsn)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { st.Close() })
			cfg := config.Default()
			cfg.DB = dsn
			a, err := app.FromStore(context.Background(), st, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), i == 0)
			if err != nil {
				t.Fatalf("node %d: %v", i, err)
			}
			srv := httptest.NewServer(a.Handler())
			t.Cleanup(srv.Close)
			urls = append(urls, srv.URL)
		}
		answers := fire(t, 12, func(i int) *http.Request {
			return formRequest(t, urls[i%2]+"/messages", url.Values{"kind": {"message"}, "title": {fmt.Sprintf("咨询 %d", i)}, "content": {"请问今年的招生划片范围何时公布？"},
				"name": {"王先生"}, participation.HoneypotField: {""}}, "")
		})
		accepted, refused := 0, 0
		for _, a := range answers {
			switch {
			case a.Status == http.StatusOK && strings.Contains(a.Body, "提交成功"):
				accepted++
			case a.Status == http.StatusTooManyRequests && a.RetryAfter != "" && strings.Contains(a.Body, "10 分钟内最多提交 5 条留言"):
				refused++
			default:
				t.Errorf("answer %d: %.300s", a.Status, a.Body)
			}
		}
		t.Logf("12 messages at once through two servers: %d accepted, %d refused", accepted, refused)
		if accepted != 5 || refused != 7 {
			t.Fatalf("%d accepted, %d refused; want 5 and 7", accepted, refused)
		}
	})
}

// A token made in the console stops working when its owner's password
// changes; the admin revokes any token, and creates none for another user.
func TestTokenThroughConsoleAndAPI(t *testing.T) {
	env := webtest.StartWith(t, webtest.Options{NoDemo: true})
	ctx := context.Background()
	p := auth.PasswordPolicy{MinLength: 8, MinClasses: 2}
	for _, u := range []store.NewUser{{Login: "li", Name: "李", Role: auth.RoleOffice, Password: "Old-pass-2026"}, {Login: "root1", Role: auth.RoleAdmin, Password: "Admin-pass-2026"}} {
		if _, err := env.Store.CreateUser(ctx, auth.System, u, p); err != nil {
			t.Fatal(err)
		}
	}
	login := func(name, pw string) *http.Client {
		c := env.Client()
		if a := send(t, c, formRequest(t, env.URL+"/login", url.Values{"login": {name}, "password": {pw}}, "")); a.Status != http.StatusSeeOther {
			t.Fatalf("login %s: %d %.200s", name, a.Status, a.Body)
		}
		return c
	}
	li := login("li", "Old-pass-2026")
	create := func(name, days string) string {
		a := send(t, li, formRequest(t, env.URL+"/admin/account/tokens", url.Values{"name": {name}, "days": {days}}, ""))
		i := strings.Index(a.Body, "gk_")
		if a.Status != http.StatusCreated || i < 0 {
			t.Fatalf("create token: %d %.300s", a.Status, a.Body)
		}
		return a.Body[i : i+strings.IndexByte(a.Body[i:], '<')]
	}
	if a := send(t, li, formRequest(t, env.URL+"/admin/account/tokens", url.Values{"name": {"年度"}, "days": {"400"}}, "")); a.Status != http.StatusBadRequest || !strings.Contains(a.Body, "最长一年") {
		t.Errorf("400 days: %d; want 400 naming the one-year limit", a.Status)
	}
	me := func(tok string) answer {
		return send(t, nil, jsonRequest(t, http.MethodGet, env.URL+"/api/v1/me", tok, nil, ""))
	}
	first, second := create("数据同步脚本", "30"), create("报表", "")
	if a := me(first); a.Status != http.StatusOK || !strings.Contains(a.Body, `"li"`) {
		t.Fatalf("token at work: %d %.200s", a.Status, a.Body)
	}
	page := send(t, li, mustGet(t, env.URL+"/admin/account/tokens"))
	if !strings.Contains(page.Body, "数据同步脚本") || !strings.Contains(page.Body, "报表") || strings.Contains(page.Body, first) {
		t.Errorf("token list: %d; want both names and no secret", page.Status)
	}

	// The admin lists every token and revokes one; the owner's list shows it.
	admin := login("root1", "Admin-pass-2026")
	toks, err := env.Store.Tokens(ctx, 0)
	if err != nil || len(toks) != 2 {
		t.Fatalf("tokens %v %v", toks, err)
	}
	if a := send(t, admin, mustGet(t, env.URL+"/admin/system/tokens")); a.Status != http.StatusOK || !strings.Contains(a.Body, "报表") {
		t.Errorf("admin's list: %d", a.Status)
	}
	var reportID int64
	for _, tk := range toks {
		if tk.Name == "报表" {
			reportID = tk.ID
		}
	}
	if a := send(t, admin, formRequest(t, env.URL+"/admin/system/tokens/"+strconv.FormatInt(reportID, 10)+"/revoke", url.Values{}, "")); a.Status != http.StatusSeeOther {
		t.Errorf("admin revokes: %d %.200s", a.Status, a.Body)
	}
	if a := me(second); a.Status != http.StatusUnauthorized || !strings.Contains(a.Body, "接口令牌无效、已过期或已撤销") {
		t.Errorf("revoked token: %d %.200s; want 401", a.Status, a.Body)
	}

	// The password changes: the remaining token stops working.
	a := send(t, li, formRequest(t, env.URL+"/admin/account/password", url.Values{"current": {"Old-pass-2026"}, "new": {"New-pass-2026x"}, "confirm": {"New-pass-2026x"}}, ""))
	if a.Status != http.StatusSeeOther {
		t.Fatalf("change password: %d %.200s", a.Status, a.Body)
	}
	if a := me(first); a.Status != http.StatusUnauthorized || !strings.Contains(a.Body, "接口令牌无效、已过期或已撤销") {
		t.Errorf("token after the password change: %d %.200s; want 401", a.Status, a.Body)
	}
}

func mustGet(t *testing.T, u string) *http.Request {
	req, err := http.NewRequest(http.MethodGet, u, nil)
	if err != nil {
		t.Fatal(err)
	}
	return req
}

// Names with control or text-direction characters and impossible receipt
// and writing dates are refused through the console, the portal and the
// API alike, with the field named.
func TestHiddenCharactersAndDatesThroughEveryDoor(t *testing.T) {
	env := webtest.Start(t)
	ctx := context.Background()
	tokenOf := func(login string) string {
		u, _, err := env.Store.UserByLogin(ctx, login)
		if err != nil {
			t.Fatal(err)
		}
		_, secret, err := env.Store.IssueToken(ctx, auth.CLI, store.NewToken{UserID: u.ID, Name: "test"})
		if err != nil {
			t.Fatal(err)
		}
		return secret
	}
	office, unit := tokenOf("bangongshi"), tokenOf("jijiaoke")
	admin := env.Client()
	env.Login(t, admin, "admin")
	officeC := env.Client()
	env.Login(t, officeC, "bangongshi")
	today := time.Now().In(time.FixedZone("CST", 8*3600))
	tomorrow := today.AddDate(0, 0, 1).Format("2006-01-02")

	bidi := applicationJSON("陈\u202e静")
	staffFuture := applicationJSON("陈静")
	staffFuture["channel"], staffFuture["received_on"] = "in_person", tomorrow
	staffOld := applicationJSON("陈静")
	staffOld["channel"], staffOld["received_on"] = "in_person", "1999-12-31"
	tests := []struct {
		door   string
		req    *http.Request
		client *http.Client
		status int
		want   string
	}{
		{"API application, applicant name", jsonRequest(t, http.MethodPost, env.URL+"/api/v1/requests", "", bidi, ""), nil, 400, "申请人姓名或名称"},
		{"API registration, receipt tomorrow", jsonRequest(t, http.MethodPost, env.URL+"/api/v1/requests", office, staffFuture, ""), nil, 400, "晚于今天"},
		{"API registration, receipt in 1999", jsonRequest(t, http.MethodPost, env.URL+"/api/v1/requests", office, staffOld, ""), nil, 400, "早于 2000-01-01"},
		{"API document, title", jsonRequest(t, http.MethodPost, env.URL+"/api/v1/documents", unit, map[string]any{"title": "通知\u200b", "written_on": "2025-05-06", "body": "正文"}, ""), nil, 400, "“标题”"},
		{"API document, written tomorrow", jsonRequest(t, http.MethodPost, env.URL+"/api/v1/documents", unit, map[string]any{"title": "通知", "written_on": tomorrow, "body": "正文"}, ""), nil, 400, "成文日期"},
		{"portal application, applicant name", formRequest(t, env.URL+"/apply", url.Values{"type": {"natural"}, "name": {"陈\u2066静"}, "id_number": {"370882199003071238"},
			"phone": {"13805379876"}, "description": {"课后服务收费标准"}, "form": {"paper"}}, ""), nil, 400, "申请人姓名或名称"},
		{"portal message, name", formRequest(t, env.URL+"/messages", url.Values{"kind": {"message"}, "title": {"咨询"}, "content": {"请问今年的招生范围"}, "name": {"王\u202e"}}, ""), nil, 400, "“姓名或称呼”"},
		{"console registration, receipt tomorrow", formRequest(t, env.URL+"/admin/requests/", url.Values{"type": {"natural"}, "name": {"陈静"}, "id_number": {"370882199003071238"},
			"phone": {"13805379876"}, "description": {"课后服务收费标准"}, "form": {"paper"}, "channel": {"in_person"}, "received_on": {tomorrow}}, ""), officeC, 400, "晚于今天"},
		{"console user, name", formRequest(t, env.URL+"/admin/system/users", url.Values{"login": {"zhang3"}, "name": {"张\u200b三"}, "role": {"office"}, "unit_id": {"0"}, "password": {"Strong-Pass-2026"}}, ""), admin, 400, "“姓名”"},
		{"console unit, name", formRequest(t, env.URL+"/admin/system/units", url.Values{"name": {"实验\u202e小学"}, "kind": {"school"}, "parent_id": {"0"}}, ""), admin, 400, "“单位名称”"},
	}
	for _, tt := range tests {
		a := send(t, tt.client, tt.req)
		if a.Status != tt.status || !strings.Contains(a.Body, tt.want) {
			t.Errorf("%s: %d; want %d with %q (%.400s)", tt.door, a.Status, tt.status, tt.want, a.Body)
		}
	}

	// The receipt of an online application confirmed for tomorrow is
	// refused through the API.
	a := send(t, nil, jsonRequest(t, http.MethodPost, env.URL+"/api/v1/requests", "", applicationJSON("陈静"), "192.0.2.77"))
	var created struct{ Code string }
	if err := json.Unmarshal([]byte(a.Body), &created); err != nil || a.Status != http.StatusCreated {
		t.Fatalf("application: %d %s", a.Status, a.Body)
	}
	a = send(t, nil, jsonRequest(t, http.MethodPost, env.URL+"/api/v1/requests/"+created.Code+"/events", office, map[string]any{"type": "received", "on": tomorrow}, ""))
	if a.Status != http.StatusBadRequest || !strings.Contains(a.Body, "收到申请之日") {
		t.Errorf("receipt confirmed for tomorrow: %d %.300s", a.Status, a.Body)
	}
}
