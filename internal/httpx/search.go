package httpx

import (
	"net/http"
	"strconv"
	"strings"

	"gongkai/internal/store"
)

// SearchRequestOf reads a search of the published documents from the
// query (?q=&validity=&year=&catalog=&unit=&sort=date&page=), pageSize a page: the
// portal's search page and the API read it alike.
func SearchRequestOf(r *http.Request, pageSize int) store.SearchRequest {
	q := r.URL.Query()
	req := store.SearchRequest{Q: strings.TrimSpace(q.Get("q")), Validity: q.Get("validity"), Limit: pageSize}
	if len([]rune(req.Q)) > 100 {
		req.Q = string([]rune(req.Q)[:100])
	}
	req.Year, _ = strconv.Atoi(q.Get("year"))
	req.CatalogItemID, _ = strconv.ParseInt(q.Get("catalog"), 10, 64)
	req.UnitID, _ = strconv.ParseInt(q.Get("unit"), 10, 64)
	if q.Get("sort") == "date" {
		req.Sort = "date"
	}
	if p := PageParam(r); p > 1 {
		req.Offset = (p - 1) * pageSize
	}
	return req
}
