package web

import (
	"net/http"
	"strconv"
	"strings"

	"gongkai"
	"gongkai/internal/httpx"
	"gongkai/internal/request"
	"gongkai/internal/request/letters"
	"gongkai/internal/store"
	"gongkai/internal/workday"
)

// done finishes a request action: a bad input re-renders the request page
// with the message (nothing was saved: every store call is one
// transaction), success flashes and goes back to the page.
func (s *Server) done(w http.ResponseWriter, r *http.Request, id int64, err error, ok string) error {
	if err != nil {
		switch gongkai.ErrorCode(err) {
		case gongkai.EINVALID, gongkai.ECONFLICT, gongkai.ETOOLARGE, gongkai.EFORBIDDEN:
			return s.renderRequest(w, r, httpx.StatusOf(err), gongkai.ErrorMessage(err))
		}
		return err
	}
	return s.Flash(w, r, ok, "/admin/requests/"+strconv.FormatInt(id, 10))
}

// requestsEvent records a clock event from the office's forms. Who may
// record which event is request.MayRecord, as for the API.
func (s *Server) requestsEvent(w http.ResponseWriter, r *http.Request) error {
	rec, u, err := s.loadVisible(r)
	if err != nil {
		return err
	}
	if err := s.ParseForm(w, r); err != nil {
		return err
	}
	ev := request.Event{Type: request.EventType(r.PostFormValue("type")), Party: request.Party(r.PostFormValue("party")),
		Note: strings.TrimSpace(r.PostFormValue("note"))}
	if err := request.MayRecord(u.Role, ev.Type); err != nil {
		return s.done(w, r, rec.ID, err, "")
	}
	if ev.Type == request.EvReplied {
		return s.done(w, r, rec.ID, gongkai.Errorf(gongkai.EINVALID, "答复请使用“发出答复”（答复书随答复一并保存）"), "")
	}
	if len([]rune(ev.Note)) > 1000 {
		return s.done(w, r, rec.ID, gongkai.Errorf(gongkai.ETOOLARGE, "说明最多1000字"), "")
	}
	if ev.On, err = formDate(r, "on", "日期", true); err != nil {
		return s.done(w, r, rec.ID, err, "")
	}
	if ev.Deadline, err = formDate(r, "deadline", "补正期限", false); err != nil {
		return s.done(w, r, rec.ID, err, "")
	}
	if n, err := httpx.FormInt(r, "workdays"); err != nil {
		return s.done(w, r, rec.ID, err, "")
	} else {
		ev.Workdays = int(n)
	}
	if ev.Type == request.EvFeeNotified {
		ev.Amount = rec.FeeAmount
		if ev.Amount <= 0 {
			return s.done(w, r, rec.ID, gongkai.Errorf(gongkai.EINVALID, "请先计算信息处理费（收费金额须大于0）"), "")
		}
	}
	_, err = s.Store.AddRequestEvent(r.Context(), s.Actor(r), rec.ID, ev)
	return s.done(w, r, rec.ID, err, "已登记："+ev.Type.Label())
}

func (s *Server) requestsRoute(w http.ResponseWriter, r *http.Request) error {
	rec, _, err := s.loadVisible(r)
	if err != nil {
		return err
	}
	if err := s.ParseForm(w, r); err != nil {
		return err
	}
	unitID, err := httpx.FormInt(r, "unit_id")
	if err != nil || unitID <= 0 {
		return s.done(w, r, rec.ID, gongkai.Errorf(gongkai.EINVALID, "请选择承办单位"), "")
	}
	due, err := formDate(r, "unit_due", "承办单位办理期限", true)
	if err != nil {
		return s.done(w, r, rec.ID, err, "")
	}
	err = s.Store.RouteRequest(r.Context(), s.Actor(r), rec.ID, unitID, due)
	return s.done(w, r, rec.ID, err, "已转承办单位协助调查")
}

