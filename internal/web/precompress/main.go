// Command precompress writes NAME.gz next to every compressible asset
// under the given folder (scripts, styles, SVG, JSON of at least 1 KiB),
// so the server — and nginx's gzip_static, for published sites — sends the
// compressed bytes without compressing on every request. It runs at build
// time through go generate (internal/web/static.go); a .gz is rewritten
// only when its content would change, and one whose asset is gone is
// removed.
//
//	go run ./internal/web/precompress internal/web/static
package main

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Compressible says whether an asset is worth a .gz twin (the server uses
// the same rule to expect one).
func Compressible(name string, size int64) bool {
	if size < 1024 {
		return false
	}
	switch strings.ToLower(filepath.Ext(name)) {
	case ".js", ".css", ".svg", ".json", ".html", ".txt", ".map":
		return true
	}
	return false
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "用法：precompress 目录")
		os.Exit(2)
	}
	if err := run(os.Args[1]); err != nil {
		fmt.Fprintln(os.Stderr, "precompress:", err)
		os.Exit(1)
	}
}

func run(root string) error {
	return filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if strings.HasSuffix(p, ".gz") {
			if _, err := os.Stat(strings.TrimSuffix(p, ".gz")); os.IsNotExist(err) {
				return os.Remove(p)
			}
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		if !Compressible(p, info.Size()) {
			return nil
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
		if _, err := zw.Write(src); err != nil {
			return err
		}
		if err := zw.Close(); err != nil {
			return err
		}
		if old, err := os.ReadFile(p + ".gz"); err == nil && bytes.Equal(old, buf.Bytes()) {
			return nil
		}
		fmt.Printf("%s: %d → %d 字节\n", p, len(src), buf.Len())
		return os.WriteFile(p+".gz", buf.Bytes(), 0o644)
	})
}
