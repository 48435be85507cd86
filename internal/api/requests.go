package api

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"gongkai"
	"gongkai/internal/auth"
	"gongkai/internal/httpx"
	"gongkai/internal/request"
	"gongkai/internal/store"
	"gongkai/internal/workday"
)

// routesRequests registers this area's JSON routes (docs/api-requests.md).
func (a *API) routesRequests() {
	a.s.Handle("POST /api/v1/requests", auth.PermPublic, a.requestCreate)
	a.s.Handle("GET /api/v1/requests", auth.PermRequestView, a.requestList)
	a.s.Handle("GET /api/v1/requests/{code}", auth.PermPublic, a.requestGet)
	a.s.Handle("POST /api/v1/requests/{code}/events", auth.PermRequestView, a.requestEvent)
}

// requestBodyMax is the largest JSON body of an application.
const requestBodyMax = 64 << 10

type createBody struct {
	request.Application
	ReceivedOn  workday.Date `json:"received_on"`
	Website     string       `json:"website"`      // honeypot: people leave it empty
	SendReceipt bool         `json:"send_receipt"` // e-mail the receipt to applicant.email
}

// createResponse is the receipt (申请回执) as JSON.
type createResponse struct {
	Code             string        `json:"code"`
	Secret           string        `json:"secret"` // shown once; case and "-" do not matter
	ReceivedOn       *workday.Date `json:"received_on"`
	DueOn            *workday.Date `json:"due_on"`
	DueIfToday       *workday.Date `json:"due_if_confirmed_today,omitempty"`
	Due              string        `json:"due"`      // the due date as the receipt states it
	Counting         []string      `json:"counting"` // how it is counted, articles cited
	TrackURL         string        `json:"track_url"`
	ReceiptMailed    bool          `json:"receipt_mailed"`
	ReceiptMailError string        `json:"receipt_mail_error,omitempty"`
}

func (a *API) requestCreate(w http.ResponseWriter, r *http.Request) error {
	var b createBody
	if err := httpx.DecodeJSON(w, r, requestBodyMax, &b); err != nil {
		return err
	}
	b.Application.Normalize()
	if errs := b.Application.Validate(); len(errs) > 0 {
		msgs := make([]string, len(errs))
		for i, e := range errs {
			msgs[i] = e.Field + "：" + e.Message
		}
		return gongkai.Errorf(gongkai.EINVALID, "%s", strings.Join(msgs, "；"))
	}
	cr, err := a.s.Store.SubmitRequest(r.Context(), a.s.Actor(r), store.Submission{Application: b.Application, ReceivedOn: b.ReceivedOn,
		Honeypot: b.Website, IP: a.s.ClientIP(r)})
	if err != nil {
		return err
	}
	rc, err := a.s.Store.RequestReceipt(r.Context(), cr.ID, cr.Secret)
	if err != nil {
		return err
	}
	rc.Org = a.s.Store.Letterhead(r.Context())
	rc.TrackURL = strings.TrimRight(a.s.Config.BaseURL, "/") + "/apply/track?code=" + url.QueryEscape(rc.Code)
	out := createResponse{Code: rc.Code, Secret: rc.Secret, ReceivedOn: datePtr(rc.ReceivedOn), DueOn: datePtr(rc.DueOn), DueIfToday: datePtr(rc.IfToday),
		Due: rc.DueText(), Counting: rc.Counting, TrackURL: rc.TrackURL}
	if b.SendReceipt {
		if err := a.s.MailReceipt(r.Context(), b.Application.Applicant.Email, rc); err != nil {
			out.ReceiptMailError = gongkai.ErrorMessage(err)
		} else {
			out.ReceiptMailed = true
		}
	}
	w.Header().Set("Cache-Control", "no-store")
	httpx.WriteJSON(w, http.StatusCreated, out)
	return nil
}

// RequestView is the JSON of one request.
type RequestView struct {
	Code          string             `json:"code"`
	State         request.State      `json:"state"`
	StateLabel    string             `json:"state_label"`
	Channel       request.Channel    `json:"channel"`
	SubmittedAt   string             `json:"submitted_at"`
	ReceivedOn    *workday.Date      `json:"received_on"`
	DueOn         *workday.Date      `json:"due_on"`
	PausedUntil   *workday.Date      `json:"paused_until"`
	ClosedOn      *workday.Date      `json:"closed_on"`
	Outcome       *request.Outcome   `json:"outcome"`
	OutcomeLabel  string             `json:"outcome_label,omitempty"`
	ExtensionDays int                `json:"extension_days"`
	Steps         []request.Step     `json:"steps"`
	Warnings      []string           `json:"warnings"`
	Unit          string             `json:"unit,omitempty"`
	Description   string             `json:"description"`
	Applicant     *request.Applicant `json:"applicant,omitempty"` // staff only, masked unless they handle it
}

