package web_test

import (
	"context"
	"encoding/xml"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"gongkai/internal/auth"
	"gongkai/internal/store"
	"gongkai/internal/web"
	"gongkai/internal/webtest"
)

// serve requests path from the app's handler as an anonymous visitor
// with the given Host.
func serve(t *testing.T, env *webtest.Env, host, path string) (int, http.Header, string) {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, path, nil)
	req.Host = host
	rec := httptest.NewRecorder()
	env.App.Handler().ServeHTTP(rec, req)
	return rec.Code, rec.Header(), rec.Body.String()
}

func publicPages(t *testing.T, env *webtest.Env) []web.PublicPage {
	t.Helper()
	var out []web.PublicPage
	if err := env.App.Web.PublicPages(context.Background(), func(p web.PublicPage) error {
		out = append(out, p)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestPublicPages: every page of the portal's map renders with its status,
// once, the same whatever Host the request names and whatever cookies it
// carries (elder mode lives in the browser), with absolute links from
// GONGKAI_BASE_URL only.
func TestPublicPages(t *testing.T) {
	env := webtest.Start(t)
	env.ImportDocs(t, 45, "分页测试文件")
	pages := publicPages(t, env)
	seen := map[string]bool{}
	base := strings.TrimRight(env.App.HTTP.Config.BaseURL, "/")
	for _, p := range pages {
		if seen[p.Path] {
			t.Errorf("%s listed twice", p.Path)
		}
		seen[p.Path] = true
		want := p.Status
		if want == 0 {
			want = http.StatusOK
		}
		code, hdr, body := serve(t, env, "127.0.0.1:8080", p.Path)
		if code != want {
			t.Errorf("%s: status %d; want %d", p.Path, code, want)
			continue
		}
		if strings.Contains(hdr.Get("Vary"), "Cookie") {
			t.Errorf("%s: Vary %q; the page must not vary by cookie", p.Path, hdr.Get("Vary"))
		}
		if strings.HasPrefix(p.Path, "/static/") {
			continue
		}
		code2, _, forged := serve(t, env, "evil.example", p.Path)
		if code2 != code || forged != body || strings.Contains(forged, "evil.example") {
			t.Errorf("%s differs with a forged Host (status %d): the page must use GONGKAI_BASE_URL only", p.Path, code2)
		}
		req := httptest.NewRequest(http.MethodGet, p.Path, nil)
		req.AddCookie(&http.Cookie{Name: "elder", Value: "1"})
		rec := httptest.NewRecorder()
		env.App.Handler().ServeHTTP(rec, req)
		if rec.Body.String() != body {
			t.Errorf("%s differs with an elder cookie", p.Path)
		}
	}
	for _, p := range []string{"/", "/guide", "/catalog", "/docs/", "/docs/page/2", "/docs/page/3", "/sitemap.xml", "/rss/latest.xml", "/atom/messages.xml",
		"/errors/404.html", "/errors/503.html", "/static/app.css", "/static/prefs.js", "/consultations", "/messages", "/evaluations", "/packages"} {
		if !seen[p] {
			t.Errorf("page %s missing from PublicPages", p)
		}
	}
	if seen["/docs/page/4"] {
		t.Errorf("/docs/page/4 listed: there are 3 pages")
	}
	for _, p := range []string{"/search", "/apply", "/apply/track", "/messages/new", "/login", "/admin/"} {
		if seen[p] {
			t.Errorf("dynamic page %s listed as public", p)
		}
	}

	// The sitemap: absolute addresses from GONGKAI_BASE_URL, the HTML pages.
	_, hdr, body := serve(t, env, "evil.example", "/sitemap.xml")
	var set struct {
		URLs []struct {
			Loc string `xml:"loc"`
		} `xml:"url"`
	}
	if err := xml.Unmarshal([]byte(body), &set); err != nil || len(set.URLs) == 0 {
		t.Fatalf("sitemap (%s): %v\n%s", hdr.Get("Content-Type"), err, body)
	}
	for _, u := range set.URLs {
		if !strings.HasPrefix(u.Loc, base+"/") || !seen[strings.TrimPrefix(u.Loc, base)] {
			t.Errorf("sitemap URL %s: want %s + a public page", u.Loc, base)
		}
	}
}

// TestPublicRoutesMapped: every public GET route of the portal is either
// published (some page of PublicPages is its address) or named dynamic,
// so a new portal page cannot be forgotten by the publisher.
func TestPublicRoutesMapped(t *testing.T) {
	env := webtest.Start(t)
	env.ImportDocs(t, 25, "路由测试文件")
	env.PublishDoc(t, "附件测试通知", store.NewAttachment{Name: "附件1 报名表.txt", ContentType: "text/plain", Data: []byte("报名表：姓名、学校。")})
	pages := publicPages(t, env)
	for _, rt := range env.App.HTTP.Routes() {
		if rt.Perm != auth.PermPublic || !strings.HasPrefix(rt.Pattern, "GET ") || strings.HasPrefix(rt.Pattern, "GET /api/") {
			continue
		}
		if _, ok := web.DynamicPortalRoutes[rt.Pattern]; ok {
			continue
		}
		mux := http.NewServeMux()
		mux.HandleFunc(rt.Pattern, func(http.ResponseWriter, *http.Request) {})
		found := false
		for _, p := range pages {
			if _, pat := mux.Handler(httptest.NewRequest(http.MethodGet, (&url.URL{Path: p.Path}).EscapedPath(), nil)); pat == rt.Pattern {
				found = true
				break
			}
		}
		if !found {
			t.Errorf("public route %q is neither published (web.PublicPages) nor listed in dynamicPortalRoutes", rt.Pattern)
		}
	}
}

// TestPortalPaging: the lists are paged in the path; the old ?page=N
// redirects there; page 1 and pages past the end have no /page/N address.
func TestPortalPaging(t *testing.T) {
	env := webtest.Start(t)
	env.ImportDocs(t, 45, "分页文件")
	c := env.Client()
	for _, tc := range []struct {
		path     string
		status   int
		location string
	}{
		{"/docs/?page=2", http.StatusMovedPermanently, "/docs/page/2"},
		{"/docs/?page=1", http.StatusMovedPermanently, "/docs/"},
		{"/docs/page/2", http.StatusOK, ""},
		{"/docs/page/3", http.StatusOK, ""},
		{"/docs/page/4", http.StatusNotFound, ""},
		{"/docs/page/1", http.StatusNotFound, ""},
		{"/docs/page/02", http.StatusNotFound, ""},
		{"/evaluations?year=2023", http.StatusMovedPermanently, "/evaluations/2023"},
		{"/evaluations/1999", http.StatusNotFound, ""},
	} {
		resp, err := c.Get(env.URL + tc.path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tc.status || resp.Header.Get("Location") != tc.location {
			t.Errorf("%s: %d %q; want %d %q", tc.path, resp.StatusCode, resp.Header.Get("Location"), tc.status, tc.location)
		}
		if tc.path == "/docs/page/2" && (!strings.Contains(string(body), `href="/docs/page/3" rel="next"`) || !strings.Contains(string(body), `href="/docs/" rel="prev"`)) {
			t.Errorf("page 2 lacks its links to /docs/ and /docs/page/3")
		}
	}
}

// TestSitemapIndex: past the limit of URLs per file the sitemap is an
// index of parts, each a page of the public map.
func TestSitemapIndex(t *testing.T) {
	env := webtest.Start(t)
	defer web.SetSitemapLimit(10)()
	pages := publicPages(t, env)
	n := 0
	var parts []string
	for _, p := range pages {
		if p.Sitemap {
			n++
		}
		if strings.HasPrefix(p.Path, "/sitemaps/") {
			parts = append(parts, p.Path)
		}
	}
	if want := (n + 9) / 10; len(parts) != want || n <= 10 {
		t.Fatalf("%d sitemap pages, parts %v; want %d parts", n, parts, want)
	}
	_, _, body := serve(t, env, "x", "/sitemap.xml")
	base := strings.TrimRight(env.App.HTTP.Config.BaseURL, "/")
	if !strings.Contains(body, "<sitemapindex") || !strings.Contains(body, "<loc>"+base+parts[len(parts)-1]+"</loc>") {
		t.Fatalf("sitemap index:\n%s", body)
	}
	total := 0
	for _, p := range parts {
		code, _, body := serve(t, env, "x", p)
		if code != http.StatusOK {
			t.Fatalf("%s: %d", p, code)
		}
		total += strings.Count(body, "<url>")
	}
	if total != n {
		t.Errorf("parts hold %d URLs; want %d", total, n)
	}
	if code, _, _ := serve(t, env, "x", "/sitemaps/"+itoa(int64(len(parts)+1))+".xml"); code != http.StatusNotFound {
		t.Errorf("part past the end: %d; want 404", code)
	}
}

// TestChangeKeys: what a change alters; an entity nobody mapped asks for a
// full rebuild (the safe side), a private one for nothing.
func TestChangeKeys(t *testing.T) {
	env := webtest.Start(t)
	ctx := context.Background()
	for _, tc := range []struct {
		c    store.AuditChange
		full bool
		keys []string
	}{
		{store.AuditChange{Entity: "document", EntityID: "7", Action: "sign"}, false, []string{web.DocKey(7), web.KeyDocs}},
		{store.AuditChange{Entity: "documents", Action: "import", IDs: []int64{8, 9}}, false, []string{web.DocKey(8), web.DocKey(9), web.KeyDocs}},
		{store.AuditChange{Entity: "message", EntityID: "3", Action: "status"}, false, []string{web.MessageKey(3), web.KeyMessages}},
		{store.AuditChange{Entity: "document", EntityID: "7", Action: "gate_refused"}, false, nil},
		{store.AuditChange{Entity: "request", EntityID: "1", Action: "create"}, false, nil},
		{store.AuditChange{Entity: "unit", EntityID: "1", Action: "liaison"}, false, nil},
		{store.AuditChange{Entity: "unit", EntityID: "1", Action: "update"}, true, nil},
		{store.AuditChange{Entity: "catalog_item", EntityID: "1", Action: "update"}, true, nil},
		{store.AuditChange{Entity: "something_new", EntityID: "1", Action: "create"}, true, nil},
	} {
		ch, err := env.App.Web.ChangeKeys(ctx, []store.AuditChange{tc.c})
		if err != nil {
			t.Fatal(err)
		}
		if ch.Full != tc.full {
			t.Errorf("%+v: full %v; want %v", tc.c, ch.Full, tc.full)
		}
		for _, k := range tc.keys {
			if !ch.Keys[k] {
				t.Errorf("%+v: keys %v lack %s", tc.c, ch.Keys, k)
			}
		}
		if tc.keys == nil && !tc.full && len(ch.Keys) > 0 {
			t.Errorf("%+v: keys %v; want none", tc.c, ch.Keys)
		}
	}
}
