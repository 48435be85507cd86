package app_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"gongkai/internal/auth"
	"gongkai/internal/demo"
	"gongkai/internal/store"
	"gongkai/internal/webtest"
)

// tokenFor issues an API token for the demo user login, with the given
// permissions only (a scoped token) when scope is set.
func tokenFor(t *testing.T, st *store.Store, login string, scope ...auth.Perm) string {
	t.Helper()
	u, _, err := st.UserByLogin(context.Background(), login)
	if err != nil {
		t.Fatal(err)
	}
	_, secret, err := st.IssueToken(context.Background(), auth.ActorOf(u, "127.0.0.1"), store.NewToken{UserID: u.ID, Name: "监控采集", Scope: scope})
	if err != nil {
		t.Fatal(err)
	}
	return secret
}

func getTok(t *testing.T, c *http.Client, url, token string) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

// TestMetrics scrapes /metrics with an admin's API token and parses it
// with the Prometheus text parser; the public and console sessions get
// 404, another role's token 403; GONGKAI_METRICS_ADDR's handler serves
// the same without a token.
func TestMetrics(t *testing.T) {
	env := webtest.Start(t)
	ctx := context.Background()
	if err := env.App.RunJobsOnce(ctx); err != nil {
		t.Fatal(err)
	}
	anon := env.Client()
	getTok(t, anon, env.URL+"/", "") // a few requests to count
	getTok(t, anon, env.URL+"/no-such-page", "")
	metricsToken := tokenFor(t, env.Store, "admin", auth.PermMetrics)
	resp, body := getTok(t, anon, env.URL+"/metrics", metricsToken)
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/plain") {
		t.Fatalf("metrics with a metrics token: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	// The metrics token does nothing else.
	if resp, _ := getTok(t, anon, env.URL+"/api/v1/units", metricsToken); resp.StatusCode != http.StatusForbidden {
		t.Errorf("metrics token on the API: %d; want 403", resp.StatusCode)
	}
	p := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := p.TextToMetricFamilies(strings.NewReader(body))
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	for _, name := range []string{"gongkai_http_request_duration_seconds", "gongkai_job_runs_total", "gongkai_job_last_run_timestamp_seconds",
		"gongkai_notify_outbox", "gongkai_request_clocks", "gongkai_backup_last_success_timestamp_seconds", "gongkai_database_up",
		"gongkai_storage_free_bytes", "gongkai_build_info", "go_sql_open_connections", "go_goroutines"} {
		if fams[name] == nil {
			t.Errorf("metric %s missing", name)
		}
	}
	routes := map[string]bool{}
	for _, m := range fams["gongkai_http_request_duration_seconds"].GetMetric() {
		var route, code string
		for _, l := range m.GetLabel() {
			switch l.GetName() {
			case "route":
				route = l.GetValue()
			case "code":
				code = l.GetValue()
			}
		}
		routes[route+" "+code] = true
	}
	if !routes["unmatched 4xx"] || len(routes) < 2 {
		t.Errorf("request routes: %v", routes)
	}
	if up := fams["gongkai_database_up"].GetMetric()[0].GetGauge().GetValue(); up != 1 {
		t.Errorf("database_up = %v", up)
	}
	// Who else asks.
	if resp, _ := getTok(t, anon, env.URL+"/metrics", ""); resp.StatusCode != http.StatusNotFound {
		t.Errorf("public: %d; want 404", resp.StatusCode)
	}
	session := env.Client()
	env.Login(t, session, "admin")
	if resp, _ := getTok(t, session, env.URL+"/metrics", ""); resp.StatusCode != http.StatusNotFound {
		t.Errorf("admin's console session: %d; want 404 (tokens only)", resp.StatusCode)
	}
	for _, login := range []string{"admin", "bangongshi"} {
		if resp, body := getTok(t, anon, env.URL+"/metrics", tokenFor(t, env.Store, login)); resp.StatusCode != http.StatusForbidden || !strings.Contains(body, "无权读取监控指标") {
			t.Errorf("%s's ordinary token: %d %s; want 403", login, resp.StatusCode, body)
		}
	}
	if resp, _ := getTok(t, anon, env.URL+"/metrics", "gk_wrong"); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("bad token: %d; want 401", resp.StatusCode)
	}
	// The separate listen address serves the handler as it is.
	srv := httptest.NewServer(env.App.MetricsHandler())
	defer srv.Close()
	if resp, body := getTok(t, anon, srv.URL, ""); resp.StatusCode != http.StatusOK || !strings.Contains(body, "gongkai_build_info") {
		t.Errorf("metrics address: %d", resp.StatusCode)
	}
}

