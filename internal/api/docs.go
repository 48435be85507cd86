package api

import (
	"net/http"

	"gongkai/internal/auth"
	"gongkai/internal/disclosure"
	"gongkai/internal/httpx"
	"gongkai/internal/sanitize"
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
	ID      int64  `json:"id"`
	Title   string `json:"title"`
	URL     string `json:"url"`
	Snippet string `json:"snippet"`
}

type searchResponse struct {
	Total   int            `json:"total"`
	Results []searchResult `json:"results"`
}

// search is the public search over published, non-targeted documents.
// The snippet is HTML: escaped text with the matches in <mark>.
func (a *API) search(w http.ResponseWriter, r *http.Request) error {
	req := httpx.SearchRequestOf(r, searchPageSize)
	out := searchResponse{Results: []searchResult{}}
	if req.Q != "" {
		res, err := a.s.Store.Search(r.Context(), req)
		if err != nil {
			return err
		}
		out.Total = res.Total
		for _, h := range res.Hits {
			out.Results = append(out.Results, searchResult{ID: h.Doc.ID, Title: h.Doc.Title, URL: h.Doc.URL(), Snippet: h.Snippet})
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
