package web

import (
	"net/http"
	"strconv"
	"strings"

	"gongkai/internal/disclosure"
	"gongkai/internal/httpx"
	"gongkai/internal/org"
	"gongkai/internal/participation"
	"gongkai/internal/store"
	"gongkai/internal/workday"
)

type consultationsData struct {
	List     []consultationRow
	Units    []org.Unit
	Channels []participation.Channel
	Form     participation.Consultation
	Today    workday.Date
}

type consultationRow struct {
	store.Consultation
	Clock participation.State
}

func feedbackClock(cal *workday.Calendar, c store.Consultation, today workday.Date) participation.State {
	if c.FeedbackDue.IsZero() {
		return ""
	}
	return participation.DayState(cal, c.FeedbackDue, c.FeedbackPublished, today)
}

func (s *Server) consultationsPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderConsultations(w, r, http.StatusOK, "", participation.Consultation{
		Opens: s.today(), Closes: s.today().AddDays(participation.MajorConsultationDays - 1), Major: true,
		Channels: []participation.Channel{"website", "newmedia"}})
}

func (s *Server) renderConsultations(w http.ResponseWriter, r *http.Request, status int, msg string, form participation.Consultation) error {
	list, err := s.Store.Consultations(r.Context(), store.ConsultationFilter{UnitID: unitScope(r)})
	if err != nil {
		return err
	}
	units, err := s.Store.Units(r.Context())
	if err != nil {
		return err
	}
	cal, err := s.Store.Calendar(r.Context())
	if err != nil {
		return err
	}
	d := consultationsData{Units: activeUnits(units), Channels: participation.Channels, Form: form, Today: s.today()}
	for _, c := range list {
		d.List = append(d.List, consultationRow{c, feedbackClock(cal, c, d.Today)})
	}
	s.Render(w, r, status, "admin/participation_consultations", &Page{Title: "征求意见", Area: "participation", Error: msg, Data: d})
	return nil
}

func activeUnits(units []org.Unit) []org.Unit {
	var out []org.Unit
	for _, u := range units {
		if u.Active {
			out = append(out, u)
		}
	}
	return out
}

func consultationForm(r *http.Request) (participation.Consultation, error) {
	c := participation.Consultation{
		Title: r.PostFormValue("title"), Draft: r.PostFormValue("draft"), Explanation: r.PostFormValue("explanation"),
		Major: r.PostFormValue("major") == "1", ShortReason: r.PostFormValue("short_reason"),
	}
	for _, ch := range r.PostForm["channels"] {
		c.Channels = append(c.Channels, participation.Channel(ch))
	}
	var err error
	if c.UnitID, err = httpx.FormInt(r, "unit_id"); err != nil {
		return c, err
	}
	if c.Opens, err = formDate(r, "opens", "开始日期", true); err != nil {
		return c, err
	}
	c.Closes, err = formDate(r, "closes", "截止日期", true)
	return c, err
}

func (s *Server) consultationCreate(w http.ResponseWriter, r *http.Request) error {
	if err := s.ParseForm(w, r); err != nil {
		return err
	}
	c, err := consultationForm(r)
	var id int64
	if err == nil {
		id, err = s.Store.CreateConsultation(r.Context(), s.Actor(r), c)
	}
	if err != nil {
		if !userError(err) {
			return err
		}
		return s.renderConsultations(w, r, httpx.StatusOf(err), errMsg(err), c)
	}
	return s.Flash(w, r, "已保存征求意见草稿，核对后点击“发布征求意见”", "/admin/participation/consultations/"+strconv.FormatInt(id, 10))
}

type consultationData struct {
	C        store.Consultation
	Clock    participation.State
	Comments []store.Comment
	Inputs   []store.Input
	Items    []store.FeedbackItem
	Counts   participation.FeedbackCounts // the feedback figures, from the marked opinions
	Units    []org.Unit
	Channels []participation.Channel
	Kinds    []participation.InputKind
	Verdicts []participation.Verdict
	Today    workday.Date
	Days     int
	Public   string
	// The publication checks: the consultation's own text, and each
	// comment waiting for moderation as it would be shown (masked).
	Check         store.PublicCheck
	CommentChecks map[int64]store.PublicCheck
	CanDismiss    bool
}

