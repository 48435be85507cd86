package httpx

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"gongkai"
)

// ParseForm parses a urlencoded or multipart form within the size limits:
// FormMaxBytes for plain forms, UploadMaxBytes (+1 MiB for the fields) for
// forms with files. Over the limit is a clear error, not a truncated form.
func (s *Server) ParseForm(w http.ResponseWriter, r *http.Request) error {
	ct := r.Header.Get("Content-Type")
	if strings.HasPrefix(ct, "multipart/form-data") {
		r.Body = http.MaxBytesReader(w, r.Body, s.Config.UploadMaxBytes+1<<20)
		if err := r.ParseMultipartForm(8 << 20); err != nil {
			return formError(err, s.Config.UploadMaxBytes)
		}
		return nil
	}
	r.Body = http.MaxBytesReader(w, r.Body, s.Config.FormMaxBytes)
	if err := r.ParseForm(); err != nil {
		return formError(err, s.Config.FormMaxBytes)
	}
	return nil
}

func formError(err error, limit int64) error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) || strings.Contains(err.Error(), "too large") {
		return gongkai.Errorf(gongkai.ETOOLARGE, "提交的内容超过 %d MB 上限，请压缩或拆分后重试", limit>>20)
	}
	return gongkai.Wrap(gongkai.EINVALID, "表单数据无法解析，请刷新页面后重试", err)
}

// FormInt reads an integer field; empty is 0.
func FormInt(r *http.Request, name string) (int64, error) {
	v := strings.TrimSpace(r.FormValue(name))
	if v == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return 0, gongkai.Errorf(gongkai.EINVALID, "“%s”应为整数", name)
	}
	return n, nil
}

// PathID reads a numeric path value such as {id}.
func PathID(r *http.Request, name string) (int64, error) {
	n, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || n <= 0 {
		return 0, gongkai.Errorf(gongkai.ENOTFOUND, "地址中的编号无效")
	}
	return n, nil
}

// PageParam reads ?page= (1 when absent or bad).
func PageParam(r *http.Request) int {
	p, _ := strconv.Atoi(r.URL.Query().Get("page"))
	if p < 1 {
		p = 1
	}
	return p
}

// SafeNext returns next if it is a local path, else fallback. Browsers
// drop tabs and newlines from a URL and read a backslash as a slash, so
// "/\t/evil.example" or "/\\evil.example" would leave the site: any control
// character or backslash makes next unsafe.
func SafeNext(next, fallback string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") {
		return fallback
	}
	for _, c := range next {
		if c < 0x20 || c == 0x7f || c == '\\' {
			return fallback
		}
	}
	return next
}
