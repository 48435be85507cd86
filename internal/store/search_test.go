package store_test

import (
	"context"
	"strings"
	"testing"

	"gongkai/internal/auth"
	"gongkai/internal/disclosure"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
	"gongkai/internal/workday"
)

// searchDocs are the documents of TestSearchWords, imported as published.
var searchDocs = []struct{ title, docNo, published, body string }{
	{"兖州区深化“双减”工作实施方案", "兖政办发〔2021〕30号", "2021-09-01", "为深入推进“双减”工作，切实减轻学生过重作业负担和校外培训负担，制定本方案。"},
	{"关于做好2023年义务教育阶段学校招生入学工作的通知", "济兖教体字〔2023〕12号", "2023-05-06", "各中小学：现就2023年招生入学有关事项通知如下。"},
	{"关于双减工作专项督查的通报", "", "2022-03-01", "按照双减工作部署，区教体局开展了专项督查。"},
	{"课后服务收费公示", "", "2022-09-01", "各学校要做好双减、工作台账和课后服务管理。"},
	{"济宁市人民政府关于学校食堂管理的通知", "", "2023-01-10", "市人民政府要求各学校加强食堂管理。人民政府办公室负责督促。"},
	{"关于开展困难学生救助的通知", "", "2022-11-01", "区教体局会同区民政局开展困难学生排查，民政部门负责审核。"},
	{"关于转发《招生入学工作通知》的通知", "", "2023-06-01", "现将《关于做好2023年义务教育阶段学校招生入学工作的通知》（济兖教体字〔2023〕12号）转发给你们，请遵照执行。"},
	{"学校，食堂卫生检查情况", "", "2022-05-01", "检查了学校，食堂卫生状况良好。"},
	{"学生资助政策问答", "", "2022-02-01", "申请退费的，学校及时办理退费，退费在十个工作日内完成。"},   // 8
	{"秋季学期收费管理的通知", "", "2023-08-01", "各学校要规范收费行为，按规定办理退费。"},        // 9
	{"兖州区招生划片范围公告", "", "2023-04-01", "兖州区招生划片范围：兖州区第一小学、兖州区第二小学。"}, // 10
	{"关于兖州划片的说明", "", "2023-10-01", "兖州划片情况说明。"},                    // 11
}

