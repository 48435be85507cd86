package web

import (
	"encoding/json"
	"net/http"
	"strings"

	"gongkai"
	"gongkai/internal/auth"
	"gongkai/internal/disclosure"
	"gongkai/internal/httpx"
	"gongkai/internal/sanitize"
	"gongkai/internal/store"
	"gongkai/internal/workday"
)

type docShowData struct {
	Doc             disclosure.Document
	Check           disclosure.Report
	Clock           *disclosure.Clock
	Attachments     []disclosure.Attachment
	Interpretations []disclosure.Interpretation
	Reviews         []disclosure.Review
	Events          []disclosure.Event
	Versions        []store.DocumentVersion
	CanEdit         bool
	CanSubmit       bool
	CanReview       bool
	CanSign         bool
	CanManage       bool
	IsAuthor        bool
	SignBlock       string // why sign-off is not possible yet
	Policy          bool
	RiskDone        bool
	Forms           map[string]string
	Validities      []string
}

// docCheck runs the pre-publication checks over a stored document.
func (s *Server) docCheck(r *http.Request, d disclosure.Document) (disclosure.Report, error) {
	return s.Store.PrecheckDocument(r.Context(), d)
}

func (s *Server) docsShow(w http.ResponseWriter, r *http.Request) error {
	d, u, err := s.loadDoc(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	data := docShowData{Doc: d, Forms: disclosure.InterpretationForms, Validities: disclosure.Validities, Policy: disclosure.IsPolicy(d.Genre)}
	if data.Check, err = s.docCheck(r, d); err != nil {
		return err
	}
	if data.Attachments, err = s.Store.Attachments(ctx, d.ID); err != nil {
		return err
	}
	if data.Interpretations, err = s.Store.Interpretations(ctx, d.ID, false, 0); err != nil {
		return err
	}
	if data.Reviews, err = s.Store.Reviews(ctx, d.ID); err != nil {
		return err
	}
	if data.Events, err = s.Store.DocumentEvents(ctx, d.ID); err != nil {
		return err
	}
	if data.Versions, err = s.Store.DocumentVersions(ctx, d.ID); err != nil {
		return err
	}
	if d.Status != disclosure.StatusPublished {
		cal, err := s.Store.Calendar(ctx)
		if err != nil {
			return err
		}
		if c, err := disclosure.DocClock(cal, d, workday.DateOf(s.Now().In(Shanghai()))); err == nil {
			data.Clock = &c
		}
	}
	data.IsAuthor = u.ID == d.AuthorID
	data.CanEdit = disclosure.CanEdit(u, d) && d.Status.Editable()
	data.CanSubmit = data.CanEdit
	data.CanReview = disclosure.MayMove(u, d, disclosure.ActPass) == nil && d.Status == disclosure.StatusSubmitted && !data.IsAuthor
	data.CanSign = disclosure.MayMove(u, d, disclosure.ActSign) == nil && d.Status == disclosure.StatusReviewed
	data.CanManage = auth.Allowed(u.Role, auth.PermDocManage)
	if d.Major {
		if data.RiskDone, err = s.Store.RiskAssessmentDone(ctx, d.ID); err != nil {
			return err
		}
	}
	if err := disclosure.CheckSignOff(disclosure.SignOff{Genre: d.Genre, Major: d.Major, Interpretations: len(data.Interpretations), RiskAssessmentDone: data.RiskDone}); err != nil {
		data.SignBlock = gongkai.ErrorMessage(err)
	}
	s.Render(w, r, http.StatusOK, "admin/docs_show", &Page{Title: d.Title, Area: "docs", Data: data})
	return nil
}

// docsMove applies a workflow action; who may do which action is the
// store's (disclosure.MayMove in store.MoveDocument), as for the API.
func (s *Server) docsMove(w http.ResponseWriter, r *http.Request) error {
	if err := s.ParseForm(w, r); err != nil {
		return err
	}
	d, _, err := s.loadDoc(r)
	if err != nil {
		return err
	}
	act := disclosure.Action(r.FormValue("action"))
	req := store.MoveRequest{ID: d.ID, Action: act, Reason: strings.TrimSpace(r.FormValue("reason"))}
	if act == disclosure.ActPass || act == disclosure.ActReturn {
		rep, err := s.docCheck(r, d)
		if err != nil {
			return err
		}
		b, _ := json.Marshal(rep.Findings)
		req.Findings = string(b)
	}
	to, err := s.Store.MoveDocument(r.Context(), s.Actor(r), req)
	if err != nil {
		return err
	}
	s.portalCache().Reset()
	return s.Flash(w, r, act.Label()+"：文件现为“"+to.Label()+"”", "/admin/docs/d/"+itoa(int(d.ID)))
}

func (s *Server) docsAddInterpretation(w http.ResponseWriter, r *http.Request) error {
	d, _, err := s.loadEditableDoc(w, r, "您无权为其他单位的文件添加解读")
	if err != nil {
		return err
	}
	bodyHTML, _ := sanitize.Body(r.FormValue("body"))
	_, err = s.Store.AddInterpretation(r.Context(), s.Actor(r), disclosure.Interpretation{DocumentID: d.ID, Form: r.FormValue("form"),
		Title: r.FormValue("title"), BodyHTML: bodyHTML, MediaURL: strings.TrimSpace(r.FormValue("media_url"))})
	if err != nil {
		return err
	}
	s.portalCache().Reset()
	return s.Flash(w, r, "已关联政策解读，将与文件同步发布", "/admin/docs/d/"+itoa(int(d.ID)))
}

func (s *Server) docsAddAttachment(w http.ResponseWriter, r *http.Request) error {
	d, _, err := s.loadEditableDoc(w, r, "您无权为其他单位的文件添加附件")
	if err != nil {
		return err
	}
	atts, err := uploadedAttachments(r)
	if err != nil {
		return err
	}
	if err := s.Store.AddAttachments(r.Context(), s.Actor(r), d.ID, atts); err != nil {
		return err
	}
	return s.Flash(w, r, "附件已上传", "/admin/docs/d/"+itoa(int(d.ID)))
}

func (s *Server) docsValidity(w http.ResponseWriter, r *http.Request) error {
	if err := s.ParseForm(w, r); err != nil {
		return err
	}
	d, _, err := s.loadDoc(r)
	if err != nil {
		return err
	}
	on := workday.DateOf(s.Now().In(Shanghai()))
	if v := strings.TrimSpace(r.FormValue("on")); v != "" {
		if on, err = workday.ParseDate(v); err != nil {
			return gongkai.Errorf(gongkai.EINVALID, "日期“%s”无法识别，请写作 2023-05-06", v)
		}
	}
	by, err := httpx.FormInt(r, "replaced_by")
	if err != nil {
		return err
	}
	if err := s.Store.SetValidity(r.Context(), s.Actor(r), d.ID, r.FormValue("validity"), on, by); err != nil {
		return err
	}
	s.portalCache().Reset()
	return s.Flash(w, r, "有效性已更新", "/admin/docs/d/"+itoa(int(d.ID)))
}

func (s *Server) docsAttachment(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	a, err := s.Store.Attachment(r.Context(), id)
	if err != nil {
		return err
	}
	d, err := s.Store.Document(r.Context(), a.DocumentID)
	if err != nil {
		return err
	}
	if u, _ := httpx.UserFrom(r.Context()); !disclosure.CanSee(u, d) {
		return gongkai.Errorf(gongkai.EFORBIDDEN, "该附件属于其他单位的文件")
	}
	return s.sendAttachment(w, r, a)
}

func (s *Server) sendAttachment(w http.ResponseWriter, r *http.Request, a disclosure.Attachment) error {
	data, ct, err := s.Store.Blob(r.Context(), a.SHA256)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Content-Disposition", "attachment; filename*=UTF-8''"+urlPathEscape(a.Name))
	_, err = w.Write(data)
	return err
}
