package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"gongkai"
	"gongkai/internal/auth"
	"gongkai/internal/disclosure"
	"gongkai/internal/org"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
	"gongkai/internal/workday"
)

type docsFixture struct {
	unit                     org.Unit
	author, reviewer, leader auth.Actor
	catalog                  int64 // a catalogue item (目录事项) for the documents
}

func newDocsFixture(t *testing.T, s *store.Store) docsFixture {
	t.Helper()
	ctx := context.Background()
	admin := auth.Actor{Login: "admin", Role: auth.RoleAdmin}
	u, err := s.CreateUnit(ctx, admin, org.Unit{Name: "基础教育科", Code: "JJK", Kind: org.KindDepartment})
	if err != nil {
		t.Fatal(err)
	}
	mk := func(login string, role auth.Role, unit int64) auth.Actor {
		usr, err := s.CreateUser(ctx, admin, store.NewUser{Login: login, Name: login, Role: role, UnitID: unit, Password: "Gongkai@2023x"}, auth.PasswordPolicy{})
		if err != nil {
			t.Fatal(err)
		}
		return auth.ActorOf(usr, "127.0.0.1")
	}
	cat, err := s.CreateCatalogItem(ctx, auth.Actor{Login: "office", Role: auth.RoleOffice}, disclosure.CatalogItem{Name: "招生政策"})
	if err != nil {
		t.Fatal(err)
	}
	return docsFixture{unit: u, author: mk("author", auth.RoleUnit, u.ID), reviewer: mk("reviewer", auth.RoleReviewer, 0), leader: mk("leader", auth.RoleLeader, 0), catalog: cat}
}

func (f docsFixture) publish(t *testing.T, s *store.Store, in store.DocumentInput) int64 {
	t.Helper()
	ctx := context.Background()
	id, err := s.CreateDocument(ctx, f.author, in)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range []struct {
		a   auth.Actor
		act disclosure.Action
	}{{f.author, disclosure.ActSubmit}, {f.reviewer, disclosure.ActPass}, {f.leader, disclosure.ActSign}} {
		if _, err := s.MoveDocument(ctx, m.a, store.MoveRequest{ID: id, Action: m.act}); err != nil {
			t.Fatalf("%s: %v", m.act, err)
		}
	}
	return id
}