// requestsDraft saves the reply draft (the store checks request.MayHandle).
func (s *Server) requestsDraft(w http.ResponseWriter, r *http.Request) error {
	rec, _, err := s.loadVisible(r)
	if err != nil {
		return err
	}
	if err := s.ParseForm(w, r); err != nil {
		return err
	}
	d := store.Draft{Outcome: request.Outcome(r.PostFormValue("outcome")), LegalBasis: strings.TrimSpace(r.PostFormValue("legal_basis")),
		InfoProvided: strings.TrimSpace(r.PostFormValue("info_provided")), Body: strings.TrimSpace(r.PostFormValue("body"))}
	if d.Outcome.ByReply() && (d.Body == "" || r.PostFormValue("regenerate") != "") {
		rec.LegalBasis, rec.InfoProvided = d.LegalBasis, d.InfoProvided
		if d.Body, err = letters.Draft(d.Outcome, letters.DataOf(rec)); err != nil {
			return err
		}
	}
	err = s.Store.SaveDraft(r.Context(), s.Actor(r), rec.ID, d)
	return s.done(w, r, rec.ID, err, "已保存拟办答复："+d.Outcome.Label())
}

// requestsAskExtension asks the leader for an extension (the store checks
// request.MayHandle and notifies the leaders).
func (s *Server) requestsAskExtension(w http.ResponseWriter, r *http.Request) error {
	rec, _, err := s.loadVisible(r)
	if err != nil {
		return err
	}
	if err := s.ParseForm(w, r); err != nil {
		return err
	}
	n, err := httpx.FormInt(r, "days")
	if err != nil {
		return s.done(w, r, rec.ID, err, "")
	}
	err = s.Store.AskExtension(r.Context(), s.Actor(r), rec.ID, int(n), strings.TrimSpace(r.PostFormValue("reason")))
	return s.done(w, r, rec.ID, err, "已提请负责人批准延期")
}

// requestsApproveExtension is the leader's approval (the store records the
// extension and notifies the office).
func (s *Server) requestsApproveExtension(w http.ResponseWriter, r *http.Request) error {
	rec, _, err := s.loadVisible(r)
	if err != nil {
		return err
	}
	c, err := s.Store.ApproveExtension(r.Context(), s.Actor(r), rec.ID, workday.DateOf(s.Now()))
	msg := ""
	if err == nil {
		msg = "已批准延期，答复期限延至 " + c.DueOn.String() + "，请办公室告知申请人"
	}
	return s.done(w, r, rec.ID, err, msg)
}

// requestsReply sends the reply: the store makes the letter from the
// edited body (or the statutory wording), dated the reply date, and keeps
// it with the replied event.
func (s *Server) requestsReply(w http.ResponseWriter, r *http.Request) error {
	rec, _, err := s.loadVisible(r)
	if err != nil {
		return err
	}
	if err := s.ParseForm(w, r); err != nil {
		return err
	}
	on, err := formDate(r, "on", "答复日期", true)
	if err != nil {
		return s.done(w, r, rec.ID, err, "")
	}
	_, err = s.Store.SendReply(r.Context(), s.Actor(r), rec.ID, store.Reply{On: on})
	return s.done(w, r, rec.ID, err, "已发出答复："+rec.DraftOutcome.Label())
}

// requestsLetter downloads the letter: the one sent, or a preview of the
// current draft dated today (a request replied before letters were kept:
// dated its reply date).
func (s *Server) requestsLetter(w http.ResponseWriter, r *http.Request) error {
	rec, _, err := s.loadVisible(r)
	if err != nil {
		return err
	}
	var data []byte
	if rec.LetterSHA != "" {
		if data, _, err = s.Store.Blob(r.Context(), rec.LetterSHA); err != nil {
			return err
		}
	} else {
		if rec.ReplyBody == "" {
			return gongkai.Errorf(gongkai.ENOTFOUND, "尚未拟办答复书")
		}
		on := workday.DateOf(s.Now())
		if !rec.ClosedOn.IsZero() {
			on = rec.ClosedOn
		}
		if data, err = letters.DOCX(s.orgName(r.Context()), rec.Code, on, rec.ReplyBody); err != nil {
			return err
		}
	}
	if err := s.Store.AuditPersonalView(r.Context(), s.Actor(r), rec, "下载答复书"); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
	setAttachment(w, "答复书-"+rec.Code+".docx")
	_, err = w.Write(data)
	return err
}

