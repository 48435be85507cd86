package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"gongkai"
)

// The portal's lists are paged in the path, not the query: page 1 is the
// list's own address (/docs/, /catalog/5), page N is /page/N below it
// (/docs/page/2, /catalog/5/page/2). Every page is then a file when the
// portal is published (gongkai publish), and a static web server serves
// it without asking gongkai. Old addresses with ?page=N are redirected.

// pagePath is the address of page n of the list at base.
func pagePath(base string, n int) string {
	if n <= 1 {
		return base
	}
	return strings.TrimSuffix(base, "/") + "/page/" + strconv.Itoa(n)
}

// pageCount is the number of pages of a list of total entries (at least 1).
func pageCount(total, size int) int {
	return max(1, (total+size-1)/size)
}

// listPage reads the page number from the path ({n}; 1 without it).
// Page 1 has no /page/1 address, and a page past the end does not exist,
// so the portal's address space stays what the publisher writes.
func listPage(r *http.Request) (int, error) {
	v := r.PathValue("n")
	if v == "" {
		return 1, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 2 || strconv.Itoa(n) != v {
		return 0, gongkai.Errorf(gongkai.ENOTFOUND, "没有这一页")
	}
	return n, nil
}

// checkPage refuses a page past the last one.
func checkPage(page, pages int) error {
	if page > pages {
		return gongkai.Errorf(gongkai.ENOTFOUND, "没有第 %d 页，共 %d 页", page, pages)
	}
	return nil
}

// portalList serves a paged list and moves the old query forms
// (?page=N, and ?year=Y for the yearly lists) to their path form.
func (s *Server) portalList(h func(w http.ResponseWriter, r *http.Request) error) func(w http.ResponseWriter, r *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		q := r.URL.Query()
		if v := q.Get("page"); v != "" && r.PathValue("n") == "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 {
				n = 1
			}
			q.Del("page")
			http.Redirect(w, r, withQuery(pagePath(r.URL.Path, n), q), http.StatusMovedPermanently)
			return nil
		}
		return h(w, r)
	}
}

func withQuery(p string, q url.Values) string {
	if len(q) == 0 {
		return p
	}
	return p + "?" + q.Encode()
}