// TestHealthReady: /healthz says the process is up; /readyz checks the
// database, the schema, the jobs and the storage.
func TestHealthReady(t *testing.T) {
	env := webtest.Start(t)
	c := env.Client()
	if err := env.App.RunJobsOnce(context.Background()); err != nil {
		t.Fatal(err)
	}
	resp, body := getTok(t, c, env.URL+"/readyz", "")
	var rd struct {
		Status string
		Checks map[string]string
	}
	_ = json.Unmarshal([]byte(body), &rd)
	if resp.StatusCode != http.StatusOK || rd.Status != "ready" || len(rd.Checks) != 4 {
		t.Fatalf("readyz: %d %s", resp.StatusCode, body)
	}
	if resp, body := getTok(t, c, env.URL+"/healthz", ""); resp.StatusCode != http.StatusOK || !strings.Contains(body, `"ok"`) {
		t.Errorf("healthz: %d %s", resp.StatusCode, body)
	}
	// The database closed: /healthz still up, /readyz 503 naming it.
	env.Store.Close()
	if resp, _ := getTok(t, c, env.URL+"/healthz", ""); resp.StatusCode != http.StatusOK {
		t.Errorf("healthz with the database closed: %d", resp.StatusCode)
	}
	resp, body = getTok(t, c, env.URL+"/readyz", "")
	if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") == "" || !strings.Contains(body, "数据库无法连接") {
		t.Errorf("readyz with the database closed: %d %s", resp.StatusCode, body)
	}
}

