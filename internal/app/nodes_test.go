package app_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"gongkai/internal/app"
	"gongkai/internal/config"
	"gongkai/internal/demo"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// TestTwoNodesShareOnePostgres boots two apps on one PostgreSQL database:
// both answer, and a session made on one node is valid on the other
// (nodes keep no state of their own).
func TestTwoNodesShareOnePostgres(t *testing.T) {
	dsn := storetest.PostgresURL(t)
	if dsn == "" {
		t.Skip("GONGKAI_TEST_POSTGRES not set")
	}
	ctx := context.Background()
	var urls []string
	for i := 0; i < 2; i++ {
		st, err := store.Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		cfg := config.Default()
		cfg.DB = dsn
		a, err := app.FromStore(ctx, st, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), i == 0)
		if err != nil {
			t.Fatalf("node %d: %v", i, err)
		}
		if i == 0 {
			if _, err := demo.Seed(ctx, st, st.Now()); err != nil {
				t.Fatal(err)
			}
		}
		srv := httptest.NewServer(a.Handler())
		t.Cleanup(srv.Close)
		urls = append(urls, srv.URL)
	}
	for _, u := range urls {
		resp, err := http.Get(u + "/healthz")
		if err != nil || resp.StatusCode != 200 {
			t.Fatalf("%s/healthz: %v %v", u, resp, err)
		}
		resp.Body.Close()
	}
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.PostForm(urls[0]+"/login", url.Values{"login": {"bangongshi"}, "password": {demo.Password}})
	if err != nil || resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("login on node 0: %v %v", resp, err)
	}
	resp.Body.Close()
	req, _ := http.NewRequest("GET", urls[1]+"/api/v1/me", nil)
	for _, ck := range resp.Cookies() {
		req.AddCookie(ck)
	}
	resp, err = c.Do(req)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("session from node 0 on node 1: %v %v", resp, err)
	}
	resp.Body.Close()
}
