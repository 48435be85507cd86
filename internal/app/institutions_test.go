package app_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"gongkai/internal/app"
	"gongkai/internal/auth"
	"gongkai/internal/store"
	"gongkai/internal/webtest"
)

// The registry's alarms reach the office once: the demo kindergarten's
// licence expires within 30 days; running the job again adds nothing.
func TestInstitutionAlarmsOnce(t *testing.T) {
	env := webtest.Start(t)
	ctx := context.Background()
	n, err := app.InstitutionAlarms(ctx, env.Store, env.Store.Now())
	if err != nil || n == 0 {
		t.Fatalf("alarms: %d %v; want at least the expiring licence", n, err)
	}
	if again, err := app.InstitutionAlarms(ctx, env.Store, env.Store.Now()); err != nil || again != 0 {
		t.Errorf("second run: %d %v; want nothing new", again, err)
	}
	office, _, err := env.Store.UserByLogin(ctx, "bangongshi")
	if err != nil {
		t.Fatal(err)
	}
	ns, err := env.Store.Notifications(ctx, office, false, 200)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, nt := range ns {
		if strings.Contains(nt.Title, "办学许可证") && strings.Contains(nt.Title, "兖州区小天使幼儿园") && strings.HasPrefix(nt.Key, "inst:") {
			found = true
		}
	}
	if !found {
		t.Errorf("the office has no licence alarm for the kindergarten: %+v", ns)
	}
	// The job runs under the job lock like every other.
	found = false
	for _, j := range env.App.Jobs() {
		found = found || j.Name == "institution-alarms"
	}
	if !found {
		t.Error("no institution-alarms job")
	}
}

// Open data: CSV (UTF-8 with a BOM, Chinese header) and JSON with the
// licence and update time; only what is public; unknown files 404; the
// training search filters by district.
func TestOpenDataAndTrainingSearch(t *testing.T) {
	env := webtest.Start(t)
	get := func(path string) (int, string, http.Header) {
		t.Helper()
		resp, err := http.Get(env.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b), resp.Header
	}
	st, body, h := get("/open/documents.csv")
	if st != 200 || !strings.HasPrefix(body, "\ufeff索引号,标题,发文字号,发布机构") || !strings.Contains(h.Get("Content-Type"), "text/csv") {
		t.Fatalf("documents.csv: %d %q", st, body[:min(len(body), 200)])
	}
	if strings.Count(body, "\n") < 4 {
		t.Errorf("documents.csv has %d lines", strings.Count(body, "\n"))
	}
	st, body, _ = get("/open/institutions.json")
	var ds struct {
		Dataset, Licence string
		UpdatedAt        *string `json:"updated_at"`
		Records          []map[string]string
	}
	if err := json.Unmarshal([]byte(body), &ds); err != nil || st != 200 {
		t.Fatalf("institutions.json: %d %v %q", st, err, body[:min(len(body), 200)])
	}
	if ds.Dataset != "institutions" || !strings.Contains(ds.Licence, "开放许可") || ds.UpdatedAt == nil || len(ds.Records) != 7 {
		t.Errorf("institutions.json: %s %q %v, %d records; want the 7 public demo institutions", ds.Dataset, ds.Licence, ds.UpdatedAt, len(ds.Records))
	}
	for _, r := range ds.Records {
		if strings.Contains(r["fees"], "游泳训练") {
			t.Error("a change waiting for review is in the open data")
		}
	}
	if st, _, _ = get("/open/secrets.csv"); st != 404 {
		t.Errorf("unknown dataset: %d", st)
	}
	if st, _, _ = get("/open/annual-report-1999.json"); st != 404 {
		t.Errorf("unpublished report: %d", st)
	}
	if st, body, _ = get("/open/catalog.json"); st != 200 || !strings.Contains(body, "民办学校信息") {
		t.Errorf("catalog.json: %d", st)
	}
	// Publish a year's annual report: its figures become a dataset.
	ctx := context.Background()
	office, _, err := env.Store.UserByLogin(ctx, "bangongshi")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := env.Store.PublishAnnualReport(ctx, auth.ActorOf(office, "127.0.0.1"), 2023); err == nil {
		st, body, _ = get("/open/annual-report-2023.csv")
		if st != 200 || !strings.Contains(body, "一、本年新收政府信息公开申请数量,自然人") {
			t.Errorf("annual-report-2023.csv: %d %q", st, body[:min(len(body), 300)])
		}
	} else {
		t.Logf("annual report not published in this demo: %v", err)
	}
	// The training search: by district.
	_, body, _ = get("/institutions/training?district=" + "新兖镇")
	if !strings.Contains(body, "明德") || strings.Contains(body, "启航艺术") {
		t.Errorf("district search: want only 新兖镇's institutions")
	}
	_ = store.PublicFilter{}
}
