package publish_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"gongkai/internal/auth"
	"gongkai/internal/publish"
	"gongkai/internal/store"
	"gongkai/internal/web"
	"gongkai/internal/webtest"
)

func TestFilePath(t *testing.T) {
	dir := "/srv/site"
	for _, tc := range []struct{ path, ctype, want string }{
		{"/", "text/html; charset=utf-8", "/srv/site/index.html"},
		{"/docs/", "text/html; charset=utf-8", "/srv/site/docs/index.html"},
		{"/docs/12", "text/html; charset=utf-8", "/srv/site/docs/12/index.html"},
		{"/docs/page/3", "text/html; charset=utf-8", "/srv/site/docs/page/3/index.html"},
		{"/errors/404.html", "text/html; charset=utf-8", "/srv/site/errors/404.html"},
		{"/rss/latest.xml", "application/rss+xml; charset=utf-8", "/srv/site/rss/latest.xml"},
		{"/files/3/通知.pdf", "application/pdf", "/srv/site/files/3/通知.pdf"},
		{"/files/3/readme", "text/plain", "/srv/site/files/3/readme"}, // not HTML: never served as a page
		{"/static/app.css", "text/css; charset=utf-8", "/srv/site/static/app.css"},
	} {
		got, err := publish.FilePath(dir, tc.path, tc.ctype)
		if err != nil || got != tc.want {
			t.Errorf("FilePath(%q, %q) = %q, %v; want %q", tc.path, tc.ctype, got, err, tc.want)
		}
	}
	for _, bad := range []string{"", "docs", "/docs/../../etc/passwd", "/docs//1", "/.gongkai-publish.lock", "/docs/.tmp-1", "/a\\b", "/a/./b"} {
		if got, err := publish.FilePath(dir, bad, "text/html"); err == nil {
			t.Errorf("FilePath(%q) = %q; want an error", bad, got)
		}
	}
}

// render is the dynamic page at path, as the portal serves it now (past
// its page cache, which may lag a second behind a change).
func render(t *testing.T, h http.Handler, path string) (int, string, []byte) {
	t.Helper()
	req := httptest.NewRequestWithContext(web.Fresh(context.Background()), http.MethodGet, (&url.URL{Path: path}).EscapedPath(), nil)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Code, rec.Header().Get("Content-Type"), rec.Body.Bytes()
}