func (s *Server) requestsDelivery(w http.ResponseWriter, r *http.Request) error {
	rec, _, err := s.loadVisible(r)
	if err != nil {
		return err
	}
	if err := s.ParseForm(w, r); err != nil {
		return err
	}
	on, err := formDate(r, "on", "送达日期", true)
	if err != nil {
		return s.done(w, r, rec.ID, err, "")
	}
	err = s.Store.RecordDelivery(r.Context(), s.Actor(r), rec.ID, on, strings.TrimSpace(r.PostFormValue("method")))
	return s.done(w, r, rec.ID, err, "已登记送达")
}

func (s *Server) requestsCase(w http.ResponseWriter, r *http.Request) error {
	rec, _, err := s.loadVisible(r)
	if err != nil {
		return err
	}
	if err := s.ParseForm(w, r); err != nil {
		return err
	}
	c := store.RequestCase{RequestID: rec.ID, Kind: request.CaseKind(r.PostFormValue("kind")), Result: request.CaseResult(r.PostFormValue("result")),
		Note: strings.TrimSpace(r.PostFormValue("note"))}
	if c.ID, err = httpx.FormInt(r, "case_id"); err != nil {
		return s.done(w, r, rec.ID, err, "")
	}
	if c.FiledOn, err = formDate(r, "filed_on", "受理日期", true); err != nil {
		return s.done(w, r, rec.ID, err, "")
	}
	if c.DecidedOn, err = formDate(r, "decided_on", "审结日期", false); err != nil {
		return s.done(w, r, rec.ID, err, "")
	}
	_, err = s.Store.SaveCase(r.Context(), s.Actor(r), c)
	return s.done(w, r, rec.ID, err, "已登记"+c.Kind.Label())
}

func (s *Server) requestsFee(w http.ResponseWriter, r *http.Request) error {
	rec, _, err := s.loadVisible(r)
	if err != nil {
		return err
	}
	if err := s.ParseForm(w, r); err != nil {
		return err
	}
	n, err := httpx.FormInt(r, "units")
	if err != nil {
		return s.done(w, r, rec.ID, err, "")
	}
	basis := request.FeeBasis(r.PostFormValue("basis"))
	fee, err := s.Store.SetFee(r.Context(), s.Actor(r), rec.ID, basis, int(n))
	return s.done(w, r, rec.ID, err, request.FeeExplain(basis, int(n), fee))
}

func (s *Server) requestsFlag(w http.ResponseWriter, r *http.Request) error {
	rec, _, err := s.loadVisible(r)
	if err != nil {
		return err
	}
	if err := s.ParseForm(w, r); err != nil {
		return err
	}
	err = s.Store.FlagReview(r.Context(), s.Actor(r), rec.ID, "office", nil, 0, strings.TrimSpace(r.PostFormValue("note")))
	return s.done(w, r, rec.ID, err, "已列入依申请转主动公开评估")
}

// requestsConsultationLetter drafts the letter asking a third party or
// another agency for its opinion (.docx, to edit and send; the sending is
// recorded as the consultation_started event).
func (s *Server) requestsConsultationLetter(w http.ResponseWriter, r *http.Request) error {
	rec, _, err := s.loadVisible(r)
	if err != nil {
		return err
	}
	party := request.Party(r.URL.Query().Get("party"))
	if party != request.ThirdParty && party != request.Agency {
		party = request.ThirdParty
	}
	cal, err := s.Store.Calendar(r.Context())
	if err != nil {
		return err
	}
	today := workday.DateOf(s.Now())
	limit, err := cal.AddWorkdays(today, request.ConsultationDays)
	if err != nil {
		return err
	}
	data, err := letters.ConsultationDOCX(s.orgName(r.Context()), rec.Code, party, rec.Application.Description, today, limit.Due)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
	setAttachment(w, "征求意见书-"+rec.Code+".docx")
	_, err = w.Write(data)
	return err
}
