package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"gongkai/internal/auth"
	"gongkai/internal/disclosure"
	"gongkai/internal/office"
	"gongkai/internal/store"
	"gongkai/internal/webtest"
	"gongkai/internal/workday"
)

type searchJSON struct {
	Total   int `json:"total"`
	Results []struct {
		ID        int64  `json:"id"`
		Title     string `json:"title"`
		TitleHTML string `json:"title_html"`
		URL       string `json:"url"`
		Snippet   string `json:"snippet"`
		Match     string `json:"match"`
	} `json:"results"`
}

func TestSearchAPI(t *testing.T) {
	for _, pg := range []bool{false, true} {
		name := "sqlite"
		if pg {
			name = "postgres"
		}
		t.Run(name, func(t *testing.T) {
			env := webtest.StartWith(t, webtest.Options{Postgres: pg})
			c := env.Client()
			year := time.Now().Year()
			for _, tc := range []struct {
				q     string
				title string
			}{
				{"双减", "兖州区深化“双减”工作实施方案"},
				{"入学", "义务教育阶段学校招生入学工作的通知"},
				{"济兖教体字〔" + itoaInt(year) + "〕12号", "义务教育阶段学校招生入学工作的通知"},
			} {
				st, body := get(t, c, env.URL+"/api/v1/search?q="+url.QueryEscape(tc.q))
				var res searchJSON
				if err := json.Unmarshal([]byte(body), &res); err != nil || st != 200 {
					t.Fatalf("search %s: %d %s", tc.q, st, body)
				}
				if res.Total < 1 || len(res.Results) < 1 || !strings.Contains(res.Results[0].Title, tc.title) || !strings.HasPrefix(res.Results[0].URL, "/docs/") {
					t.Errorf("search %q = %+v; want %s first", tc.q, res, tc.title)
				}
			}
			// how people type (issue 10): words run together are found as
			// words, each highlighted; the title stays plain text.
			for _, tc := range []struct{ q, title, match, mark string }{
				{"双减工作", "兖州区深化“双减”工作实施方案", "words", "<mark>双减</mark>”<mark>工作</mark>"},
				{"义务教育招生", "义务教育阶段学校招生入学工作的通知", "words", "<mark>义务教育</mark>阶段学校<mark>招生"},
				{"“招生入学”", "义务教育阶段学校招生入学工作的通知", "exact", "<mark>招生入学</mark>"},
			} {
				st, body := get(t, c, env.URL+"/api/v1/search?q="+url.QueryEscape(tc.q))
				var res searchJSON
				if err := json.Unmarshal([]byte(body), &res); err != nil || st != 200 {
					t.Fatalf("search %s: %d %s", tc.q, st, body)
				}
				found := false
				for _, r := range res.Results {
					if strings.Contains(r.Title, tc.title) {
						found = true
						if r.Match != tc.match || !strings.Contains(r.TitleHTML, tc.mark) || strings.Contains(r.Title, "<mark>") {
							t.Errorf("search %q: match %q title_html %q title %q; want %s with %s", tc.q, r.Match, r.TitleHTML, r.Title, tc.match, tc.mark)
						}
					}
				}
				if !found {
					t.Errorf("search %q = %s; want %s", tc.q, body, tc.title)
				}
			}
			// targeted documents are never in search
			_, body := get(t, c, env.URL+"/api/v1/search?q="+url.QueryEscape("新生入学须知"))
			if strings.Contains(body, "新生入学须知") {
				t.Errorf("search found the targeted document: %s", body)
			}
			_, body = get(t, c, env.URL+"/api/v1/search?q=")
			if body != "{\"total\":0,\"results\":[]}\n" {
				t.Errorf("empty query = %q; want total 0 and an empty list", body)
			}
		})
	}
}

func itoaInt(n int) string { return itoa64(int64(n)) }

