package web

import (
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
	Doc disclosure.Document
	// Check is what the gate sees: the findings of every public text
	// (title, body, document number, interpretations, attachments), with
	// the dismissals, highlighted sources and held items.
	Check           store.DocFindings
	Standing        int  // findings that stop pass and sign-off
	CanDismiss      bool // the reviewer (not the author) may confirm false positives
	CanRelease      bool // held interpretations/attachments wait for this reviewer
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

func (s *Server) docsShow(w http.ResponseWriter, r *http.Request) error {
	d, u, err := s.loadDoc(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	data := docShowData{Doc: d, Forms: disclosure.InterpretationForms, Validities: disclosure.Validities, Policy: disclosure.IsPolicy(d.Genre)}
	if data.Check, err = s.Store.DocumentFindings(ctx, d.ID); err != nil {
		return err
	}
	data.Standing = len(data.Check.Standing())
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
	data.CanDismiss = d.Status != disclosure.StatusDraft && d.Status != disclosure.StatusReturned &&
		disclosure.MayDismiss(u.Role, disclosure.ItemDocument, u.ID, d.AuthorID) == nil
	data.CanRelease = len(data.Check.Held) > 0 && disclosure.MayReview(u.Role, u.ID, d.AuthorID) == nil
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
	// The store runs the gate itself: a refusal is a 409 page listing the
	// findings that stand (errorPage).
	req := store.MoveRequest{ID: d.ID, Action: act, Reason: strings.TrimSpace(r.FormValue("reason"))}
	to, err := s.Store.MoveDocument(r.Context(), s.Actor(r), req)
	if err != nil {
		return err
	}
	s.portalCache().Reset()
	return s.Flash(w, r, act.Label()+"：文件现为“"+to.Label()+"”", "/admin/docs/d/"+itoa(int(d.ID)))
}

// docsDismiss confirms one finding as a false positive with the
// reviewer's reason (the store checks who may: disclosure.MayDismiss).
func (s *Server) docsDismiss(w http.ResponseWriter, r *http.Request) error {
	if err := s.ParseForm(w, r); err != nil {
		return err
	}
	d, _, err := s.loadDoc(r)
	if err != nil {
		return err
	}
	ds, err := s.Store.DismissFinding(r.Context(), s.Actor(r), store.DismissRequest{Item: disclosure.ItemDocument, ItemID: d.ID,
		Fingerprint: r.FormValue("fingerprint"), Reason: r.FormValue("reason")})
	if err != nil {
		return err
	}
	return s.Flash(w, r, "已确认为误报："+ds.FieldLabel+"中的"+ds.Label+"“"+ds.Masked+"”", "/admin/docs/d/"+itoa(int(d.ID))+"#precheck-h")
}

// docsRelease is the reviewer's pass of the interpretations and
// attachments added or changed after publication.
func (s *Server) docsRelease(w http.ResponseWriter, r *http.Request) error {
	if err := s.ParseForm(w, r); err != nil {
		return err
	}
	d, _, err := s.loadDoc(r)
	if err != nil {
		return err
	}
	if err := s.Store.ReleaseHeld(r.Context(), s.Actor(r), d.ID, r.FormValue("reason")); err != nil {
		return err
	}
	s.portalCache().Reset()
	return s.Flash(w, r, "解读/附件审查通过，已在门户网站公开", "/admin/docs/d/"+itoa(int(d.ID)))
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
	msg := "已关联政策解读，将与文件同步发布"
	switch d.Status {
	case disclosure.StatusReviewed:
		msg = "已关联政策解读；文件已通过保密审查，按“一事一审”退回保密审查员重新审查"
	case disclosure.StatusPublished:
		msg = "已关联政策解读；文件已发布，该解读经保密审查员审查通过后才在门户网站公开"
	}
	return s.Flash(w, r, msg, "/admin/docs/d/"+itoa(int(d.ID)))
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
	s.portalCache().Reset()
	msg := "附件已上传，文字已自动检查"
	switch d.Status {
	case disclosure.StatusReviewed:
		msg = "附件已上传；文件已通过保密审查，按“一事一审”退回保密审查员重新审查"
	case disclosure.StatusPublished:
		msg = "附件已上传；文件已发布，该附件经保密审查员审查通过后才在门户网站公开"
	}
	return s.Flash(w, r, msg, "/admin/docs/d/"+itoa(int(d.ID)))
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
	setAttachment(w, a.Name)
	_, err = w.Write(data)
	return err
}
