package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"gongkai/internal/auth"
	"gongkai/internal/participation"
	"gongkai/internal/store"
	"gongkai/internal/webtest"
	"gongkai/internal/workday"
)

// unitDoc returns the id of a document of login's unit.
func unitDoc(t *testing.T, st *store.Store, login string) int64 {
	t.Helper()
	ctx := context.Background()
	u, _, err := st.UserByLogin(ctx, login)
	if err != nil {
		t.Fatalf("user %s: %v", login, err)
	}
	docs, _, err := st.Documents(ctx, store.DocFilter{UnitID: u.UnitID})
	if err != nil || len(docs) == 0 {
		t.Fatalf("documents of %s's unit: %d, %v; want at least one", login, len(docs), err)
	}
	return docs[0].ID
}

// TestRiskUnitScope checks that a unit user can neither read nor record
// the risk assessment of another unit's document (a recorded assessment
// unblocks the leader's signing of a major document).
func TestRiskUnitScope(t *testing.T) {
	env := webtest.Start(t)
	ctx := context.Background()
	own := unitDoc(t, env.Store, "xiaoxue")
	foreign := unitDoc(t, env.Store, "jijiaoke")
	const secret = "基础教育科内部评估结论XYZ"
	if _, err := env.Store.AddRiskAssessment(ctx, auth.System, participation.Risk{DocumentID: foreign, DocumentTitle: "他科文件",
		AssessedOn: workday.DateOf(env.Store.Now()), Method: "专家论证", Findings: "可能引发家长集中咨询。", Level: "low",
		Conclusion: secret, Assessor: "张三"}); err != nil {
		t.Fatalf("seed assessment: %v", err)
	}
	c := env.Client()
	env.Login(t, c, "xiaoxue")

	tests := []struct {
		name string
		u    string
		want int
	}{
		{"own form", "/admin/participation/risk/new?document_id=" + fmtInt(own), http.StatusOK},
		{"foreign form", "/admin/participation/risk/new?document_id=" + fmtInt(foreign), http.StatusForbidden},
		{"foreign api", "/api/v1/participation/risk?document_id=" + fmtInt(foreign), http.StatusForbidden},
		{"own api", "/api/v1/participation/risk?document_id=" + fmtInt(own), http.StatusOK},
	}
	for _, tt := range tests {
		if code, _ := get(t, c, env.URL+tt.u); code != tt.want {
			t.Errorf("%s: GET %s: status %d; want %d", tt.name, tt.u, code, tt.want)
		}
	}
	if code, body := get(t, c, env.URL+"/admin/participation/risk"); code != http.StatusOK || strings.Contains(body, secret) {
		t.Errorf("unit user's risk list: status %d, shows another unit's assessment %v; want 200 without it", code, strings.Contains(body, secret))
	}

	form := url.Values{"document_id": {fmtInt(foreign)}, "document_title": {"他科文件"}, "assessed_on": {workday.DateOf(env.Store.Now()).String()},
		"method": {"专家论证"}, "findings": {"风险较低，无需特别应对。"}, "risk_level": {"low"}, "conclusion": {"同意发布"}, "assessor": {"李四"}}
	resp, err := c.PostForm(env.URL+"/admin/participation/risk", form)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("unit user records another unit's assessment: status %d; want 403", resp.StatusCode)
	}
	list, err := env.Store.RiskAssessments(ctx, foreign)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 {
		t.Errorf("assessments of the foreign document: got %d; want 1 (nothing saved)", len(list))
	}

	office := env.Client()
	env.Login(t, office, "bangongshi")
	if code, body := get(t, office, env.URL+"/admin/participation/risk"); code != http.StatusOK || !strings.Contains(body, secret) {
		t.Errorf("office risk list: status %d, shows the assessment %v; want 200 with it", code, strings.Contains(body, secret))
	}
}

// TestReviewsUnitScope checks that the proactive-disclosure review list
// shows a unit user only the requests routed to their unit: the
// descriptions of the others' requests stay hidden.
func TestReviewsUnitScope(t *testing.T) {
	env := webtest.Start(t)
	ctx := context.Background()
	xiaoxue, _, err := env.Store.UserByLogin(ctx, "xiaoxue")
	if err != nil {
		t.Fatal(err)
	}
	recs, err := env.Store.Requests(ctx, store.RequestFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var foreign int64
	var code string
	for _, rec := range recs {
		if rec.UnitID != xiaoxue.UnitID {
			foreign, code = rec.ID, rec.Code
			break
		}
	}
	if foreign == 0 {
		t.Fatal("no demo request outside 兖州区实验小学")
	}
	if err := env.Store.FlagReview(ctx, auth.System, foreign, "office", nil, 0, "办公室列入"); err != nil {
		t.Fatalf("flag: %v", err)
	}
	c := env.Client()
	env.Login(t, c, "xiaoxue")
	if st, body := get(t, c, env.URL+"/admin/requests/reviews"); st != http.StatusOK || strings.Contains(body, code) {
		t.Errorf("unit user's review list: status %d, shows another unit's request %s %v; want 200 without it", st, code, strings.Contains(body, code))
	}
	office := env.Client()
	env.Login(t, office, "bangongshi")
	if st, body := get(t, office, env.URL+"/admin/requests/reviews"); st != http.StatusOK || !strings.Contains(body, code) {
		t.Errorf("office review list: status %d, shows the request %s %v; want 200 with it", st, code, strings.Contains(body, code))
	}
}
