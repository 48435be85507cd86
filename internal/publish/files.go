package publish

import (
	"bytes"
	"compress/gzip"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"mime"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// FilePath is where the page at the address p is written under dir. An
// HTML page whose address ends in "/" or has no extension in its last
// segment is a folder with index.html (/docs/12 → docs/12/index.html,
// / → index.html); anything else is a file at its own path
// (/rss/latest.xml, /files/3/通知.pdf, /static/app.css). A static web
// server finds both with `try_files $uri $uri/index.html`.
func FilePath(dir, p, contentType string) (string, error) {
	if err := checkPath(p); err != nil {
		return "", err
	}
	mt, _, _ := mime.ParseMediaType(contentType)
	last := p[strings.LastIndexByte(p, '/')+1:]
	if mt == "text/html" && !strings.Contains(last, ".") {
		return filepath.Join(dir, filepath.FromSlash(p), "index.html"), nil
	}
	return filepath.Join(dir, filepath.FromSlash(p)), nil
}

// checkPath refuses an address that could write outside the directory
// or over the publisher's own files (dot files).
func checkPath(p string) error {
	if !strings.HasPrefix(p, "/") || strings.ContainsAny(p, "\x00\\") {
		return fmt.Errorf("发布地址无效：%q", p)
	}
	clean := path.Clean(p)
	if strings.HasSuffix(p, "/") && clean != "/" {
		clean += "/"
	}
	if clean != p {
		return fmt.Errorf("发布地址无效：%q", p)
	}
	for _, seg := range strings.Split(p, "/") {
		if strings.HasPrefix(seg, ".") {
			return fmt.Errorf("发布地址无效（以点开头的路径段）：%q", p)
		}
	}
	return nil
}

// writeFile writes b to name atomically: a temporary file in the same
// folder, renamed over the old one, so a web server reading the file sees
// the old bytes or the new ones, never half. It returns false when the
// file already holds b (its time stays, so browsers' caches stay valid).
func writeFile(name string, b []byte) (bool, error) {
	if old, err := os.ReadFile(name); err == nil && bytes.Equal(old, b) {
		return false, nil
	}
	dir := filepath.Dir(name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return false, fmt.Errorf("创建目录 %s：%w", dir, err)
	}
	var rnd [6]byte
	_, _ = rand.Read(rnd[:])
	tmp := filepath.Join(dir, ".tmp-"+hex.EncodeToString(rnd[:]))
	if err := os.WriteFile(tmp, b, 0o644); err != nil {
		os.Remove(tmp)
		return false, fmt.Errorf("写入 %s：%w", name, err)
	}
	if st, err := os.Lstat(name); err == nil && st.IsDir() {
		// A page that was a folder (…/index.html) is now a file.
		if err := os.RemoveAll(name); err != nil {
			os.Remove(tmp)
			return false, err
		}
	}
	if err := os.Rename(tmp, name); err != nil {
		os.Remove(tmp)
		return false, fmt.Errorf("写入 %s：%w", name, err)
	}
	return true, nil
}

// compressible types get a precompressed copy (name.gz) for nginx's
// gzip_static.
func compressible(contentType string) bool {
	mt, _, _ := mime.ParseMediaType(contentType)
	switch {
	case strings.HasPrefix(mt, "text/"), strings.HasSuffix(mt, "+xml"), strings.HasSuffix(mt, "/xml"),
		mt == "application/javascript", mt == "application/json", mt == "image/svg+xml":
		return true
	}
	return false
}

// gzipMinSize: smaller files are not worth a compressed copy.
const gzipMinSize = 256

// gzipBytes compresses b reproducibly (no name, no time in the header), so
// the same page always gives the same .gz.
func gzipBytes(b []byte) ([]byte, error) {
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return nil, err
	}
	if _, err := zw.Write(b); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// removeFile deletes a published file, its compressed copy and the
// folders it leaves empty (up to dir).
func removeFile(dir, name string) (bool, error) {
	err := os.Remove(name)
	removed := err == nil
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return false, fmt.Errorf("删除 %s：%w", name, err)
	}
	if err := os.Remove(name + ".gz"); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return removed, fmt.Errorf("删除 %s.gz：%w", name, err)
	}
	for d := filepath.Dir(name); d != dir && strings.HasPrefix(d, dir+string(filepath.Separator)); d = filepath.Dir(d) {
		if os.Remove(d) != nil { // not empty (or gone): stop
			break
		}
	}
	return removed, nil
}

// sweep deletes every file under dir that keep does not name, leftover
// temporary files included, then empty folders: what a full rebuild
// leaves is exactly the published site. The lock file stays.
func sweep(dir string, keep map[string]bool) (int, error) {
	n := 0
	var dirs []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if p != dir {
				dirs = append(dirs, p)
			}
			return nil
		}
		if p == filepath.Join(dir, lockName) {
			return nil
		}
		if keep[p] {
			return nil
		}
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		if !strings.HasPrefix(d.Name(), ".tmp-") {
			n++
		}
		return nil
	})
	for i := len(dirs) - 1; i >= 0; i-- {
		os.Remove(dirs[i]) // only succeeds when empty
	}
	return n, err
}
