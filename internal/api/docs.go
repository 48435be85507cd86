package api

import (
	"net/http"

	"gongkai/internal/auth"
	"gongkai/internal/disclosure"
	"gongkai/internal/httpx"
	"gongkai/internal/sanitize"
	"gongkai/internal/workday"
)

// routesDocs registers this area's JSON routes.
func (a *API) routesDocs() {
	a.s.Handle("GET /api/v1/search", auth.PermPublic, a.search)
	a.s.Handle("POST /api/v1/documents/check", auth.PermDocView, a.checkDocument)
	a.s.Handle("POST /api/v1/documents", auth.PermDocEdit, a.createDocument)
	a.s.Handle("POST /api/v1/documents/{id}/actions", auth.PermDocView, a.documentAction)
	a.s.Handle("GET /api/v1/documents/{id}", auth.PermDocView, a.document)
	a.s.Handle("POST /api/v1/documents/{id}/dismissals", auth.PermDocReview, a.dismissFinding)
}

// searchPageSize is how many hits a search answers, as on the portal.
const searchPageSize = 20

type searchResult struct {
	ID        int64  `json:"id"`
	Title     string `json:"title"`
	TitleHTML string `json:"title_html"`
	URL       string `json:"url"`
	Snippet   string `json:"snippet"`
	Match     string `json:"match"`
	DocNo     string `json:"doc_no,omitempty"`
	Published string `json:"published_on,omitempty"`
}

type searchResponse struct {
	Total   int            `json:"total"`
	Approx  bool           `json:"total_approx,omitempty"`
	Results []searchResult `json:"results"`
}

// search is the public search over published, non-targeted documents.
// title stays plain text; title_html and snippet are HTML: escaped text
// with each matched word in <mark>. match is "exact" (the whole query as
// a phrase) or "words" (every word of it). total is exact up to 10,000;
// above, total_approx is true and total an estimate.
func (a *API) search(w http.ResponseWriter, r *http.Request) error {
	req := httpx.SearchRequestOf(r, searchPageSize)
	out := searchResponse{Results: []searchResult{}}
	if req.Q != "" {
		res, err := a.s.Store.Search(r.Context(), req)
		if err != nil {
			return err
		}
		out.Total, out.Approx = res.Total, res.Approx
		for _, h := range res.Hits {
			sr := searchResult{ID: h.Doc.ID, Title: h.Doc.Title, TitleHTML: h.TitleHTML, URL: h.Doc.URL(), Snippet: h.Snippet, Match: h.Match, DocNo: h.Doc.DocNo}
			if !h.Doc.PublishedAt.IsZero() {
				sr.Published = workday.DateOf(h.Doc.PublishedAt).String()
			}
			out.Results = append(out.Results, sr)
		}
	}
	httpx.WriteJSON(w, http.StatusOK, out)
	return nil
}

type checkResponse struct {
	Blocking bool                 `json:"blocking"`
	Findings []disclosure.Finding `json:"findings"`
}

// checkDocument runs the pre-publication checks over a document given as
// JSON ({"title","doc_no","written_on","issuer","genre","topic",
// "catalog_item_id","attribute","attribute_ground","body"}); body may be
// HTML or text.
func (a *API) checkDocument(w http.ResponseWriter, r *http.Request) error {
	var in disclosure.CheckInput
	if err := httpx.DecodeJSON(w, r, 4<<20, &in); err != nil {
		return err
	}
	_, in.Body = sanitize.Body(in.Body)
	words, err := a.s.Store.SensitiveWords(r.Context())
	if err != nil {
		return err
	}
	rep := disclosure.Check(in, words)
	out := checkResponse{Blocking: rep.Blocking(), Findings: rep.Findings}
	if out.Findings == nil {
		out.Findings = []disclosure.Finding{}
	}
	httpx.WriteJSON(w, http.StatusOK, out)
	return nil
}
