package web_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"gongkai/internal/plan"
	"gongkai/internal/store"
	"gongkai/internal/webtest"
)

func post(t *testing.T, c *http.Client, u string, v url.Values) (int, string) {
	t.Helper()
	resp, err := c.PostForm(u, v)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestPlanFollowUpPages(t *testing.T) {
	for _, pg := range []bool{false, true} {
		t.Run(map[bool]string{false: "sqlite", true: "postgres"}[pg], func(t *testing.T) { testPlanFollowUpPages(t, pg) })
	}
}

func testPlanFollowUpPages(t *testing.T, pg bool) {
	env := webtest.StartWith(t, webtest.Options{Now: planNow, Postgres: pg})
	ctx := context.Background()
	office, school, leader := env.Client(), env.Client(), env.Client()
	env.Login(t, office, "bangongshi")
	env.Login(t, school, "xiaoxue")
	env.Login(t, leader, "fenguan")
	xx, _ := env.Store.UnitByName(ctx, "兖州区实验小学")
	sid := fmt.Sprint(xx.ID)

	// Inspection with a finding and a rectification item.
	if code, body := post(t, office, env.URL+"/admin/plan/inspections", url.Values{"title": {"第三季度督查"}, "inspected_on": {"2023-10-09"}, "unit": {sid}}); code != http.StatusSeeOther {
		t.Fatalf("create inspection: %d %s", code, body)
	}
	all, _ := env.Store.Inspections(ctx, 2023)
	var ins []plan.Inspection
	for _, in := range all {
		if in.Title == "第三季度督查" {
			ins = append(ins, in)
		}
	}
	if len(ins) != 1 {
		t.Fatalf("inspections: got %d named 第三季度督查; want 1", len(ins))
	}
	iu := fmt.Sprintf("%s/admin/plan/inspections/%d", env.URL, ins[0].ID)
	if code, body := post(t, office, iu+"/findings", url.Values{"unit_id": {sid}, "text": {"公开栏内容未更新"}, "requirement": {"更新公开栏"}, "due_on": {"2023-10-16"}}); code != http.StatusSeeOther {
		t.Fatalf("finding: %d %s", code, body)
	}
	if code, _ := get(t, school, iu); code != http.StatusForbidden {
		t.Errorf("school opens inspection: got %d; want 403", code)
	}
	code, body := get(t, school, env.URL+"/admin/plan/rectifications")
	if code != 200 || !strings.Contains(body, "更新公开栏") {
		t.Fatalf("school rectifications: %d", code)
	}
	items, _ := env.Store.Rectifications(ctx, store.RectFilter{InspectionID: ins[0].ID})
	rid := items[0].ID
	if code, _ := post(t, school, fmt.Sprintf("%s/admin/plan/rectifications/%d/report", env.URL, rid), url.Values{"text": {"已更新"}}); code != http.StatusSeeOther {
		t.Errorf("report rectification: %d", code)
	}
	if code, _ := post(t, school, fmt.Sprintf("%s/admin/plan/rectifications/%d/close", env.URL, rid), nil); code != http.StatusForbidden {
		t.Errorf("school closes: got %d; want 403", code)
	}
	if code, _ := post(t, office, fmt.Sprintf("%s/admin/plan/rectifications/%d/close", env.URL, rid), nil); code != http.StatusSeeOther {
		t.Errorf("office closes: %d", code)
	}

	// Assessment: weights, freeze, the leader signs, export.
	if code, _ := post(t, office, env.URL+"/admin/plan/assessment/weights", url.Values{"on_time": {"50"}, "done": {"40"}, "overdue": {"2"}, "overdue_cap": {"20"},
		"returned": {"1"}, "returned_cap": {"10"}, "finding": {"2"}, "finding_cap": {"10"}, "rect_late": {"3"}, "rect_late_cap": {"10"}}); code != http.StatusBadRequest {
		t.Errorf("weights not summing to 100: got %d; want 400", code)
	}
	if code, _ := post(t, office, env.URL+"/admin/plan/assessment/freeze", url.Values{"year": {"2023"}, "period": {"mid"}}); code != http.StatusSeeOther {
		t.Fatalf("freeze: %d", code)
	}
	cards, _ := env.Store.Scorecards(ctx)
	cu := fmt.Sprintf("%s/admin/plan/assessment/%d", env.URL, cards[0].ID)
	if code, _ := post(t, office, cu+"/sign", nil); code != http.StatusForbidden {
		t.Errorf("office signs: got %d; want 403", code)
	}
	if code, _ := post(t, leader, cu+"/sign", nil); code != http.StatusSeeOther {
		t.Errorf("leader signs: got %d", code)
	}
	code, body = get(t, school, cu)
	if code != 200 || !strings.Contains(body, "已签发") || strings.Contains(body, "职教科</td>") {
		t.Errorf("school scorecard: %d (other units shown: %v)", code, strings.Contains(body, "职教科</td>"))
	}
	resp, _ := office.Get(cu + "/xlsx")
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(resp.Header.Get("Content-Type"), "spreadsheetml") {
		t.Errorf("scorecard xlsx: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}

	// Liaisons, trainings, tickets.
	if code, _ := post(t, school, env.URL+"/admin/plan/liaisons", url.Values{"unit_id": {"2"}, "name": {"x"}, "started_on": {"2023-01-01"}}); code != http.StatusForbidden {
		t.Errorf("school sets another unit's liaison: got %d; want 403", code)
	}
	if code, _ := post(t, school, env.URL+"/admin/plan/liaisons", url.Values{"unit_id": {sid}, "name": {"陈老师"}, "started_on": {"2023-02-01"}}); code != http.StatusSeeOther {
		t.Errorf("school sets its liaison: %d", code)
	}
	code, body = get(t, office, env.URL+"/admin/plan/trainings?year=2024")
	if code != 200 || !strings.Contains(body, "尚未组织政务公开业务培训") {
		t.Errorf("training check before: %d", code)
	}
	if code, _ := post(t, office, env.URL+"/admin/plan/trainings", url.Values{"held_on": {"2024-05-20"}, "topic": {"政务公开业务培训"}, "organiser": {"办公室"}, "unit": {sid}, "n_" + sid: {"2"}}); code != http.StatusSeeOther {
		t.Errorf("add training: %d", code)
	}
	if _, body := get(t, office, env.URL+"/admin/plan/trainings?year=2024"); !strings.Contains(body, "符合“每年不少于 1 次”") {
		t.Errorf("training check after: missing")
	}
	if code, _ := post(t, school, env.URL+"/admin/plan/tickets", url.Values{"title": {"依申请公开期限"}, "body": {"第三方意见时间是否计入？"}}); code != http.StatusSeeOther {
		t.Errorf("ask: %d", code)
	}
	for _, p := range []string{"/admin/plan/inspections", "/admin/plan/rectifications", "/admin/plan/assessment", "/admin/plan/liaisons", "/admin/plan/trainings", "/admin/plan/tickets", strings.TrimPrefix(iu, env.URL)} {
		if code, body := get(t, office, env.URL+p); code != 200 {
			t.Errorf("office GET %s: %d\n%s", p, code, body)
		}
	}
	for _, p := range []string{"/admin/plan/rectifications", "/admin/plan/assessment", "/admin/plan/liaisons", "/admin/plan/trainings", "/admin/plan/tickets", "/admin/plan/dashboard"} {
		if code, body := get(t, school, env.URL+p); code != 200 {
			t.Errorf("school GET %s: %d\n%s", p, code, body)
		}
	}
}
