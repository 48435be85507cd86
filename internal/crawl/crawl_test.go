package crawl

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"gongkai"
	"gongkai/internal/workday"
)

// site is a small site on loopback: a home page, a list, an article, a
// page robots.txt forbids, a broken link and image, a redirect to another
// host, an oversized page and a deep chain.
func site(t *testing.T, other string) *httptest.Server {
	mux := http.NewServeMux()
	page := func(body string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, "<!doctype html><html><head><title>"+r.URL.Path+"</title><meta name=\"SiteName\" content=\"某校\"></head><body>"+body+"</body></html>")
		}
	}
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "User-agent: *\nDisallow: /private\nAllow: /private/open\n")
	})
	mux.HandleFunc("/{$}", page(`<a href="/list">通知公告</a> <a href="/private/x">内部</a> <a href="/private/open">开放</a>
		<a href="/missing">坏链接</a> <img src="/logo.png"> <img src="/gone.png"> <a href="/away">外站跳转</a> <a href="/big">大页面</a>
		<a href="/deep/1">深</a> <a href="`+other+`/ext">外部链接</a> <a href="mailto:a@b.cn">信</a> <a href="javascript:void(0)">x</a>
		<script>var x = "<a href='/in-script'>";</script> 最新 2023-11-20`))
	mux.HandleFunc("/list", page(`<ul><li><a href="/a1">通知一</a> 2023-05-06</li><li>通知二 2023-04-01</li><li>通知三 2023年3月2日</li></ul>`))
	mux.HandleFunc("/a1", page(`<h1>通知一</h1><p>发布日期：2023-05-06</p><p>正文。</p>`))
	mux.HandleFunc("/private/x", page("秘密"))
	mux.HandleFunc("/private/open", page("开放"))
	mux.HandleFunc("/logo.png", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/png")
		w.Write([]byte("png"))
	})
	mux.HandleFunc("/away", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, other+"/landing", http.StatusFound) })
	mux.HandleFunc("/big", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		chunk := strings.Repeat("大", 1<<16) // 192 KiB, written without a Content-Length
		for n := 0; n <= (5<<20)/len(chunk); n++ {
			w.Write([]byte(chunk))
		}
	})
	mux.HandleFunc("/deep/{n}", func(w http.ResponseWriter, r *http.Request) {
		var n int
		fmt.Sscan(r.PathValue("n"), &n)
		page(fmt.Sprintf(`<a href="/deep/%d">更深</a>`, n+1))(w, r)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func TestCrawl(t *testing.T) {
	ext := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/ext" {
			http.NotFound(w, r)
			return
		}
		fmt.Fprint(w, "外站")
	}))
	defer ext.Close()
	srv := site(t, ext.URL)
	res, err := Crawl(context.Background(), srv.URL, Options{MaxDepth: 3, Delay: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	fetched := map[string]*Page{}
	for i := range res.Pages {
		fetched[strings.TrimPrefix(res.Pages[i].URL, srv.URL)] = &res.Pages[i]
	}
	if p := fetched["/private/x"]; p == nil || p.Skipped == "" || p.Status != 0 {
		t.Errorf("robots.txt: /private/x = %+v; want skipped unfetched", p)
	}
	if p := fetched["/private/open"]; p == nil || p.Status != 200 {
		t.Errorf("robots.txt Allow: /private/open = %+v", p)
	}
	if p := fetched["/away"]; p == nil || !strings.Contains(p.Skipped, "未跟随") {
		t.Errorf("redirect to another host: %+v; want not followed", p)
	}
	if p := fetched["/big"]; p == nil || !strings.Contains(p.Skipped, "超过 5 MB") {
		t.Errorf("page over 5 MB: %+v; want skipped with the reason", p)
	}
	// Depth: /deep/1 is at depth 1; with MaxDepth 3 the chain stops at /deep/3.
	if fetched["/deep/3"] == nil || fetched["/deep/4"] != nil {
		t.Errorf("depth limit: deep/3 %v, deep/4 %v", fetched["/deep/3"] != nil, fetched["/deep/4"] != nil)
	}
	if fetched["/in-script"] != nil {
		t.Error("a link inside a script was followed")
	}
	broken := map[string]bool{}
	for _, b := range res.Broken {
		broken[strings.TrimPrefix(b.URL, srv.URL)] = true
	}
	if !broken["/missing"] || !broken["/gone.png"] || broken["/logo.png"] || len(res.Broken) != 2 {
		t.Errorf("broken = %+v; want /missing and /gone.png only (external not checked)", res.Broken)
	}
	if !strings.Contains(strings.Join(res.Notes, "\n"), "未开启外部链接检查") {
		t.Errorf("notes = %v", res.Notes)
	}
	// Dates read from pages.
	if l := fetched["/list"]; l == nil || len(l.Dates) != 3 || l.Dates[0] != workday.MustDate("2023-05-06") {
		t.Errorf("list dates = %v", l.Dates)
	}
	if a := fetched["/a1"]; a == nil || a.PubDate != workday.MustDate("2023-05-06") {
		t.Errorf("article publish date = %v", a.PubDate)
	}
	if h := res.Home(); h == nil || h.Meta["SiteName"] != "某校" || len(h.Dates) == 0 {
		t.Errorf("home = %+v", h)
	}

	// External checking on: the broken external link is found, and the
	// redirect to the other host is followed (but that page is not read).
	res, err = Crawl(context.Background(), srv.URL, Options{MaxDepth: 1, Delay: time.Millisecond, External: true})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, b := range res.Broken {
		found = found || b.URL == ext.URL+"/ext"
	}
	if !found {
		t.Errorf("external broken link not reported: %+v", res.Broken)
	}
	for _, p := range res.Pages {
		if strings.HasSuffix(p.URL, "/away") && !strings.Contains(p.Skipped, "重定向到其他网站") {
			t.Errorf("/away with external on = %+v", p)
		}
	}

	// Limits: pages.
	res, _ = Crawl(context.Background(), srv.URL, Options{MaxPages: 3, Delay: time.Millisecond})
	if len(res.Pages) != 3 || !strings.Contains(res.Stopped, "页面数上限 3") {
		t.Errorf("max pages: %d pages, stopped %q", len(res.Pages), res.Stopped)
	}
}

func TestCrawlRefusesBadBase(t *testing.T) {
	for _, b := range []string{"ftp://example.cn/", "file:///etc/passwd", "javascript:alert(1)", "www.example.cn", ""} {
		if _, err := Crawl(context.Background(), b, Options{}); gongkai.ErrorCode(err) != gongkai.EINVALID {
			t.Errorf("base %q: %v; want EINVALID", b, err)
		}
	}
}

func TestCrawlUnreachable(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	u := srv.URL
	srv.Close() // nothing listens there now
	res, err := Crawl(context.Background(), u, Options{Timeout: 2 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if res.Unreachable() == "" {
		t.Errorf("unreachable site: %+v", res.Home())
	}
}

func TestCrawlTimeLimit(t *testing.T) {
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	}))
	defer slow.Close()
	res, _ := Crawl(context.Background(), slow.URL, Options{Timeout: 200 * time.Millisecond, MaxTime: time.Second})
	if h := res.Home(); h == nil || !strings.Contains(h.Error, "未响应") {
		t.Errorf("slow home = %+v; want a timeout", h)
	}
}

