package web

import (
	"fmt"
	"net/http"
	"time"

	"gongkai/internal/auth"
	"gongkai/internal/disclosure"
	"gongkai/internal/httpx"
	"gongkai/internal/store"
)

// The publication gate in the console: the findings tables (partial
// "findings-table" in templates/layout/findings.html), the forms that
// confirm a false positive, and the 409 page of a refused publication.

// findingsView is what the findings-table partial shows: the findings,
// and where the dismiss form posts (empty: no form).
type findingsView struct {
	Findings   []disclosure.Finding
	Action     string // the dismiss form's action
	Item       disclosure.ItemKind
	ItemID     int64
	CanDismiss bool
	Prefix     string // for the ids of the form fields
	Next       string // where to go back after a dismissal (participation)
}

func findingsTable(fs []disclosure.Finding, action string, item disclosure.ItemKind, id int64, can bool, prefix, next string) findingsView {
	return findingsView{Findings: fs, Action: action, Item: item, ItemID: id, CanDismiss: can, Prefix: prefix, Next: next}
}

// gateFuncs are the template functions of the gate.
var gateFuncs = map[string]any{
	"findingsTable": findingsTable,
	"sourceLabel":   disclosure.SourceLabel,
}

// errorData is the data of the error page: the status and, for a refusal
// at the publication gate, the findings that stand and where to fix them.
type errorData struct {
	Status   int
	Message  string
	Findings []disclosure.Finding
	Back     string // the page of the refused item
	Area     string // the console area it belongs to
	Item     disclosure.ItemKind
	ItemID   int64
	// Dismiss is where the refusal page posts a dismissal (empty: the
	// user may not dismiss these findings).
	Dismiss string
}

// refusalOf reads the findings of a gate refusal from its details.
func refusalOf(e httpx.ErrorInfo) errorData {
	d := errorData{Status: e.Status}
	m, ok := e.Details.(map[string]any)
	if !ok {
		return d
	}
	d.Findings, _ = m["findings"].([]disclosure.Finding)
	item, _ := m["item"].(string)
	id, _ := m["item_id"].(int64)
	d.Item, d.ItemID = disclosure.ItemKind(item), id
	switch disclosure.ItemKind(item) {
	case disclosure.ItemDocument:
		d.Back, d.Area = "/admin/docs/d/"+itoa(int(id))+"#precheck-h", "docs"
	case disclosure.ItemMessage:
		d.Back, d.Area = "/admin/participation/messages/"+itoa(int(id))+"#check-h", "participation"
	case disclosure.ItemConsultation, disclosure.ItemFeedback:
		d.Back, d.Area = "/admin/participation/consultations/"+itoa(int(id))+"#check-h", "participation"
	case disclosure.ItemComment:
		d.Area = "participation"
	case disclosure.ItemEvaluation:
		d.Back, d.Area = "/admin/participation/evaluations", "participation"
	case disclosure.ItemAnnualReport:
		d.Back, d.Area = "/admin/reports/annual/"+itoa(int(id)), "reports"
	}
	return d
}

// participationDismiss confirms a finding of a participation item or
// report as a false positive (the office: disclosure.MayDismiss), then
// goes back to the item's page.
func (s *Server) participationDismiss(w http.ResponseWriter, r *http.Request) error {
	if err := s.ParseForm(w, r); err != nil {
		return err
	}
	id, err := httpx.FormInt(r, "item_id")
	if err != nil {
		return err
	}
	item := disclosure.ItemKind(r.PostFormValue("item"))
	back := httpx.SafeNext(r.PostFormValue("next"), "/admin/participation/")
	if item == disclosure.ItemMessage {
		m, err := s.Store.Message(r.Context(), id)
		if err != nil {
			return err
		}
		if err := ownUnit(r, m.UnitID); err != nil {
			return err
		}
	}
	ds, err := s.Store.DismissFinding(r.Context(), s.Actor(r), store.DismissRequest{Item: item, ItemID: id,
		Fingerprint: r.PostFormValue("fingerprint"), Reason: r.PostFormValue("reason")})
	if err != nil {
		return err
	}
	return s.Flash(w, r, "已确认为误报："+ds.FieldLabel+"中的"+ds.Label+"“"+ds.Masked+"”", back)
}

// routesGate registers the console list of the privacy sweep.
func (s *Server) routesGate() {
	s.Handle("GET /admin/privacy", auth.PermPrivacyView, s.privacyPage)
	s.Handle("POST /admin/privacy/sweep", auth.PermPrivacyView, s.privacySweep)
}

type privacyData struct {
	Findings []store.PrivacyFinding
	All      bool
	Open     int
	LastRun  time.Time
	LastErr  string
}

// privacyPage lists the findings of the daily privacy sweep, each with
// the public page where it shows and the console page to act on it.
func (s *Server) privacyPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	d := privacyData{All: r.URL.Query().Get("all") == "1"}
	var err error
	if d.Findings, err = s.Store.PrivacyFindings(ctx, !d.All, 1000); err != nil {
		return err
	}
	for _, f := range d.Findings {
		if f.Resolved.IsZero() {
			d.Open++
		}
	}
	if d.LastRun, d.LastErr, err = s.Store.JobLastRun(ctx, store.PrivacySweepJob); err != nil {
		return err
	}
	s.Render(w, r, http.StatusOK, "admin/privacy", &Page{Title: "隐私巡查", Area: "privacy", Data: d})
	return nil
}

// privacySweep runs the sweep now (it also runs every day).
func (s *Server) privacySweep(w http.ResponseWriter, r *http.Request) error {
	if err := s.ParseForm(w, r); err != nil {
		return err
	}
	res, err := s.Store.SweepPrivacy(r.Context())
	if err != nil {
		return err
	}
	if err := s.Store.MarkJob(r.Context(), store.PrivacySweepJob, nil); err != nil {
		return err
	}
	return s.Flash(w, r, fmt.Sprintf("巡查完成：检查 %d 项公开内容，现有问题 %d 处（新增 %d，已消除 %d）", res.Items, res.Findings, res.New, res.Resolved), "/admin/privacy")
}
