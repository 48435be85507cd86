package web

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"net/http"
	"strings"
)

//go:embed static
var staticFS embed.FS

// staticFiles serves the embedded assets with a content hash in their
// URL, so browsers may cache them for a year.
type staticFiles struct {
	hashes map[string]string
	fs     http.Handler
}

func loadStatic() (*staticFiles, error) {
	sf := &staticFiles{hashes: map[string]string{}}
	err := fs.WalkDir(staticFS, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := staticFS.ReadFile(p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		sf.hashes[strings.TrimPrefix(p, "static/")] = hex.EncodeToString(sum[:])[:12]
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
	if r.URL.Query().Get("v") != "" {
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		w.Header().Set("Cache-Control", "public, max-age=3600")
	}
	s.static.fs.ServeHTTP(w, r)
}
