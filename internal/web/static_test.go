package web_test

import (
	"bytes"
	"compress/gzip"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"gongkai/internal/webtest"
)

// TestStaticPrecompressed: every script and style of at least 1 KiB has
// its NAME.gz twin (go generate ./internal/web), and the twin holds exactly
// the asset's bytes — a stale .gz fails here.
func TestStaticPrecompressed(t *testing.T) {
	n := 0
	err := filepath.WalkDir("static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(p, ".gz") {
			return err
		}
		info, _ := d.Info()
		ext := filepath.Ext(p)
		if info.Size() < 1024 || (ext != ".js" && ext != ".css" && ext != ".svg") {
			return nil
		}
		src, _ := os.ReadFile(p)
		f, err := os.Open(p + ".gz")
		if err != nil {
			t.Errorf("%s.gz missing: run go generate ./internal/web", p)
			return nil
		}
		defer f.Close()
		zr, err := gzip.NewReader(f)
		if err != nil {
			t.Errorf("%s.gz: %v", p, err)
			return nil
		}
		got, err := io.ReadAll(zr)
		if err != nil || !bytes.Equal(got, src) {
			t.Errorf("%s.gz is stale: run go generate ./internal/web", p)
		}
		n++
		return nil
	})
	if err != nil || n < 3 {
		t.Fatalf("walked %d assets: %v", n, err)
	}
}

// TestStaticServedGzip: the ECharts URL from a page answers gzip with a
// year's cache to a client that accepts it (GET and HEAD, as curl -I), and
// the plain bytes to one that does not.
func TestStaticServedGzip(t *testing.T) {
	env := webtest.StartWith(t, webtest.Options{NoDemo: true})
	c := env.Client()
	var src string
	filepath.WalkDir("static/vendor", func(p string, d fs.DirEntry, err error) error {
		if strings.HasPrefix(d.Name(), "echarts-") && strings.HasSuffix(p, ".js") {
			src = "/static/vendor/" + d.Name()
		}
		return nil
	})
	if src == "" {
		t.Fatal("no echarts asset")
	}
	plain, _ := os.ReadFile("static/vendor/" + filepath.Base(src))
	for _, method := range []string{"HEAD", "GET"} {
		req, _ := http.NewRequest(method, env.URL+src, nil)
		req.Header.Set("Accept-Encoding", "gzip")
		resp, err := http.DefaultTransport.RoundTrip(req) // no transparent decompression
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || resp.Header.Get("Content-Encoding") != "gzip" || !strings.Contains(resp.Header.Get("Content-Type"), "javascript") ||
			!strings.Contains(resp.Header.Get("Vary"), "Accept-Encoding") {
			t.Fatalf("%s %s: %d %v", method, src, resp.StatusCode, resp.Header)
		}
		if method == "GET" {
			zr, err := gzip.NewReader(bytes.NewReader(b))
			if err != nil {
				t.Fatal(err)
			}
			got, _ := io.ReadAll(zr)
			if !bytes.Equal(got, plain) || len(b)*2 > len(plain) {
				t.Errorf("gzip body: %d bytes for %d plain", len(b), len(plain))
			}
		}
	}
	req, _ := http.NewRequest("GET", env.URL+src, nil)
	req.Header.Set("Accept-Encoding", "gzip;q=0, identity")
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.Header.Get("Content-Encoding") != "" || !bytes.Equal(b, plain) {
		t.Errorf("identity: encoding %q, %d bytes", resp.Header.Get("Content-Encoding"), len(b))
	}
	// The hashed URL a page links is cached for a year; a wrong hash is not.
	code, page := get(t, c, env.URL+"/")
	m := regexp.MustCompile(`/static/app\.css\?v=[0-9a-f]+`).FindString(page)
	if code != 200 || m == "" {
		t.Fatalf("portal home %d links no hashed app.css", code)
	}
	for u, want := range map[string]string{m: "immutable", "/static/app.css?v=000000000000": "max-age=3600"} {
		resp, err := c.Get(env.URL + u)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if !strings.Contains(resp.Header.Get("Cache-Control"), want) {
			t.Errorf("%s: Cache-Control %q, want %s", u, resp.Header.Get("Cache-Control"), want)
		}
	}
}
