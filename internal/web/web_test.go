package web_test

import (
	"bytes"
	"context"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"gongkai/internal/demo"
	"gongkai/internal/store"
	"gongkai/internal/webtest"
)

func body(t *testing.T, resp *http.Response) string {
	t.Helper()
	b, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestHealthzAndPortal(t *testing.T) {
	env := webtest.Start(t)
	c := env.Client()
	resp, err := c.Get(env.URL + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.TrimSpace(body(t, resp)); got != `{"status":"ok"}` {
		t.Errorf("healthz = %q", got)
	}
	resp, _ = c.Get(env.URL + "/")
	page := body(t, resp)
	if resp.StatusCode != 200 || !strings.Contains(page, "信息公开指南") || !strings.Contains(page, `name="SiteIDCode"`) {
		t.Errorf("portal home: %d, missing columns or meta tags", resp.StatusCode)
	}
	if resp.Header.Get("Content-Security-Policy") == "" || resp.Header.Get("X-Content-Type-Options") != "nosniff" {
		t.Error("security headers missing")
	}
}

func TestLoginLockout(t *testing.T) {
	env := webtest.Start(t)
	c := env.Client()
	for i := 0; i < 5; i++ {
		resp, _ := c.PostForm(env.URL+"/login", url.Values{"login": {"bangongshi"}, "password": {"wrong"}})
		page := body(t, resp)
		if resp.StatusCode != http.StatusUnauthorized || !strings.Contains(page, "登录名或密码错误") {
			t.Fatalf("failure %d: status %d", i, resp.StatusCode)
		}
	}
	// Even the right password is refused while locked.
	resp, _ := c.PostForm(env.URL+"/login", url.Values{"login": {"bangongshi"}, "password": {demo.Password}})
	if page := body(t, resp); resp.StatusCode != http.StatusTooManyRequests || !strings.Contains(page, "临时锁定") {
		t.Errorf("locked login: status %d", resp.StatusCode)
	}
	// An unknown login gives the same message as a wrong password.
	resp, _ = c.PostForm(env.URL+"/login", url.Values{"login": {"nobody"}, "password": {"x"}})
	if page := body(t, resp); !strings.Contains(page, "登录名或密码错误") {
		t.Error("unknown login reveals itself")
	}
	rows, _ := env.Store.Audit(context.Background(), store.AuditFilter{Action: "login_failed"})
	if len(rows) != 6 {
		t.Errorf("audited failed logins = %d; want 6", len(rows))
	}
}

func TestIdleSessionEnds(t *testing.T) {
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	env := webtest.StartWith(t, webtest.Options{Now: now})
	clock := now
	env.Store.Now = func() time.Time { return clock }
	c := env.Client()
	env.Login(t, c, "bangongshi")
	resp, _ := c.Get(env.URL + "/admin/")
	if body(t, resp); resp.StatusCode != 200 {
		t.Fatalf("console: %d", resp.StatusCode)
	}
	clock = clock.Add(31 * time.Minute) // default idle timeout is 30 minutes
	resp, _ = c.Get(env.URL + "/admin/")
	body(t, resp)
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/login") {
		t.Errorf("after 31 idle minutes: %d %s; want the login page", resp.StatusCode, resp.Header.Get("Location"))
	}
}

func TestCrossOriginPostRefused(t *testing.T) {
	env := webtest.Start(t)
	c := env.Client()
	env.Login(t, c, "admin")
	req, _ := http.NewRequest("POST", env.URL+"/admin/system/units", strings.NewReader("name=恶意&kind=school"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", "https://evil.example")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body(t, resp)
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("cross-site POST: %d; want 403", resp.StatusCode)
	}
	if _, err := env.Store.UnitByName(context.Background(), "恶意"); !store.IsNotFound(err) {
		t.Error("cross-site POST created a unit")
	}
}

func TestUnitsConsoleAndHistory(t *testing.T) {
	env := webtest.Start(t)
	c := env.Client()
	env.Login(t, c, "admin")
	resp, _ := c.PostForm(env.URL+"/admin/system/units", url.Values{"name": {""}, "kind": {"school"}})
	if page := body(t, resp); resp.StatusCode != 400 || !strings.Contains(page, "请填写单位名称") {
		t.Errorf("empty name: %d", resp.StatusCode)
	}
	resp, _ = c.PostForm(env.URL+"/admin/system/units", url.Values{"name": {"兖州区新建小学"}, "kind": {"school"}, "tags": {"区直，小学"}})
	body(t, resp)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("create: %d", resp.StatusCode)
	}
	u, err := env.Store.UnitByName(context.Background(), "兖州区新建小学")
	if err != nil || len(u.Tags) != 2 {
		t.Fatalf("created unit %+v %v", u, err)
	}
	id := itoa(u.ID)
	resp, _ = c.PostForm(env.URL+"/admin/system/units/"+id, url.Values{"name": {"兖州区新建小学（更名）"}, "kind": {"school"}, "active": {"0"}})
	body(t, resp)
	resp, _ = c.Get(env.URL + "/admin/system/units/" + id)
	page := body(t, resp)
	if !strings.Contains(page, "变更历史") || !strings.Contains(page, "<td>停用：") || strings.Contains(page, "deactivate") {
		t.Errorf("unit page lacks its history, or shows the action's code instead of 停用")
	}
}

func TestHolidayImportInConsole(t *testing.T) {
	env := webtest.Start(t)
	c := env.Client()
	env.Login(t, c, "admin")
	post := func(content string) *http.Response {
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		fw, _ := mw.CreateFormFile("file", "2027.csv")
		fw.Write([]byte(content))
		mw.Close()
		req, _ := http.NewRequest("POST", env.URL+"/admin/system/holidays/import", &buf)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		return resp
	}
	resp := post("date,type,name\n2027-02-30,放假,春节\n")
	if page := body(t, resp); resp.StatusCode != 400 || !strings.Contains(page, "未保存任何数据") {
		t.Errorf("bad schedule: %d", resp.StatusCode)
	}
	resp = post("date,type,name\n2027-02-08,放假,春节\n2027-02-07,上班,春节\n")
	body(t, resp)
	days, _ := env.Store.Holidays(context.Background())
	if resp.StatusCode != http.StatusSeeOther || len(days) != 2 {
		t.Errorf("import: %d, %d days", resp.StatusCode, len(days))
	}
}

func TestAuditExportByAuditorOnly(t *testing.T) {
	env := webtest.Start(t)
	admin := env.Client()
	env.Login(t, admin, "admin")
	resp, _ := admin.Get(env.URL + "/admin/audit/export")
	body(t, resp)
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("admin export: %d; want 403", resp.StatusCode)
	}
	aud := env.Client()
	env.Login(t, aud, "shenji")
	resp, _ = aud.Get(env.URL + "/admin/audit/export")
	data, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("export is not xlsx: %v", err)
	}
	rows, _ := f.GetRows("审计日志")
	if len(rows) < 3 || rows[0][2] != "登录名" || rows[0][6] != "操作" {
		t.Errorf("export rows = %d, header %v", len(rows), rows[0])
	}
	found := false
	for _, r := range rows {
		if len(r) > 6 && r[2] == "admin" && r[3] == "系统管理员" && r[6] == "登录" {
			found = true
		}
	}
	if !found {
		t.Error("the admin's own login is not in the audit log")
	}
}

func itoa(n int64) string { return fmtInt(n) }

func TestResolvePage(t *testing.T) {
	env := webtest.Start(t)
	c := env.Client()
	env.Login(t, c, "bangongshi")
	resp, _ := c.Get(env.URL + "/admin/units/resolve?text=" + url.QueryEscape("办公室\n各普通中小学、各有关科室；各市、县（市、区）教育局"))
	page := body(t, resp)
	for _, want := range []string{"兖州区实验小学", "需办公室指定", "未识别：各市、县（市、区）教育局"} {
		if !strings.Contains(page, want) {
			t.Errorf("resolve page lacks %q", want)
		}
	}
}

// TestHomeCardsOncePerArea checks that a console home shows each area's
// card once, even when several servers live in one process (as in tests,
// or two apps in one binary).
func TestHomeCardsOncePerArea(t *testing.T) {
	webtest.Start(t) // another server in the same process
	env := webtest.Start(t)
	c := env.Client()
	env.Login(t, c, "xiaoxue")
	resp, _ := c.Get(env.URL + "/admin/")
	page := body(t, resp)
	if n := strings.Count(page, "本单位待办任务"); n != 1 {
		t.Errorf("the supervision card shows %d times; want once", n)
	}
}