// TestSearchWords covers how people type (issue 10): words without spaces,
// exact phrases before words, quotes, punctuation, embedded words and
// document numbers, on both databases.
func TestSearchWords(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newDocsFixture(t, s)
		var docs []store.ImportedDocument
		for i, d := range searchDocs {
			docs = append(docs, store.ImportedDocument{Row: i + 2, PublishedOn: workday.MustDate(d.published),
				Input: store.DocumentInput{UnitID: f.unit.ID, Title: d.title, DocNo: d.docNo, WrittenOn: workday.MustDate(d.published),
					BodyText: d.body, Attribute: disclosure.AttrProactive}})
		}
		ids, err := s.ImportDocuments(ctx, auth.CLI, docs)
		if err != nil {
			t.Fatal(err)
		}
		id := func(i int) int64 { return ids[i] }
		search := func(q string) store.SearchResult {
			t.Helper()
			res, err := s.Search(ctx, store.SearchRequest{Q: q})
			if err != nil {
				t.Fatalf("search %q: %v", q, err)
			}
			return res
		}
		matchOf := func(res store.SearchResult, docID int64) string {
			for _, h := range res.Hits {
				if h.Doc.ID == docID {
					return h.Match
				}
			}
			return ""
		}

		// 双减工作: the exact phrase first, then the documents holding both words.
		res := search("双减工作")
		if len(res.Hits) < 3 || res.Hits[0].Doc.ID != id(2) || res.Hits[0].Match != store.MatchExact {
			t.Fatalf("双减工作: %+v; want the exact 专项督查 document first", hitTitles(res))
		}
		if m := matchOf(res, id(0)); m != store.MatchWords {
			t.Errorf("双减工作 → 《深化“双减”工作实施方案》 as %q; want words", m)
		}
		if m := matchOf(res, id(3)); m != store.MatchWords {
			t.Errorf("双减工作 across 、 → %q; want words (never exact)", m)
		}
		if !strings.Contains(res.Hits[0].TitleHTML, "<mark>双减工作</mark>") {
			t.Errorf("title_html = %q; want the phrase highlighted", res.Hits[0].TitleHTML)
		}
		for _, h := range res.Hits {
			if h.Doc.ID == id(0) && (!strings.Contains(h.TitleHTML, "<mark>双减</mark>") || !strings.Contains(h.TitleHTML, "<mark>工作</mark>")) {
				t.Errorf("title_html of a words match = %q; want each word highlighted", h.TitleHTML)
			}
		}

		// 义务教育招生 → the 招生入学 notice (and the one that forwards it).
		res = search("义务教育招生")
		if len(res.Hits) == 0 || res.Hits[0].Doc.ID != id(1) {
			t.Errorf("义务教育招生: %v; want the 招生入学 notice first", hitTitles(res))
		}

		// A quoted phrase matches exactly only.
		for _, q := range []string{`"双减工作"`, `“双减工作”`} {
			res = search(q)
			if res.Total != 1 || len(res.Hits) != 1 || res.Hits[0].Doc.ID != id(2) || res.Hits[0].Match != store.MatchExact {
				t.Errorf("%s: total %d %v; want only the exact document", q, res.Total, hitTitles(res))
			}
		}

		// A phrase never matches across 、 or ，: 学校食堂 finds the 学校，食堂
		// document as words only.
		res = search("学校食堂")
		if m := matchOf(res, id(7)); m != store.MatchWords {
			t.Errorf("学校食堂 across ， → %q; want words", m)
		}
		if m := matchOf(res, id(4)); m != store.MatchExact {
			t.Errorf("学校食堂 in 学校食堂管理 → %q; want exact", m)
		}
		for _, h := range res.Hits {
			if h.Match == store.MatchExact && strings.Contains(h.Doc.Title+h.Doc.BodyText, "学校，食堂") && !strings.Contains(h.Doc.Title+h.Doc.BodyText, "学校食堂") {
				t.Errorf("学校食堂 exact in %q", h.Doc.Title)
			}
		}

		// 民政: the 民政局 document above the 人民政府 one.
		res = search("民政")
		if len(res.Hits) != 2 || res.Hits[0].Doc.ID != id(5) || res.Hits[1].Doc.ID != id(4) {
			t.Errorf("民政: %v; want 民政局 above 人民政府", hitTitles(res))
		}

		// 退费, which the dictionary lacks (退|费), is still ranked: the
		// document saying it three times above the newer one saying it once.
		res = search("退费")
		if len(res.Hits) != 2 || res.Hits[0].Doc.ID != id(8) || res.Hits[1].Doc.ID != id(9) || res.Hits[0].Match != store.MatchExact {
			t.Errorf("退费: %v; want the 学生资助 document (3×) above the 收费 one (1×)", hitTitles(res))
		}
		// 兖州区 is no word of any document (兖州|区): ranked by 兖州, and a
		// document with 兖州 and 划片 but not 兖州区 is no match.
		for _, q := range []string{"兖州区 划片", "兖州区划片"} {
			res = search(q)
			if len(res.Hits) != 1 || res.Hits[0].Doc.ID != id(10) || res.Total != 1 {
				t.Errorf("%s: total %d %v; want only the 兖州区 公告", q, res.Total, hitTitles(res))
			}
		}

		// The same through the full match list (sort=date reads every
		// match): a quoted phrase, and a word no document holds.
		for q, want := range map[string]int64{`"双减工作"`: id(2), "兖州区划片": id(10)} {
			res, err = s.Search(ctx, store.SearchRequest{Q: q, Sort: "date"})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Hits) != 1 || res.Hits[0].Doc.ID != want || res.Total != 1 {
				t.Errorf("%s, sort=date: total %d %v; want one document", q, res.Total, hitTitles(res))
			}
		}

		// A document number: the owner first, then the document citing it.
		res = search("济兖教体字〔2023〕12号")
		if len(res.Hits) != 2 || res.Hits[0].Doc.ID != id(1) || res.Hits[1].Doc.ID != id(6) {
			t.Errorf("document number: %v; want the owner, then the citing document", hitTitles(res))
		}

		// sort=date: newest first.
		res, err = s.Search(ctx, store.SearchRequest{Q: "双减", Sort: "date"})
		if err != nil {
			t.Fatal(err)
		}
		for i := 1; i < len(res.Hits); i++ {
			if res.Hits[i].Doc.PublishedAt.After(res.Hits[i-1].Doc.PublishedAt) {
				t.Errorf("sort=date: %v not newest first", hitTitles(res))
			}
		}

		// A document published now is found and ranked at once.
		f.publish(t, s, store.DocumentInput{UnitID: f.unit.ID, CatalogItemID: f.catalog, Title: "民政救助政策解读", WrittenOn: workday.MustDate("2023-07-01"),
			Genre: disclosure.GenreNotice, Topic: "民政", BodyText: "民政部门的救助政策。"})
		res = search("民政")
		if len(res.Hits) != 3 || !strings.Contains(res.Hits[0].Doc.Title, "民政") {
			t.Errorf("民政 after publishing: %v; want the new 民政 document first", hitTitles(res))
		}
	})
}

func hitTitles(res store.SearchResult) []string {
	var out []string
	for _, h := range res.Hits {
		out = append(out, h.Match+":"+h.Doc.Title)
	}
	return out
}
