package web

//go:generate go run ./precompress static

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
	"time"
)

//go:embed static
var staticFS embed.FS

// staticFiles serves the embedded assets with a content hash in their
// URL, so browsers may cache them for a year. Scripts and styles are
// precompressed at build time (go generate: NAME.gz beside each, the same
// files nginx's gzip_static serves for a published site) and sent as they
// are to a client that accepts gzip.
type staticFiles struct {
	hashes map[string]string // asset name → hash in its URL
	gz     map[string]bool   // asset name → NAME.gz is embedded
	fs     http.Handler
}

func loadStatic() (*staticFiles, error) {
	sf := &staticFiles{hashes: map[string]string{}, gz: map[string]bool{}}
	err := fs.WalkDir(staticFS, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		name := strings.TrimPrefix(p, "static/")
		if base, ok := strings.CutSuffix(name, ".gz"); ok {
			sf.gz[base] = true
			return nil
		}
		b, err := staticFS.ReadFile(p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		sf.hashes[name] = hex.EncodeToString(sum[:])[:12]
		return nil
	})
	sf.fs = http.FileServerFS(staticFS)
	return sf, err
}

// staticURL returns the address of an asset with its hash.
func (s *Server) staticURL(name string) string {
	if h, ok := s.static.hashes[name]; ok {
		return "/static/" + name + "?v=" + h
	}
	return "/static/" + name
}

func (s *Server) serveStatic(w http.ResponseWriter, r *http.Request) {
	name := strings.TrimPrefix(path.Clean(r.URL.Path), "/static/")
	if v := r.URL.Query().Get("v"); v != "" && v == s.static.hashes[name] {
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		w.Header().Set("Cache-Control", "public, max-age=3600")
	}
	if s.static.gz[name] {
		w.Header().Add("Vary", "Accept-Encoding")
		if acceptsGzip(r.Header.Get("Accept-Encoding")) {
			b, err := staticFS.ReadFile("static/" + name + ".gz")
			if err == nil {
				ct := mime.TypeByExtension(path.Ext(name))
				if ct == "" {
					ct = "application/octet-stream"
				}
				w.Header().Set("Content-Type", ct)
				w.Header().Set("Content-Encoding", "gzip")
				w.Header().Set("ETag", `"`+s.static.hashes[name]+`-gz"`)
				http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(b))
				return
			}
		}
	}
	if h := s.static.hashes[name]; h != "" {
		w.Header().Set("ETag", `"`+h+`"`)
	}
	s.static.fs.ServeHTTP(w, r)
}

// acceptsGzip reads an Accept-Encoding header: gzip (or *) listed without
// q=0.
func acceptsGzip(h string) bool {
	for _, part := range strings.Split(h, ",") {
		enc, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		enc = strings.ToLower(strings.TrimSpace(enc))
		if enc != "gzip" && enc != "x-gzip" && enc != "*" {
			continue
		}
		q := strings.ReplaceAll(strings.ToLower(params), " ", "")
		if q == "q=0" || q == "q=0.0" || q == "q=0.00" || q == "q=0.000" {
			return false
		}
		return true
	}
	return false
}