func pages(t *testing.T, site *web.Server) []web.PublicPage {
	t.Helper()
	var out []web.PublicPage
	if err := site.PublicPages(context.Background(), func(p web.PublicPage) error {
		out = append(out, p)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

// checkSite compares every published file with the page the portal serves
// at its address now, and its .gz copy with the same bytes.
func checkSite(t *testing.T, env *webtest.Env, dir string, step string) {
	t.Helper()
	h := env.App.Handler()
	for _, pg := range pages(t, env.App.Web) {
		code, ct, body := render(t, h, pg.Path)
		name, err := publish.FilePath(dir, pg.Path, ct)
		if err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(name)
		if err != nil {
			t.Errorf("%s (%d): %v", pg.Path, code, err)
			continue
		}
		if !bytes.Equal(got, body) {
			t.Errorf("%s: %s: published file differs from the page served (%d vs %d bytes)", step, pg.Path, len(got), len(body))
		}
		if gz, err := os.ReadFile(name + ".gz"); err == nil {
			zr, err := gzip.NewReader(bytes.NewReader(gz))
			if err != nil {
				t.Fatal(err)
			}
			plain, _ := io.ReadAll(zr)
			if !bytes.Equal(plain, body) {
				t.Errorf("%s: %s.gz does not hold the page", step, pg.Path)
			}
		}
	}
}

func mtime(t *testing.T, name string) time.Time {
	t.Helper()
	st, err := os.Stat(name)
	if err != nil {
		t.Fatal(err)
	}
	return st.ModTime()
}

func contains(t *testing.T, name, want string) bool {
	t.Helper()
	b, err := os.ReadFile(name)
	return err == nil && strings.Contains(string(b), want)
}

// TestPublishFullAndUpdate publishes the demo, then lets changes reach
// the files the way the publish job does: a new document with an
// attachment (its page, file, the lists and feeds; pages it does not alter
// are not rewritten), a change nobody mapped (a full rebuild), a page
// taken off the portal (its file deleted), a 全部重新发布 from the console
// and a new day.
func TestPublishFullAndUpdate(t *testing.T) {
	env := webtest.Start(t)
	ctx := context.Background()
	dir := t.TempDir()
	p, err := env.App.Publisher(dir)
	if err != nil {
		t.Fatal(err)
	}
	// Stray files and a temporary file left by a crash go on a full rebuild.
	os.MkdirAll(filepath.Join(dir, "docs", "999"), 0o755)
	os.WriteFile(filepath.Join(dir, "docs", "999", "index.html"), []byte("old"), 0o644)
	os.WriteFile(filepath.Join(dir, ".tmp-abc"), []byte("half"), 0o644)

	res, ran, err := p.Update(ctx) // the first run of a publisher is a full rebuild
	if err != nil || !ran || !res.Full || res.Failed > 0 {
		t.Fatalf("first update: %+v ran=%v err=%v", res, ran, err)
	}
	checkSite(t, env, dir, "step 1")
	for _, gone := range []string{"docs/999/index.html", "docs/999", ".tmp-abc"} {
		if _, err := os.Stat(filepath.Join(dir, gone)); err == nil {
			t.Errorf("%s survived the full rebuild", gone)
		}
	}
	st, err := env.Store.PublishStateOf(ctx, p.Dir)
	if err != nil || st.Pages != res.Pages || st.Finished.IsZero() || !st.Full {
		t.Fatalf("state %+v, %v", st, err)
	}
	if res, ran, err := p.Update(ctx); err != nil || ran {
		t.Fatalf("update with nothing changed: %+v ran=%v err=%v", res, ran, err)
	}

	messages := filepath.Join(dir, "messages", "index.html")
	before := mtime(t, messages)
	time.Sleep(20 * time.Millisecond)
	id := env.PublishDoc(t, "关于静态发布测试的通知", store.NewAttachment{Name: "附件1 报名表.txt", ContentType: "text/plain", Data: []byte("报名表：姓名、学校、年级。")})
	res, ran, err = p.Update(ctx)
	if err != nil || !ran || res.Full || res.Failed > 0 {
		t.Fatalf("update after a new document: %+v ran=%v err=%v", res, ran, err)
	}
	if res.Rendered >= st.Pages {
		t.Errorf("update rendered %d of %d pages; want only those the document alters", res.Rendered, st.Pages)
	}
	doc := filepath.Join(dir, "docs", itoa(id), "index.html")
	if !contains(t, doc, "关于静态发布测试的通知") || !contains(t, doc, "/files/") {
		t.Errorf("the new document's page is missing or lacks its attachment link")
	}
	if !contains(t, filepath.Join(dir, "docs", "index.html"), "关于静态发布测试的通知") || !contains(t, filepath.Join(dir, "rss", "latest.xml"), "关于静态发布测试的通知") {
		t.Errorf("the latest list and feed do not show the new document")
	}
	files, _ := filepath.Glob(filepath.Join(dir, "files", "*", "附件1_报名表.txt"))
	if len(files) != 1 || !contains(t, files[0], "报名表：姓名") {
		t.Errorf("attachment file: %v", files)
	}
	if !mtime(t, messages).Equal(before) {
		t.Errorf("messages page rewritten by a document change")
	}
	checkSite(t, env, dir, "step 2")

	// A document taken off the portal (as a withdrawal would): its page
	// and attachment are deleted.
	db := env.Store.DB()
	if _, err := db.ExecContext(ctx, env.Store.Rebind(`UPDATE documents SET status = 'draft' WHERE id = ?`), id); err != nil {
		t.Fatal(err)
	}
	if err := env.Store.InTx(ctx, func(tx *store.Tx) error {
		return tx.Audit(ctx, auth.System, "withdraw", "document", id, "撤回（测试）", nil, nil)
	}); err != nil {
		t.Fatal(err)
	}
	res, ran, err = p.Update(ctx)
	if err != nil || !ran || res.Deleted < 2 {
		t.Fatalf("update after withdrawal: %+v ran=%v err=%v", res, ran, err)
	}
	for _, gone := range append([]string{doc}, files...) {
		if _, err := os.Stat(gone); err == nil {
			t.Errorf("%s still published", gone)
		}
	}
	if contains(t, filepath.Join(dir, "docs", "index.html"), "关于静态发布测试的通知") {
		t.Errorf("the latest list still shows the withdrawn document")
	}
	checkSite(t, env, dir, "step 3")

	// An entity nobody mapped: the safe side, a full rebuild.
	if err := env.Store.InTx(ctx, func(tx *store.Tx) error {
		return tx.Audit(ctx, auth.System, "create", "new_kind_of_thing", 1, "测试", nil, nil)
	}); err != nil {
		t.Fatal(err)
	}
	if res, ran, err = p.Update(ctx); err != nil || !ran || !res.Full || !strings.Contains(res.Why, "new_kind_of_thing") {
		t.Fatalf("update after an unmapped change: %+v ran=%v err=%v", res, ran, err)
	}

	// 全部重新发布 from the console.
	if _, err := env.Store.RequestRebuild(ctx, auth.Actor{Login: "admin", Role: auth.RoleAdmin}); err != nil {
		t.Fatal(err)
	}
	if res, ran, err = p.Update(ctx); err != nil || !ran || !res.Full || !strings.Contains(res.Why, "admin") {
		t.Fatalf("update after a rebuild request: %+v ran=%v err=%v", res, ran, err)
	}
	if res, ran, err = p.Update(ctx); err != nil || ran {
		t.Fatalf("the request is served once: %+v ran=%v err=%v", res, ran, err)
	}

	// A restored database (the publisher's state and the audit log back
	// at an earlier point): a full rebuild.
	st, err = env.Store.PublishStateOf(ctx, p.Dir)
	if err != nil {
		t.Fatal(err)
	}
	st.AuditCursor = 1
	if err := env.Store.SavePublishState(ctx, st); err != nil {
		t.Fatal(err)
	}
	if res, ran, err = p.Update(ctx); err != nil || !ran || !res.Full || !strings.Contains(res.Why, "恢复") {
		t.Fatalf("update after a restore: %+v ran=%v err=%v", res, ran, err)
	}

	// A new day: the pages that depend on the date.
	tomorrow := env.Store.Now().Add(24 * time.Hour)
	env.Store.Now = func() time.Time { return tomorrow }
	if res, ran, err = p.Update(ctx); err != nil || !ran || !res.Full {
		t.Fatalf("update on a new day: %+v ran=%v err=%v", res, ran, err)
	}
}

// TestPublishBusy: two publishers never write one directory at once.
func TestPublishBusy(t *testing.T) {
	env := webtest.Start(t)
	dir := t.TempDir()
	a, _ := env.App.Publisher(dir)
	b, _ := env.App.Publisher(dir)
	done := make(chan error, 1)
	a.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(5 * time.Millisecond)
		env.App.Handler().ServeHTTP(w, r)
	})
	go func() { _, err := a.Full(context.Background(), "test"); done <- err }()
	time.Sleep(100 * time.Millisecond) // a renders for over 250 ms
	if _, err := b.Full(context.Background(), "test"); err != publish.ErrBusy {
		t.Errorf("second publisher: %v; want ErrBusy while the first writes", err)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
