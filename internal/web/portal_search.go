package web

import (
	"html/template"
	"net/http"
	"net/url"
	"strconv"

	"gongkai/internal/disclosure"
	"gongkai/internal/httpx"
	"gongkai/internal/org"
	"gongkai/internal/store"
)

type searchHitView struct {
	Doc     disclosure.Document
	Title   template.HTML
	Snippet template.HTML
	Exact   bool // 完全匹配, else 包含全部词语
}

type portalSearchData struct {
	Req        store.SearchRequest
	Total      int
	Approx     bool
	Hits       []searchHitView
	Page       int
	Pages      int
	Catalog    []*disclosure.CatalogNode
	Units      []org.Unit
	Validities []string
	Years      []int
	PageURL    func(int) string
	SortURL    func(string) string
}

func (d portalSearchData) URL(page int) string { return d.PageURL(page) }

// Sorted is the address of the same search in another order ("" or "date").
func (d portalSearchData) Sorted(sort string) string { return d.SortURL(sort) }

func (s *Server) portalSearch(w http.ResponseWriter, r *http.Request) error {
	return s.cachedPortal(w, r, func() ([]byte, string, error) {
		req := httpx.SearchRequestOf(r, portalPageSize)
		ctx := r.Context()
		data := portalSearchData{Req: req, Page: pageParam(r), Validities: disclosure.Validities}
		items, err := s.Store.CatalogItems(ctx)
		if err != nil {
			return nil, "", err
		}
		data.Catalog = disclosure.Flatten(disclosure.CatalogTree(items))
		if data.Units, err = s.Store.Units(ctx); err != nil {
			return nil, "", err
		}
		y := s.Now().In(Shanghai()).Year()
		for i := 0; i < 8; i++ {
			data.Years = append(data.Years, y-i)
		}
		if req.Q != "" {
			res, err := s.Store.Search(ctx, req)
			if err != nil {
				return nil, "", err
			}
			data.Total, data.Approx = res.Total, res.Approx
			data.Pages = (res.Total + portalPageSize - 1) / portalPageSize
			for _, h := range res.Hits {
				// search.Highlight escapes the text and adds only <mark>.
				data.Hits = append(data.Hits, searchHitView{Doc: h.Doc, Title: template.HTML(h.TitleHTML), Snippet: template.HTML(h.Snippet), Exact: h.Match == store.MatchExact})
			}
		}
		q := r.URL.Query()
		data.PageURL = func(p int) string {
			v := url.Values{}
			for k, vs := range q {
				if k != "page" {
					v[k] = vs
				}
			}
			v.Set("page", strconv.Itoa(p))
			return "/search?" + v.Encode()
		}
		data.SortURL = func(sort string) string {
			v := url.Values{}
			for k, vs := range q {
				if k != "page" && k != "sort" {
					v[k] = vs
				}
			}
			if sort != "" {
				v.Set("sort", sort)
			}
			return "/search?" + v.Encode()
		}
		title := "站内搜索"
		if req.Q != "" {
			title = "搜索：" + req.Q
		}
		return s.renderPortal(r, "portal/search", &Page{Title: title, Meta: map[string]string{"ColumnName": "站内搜索"}, Data: data})
	})
}