func (s *Server) consultationPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderConsultation(w, r, http.StatusOK, "")
}

func (s *Server) loadConsultation(r *http.Request) (store.Consultation, error) {
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return store.Consultation{}, err
	}
	c, err := s.Store.Consultation(r.Context(), id)
	if err != nil {
		return c, err
	}
	return c, ownUnit(r, c.UnitID)
}

func (s *Server) renderConsultation(w http.ResponseWriter, r *http.Request, status int, msg string) error {
	c, err := s.loadConsultation(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	cal, err := s.Store.Calendar(r.Context())
	if err != nil {
		return err
	}
	d := consultationData{C: c, Clock: feedbackClock(cal, c, s.today()), Channels: participation.Channels, Kinds: participation.InputKinds,
		Verdicts: participation.Verdicts, Today: s.today(), Days: participation.ConsultationDays(c.Opens, c.Closes),
		Public: "/consultations/" + strconv.FormatInt(c.ID, 10)}
	if d.Comments, err = s.Store.Comments(ctx, c.ID, false); err != nil {
		return err
	}
	if d.Inputs, err = s.Store.Inputs(ctx, c.ID); err != nil {
		return err
	}
	if d.Counts, err = s.Store.FeedbackCounts(ctx, c.ID); err != nil {
		return err
	}
	if d.Items, err = s.Store.FeedbackItems(ctx, c.ID); err != nil {
		return err
	}
	units, err := s.Store.Units(ctx)
	if err != nil {
		return err
	}
	d.Units = activeUnits(units)
	if d.Check, err = s.Store.ItemFindings(ctx, disclosure.ItemConsultation, c.ID); err != nil {
		return err
	}
	d.CommentChecks = map[int64]store.PublicCheck{}
	for _, cm := range d.Comments {
		if cm.Status == store.CommentPending {
			if d.CommentChecks[cm.ID], err = s.Store.ItemFindings(ctx, disclosure.ItemComment, cm.ID); err != nil {
				return err
			}
		}
	}
	u, _ := httpx.UserFrom(ctx)
	d.CanDismiss = disclosure.MayDismiss(u.Role, disclosure.ItemConsultation, u.ID, 0) == nil
	s.Render(w, r, status, "admin/participation_consultation", &Page{Title: c.Title, Area: "participation", Error: msg, Data: d})
	return nil
}

// afterAction redirects to the consultation with a flash, or shows the
// page again with the user's error.
func (s *Server) afterConsultation(w http.ResponseWriter, r *http.Request, err error, ok string) error {
	if err != nil {
		if !userError(err) {
			return err
		}
		return s.renderConsultation(w, r, httpx.StatusOf(err), errMsg(err))
	}
	return s.Flash(w, r, ok, "/admin/participation/consultations/"+r.PathValue("id"))
}

func (s *Server) consultationUpdate(w http.ResponseWriter, r *http.Request) error {
	c, err := s.loadConsultation(r)
	if err != nil {
		return err
	}
	if err := s.ParseForm(w, r); err != nil {
		return err
	}
	in, err := consultationForm(r)
	if err == nil {
		err = s.Store.UpdateConsultation(r.Context(), s.Actor(r), c.ID, in)
	}
	return s.afterConsultation(w, r, err, "已保存修改")
}

func (s *Server) consultationOpen(w http.ResponseWriter, r *http.Request) error {
	c, err := s.loadConsultation(r)
	if err != nil {
		return err
	}
	return s.afterConsultation(w, r, s.Store.OpenConsultation(r.Context(), s.Actor(r), c.ID), "已发布，公众可在门户网站“征求意见”栏目提交意见")
}

func (s *Server) consultationClose(w http.ResponseWriter, r *http.Request) error {
	c, err := s.loadConsultation(r)
	if err != nil {
		return err
	}
	return s.afterConsultation(w, r, s.Store.CloseConsultation(r.Context(), s.Actor(r), c.ID), "征求意见已结束")
}

func (s *Server) commentModerate(w http.ResponseWriter, r *http.Request) error {
	c, err := s.loadConsultation(r)
	if err != nil {
		return err
	}
	cid, err := httpx.PathID(r, "cid")
	if err != nil {
		return err
	}
	if err := s.ParseForm(w, r); err != nil {
		return err
	}
	approve := r.PostFormValue("decision") == "approve"
	msg := "已审核通过，该意见已在门户网站显示"
	if !approve {
		msg = "已设为不予显示"
	}
	return s.afterConsultation(w, r, s.Store.ModerateComment(r.Context(), s.Actor(r), c.ID, cid, approve), msg)
}

func (s *Server) commentAnswer(w http.ResponseWriter, r *http.Request) error {
	c, err := s.loadConsultation(r)
	if err != nil {
		return err
	}
	cid, err := httpx.PathID(r, "cid")
	if err != nil {
		return err
	}
	if err := s.ParseForm(w, r); err != nil {
		return err
	}
	err = s.Store.AnswerComment(r.Context(), s.Actor(r), c.ID, cid, participation.Verdict(r.PostFormValue("verdict")), r.PostFormValue("reason"))
	return s.afterConsultation(w, r, err, "已标注采纳情况")
}

func (s *Server) inputAdd(w http.ResponseWriter, r *http.Request) error {
	c, err := s.loadConsultation(r)
	if err != nil {
		return err
	}
	if err := s.ParseForm(w, r); err != nil {
		return err
	}
	in := participation.Input{Kind: participation.InputKind(r.PostFormValue("kind")), Place: r.PostFormValue("place"),
		Participants: r.PostFormValue("participants"), Summary: r.PostFormValue("summary")}
	if in.HeldOn, err = formDate(r, "held_on", "举办日期", true); err == nil {
		_, err = s.Store.AddInput(r.Context(), s.Actor(r), c.ID, in)
	}
	return s.afterConsultation(w, r, err, "已登记"+in.Kind.Label())
}

func (s *Server) feedbackItemAdd(w http.ResponseWriter, r *http.Request) error {
	c, err := s.loadConsultation(r)
	if err != nil {
		return err
	}
	if err := s.ParseForm(w, r); err != nil {
		return err
	}
	n, _ := strconv.Atoi(strings.TrimSpace(r.PostFormValue("count")))
	it := store.FeedbackItem{Opinion: strings.TrimSpace(r.PostFormValue("opinion")), Count: n, Verdict: participation.Verdict(r.PostFormValue("verdict")), Reason: r.PostFormValue("reason")}
	_, err = s.Store.AddFeedbackItem(r.Context(), s.Actor(r), c.ID, it)
	return s.afterConsultation(w, r, err, "已登记意见及采纳情况")
}

func (s *Server) decisionRecord(w http.ResponseWriter, r *http.Request) error {
	c, err := s.loadConsultation(r)
	if err != nil {
		return err
	}
	if err := s.ParseForm(w, r); err != nil {
		return err
	}
	d := store.Decision{Title: r.PostFormValue("title"), Number: r.PostFormValue("number")}
	if d.DocumentID, err = httpx.FormInt(r, "document_id"); err == nil {
		if d.Issued, err = formDate(r, "issued", "印发日期", true); err == nil {
			var res workday.Result
			res, err = s.Store.RecordDecision(r.Context(), s.Actor(r), c.ID, d)
			if err == nil {
				msg := "已登记决策文件，意见采纳情况应于 " + res.Due.String() + " 前公开（印发后10个工作日）"
				if len(res.Warnings) > 0 {
					msg += "。注意：" + strings.Join(res.Warnings, "；")
				}
				return s.afterConsultation(w, r, nil, msg)
			}
		}
	}
	return s.afterConsultation(w, r, err, "")
}

func (s *Server) feedbackPublish(w http.ResponseWriter, r *http.Request) error {
	c, err := s.loadConsultation(r)
	if err != nil {
		return err
	}
	if err := s.ParseForm(w, r); err != nil {
		return err
	}
	var on workday.Date
	if on, err = formDate(r, "published_on", "发布日期", false); err == nil {
		if on.IsZero() {
			on = s.today()
		}
		err = s.Store.PublishFeedback(r.Context(), s.Actor(r), c.ID, r.PostFormValue("summary"), on)
	}
	return s.afterConsultation(w, r, err, "意见采纳情况已在征求意见页面公开")
}