func TestRobots(t *testing.T) {
	r := ParseRobots("User-agent: other\nDisallow: /\n\nUser-agent: *\nDisallow: /a\nAllow: /a/b$\nDisallow: /*.pdf$\nCrawl-delay: 2\n", "gongkai-inspect")
	for path, want := range map[string]bool{"/": true, "/a": false, "/a/x": false, "/a/b": true, "/a/bc": false, "/x.pdf": false, "/x.pdf?y": true, "/robots.txt": true} {
		if got := r.Allowed(path); got != want {
			t.Errorf("Allowed(%q) = %v; want %v", path, got, want)
		}
	}
	if r.Delay != 2*time.Second {
		t.Errorf("delay = %v", r.Delay)
	}
	mine := ParseRobots("User-agent: *\nDisallow: /\n\nUser-agent: gongkai-inspect\nDisallow: /x\n", "gongkai-inspect/1.0")
	if !mine.Allowed("/y") || mine.Allowed("/x") {
		t.Error("the group naming the agent was not used")
	}
}

func FuzzParseRobots(f *testing.F) {
	f.Add("User-agent: *\nDisallow: /a*b$\n", "/a/xb")
	f.Fuzz(func(t *testing.T, body, path string) {
		r := ParseRobots(body, "gongkai-inspect")
		_ = r.Allowed(path)
	})
}

func TestFindDates(t *testing.T) {
	now := time.Date(2023, 11, 30, 0, 0, 0, 0, time.UTC)
	got := FindDates("2023-05-06 与 2023/5/7、2023.5.8、2023年5月9日，版本 1.2023.05.06.1，未来 2024-01-01，坏 2023-02-30", now)
	want := []string{"2023-05-09", "2023-05-08", "2023-05-07", "2023-05-06"}
	if len(got) != len(want) {
		t.Fatalf("dates = %v; want %v", got, want)
	}
	for i := range want {
		if got[i].String() != want[i] {
			t.Errorf("dates[%d] = %s; want %s", i, got[i], want[i])
		}
	}
}

func FuzzParseHTML(f *testing.F) {
	f.Add([]byte(`<html><head><title>t</title><meta name="PubDate" content="2023-05-06"></head><body><a href="/x">x</a><script>s</script>发布日期：2023年5月6日</body></html>`))
	f.Add([]byte(`<a href="javascript:x"><img src="//h/y.png"><a href=":bad">`))
	base, _ := ParseBase("http://example.cn/a/")
	f.Fuzz(func(t *testing.T, body []byte) {
		p := parseHTML(body, base)
		for _, l := range p.links {
			if l.u.Scheme != "http" && l.u.Scheme != "https" || l.u.Fragment != "" {
				t.Fatalf("link %v kept", l.u)
			}
		}
		_ = PubDate(p.meta, p.text)
		if ds := FindDates(p.text, time.Now()); len(ds) > MaxDates {
			t.Fatalf("%d dates", len(ds))
		}
	})
}
