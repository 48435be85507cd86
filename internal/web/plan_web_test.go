package web_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"gongkai/internal/plan"
	"gongkai/internal/store"
	"gongkai/internal/webtest"
)

var planNow = time.Date(2023, 10, 9, 2, 0, 0, 0, time.UTC)

func unitLine(t *testing.T, env *webtest.Env, unit string, status plan.Status) plan.Line {
	t.Helper()
	u, err := env.Store.UnitByName(context.Background(), unit)
	if err != nil {
		t.Fatal(err)
	}
	lines, err := env.Store.Ledger(context.Background(), store.LedgerFilter{Year: 2023, UnitID: u.ID, Status: status})
	if err != nil || len(lines) == 0 {
		t.Fatalf("no %s line of %s: %v", status, unit, err)
	}
	return lines[0]
}

func TestPlanPages(t *testing.T) {
	for _, pg := range []bool{false, true} {
		t.Run(map[bool]string{false: "sqlite", true: "postgres"}[pg], func(t *testing.T) { testPlanPages(t, pg) })
	}
}

func testPlanPages(t *testing.T, pg bool) {
	env := webtest.StartWith(t, webtest.Options{Now: planNow, Postgres: pg})
	office := env.Client()
	env.Login(t, office, "bangongshi")
	school := unitLine(t, env, "兖州区实验小学", plan.StatusPending)
	other := unitLine(t, env, "职教科", "")
	for _, p := range []string{"/admin/plan/", "/admin/plan/?status=pending&overdue=1", "/admin/plan/import", "/admin/plan/dashboard",
		"/admin/plan/settings", fmt.Sprintf("/admin/plan/assignments/%d", school.Assignment.ID), fmt.Sprintf("/admin/plan/tasks/%d", school.Task.ID), "/admin/"} {
		if code, body := get(t, office, env.URL+p); code != 200 {
			t.Errorf("office GET %s: got %d; want 200\n%s", p, code, body)
		}
	}
	code, body := get(t, office, env.URL+"/admin/plan/")
	if code != 200 || !strings.Contains(body, "共 <strong>") || !strings.Contains(body, "兖州区实验小学") {
		t.Errorf("ledger: got %d without counts or the school", code)
	}

	xx := env.Client()
	env.Login(t, xx, "xiaoxue")
	code, body = get(t, xx, env.URL+"/admin/plan/")
	if code != 200 || strings.Contains(body, "职教科</td>") {
		t.Errorf("school ledger: got %d; other units shown: %v", code, strings.Contains(body, "职教科</td>"))
	}
	if code, _ := get(t, xx, fmt.Sprintf("%s/admin/plan/assignments/%d", env.URL, other.Assignment.ID)); code != http.StatusNotFound {
		t.Errorf("school opens another unit's assignment: got %d; want 404", code)
	}
	if code, _ := get(t, xx, env.URL+"/admin/plan/import"); code != http.StatusForbidden {
		t.Errorf("school opens import: got %d; want 403", code)
	}
	code, body = get(t, xx, env.URL+"/admin/")
	if code != 200 || !strings.Contains(body, "本单位待办任务") || !strings.Contains(body, "待认领") {
		t.Errorf("school home: got %d, card missing", code)
	}
	// Claiming another unit's assignment is refused even with the form.
	resp, err := xx.PostForm(fmt.Sprintf("%s/admin/plan/assignments/%d/claim", env.URL, other.Assignment.ID), url.Values{"person": {"x"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("claim other unit: got %d; want 404", resp.StatusCode)
	}
	// A file of a type not allowed is refused with a message.
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("text", "进展")
	fw, _ := mw.CreateFormFile("files", "run.exe")
	fw.Write([]byte("MZ\x90\x00"))
	mw.Close()
	resp, err = xx.PostForm(fmt.Sprintf("%s/admin/plan/assignments/%d/claim", env.URL, school.Assignment.ID), url.Values{"person": {"陈老师"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	req, _ := http.NewRequest("POST", fmt.Sprintf("%s/admin/plan/assignments/%d/progress", env.URL, school.Assignment.ID), &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	resp, err = xx.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(string(b), "类型不允许") {
		t.Errorf("exe upload: got %d; want 400 with 类型不允许", resp.StatusCode)
	}

	// The per-unit export holds only the school's lines.
	resp, err = xx.Get(env.URL + "/admin/plan/ledger.xlsx?unit=1")
	if err != nil {
		t.Fatal(err)
	}
	data, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("school export: %v", err)
	}
	rows, _ := f.GetRows("台账")
	for _, r := range rows[2:] {
		if len(r) > 4 && r[4] != "" && r[4] != "兖州区实验小学" {
			t.Errorf("school export has a line of %s", r[4])
		}
	}
}

func TestPlanImportBadFile(t *testing.T) {
	env := webtest.StartWith(t, webtest.Options{Now: planNow})
	c := env.Client()
	env.Login(t, c, "bangongshi")
	upload := func(name, data, year string) (int, string) {
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		mw.WriteField("year", year)
		fw, _ := mw.CreateFormFile("file", name)
		fw.Write([]byte(data))
		mw.Close()
		req, _ := http.NewRequest("POST", env.URL+"/admin/plan/import", &buf)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	code, body := upload("bad.csv", "序号,工作任务,具体要求,责任单位,完成时限\n1,任务,要求,办公室,2月30日前\n", "2024")
	if code != http.StatusBadRequest || !strings.Contains(body, "bad.csv 表1 第2行 第5列") {
		t.Errorf("impossible date: got %d; want 400 naming file, row and column", code)
	}
	code, body = upload("x.exe", "MZ", "2024")
	if code != http.StatusBadRequest || !strings.Contains(body, "类型不支持") {
		t.Errorf("wrong type: got %d", code)
	}
	code, body = upload("good.csv", "序号,重点任务,工作要求,责任科室,时限要求\n1,任务,要求,办公室、职教科,年底前\n", "2024")
	if code != 200 || !strings.Contains(body, "import-preview") || !strings.Contains(body, "2024-12-31（年底前）") {
		t.Errorf("good preview: got %d", code)
	}
	if _, err := env.Store.PlanByYear(context.Background(), 2024); !store.IsNotFound(err) {
		t.Errorf("after preview only: plan 2024 exists (%v); want nothing saved before confirmation", err)
	}
}

func TestPlanDesignateWeb(t *testing.T) {
	env := webtest.StartWith(t, webtest.Options{Now: planNow})
	ctx := context.Background()
	c, xx := env.Client(), env.Client()
	env.Login(t, c, "bangongshi")
	env.Login(t, xx, "xiaoxue")
	tasks, _ := env.Store.Tasks(ctx, 2023)
	t7 := tasks[6] // 各有关科室
	if !t7.Designate {
		t.Fatalf("task 7 designate: got false")
	}
	u1, _ := env.Store.UnitByName(ctx, "人事科")
	u2, _ := env.Store.UnitByName(ctx, "计划财务科")
	path := fmt.Sprintf("%s/admin/plan/tasks/%d/designate", env.URL, t7.ID)
	if code, _ := post(t, xx, path, url.Values{"unit": {fmt.Sprint(u1.ID)}}); code != http.StatusForbidden {
		t.Errorf("school designates: got %d; want 403", code)
	}
	if code, _ := post(t, c, path, url.Values{"unit": {fmt.Sprint(u1.ID), fmt.Sprint(u2.ID)}}); code != http.StatusSeeOther {
		t.Fatalf("designate: got %d", code)
	}
	lines, _ := env.Store.Ledger(ctx, store.LedgerFilter{TaskID: t7.ID})
	if len(lines) != 2 || lines[0].Assignment.Status != plan.StatusPending {
		t.Errorf("after designation: got %d lines; want 2 pending", len(lines))
	}
	if code, body := post(t, c, path, nil); code != http.StatusBadRequest || !strings.Contains(body, "请至少选择一个承办单位") {
		t.Errorf("designate nothing: got %d", code)
	}
}