func TestCheckAPIAndAccess(t *testing.T) {
	env := webtest.Start(t)
	c := env.Client()
	resp, err := c.Post(env.URL+"/api/v1/documents/check", "application/json", strings.NewReader(`{"title":"t","body":"x"}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("anonymous check: %d; want 401", resp.StatusCode)
	}
	env.Login(t, c, "jijiaoke")
	resp, err = c.Post(env.URL+"/api/v1/documents/check", "application/json",
		strings.NewReader(`{"title":"关于入学的通知","doc_no":"济兖教体字[2023]第012号","written_on":"2023-05-06","body":"<p>学生身份证号 370882201001011231<script>x</script></p>"}`))
	if err != nil {
		t.Fatal(err)
	}
	var out struct {
		Blocking bool
		Findings []disclosure.Finding
	}
	json.NewDecoder(resp.Body).Decode(&out)
	resp.Body.Close()
	kinds := map[string]bool{}
	for _, f := range out.Findings {
		kinds[f.Kind] = true
		if strings.Contains(f.Masked, "370882201001011231") {
			t.Errorf("unmasked value in %+v", f)
		}
	}
	if !out.Blocking || !kinds["id_number"] || !kinds["doc_number"] || !kinds["missing_element"] {
		t.Errorf("check = %+v; want blocking with id_number, doc_number and missing_element", out)
	}
	// A unit user sees only their unit's documents.
	docs, _, err := env.Store.Documents(context.Background(), store.DocFilter{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	var other, own int64
	for _, d := range docs {
		if d.UnitName == "办公室" {
			other = d.ID
		}
		if d.UnitName == "基础教育科" {
			own = d.ID
		}
	}
	if st, _ := get(t, c, env.URL+"/admin/docs/d/"+itoa64(other)); st != http.StatusForbidden {
		t.Errorf("unit user opens another unit's document: %d; want 403", st)
	}
	if st, _ := get(t, c, env.URL+"/admin/docs/d/"+itoa64(own)); st != http.StatusOK {
		t.Errorf("unit user opens own unit's document: %d; want 200", st)
	}
}

func itoa64(n int64) string {
	b, _ := json.Marshal(n)
	return string(b)
}

func TestPortalPagesAndCache(t *testing.T) {
	env := webtest.Start(t)
	c := env.Client()
	for _, p := range []string{"/", "/docs/", "/catalog", "/guide", "/rules", "/annual-reports", "/interpretations", "/packages", "/packages/1", "/packages/request",
		"/search?q=" + url.QueryEscape("双减"), "/rss/latest", "/atom/policies", "/rss/interpretations", "/sitemap.xml"} {
		if st, body := get(t, c, env.URL+p); st != 200 || len(body) < 100 {
			t.Errorf("GET %s: %d (%d bytes); want 200", p, st, len(body))
		}
	}
	_, cat := get(t, c, env.URL+"/catalog")
	for _, want := range []string{"政策文件", "招生管理", "校园安全", "信息形成或者变更之日起20个工作日内", "政府网站、公开查阅点"} {
		if !strings.Contains(cat, want) {
			t.Errorf("catalog page lacks %s", want)
		}
	}
	_, list := get(t, c, env.URL+"/docs/")
	if strings.Contains(list, "新生入学须知") {
		t.Error("general list shows the targeted document")
	}
	_, sm := get(t, c, env.URL+"/sitemap.xml")
	if strings.Contains(sm, "<loc>") == false {
		t.Error("sitemap without urls")
	}
	// Another node publishes a document: the page cache notices through the
	// database version within a second.
	ctx := context.Background()
	users, _ := env.Store.Users(ctx)
	actors := map[string]auth.Actor{}
	for _, u := range users {
		actors[u.Login] = auth.ActorOf(u, "")
	}
	unit, _ := env.Store.UnitByName(ctx, "基础教育科")
	id, err := env.Store.CreateDocument(ctx, actors["jijiaoke"], store.DocumentInput{UnitID: unit.ID, Title: "缓存失效测试通知", WrittenOn: mustToday(), Genre: "通知公告", Topic: "教育", CatalogItemID: demoCatalogItem(t, env), BodyText: "正文", BodyHTML: "<p>正文</p>"})
	if err != nil {
		t.Fatal(err)
	}
	for _, mv := range []struct {
		who string
		a   disclosure.Action
	}{{"jijiaoke", disclosure.ActSubmit}, {"shencha", disclosure.ActPass}, {"fenguan", disclosure.ActSign}} {
		if _, err := env.Store.MoveDocument(ctx, actors[mv.who], store.MoveRequest{ID: id, Action: mv.a}); err != nil {
			t.Fatal(err)
		}
	}
	time.Sleep(1100 * time.Millisecond)
	if _, list := get(t, c, env.URL+"/docs/"); !strings.Contains(list, "缓存失效测试通知") {
		t.Error("portal list still cached after the version changed")
	}
}

func mustToday() workday.Date { return workday.DateOf(time.Now()) }

func TestCreateWithDocxBodyAndAttachments(t *testing.T) {
	env := webtest.Start(t)
	c := env.Client()
	env.Login(t, c, "jijiaoke")
	w := office.NewDocxWriter()
	w.Paragraph("各学校：")
	w.Paragraph("请做好暑期防溺水安全教育。")
	docx, err := w.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	post := func(files map[string][2]string) (int, string) {
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		for k, v := range map[string]string{"title": "关于做好暑期防溺水工作的通知", "written_on": "2026-06-01", "genre": "通知公告", "topic": "校园安全", "attribute": "主动公开"} {
			mw.WriteField(k, v)
		}
		fw, _ := mw.CreateFormFile("body_docx", "body.docx")
		fw.Write(docx)
		for field, f := range files {
			fw, _ := mw.CreateFormFile(field, f[0])
			fw.Write([]byte(f[1]))
		}
		mw.Close()
		resp, err := c.Post(env.URL+"/admin/docs/", mw.FormDataContentType(), &buf)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, resp.Header.Get("Location") + string(b)
	}
	ctx := context.Background()
	_, before, _ := env.Store.Documents(ctx, store.DocFilter{})
	if st, body := post(map[string][2]string{"attachments": {"run.exe", "MZ"}}); st != http.StatusBadRequest || !strings.Contains(body, "类型不允许") {
		t.Errorf("exe attachment: %d %q; want 400 naming the type", st, truncate(body, 200))
	}
	if _, after, _ := env.Store.Documents(ctx, store.DocFilter{}); after != before {
		t.Errorf("refused upload saved a document: %d → %d", before, after)
	}
	st, loc := post(map[string][2]string{"attachments": {"名单.pdf", "%PDF-1.4 test"}})
	if st != http.StatusSeeOther || !strings.HasPrefix(loc, "/admin/docs/d/") {
		t.Fatalf("create: %d %q; want a redirect to the document", st, truncate(loc, 200))
	}
	docs, _, _ := env.Store.Documents(ctx, store.DocFilter{Limit: 1, Order: "updated"})
	d := docs[0]
	atts, _ := env.Store.Attachments(ctx, d.ID)
	if !strings.Contains(d.BodyText, "防溺水安全教育") || len(atts) != 1 || atts[0].Name != "名单.pdf" {
		t.Errorf("created document body %q, attachments %+v; want the docx text and the pdf", d.BodyText, atts)
	}
}

func TestPackageRequestAnswered(t *testing.T) {
	env := webtest.Start(t)
	pub := env.Client()
	resp, err := pub.PostForm(env.URL+"/packages/request", url.Values{"name": {"某培训学校"}, "contact": {"0537-1234567"}, "organisation": {"培训机构"}, "topic": {"校外培训机构审批"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	loc := resp.Header.Get("Location")
	if resp.StatusCode != http.StatusSeeOther || !strings.Contains(loc, "code=ZC") {
		t.Fatalf("request: %d %q; want a redirect with the lookup code", resp.StatusCode, loc)
	}
	code := loc[strings.Index(loc, "code=")+5:]
	ctx := context.Background()
	reqs, err := env.Store.PackageRequests(ctx)
	if err != nil || len(reqs) != 1 {
		t.Fatalf("requests = %v, %v; want one", reqs, err)
	}
	pkgs, _ := env.Store.Packages(ctx, true)
	office := env.Client()
	env.Login(t, office, "bangongshi")
	resp, err = office.PostForm(env.URL+"/admin/docs/package-requests/"+itoa64(reqs[0].ID)+"/answer", url.Values{"package_id": {itoa64(pkgs[1].ID)}, "answer": {"请查阅文件包"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("answer: %d; want 303", resp.StatusCode)
	}
	_, page := get(t, pub, env.URL+"/packages/request?code="+code)
	if !strings.Contains(page, "已答复") || !strings.Contains(page, pkgs[1].Title) {
		t.Errorf("lookup page does not show the answer with %s", pkgs[1].Title)
	}
	// The honeypot refuses robots.
	resp, _ = pub.PostForm(env.URL+"/packages/request", url.Values{"name": {"x"}, "contact": {"y"}, "topic": {"z"}, "website": {"http://spam"}})
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("honeypot: %d; want 400", resp.StatusCode)
	}
}
