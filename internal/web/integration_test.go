package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"testing"

	"gongkai/internal/auth"
	"gongkai/internal/disclosure"
	"gongkai/internal/participation"
	"gongkai/internal/store"
	"gongkai/internal/webtest"
	"gongkai/internal/workday"
)

// TestMajorPolicyNeedsRiskAssessment crosses two areas: the leader cannot
// sign off a major policy until the participation area records its
// social-effect and opinion-risk assessment (seed task 10), then can.
func TestMajorPolicyNeedsRiskAssessment(t *testing.T) {
	env := webtest.Start(t)
	ctx := context.Background()
	actor := func(login string) auth.Actor {
		u, _, err := env.Store.UserByLogin(ctx, login)
		if err != nil {
			t.Fatal(err)
		}
		return auth.ActorOf(u, "127.0.0.1")
	}
	author, reviewer := actor("jijiaoke"), actor("shencha")
	today := workday.DateOf(env.Store.Now())
	id, err := env.Store.CreateDocument(ctx, author, store.DocumentInput{UnitID: author.UnitID, Title: "兖州区义务教育阶段学校招生入学办法", DocNo: "济兖教体发〔2023〕9号",
		WrittenOn: today, Genre: disclosure.GenreNormative, Topic: "招生", Major: true, CatalogItemID: demoCatalogItem(t, env), BodyText: "第一条 为规范义务教育阶段招生入学工作……"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := env.Store.AddInterpretation(ctx, author, disclosure.Interpretation{DocumentID: id, Form: "text", Title: "《招生入学办法》解读", BodyHTML: "<p>解读</p>"}); err != nil {
		t.Fatal(err)
	}
	if _, err := env.Store.MoveDocument(ctx, author, store.MoveRequest{ID: id, Action: disclosure.ActSubmit}); err != nil {
		t.Fatal(err)
	}
	if _, err := env.Store.MoveDocument(ctx, reviewer, store.MoveRequest{ID: id, Action: disclosure.ActPass}); err != nil {
		t.Fatal(err)
	}
	leader := env.Client()
	env.Login(t, leader, "fenguan")
	sign := func() int {
		resp, err := leader.PostForm(env.URL+"/admin/docs/d/"+strconv.FormatInt(id, 10)+"/move", url.Values{"action": {string(disclosure.ActSign)}})
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if st := sign(); st != http.StatusConflict {
		t.Fatalf("sign-off of a major policy without a risk assessment: status %d; want 409 (refused)", st)
	}
	if _, err := env.Store.AddRiskAssessment(ctx, actor("bangongshi"), participation.Risk{DocumentID: id, AssessedOn: today, Method: "舆情监测分析",
		Findings: "家长关注学区划分", Level: "low", Conclusion: "风险可控，可以出台", Assessor: "王主任"}); err != nil {
		t.Fatal(err)
	}
	if st := sign(); st != http.StatusSeeOther {
		t.Fatalf("sign-off after the assessment: status %d; want 303", st)
	}
	docs, _, err := env.Store.Documents(ctx, store.DocFilter{IDs: []int64{id}})
	if err != nil || len(docs) != 1 || docs[0].Status != disclosure.StatusPublished {
		t.Errorf("document after sign-off: %+v %v; want published", docs, err)
	}
}

// demoCatalogItem returns a catalogue item of the demo catalogue (a
// document must name one before it passes the review).
func demoCatalogItem(t *testing.T, env *webtest.Env) int64 {
	t.Helper()
	items, err := env.Store.CatalogItems(context.Background())
	if err != nil || len(items) == 0 {
		t.Fatalf("demo catalogue: %d items, %v", len(items), err)
	}
	return items[len(items)-1].ID
}
