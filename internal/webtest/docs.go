package webtest

import (
	"context"
	"fmt"
	"testing"

	"gongkai/internal/auth"
	"gongkai/internal/disclosure"
	"gongkai/internal/sanitize"
	"gongkai/internal/store"
	"gongkai/internal/workday"
)

// demoActor is a demo user acting.
func (e *Env) demoActor(t testing.TB, login string) auth.Actor {
	t.Helper()
	u, _, err := e.Store.UserByLogin(context.Background(), login)
	if err != nil {
		t.Fatalf("demo user %s: %v", login, err)
	}
	return auth.ActorOf(u, "")
}

// ImportDocs imports n published documents titled prefix 1…n (as
// `gongkai import documents` does, one audit row for all) and returns
// their ids.
func (e *Env) ImportDocs(t testing.TB, n int, prefix string) []int64 {
	t.Helper()
	ctx := context.Background()
	unit, err := e.Store.UnitByName(ctx, "办公室")
	if err != nil {
		t.Fatal(err)
	}
	today := workday.DateOf(e.Store.Now())
	var docs []store.ImportedDocument
	for i := 1; i <= n; i++ {
		body := fmt.Sprintf("%s%d：各学校要认真组织，确保按时完成。", prefix, i)
		docs = append(docs, store.ImportedDocument{Row: i + 1, PublishedOn: today.AddDays(-400 - i), Input: store.DocumentInput{
			UnitID: unit.ID, Title: fmt.Sprintf("%s%d", prefix, i), WrittenOn: today.AddDays(-401 - i), Genre: disclosure.GenreNotice,
			Topic: "教育", BodyText: body, BodyHTML: sanitize.Text(body), Attribute: disclosure.AttrProactive}})
	}
	ids, err := e.Store.ImportDocuments(ctx, e.demoActor(t, "bangongshi"), docs)
	if err != nil {
		t.Fatalf("import documents: %v", err)
	}
	return ids
}

// PublishDoc drafts a document with its attachments and takes it through
// the review to publication (基础教育科 drafts, 保密审查 passes, 分管负责人
// signs), returning its id.
func (e *Env) PublishDoc(t testing.TB, title string, atts ...store.NewAttachment) int64 {
	t.Helper()
	ctx := context.Background()
	unit, err := e.Store.UnitByName(ctx, "基础教育科")
	if err != nil {
		t.Fatal(err)
	}
	items, err := e.Store.CatalogItems(ctx)
	if err != nil || len(items) == 0 {
		t.Fatalf("catalog: %v", err)
	}
	item := items[len(items)-1].ID
	for _, it := range items {
		if it.Name == "招生政策" {
			item = it.ID
		}
	}
	body := title + "：请各学校认真组织实施。"
	author := e.demoActor(t, "jijiaoke")
	id, err := e.Store.CreateDocument(ctx, author, store.DocumentInput{UnitID: unit.ID, Title: title, WrittenOn: workday.DateOf(e.Store.Now()), CatalogItemID: item,
		Genre: disclosure.GenreNotice, Topic: "教育", BodyText: body, BodyHTML: sanitize.Text(body), Attribute: disclosure.AttrProactive}, atts...)
	if err != nil {
		t.Fatalf("create document: %v", err)
	}
	for _, mv := range []struct {
		login string
		act   disclosure.Action
	}{{"jijiaoke", disclosure.ActSubmit}, {"shencha", disclosure.ActPass}, {"fenguan", disclosure.ActSign}} {
		if _, err := e.Store.MoveDocument(ctx, e.demoActor(t, mv.login), store.MoveRequest{ID: id, Action: mv.act}); err != nil {
			t.Fatalf("document %d %s: %v", id, mv.act, err)
		}
	}
	return id
}