func datePtr(d workday.Date) *workday.Date {
	if d.IsZero() {
		return nil
	}
	return &d
}

func viewOf(rec request.Record, c request.Clock) RequestView {
	v := RequestView{Code: rec.Code, State: rec.State, StateLabel: rec.State.Label(), Channel: rec.Application.Channel,
		SubmittedAt: rec.SubmittedAt.Format("2006-01-02T15:04:05Z"), ReceivedOn: datePtr(rec.ReceivedOn), DueOn: datePtr(rec.DueOn),
		PausedUntil: datePtr(rec.PausedUntil), ClosedOn: datePtr(rec.ClosedOn), ExtensionDays: c.ExtensionDays,
		Steps: c.Steps, Warnings: c.Warnings, Description: rec.Application.Description}
	if rec.Outcome != "" {
		o := rec.Outcome
		v.Outcome, v.OutcomeLabel = &o, o.Label()
	}
	if v.Steps == nil {
		v.Steps = []request.Step{}
	}
	if v.Warnings == nil {
		v.Warnings = []string{}
	}
	return v
}

// requestGet: the public with ?secret= (or the X-Request-Secret header);
// staff by token (a unit only its own requests). Personal data only for
// staff who handle the request, audited.
func (a *API) requestGet(w http.ResponseWriter, r *http.Request) error {
	code := r.PathValue("code")
	u, staff := httpx.UserFrom(r.Context())
	var rec request.Record
	var err error
	if staff && auth.Allowed(u.Role, auth.PermRequestView) {
		if rec, err = a.s.Store.RequestByCode(r.Context(), code); err != nil {
			return err
		}
		if !request.CanSee(u, rec) {
			return gongkai.Errorf(gongkai.EFORBIDDEN, "该申请未交由您所在单位办理")
		}
	} else {
		secret := r.URL.Query().Get("secret")
		if secret == "" {
			secret = r.Header.Get("X-Request-Secret")
		}
		if rec, err = a.s.Store.LookupRequest(r.Context(), a.s.ClientIP(r), code, secret); err != nil {
			return err
		}
	}
	c, err := a.s.Store.RequestClock(r.Context(), rec.ID)
	if err != nil {
		return err
	}
	v := viewOf(rec, c)
	if staff && auth.Allowed(u.Role, auth.PermRequestView) {
		v.Unit = rec.UnitName
		p := rec.Application.Applicant
		if request.CanSeePersonal(u, rec) {
			if err := a.s.Store.AuditPersonalView(r.Context(), a.s.Actor(r), rec, "API"); err != nil {
				return err
			}
		} else {
			p = rec.Masked().Application.Applicant
		}
		v.Applicant = &p
	}
	httpx.WriteJSON(w, http.StatusOK, v)
	return nil
}

type eventBody struct {
	Type       request.EventType `json:"type"`
	On         workday.Date      `json:"on"`
	Workdays   int               `json:"workdays"`
	Deadline   workday.Date      `json:"deadline"`
	Outcome    request.Outcome   `json:"outcome"`
	ApprovedBy string            `json:"approved_by"` // ignored: an extension is approved by the leader who records it
	Notified   bool              `json:"notified"`
	Party      request.Party     `json:"party"`
	Amount     int64             `json:"amount"`
	Note       string            `json:"note"`
	Letter     string            `json:"letter"` // replied: the letter's body (empty: the saved draft, or the statutory wording)
}

// requestEvent records a clock event. Who may record which event is
// request.MayRecord, the same rule as the console's (and the store
// applies it again): the office records the handling events, a leader
// only extensions, approved by themselves.
func (a *API) requestEvent(w http.ResponseWriter, r *http.Request) error {
	u, _ := httpx.UserFrom(r.Context())
	var b eventBody
	if err := httpx.DecodeJSON(w, r, 96<<10, &b); err != nil {
		return err
	}
	if !b.Type.Valid() {
		return gongkai.Errorf(gongkai.EINVALID, "未知的事件类型“%s”，可用：received、correction_requested、correction_received、extended、consultation_started、consultation_ended、replied、abandoned、fee_notified、fee_paid", b.Type)
	}
	if err := request.MayRecord(u.Role, b.Type); err != nil {
		return err
	}
	if b.Type == request.EvReplied && !b.Outcome.Valid() {
		return gongkai.Errorf(gongkai.EINVALID, "办理结果“%s”不在年度报告表三的结果之列（如 disclosed、partial、withheld_third_party …）", b.Outcome)
	}
	if len([]rune(b.Note)) > 1000 {
		return gongkai.Errorf(gongkai.ETOOLARGE, "备注最多1000字")
	}
	rec, err := a.s.Store.RequestByCode(r.Context(), r.PathValue("code"))
	if err != nil {
		return err
	}
	if !request.CanSee(u, rec) {
		return gongkai.Errorf(gongkai.EFORBIDDEN, "该申请未交由您所在单位办理")
	}
	ev := request.Event{Type: b.Type, On: b.On, Workdays: b.Workdays, Deadline: b.Deadline, Outcome: b.Outcome,
		Notified: b.Notified, Party: b.Party, Amount: b.Amount, Note: strings.TrimSpace(b.Note)}
	var c request.Clock
	if b.Type == request.EvReplied { // the reply stores its letter, as in the console
		c, err = a.s.Store.SendReply(r.Context(), a.s.Actor(r), rec.ID, store.Reply{On: b.On, Outcome: b.Outcome, Body: b.Letter, Note: ev.Note})
	} else {
		c, err = a.s.Store.AddRequestEvent(r.Context(), a.s.Actor(r), rec.ID, ev)
	}
	if err != nil {
		return err
	}
	if rec, err = a.s.Store.Request(r.Context(), rec.ID); err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, viewOf(rec, c))
	return nil
}