// TestScheduledBackup: the schedule is saved from the console, the job
// makes the backup when its time has come (once a day), keeps the newest
// files, lists each run; a failure notifies the admin.
func TestScheduledBackup(t *testing.T) {
	env := webtest.Start(t)
	ctx := context.Background()
	dir := t.TempDir()
	admin := env.Client()
	env.Login(t, admin, "admin")
	form := func(v map[string]string) *http.Response {
		vals := make([]string, 0)
		for k, x := range v {
			vals = append(vals, k+"="+x)
		}
		req, _ := http.NewRequest(http.MethodPost, env.URL+"/admin/system/backup", strings.NewReader(strings.Join(vals, "&")))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		resp, err := admin.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	if resp := form(map[string]string{"enabled": "on", "dir": "relative/dir", "time": "02:30", "keep": "2"}); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("relative folder: %d; want 400", resp.StatusCode)
	}
	if resp := form(map[string]string{"enabled": "on", "dir": dir, "time": "00:00", "keep": "2"}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d", resp.StatusCode)
	}
	sched, _ := env.Store.BackupSchedule(ctx)
	if !sched.Enabled || sched.Dir != dir || sched.Keep != 2 {
		t.Fatalf("schedule: %+v", sched)
	}
	// Three scheduled days: a backup each, the oldest pruned.
	for day := 0; day < 3; day++ {
		base := time.Now().Add(time.Duration(day) * 24 * time.Hour)
		env.Store.Now = func() time.Time { return base }
		for range 2 { // the second time is not due: once a day
			if _, err := env.Store.DB().Exec(`DELETE FROM job_runs WHERE name = 'backup'`); err != nil {
				t.Fatal(err)
			}
			if err := env.App.RunJobsOnce(ctx); err != nil {
				t.Fatal(err)
			}
		}
		env.Store.Now = time.Now
	}
	runs, err := env.Store.BackupRuns(ctx, 10)
	if err != nil || len(runs) != 3 {
		t.Fatalf("runs: %d %v", len(runs), err)
	}
	for _, r := range runs {
		if !r.OK || r.Kind != "schedule" || r.Size == 0 || r.Rows == 0 {
			t.Errorf("run %+v", r)
		}
	}
	files, _ := filepath.Glob(filepath.Join(dir, "gongkai-*.gkbak"))
	if len(files) != 2 {
		t.Errorf("kept %v; want the 2 newest", files)
	}
	// The files restore.
	if _, err := store.VerifyArchive(func() (io.ReadCloser, error) { return os.Open(files[1]) }, nil); err != nil {
		t.Errorf("verify %s: %v", files[1], err)
	}
	// A failure (the folder gone) is recorded and notifies the admin.
	os.RemoveAll(dir)
	if _, err := env.App.RunBackup(ctx, "manual", auth.System); err == nil {
		t.Fatal("backup into a removed folder succeeded")
	}
	runs, _ = env.Store.BackupRuns(ctx, 1)
	if runs[0].OK || !strings.Contains(runs[0].Error, "不存在") {
		t.Errorf("failed run: %+v", runs[0])
	}
	u, _, _ := env.Store.UserByLogin(ctx, "admin")
	notes, err := env.Store.Notifications(ctx, u, true, 10)
	if err != nil || len(notes) == 0 || notes[0].Title != "数据库备份失败" {
		t.Errorf("admin's notifications: %+v %v", notes, err)
	}
	// The page lists the runs with the free space (log in again: the
	// session-purge job ran on the days above).
	admin = env.Client()
	env.Login(t, admin, "admin")
	resp, body := getTok(t, admin, env.URL+"/admin/system/backup", "")
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, "可用空间") || !strings.Contains(body, "失败") || strings.Count(body, "成功") < 3 {
		t.Errorf("backup page: %d", resp.StatusCode)
	}
}

// TestBrowserBackupPage: the admin sets the schedule on 系统管理 → 备份,
// starts a backup with 立即备份 and sees it listed with its size and the
// free space; the 503 page of a form keeps what was typed.
func TestBrowserBackupPage(t *testing.T) {
	ctx := webtest.Browser(t)
	env := webtest.Start(t)
	dir := t.TempDir()
	if err := chromedp.Do(ctx, webtest.LoginActions(env.URL, "admin", demo.Password), chromedp.WaitVisible(chromedp.CSS("nav.sidenav")),
		chromedp.Navigate(env.URL+"/admin/system/backup"), chromedp.WaitVisible(chromedp.ID("dir")),
		chromedp.SetValue(chromedp.ID("dir"), dir), chromedp.SetValue(chromedp.ID("keep"), "5"),
		chromedp.Click(chromedp.CSS(`input[name="enabled"]`)),
		chromedp.Click(chromedp.CSS(`form[action="/admin/system/backup"] button`)), chromedp.WaitVisible(chromedp.CSS(".flash")),
		chromedp.Click(chromedp.CSS(`form[action="/admin/system/backup/run"] button`)), chromedp.WaitVisible(chromedp.CSS(".flash"))); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		runs, err := env.Store.BackupRuns(context.Background(), 5)
		if err == nil && len(runs) == 1 {
			if !runs[0].OK {
				t.Fatalf("backup from the console failed: %s", runs[0].Error)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("no backup run recorded")
		}
		time.Sleep(100 * time.Millisecond)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(env.URL+"/admin/system/backup"), chromedp.WaitVisible(chromedp.ID("dir"))); err != nil {
		t.Fatal(err)
	}
	text, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("main")))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"存储空间", "可用空间", "备份记录", "成功", "手动（admin）", "如何恢复"} {
		if !strings.Contains(text, want) {
			t.Errorf("backup page lacks %q", want)
		}
	}
	webtest.Screenshot(t, ctx, "ops-backup")
}
