package api

import (
	"net/http"
	"time"

	"gongkai"
	"gongkai/internal/disclosure"
	"gongkai/internal/httpx"
	"gongkai/internal/store"
)

// documentJSON is a document with what the publication gate sees: the
// findings of every public text (values masked), the dismissals the signer
// reads, and the interpretations and attachments held for review.
type documentJSON struct {
	ID          int64                  `json:"id"`
	Title       string                 `json:"title"`
	DocNo       string                 `json:"doc_no"`
	IndexNo     string                 `json:"index_no,omitempty"`
	Unit        string                 `json:"unit"`
	Status      disclosure.Status      `json:"status"`
	StatusLabel string                 `json:"status_label"`
	WrittenOn   string                 `json:"written_on"`
	PublishedAt *time.Time             `json:"published_at,omitempty"`
	URL         string                 `json:"url,omitempty"`
	Findings    []disclosure.Finding   `json:"findings"`
	Standing    int                    `json:"standing"` // findings that stop pass and sign-off
	Dismissals  []disclosure.Dismissal `json:"dismissals"`
	Held        []string               `json:"held_for_review"`
}

// document answers GET /api/v1/documents/{id}.
func (a *API) document(w http.ResponseWriter, r *http.Request) error {
	d, err := a.visibleDocument(r)
	if err != nil {
		return err
	}
	df, err := a.s.Store.DocumentFindings(r.Context(), d.ID)
	if err != nil {
		return err
	}
	out := documentJSON{ID: d.ID, Title: d.Title, DocNo: d.DocNo, IndexNo: d.IndexNo, Unit: d.IssuerName(), Status: d.Status, StatusLabel: d.Status.Label(),
		WrittenOn: d.WrittenOn.String(), Findings: df.Findings, Standing: len(df.Standing()), Dismissals: df.Dismissals, Held: df.Held}
	if d.Status == disclosure.StatusPublished {
		t := d.PublishedAt
		out.PublishedAt, out.URL = &t, d.URL()
	}
	if out.Findings == nil {
		out.Findings = []disclosure.Finding{}
	}
	if out.Dismissals == nil {
		out.Dismissals = []disclosure.Dismissal{}
	}
	if out.Held == nil {
		out.Held = []string{}
	}
	httpx.WriteJSON(w, http.StatusOK, out)
	return nil
}

type dismissBody struct {
	Fingerprint string `json:"fingerprint"`
	Reason      string `json:"reason"`
}

// dismissFinding answers POST /api/v1/documents/{id}/dismissals with
// {"fingerprint","reason"}: the reviewer (not the author) confirms a
// finding as a false positive, as on the console. 201 with the dismissal.
func (a *API) dismissFinding(w http.ResponseWriter, r *http.Request) error {
	d, err := a.visibleDocument(r)
	if err != nil {
		return err
	}
	var in dismissBody
	if err := httpx.DecodeJSON(w, r, 16<<10, &in); err != nil {
		return err
	}
	ds, err := a.s.Store.DismissFinding(r.Context(), a.s.Actor(r), store.DismissRequest{Item: disclosure.ItemDocument, ItemID: d.ID, Fingerprint: in.Fingerprint, Reason: in.Reason})
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusCreated, ds)
	return nil
}

func (a *API) visibleDocument(r *http.Request) (disclosure.Document, error) {
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return disclosure.Document{}, err
	}
	d, err := a.s.Store.Document(r.Context(), id)
	if err != nil {
		return d, err
	}
	if u, _ := httpx.UserFrom(r.Context()); !disclosure.CanSee(u, d) {
		return d, gongkai.Errorf(gongkai.EFORBIDDEN, "该文件属于其他单位，您无权查看")
	}
	return d, nil
}