// RequestRow is one request in a list: no applicant (lists never show
// identity or contact; GET /api/v1/requests/{code} does, to those who
// handle it).
type RequestRow struct {
	Code         string           `json:"code"`
	State        request.State    `json:"state"`
	StateLabel   string           `json:"state_label"`
	Channel      request.Channel  `json:"channel"`
	ReceivedOn   *workday.Date    `json:"received_on"`
	DueOn        *workday.Date    `json:"due_on"`
	PausedUntil  *workday.Date    `json:"paused_until"`
	ClosedOn     *workday.Date    `json:"closed_on"`
	Outcome      *request.Outcome `json:"outcome"`
	Unit         string           `json:"unit,omitempty"`
	Description  string           `json:"description"`
	Overdue      bool             `json:"overdue"`
	OverdueDays  int              `json:"overdue_days,omitempty"`  // calendar days past due_on
	WorkdaysLeft *int             `json:"workdays_left,omitempty"` // while the reply clock runs and is not overdue
}

// requestStates are the values of ?state= on the list.
var requestStates = map[string]bool{"open": true, "closed": true, "all": true}

// requestList: GET /api/v1/requests?state=open|closed|all|<state>&year=YYYY
// for staff (a unit sees only the requests routed to it), newest first,
// at most 500.
func (a *API) requestList(w http.ResponseWriter, r *http.Request) error {
	u, _ := httpx.UserFrom(r.Context())
	q := r.URL.Query()
	f := store.RequestFilter{UnitID: u.UnitFilter(), Limit: 500}
	st := q.Get("state")
	switch {
	case st == "" || st == "all":
	case st == "open":
		f.Open = true
	case st == "closed" || request.State(st).Valid():
		if st != "closed" {
			f.State = request.State(st)
		}
	default:
		return gongkai.Errorf(gongkai.EINVALID, "state“%s”无效，可用：open、closed、all 或 submitted、processing、correction、consulting、awaiting_fee、replied、abandoned", st)
	}
	if v := q.Get("year"); v != "" {
		y, err := strconv.Atoi(v)
		if err != nil || y < 2000 || y > 2100 {
			return gongkai.Errorf(gongkai.EINVALID, "year“%s”无效，请写四位年份，如 2026", v)
		}
		f.Year = y
	}
	recs, err := a.s.Store.Requests(r.Context(), f)
	if err != nil {
		return err
	}
	cal, err := a.s.Store.Calendar(r.Context())
	if err != nil {
		return err
	}
	today := workday.DateOf(a.s.Now())
	out := []RequestRow{}
	for _, rec := range recs {
		if st == "closed" && !rec.State.Closed() {
			continue
		}
		row := RequestRow{Code: rec.Code, State: rec.State, StateLabel: rec.State.Label(), Channel: rec.Application.Channel,
			ReceivedOn: datePtr(rec.ReceivedOn), DueOn: datePtr(rec.DueOn), PausedUntil: datePtr(rec.PausedUntil), ClosedOn: datePtr(rec.ClosedOn),
			Unit: rec.UnitName, Description: rec.Application.Description, Overdue: rec.Overdue(today)}
		if rec.Outcome != "" {
			o := rec.Outcome
			row.Outcome = &o
		}
		if row.Overdue {
			row.OverdueDays = rec.DueOn.DaysUntil(today)
		} else if !rec.State.Closed() && !rec.DueOn.IsZero() && rec.State != request.Correction {
			n := cal.WorkdaysBetween(today, rec.DueOn)
			row.WorkdaysLeft = &n
		}
		out = append(out, row)
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"requests": out, "count": len(out)})
	return nil
}