func TestDocumentWorkflowAndSearch(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newDocsFixture(t, s)
		in := store.DocumentInput{UnitID: f.unit.ID, CatalogItemID: f.catalog, Title: "关于做好2023年义务教育阶段学校招生入学工作的通知", DocNo: "济兖教体字〔2023〕12号",
			WrittenOn: workday.MustDate("2023-05-06"), Genre: disclosure.GenreNotice, Topic: "招生考试",
			BodyText: "各中小学：为落实双减政策，现就入学报名工作通知如下。", BodyHTML: "<p>各中小学：为落实双减政策，现就入学报名工作通知如下。</p>"}
		id, err := s.CreateDocument(ctx, f.author, in)
		if err != nil {
			t.Fatal(err)
		}
		// the author may not review their own document
		if _, err := s.MoveDocument(ctx, f.author, store.MoveRequest{ID: id, Action: disclosure.ActSubmit}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.MoveDocument(ctx, f.author, store.MoveRequest{ID: id, Action: disclosure.ActPass}); gongkai.ErrorCode(err) != gongkai.EFORBIDDEN {
			t.Fatalf("author passes own review: got %v; want EFORBIDDEN", err)
		}
		if _, err := s.MoveDocument(ctx, f.reviewer, store.MoveRequest{ID: id, Action: disclosure.ActReturn, Reason: "正文含个人信息"}); err != nil {
			t.Fatal(err)
		}
		in.BodyText += "（已修改）"
		if err := s.UpdateDocument(ctx, f.author, id, in); err != nil {
			t.Fatal(err)
		}
		for _, m := range []struct {
			a   auth.Actor
			act disclosure.Action
		}{{f.author, disclosure.ActSubmit}, {f.reviewer, disclosure.ActPass}, {f.leader, disclosure.ActSign}} {
			if _, err := s.MoveDocument(ctx, m.a, store.MoveRequest{ID: id, Action: m.act}); err != nil {
				t.Fatalf("%s: %v", m.act, err)
			}
		}
		d, err := s.Document(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if d.Status != disclosure.StatusPublished || !strings.HasPrefix(d.IndexNo, "JJK/") || d.Version != 2 {
			t.Errorf("published document: status %s, index %q, version %d; want published, JJK/…, 2", d.Status, d.IndexNo, d.Version)
		}
		revs, err := s.Reviews(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if len(revs) != 1 || revs[0].Outcome != "published" || revs[0].ReviewerID != f.reviewer.UserID {
			t.Errorf("reviews = %+v; want one closed record with the reviewer", revs)
		}
		evs, _ := s.DocumentEvents(ctx, id)
		if len(evs) != 5 || evs[1].Reason != "正文含个人信息" {
			t.Errorf("events = %+v; want 5 with the return reason", evs)
		}
		// a targeted document is not searchable
		target := in
		target.Title = "双减工作家长告知书（定向）"
		target.AudienceUnitID = f.unit.ID
		f.publish(t, s, target)

		for _, q := range []string{"双减", "入学", "济兖教体字〔2023〕12号", "招生入学"} {
			res, err := s.Search(ctx, store.SearchRequest{Q: q})
			if err != nil {
				t.Fatalf("search %s: %v", q, err)
			}
			if res.Total != 1 || len(res.Hits) != 1 || res.Hits[0].Doc.ID != id {
				t.Errorf("search %q: total %d hits %d; want exactly the public document", q, res.Total, len(res.Hits))
			}
		}
		res, _ := s.Search(ctx, store.SearchRequest{Q: "入学区"})
		if res.Total != 0 {
			t.Errorf("search 入学区: total %d; want 0", res.Total)
		}
		if err := s.PutSynonym(ctx, f.reviewer, "双减", []string{"减负"}); err != nil {
			t.Fatal(err)
		}
		res, _ = s.Search(ctx, store.SearchRequest{Q: "减负"})
		if res.Total != 1 {
			t.Errorf("search 减负 with synonym: total %d; want 1", res.Total)
		}
		res, _ = s.Search(ctx, store.SearchRequest{Q: "双减", Year: 1999})
		if res.Total != 0 {
			t.Errorf("search with year filter 1999: total %d; want 0", res.Total)
		}
		title, url, err := s.PublishedDocumentTitle(ctx, id)
		if err != nil || title != in.Title || url != "/docs/"+fmtInt(id) {
			t.Errorf("PublishedDocumentTitle = %q %q %v", title, url, err)
		}
	})
}

func TestPolicySignOffNeedsInterpretation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newDocsFixture(t, s)
		id, err := s.CreateDocument(ctx, f.author, store.DocumentInput{UnitID: f.unit.ID, CatalogItemID: f.catalog, Title: "兖州区民办义务教育学校管理办法", DocNo: "济兖教体发〔2023〕3号",
			WrittenOn: workday.MustDate("2023-03-01"), Genre: disclosure.GenreNormative, Topic: "民办教育", BodyText: "第一条 为规范管理……"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.MoveDocument(ctx, f.author, store.MoveRequest{ID: id, Action: disclosure.ActSubmit}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.MoveDocument(ctx, f.reviewer, store.MoveRequest{ID: id, Action: disclosure.ActPass}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.MoveDocument(ctx, f.leader, store.MoveRequest{ID: id, Action: disclosure.ActSign}); gongkai.ErrorCode(err) != gongkai.ECONFLICT || !strings.Contains(gongkai.ErrorMessage(err), "政策解读") {
			t.Fatalf("sign-off without interpretation: got %v; want ECONFLICT asking for the interpretation", err)
		}
		// 一事一审: the interpretation added after the pass sends it back to review.
		if _, err := s.AddInterpretation(ctx, f.author, disclosure.Interpretation{DocumentID: id, Form: "text", Title: "《管理办法》解读", BodyHTML: "<p>解读</p>"}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.MoveDocument(ctx, f.reviewer, store.MoveRequest{ID: id, Action: disclosure.ActPass}); err != nil {
			t.Fatalf("pass again with the interpretation: %v", err)
		}
		if _, err := s.MoveDocument(ctx, f.leader, store.MoveRequest{ID: id, Action: disclosure.ActSign}); err != nil {
			t.Fatalf("sign-off with interpretation: %v", err)
		}
		c, err := s.AnnualDocCounts(ctx, time.Now().Year())
		if err != nil {
			t.Fatal(err)
		}
		if c.NormativeMade != 1 || c.NormativeInForce != 1 || c.RulesMade != 0 {
			t.Errorf("AnnualDocCounts = %+v; want 1 normative made and in force", c)
		}
		if err := s.SetValidity(ctx, f.leader, id, disclosure.ValidityRepealed, workday.DateOf(time.Now()), 0); err != nil {
			t.Fatal(err)
		}
		c, _ = s.AnnualDocCounts(ctx, time.Now().Year())
		if c.NormativeRepealed != 1 || c.NormativeInForce != 0 {
			t.Errorf("after repeal AnnualDocCounts = %+v; want 1 repealed, 0 in force", c)
		}
	})
}

func TestImportCatalog(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		rows := []disclosure.ImportedItem{
			{Row: 2, Path: []string{"政策文件", "规范性文件"}, Item: disclosure.CatalogItem{Name: "规范性文件", TimeLimit: "信息形成或者变更之日起20个工作日内", LimitDays: 20}},
			{Row: 3, Path: []string{"政策文件", "教育法律"}, Item: disclosure.CatalogItem{Name: "教育法律"}},
		}
		n, err := s.ImportCatalog(ctx, auth.CLI, rows)
		if err != nil {
			t.Fatal(err)
		}
		items, _ := s.CatalogItems(ctx)
		if n != 3 || len(items) != 3 {
			t.Fatalf("import created %d, listed %d; want 3, 3", n, len(items))
		}
		n, err = s.ImportCatalog(ctx, auth.CLI, rows)
		if err != nil || n != 0 {
			t.Errorf("second import created %d (%v); want 0", n, err)
		}
		tree := disclosure.CatalogTree(items)
		if len(tree) != 1 || len(tree[0].Children) != 2 || tree[0].Children[0].LimitDays != 20 {
			t.Errorf("tree = %+v", tree)
		}
	})
}

func TestDocClockStoredAndRecomputed(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newDocsFixture(t, s)
		id, err := s.CreateDocument(ctx, f.author, store.DocumentInput{UnitID: f.unit.ID, Title: "时限测试", WrittenOn: workday.MustDate("2023-09-25"), BodyText: "x"})
		if err != nil {
			t.Fatal(err)
		}
		d, _ := s.Document(ctx, id)
		if d.DueOn != workday.MustDate("2023-10-27") {
			t.Fatalf("due_on = %s; want 2023-10-27 (20 working days over the National Day holiday)", d.DueOn)
		}
		// A new holiday on 2023-10-16 moves the clock by one working day.
		if err := s.PutHolidays(ctx, auth.CLI, []workday.Day{{Date: workday.MustDate("2023-10-16"), Kind: workday.Holiday, Name: "测试"}}, "测试"); err != nil {
			t.Fatal(err)
		}
		cal, err := s.Calendar(ctx)
		if err != nil {
			t.Fatal(err)
		}
		n, err := documentsRecomputed(s.RecomputeClocks(ctx, cal, auth.CLI))
		if err != nil {
			t.Fatal(err)
		}
		d, _ = s.Document(ctx, id)
		if n != 1 || d.DueOn != workday.MustDate("2023-10-30") {
			t.Errorf("after the new holiday: %d changed, due_on %s; want 1, 2023-10-30", n, d.DueOn)
		}
	})
}

func TestLateFilter(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newDocsFixture(t, s)
		for _, w := range []string{"2023-01-03", "2023-06-01"} {
			if _, err := s.CreateDocument(ctx, f.author, store.DocumentInput{UnitID: f.unit.ID, Title: "草稿" + w, WrittenOn: workday.MustDate(w), BodyText: "x"}); err != nil {
				t.Fatal(err)
			}
		}
		docs, n, err := s.Documents(ctx, store.DocFilter{DueBefore: workday.MustDate("2023-03-01")})
		if err != nil {
			t.Fatal(err)
		}
		if n != 1 || docs[0].Title != "草稿2023-01-03" {
			t.Errorf("late on 2023-03-01: %d documents; want only the one written on 2023-01-03", n)
		}
	})
}
