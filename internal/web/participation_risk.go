package web

import (
	"net/http"
	"net/url"
	"strings"

	"gongkai"
	"gongkai/internal/disclosure"
	"gongkai/internal/httpx"
	"gongkai/internal/participation"
	"gongkai/internal/store"
)

type riskData struct {
	List    []store.RiskAssessment
	Form    participation.Risk
	Levels  []participation.RiskLevel
	Methods []string
	ShowNew bool
	Next    string
}

// riskDocAllowed checks that a unit user assesses (and reads the
// assessments of) only their own unit's documents.
func (s *Server) riskDocAllowed(r *http.Request, documentID int64) error {
	u, _ := httpx.UserFrom(r.Context())
	if unitFree(u) {
		return nil
	}
	d, err := s.Store.Document(r.Context(), documentID)
	if err != nil && gongkai.ErrorCode(err) != gongkai.ENOTFOUND {
		return err
	}
	if err != nil || !disclosure.CanSee(u, d) {
		return gongkai.Errorf(gongkai.EFORBIDDEN, "只能登记和查看本单位（%s）文件的风险评估", u.UnitName)
	}
	return nil
}

func (s *Server) riskList(w http.ResponseWriter, r *http.Request) error {
	all, err := s.Store.RiskAssessments(r.Context(), 0)
	if err != nil {
		return err
	}
	var list []store.RiskAssessment
	allowed := map[int64]bool{}
	for _, a := range all {
		ok, seen := allowed[a.DocumentID]
		if !seen {
			err := s.riskDocAllowed(r, a.DocumentID)
			if err != nil && gongkai.ErrorCode(err) != gongkai.EFORBIDDEN {
				return err
			}
			ok = err == nil
			allowed[a.DocumentID] = ok
		}
		if ok {
			list = append(list, a)
		}
	}
	s.Render(w, r, http.StatusOK, "admin/participation_risk", &Page{Title: "社会影响和舆情风险评估", Area: "participation",
		Data: riskData{List: list, Levels: participation.RiskLevels, Methods: participation.RiskMethods}})
	return nil
}

// riskNew is the form linked from the document review:
// /admin/participation/risk/new?document_id=ID[&title=…][&next=/admin/docs/d/ID];
// without next, saving returns to the document page it was opened from.
func (s *Server) riskNew(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	form := participation.Risk{DocumentTitle: strings.TrimSpace(q.Get("title")), AssessedOn: s.today(), Level: "low"}
	id, err := parseID(q.Get("document_id"))
	if err != nil {
		return err
	}
	if err := s.riskDocAllowed(r, id); err != nil {
		return err
	}
	form.DocumentID = id
	if u, ok := httpx.UserFrom(r.Context()); ok {
		form.Assessor = u.Name
	}
	next := httpx.SafeNext(q.Get("next"), "")
	if next == "" {
		next = docsReferer(r)
	}
	return s.renderRiskNew(w, r, http.StatusOK, "", form, next)
}

// docsReferer returns the console path of the document page the form was
// opened from (the disclosure area's review), so that saving goes back.
func docsReferer(r *http.Request) string {
	ref, err := url.Parse(r.Referer())
	if err != nil || ref.Host != r.Host || !strings.HasPrefix(ref.Path, "/admin/docs/") {
		return ""
	}
	return ref.Path
}

func (s *Server) renderRiskNew(w http.ResponseWriter, r *http.Request, status int, msg string, form participation.Risk, next string) error {
	list, err := s.Store.RiskAssessments(r.Context(), form.DocumentID)
	if err != nil {
		return err
	}
	s.Render(w, r, status, "admin/participation_risk", &Page{Title: "社会影响和舆情风险评估", Area: "participation", Error: msg,
		Data: riskData{List: list, Form: form, Levels: participation.RiskLevels, Methods: participation.RiskMethods, ShowNew: true, Next: next}})
	return nil
}

func (s *Server) riskCreate(w http.ResponseWriter, r *http.Request) error {
	if err := s.ParseForm(w, r); err != nil {
		return err
	}
	form := participation.Risk{DocumentTitle: r.PostFormValue("document_title"), Method: r.PostFormValue("method"), Findings: r.PostFormValue("findings"),
		Level: participation.RiskLevel(r.PostFormValue("risk_level")), Conclusion: r.PostFormValue("conclusion"), Assessor: r.PostFormValue("assessor")}
	next := httpx.SafeNext(r.PostFormValue("next"), "")
	var err error
	if form.DocumentID, err = parseID(r.PostFormValue("document_id")); err == nil {
		if err := s.riskDocAllowed(r, form.DocumentID); err != nil {
			return err
		}
		if form.AssessedOn, err = formDate(r, "assessed_on", "评估日期", true); err == nil {
			_, err = s.Store.AddRiskAssessment(r.Context(), s.Actor(r), form)
		}
	}
	if err != nil {
		if !userError(err) {
			return err
		}
		return s.renderRiskNew(w, r, httpx.StatusOf(err), errMsg(err), form, next)
	}
	if next == "" {
		next = "/admin/participation/risk"
	}
	return s.Flash(w, r, "已登记社会影响和舆情风险评估", next)
}
