package api

import (
	"net/http"
	"strconv"

	"gongkai"
	"gongkai/internal/auth"
	"gongkai/internal/disclosure"
	"gongkai/internal/httpx"
	"gongkai/internal/participation"
	"gongkai/internal/store"
	"gongkai/internal/workday"
)

// routesParticipation registers this area's JSON routes (docs/api-participation.md).
func (a *API) routesParticipation() {
	a.s.Handle("GET /api/v1/participation/consultations", auth.PermParticipationView, a.consultations)
	a.s.Handle("GET /api/v1/participation/messages", auth.PermParticipationView, a.messages)
	a.s.Handle("GET /api/v1/participation/risk", auth.PermDocView, a.risk)
	a.s.Handle("POST /api/v1/participation/media/{id}/last-post", auth.PermParticipationHandle, a.mediaLastPost)
}

// scopeOf is the unit filter of the request's user (auth.User.UnitFilter).
func scopeOf(r *http.Request) int64 {
	u, _ := httpx.UserFrom(r.Context())
	return u.UnitFilter()
}

type consultationJSON struct {
	ID                int64    `json:"id"`
	Title             string   `json:"title"`
	Unit              string   `json:"unit"`
	Status            string   `json:"status"`
	StatusLabel       string   `json:"status_label"`
	Major             bool     `json:"major"`
	Opens             string   `json:"opens"`
	Closes            string   `json:"closes"`
	Days              int      `json:"days"`
	ShortReason       string   `json:"short_reason,omitempty"`
	Channels          []string `json:"channels"`
	PendingComments   int      `json:"pending_comments"`
	ApprovedComments  int      `json:"approved_comments"`
	DecisionDocID     int64    `json:"decision_document_id,omitempty"`
	DecisionIssued    string   `json:"decision_issued,omitempty"`
	FeedbackDue       string   `json:"feedback_due,omitempty"`
	FeedbackPublished string   `json:"feedback_published,omitempty"`
	FeedbackClock     string   `json:"feedback_clock,omitempty"`
}

func dateStr(d workday.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.String()
}

// consultations answers GET /api/v1/participation/consultations[?status=].
func (a *API) consultations(w http.ResponseWriter, r *http.Request) error {
	list, err := a.s.Store.Consultations(r.Context(), store.ConsultationFilter{UnitID: scopeOf(r), Status: participation.Status(r.URL.Query().Get("status"))})
	if err != nil {
		return err
	}
	cal, err := a.s.Store.Calendar(r.Context())
	if err != nil {
		return err
	}
	today := workday.DateOf(a.s.Now())
	out := []consultationJSON{}
	for _, c := range list {
		j := consultationJSON{ID: c.ID, Title: c.Title, Unit: c.UnitName, Status: string(c.Status), StatusLabel: c.Status.Label(), Major: c.Major,
			Opens: c.Opens.String(), Closes: c.Closes.String(), Days: participation.ConsultationDays(c.Opens, c.Closes), ShortReason: c.ShortReason,
			PendingComments: c.Pending, ApprovedComments: c.Approved, DecisionDocID: c.DecisionDocID, DecisionIssued: dateStr(c.DecisionIssued),
			FeedbackDue: dateStr(c.FeedbackDue), FeedbackPublished: dateStr(c.FeedbackPublished), Channels: []string{}}
		for _, ch := range c.Channels {
			j.Channels = append(j.Channels, string(ch))
		}
		if !c.FeedbackDue.IsZero() {
			j.FeedbackClock = string(participation.DayState(cal, c.FeedbackDue, c.FeedbackPublished, today))
		}
		out = append(out, j)
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"consultations": out})
	return nil
}

type messageJSON struct {
	ID        int64  `json:"id"`
	Kind      string `json:"kind"`
	Title     string `json:"title"`
	Status    string `json:"status"`
	Unit      string `json:"unit,omitempty"`
	Received  string `json:"received"`
	Due       string `json:"due"`
	Replied   string `json:"replied,omitempty"`
	ReplyUnit string `json:"reply_unit,omitempty"`
	Clock     string `json:"clock,omitempty"`
	Stale     bool   `json:"unanswered_over_3_months"`
}

// messages answers GET /api/v1/participation/messages[?status=&kind=]. It
// leaves out the citizens' names and contacts.
func (a *API) messages(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	list, err := a.s.Store.Messages(r.Context(), store.MessageFilter{UnitID: scopeOf(r), Status: participation.MessageStatus(q.Get("status")),
		Kind: participation.MessageKind(q.Get("kind")), Limit: 1000})
	if err != nil {
		return err
	}
	cal, err := a.s.Store.Calendar(r.Context())
	if err != nil {
		return err
	}
	today := workday.DateOf(a.s.Now())
	out := []messageJSON{}
	for _, m := range list {
		j := messageJSON{ID: m.ID, Kind: string(m.Kind), Title: m.Title, Status: string(m.Status), Unit: m.UnitName, Received: m.Received.String(),
			Due: m.Due.String(), Replied: dateStr(m.Replied), ReplyUnit: m.ReplyUnit}
		if m.Status != participation.MsgInvalid {
			j.Clock = string(participation.DayState(cal, m.Due, m.Replied, today))
			j.Stale = !m.Status.Answered() && participation.MessageStale(m.Received, today)
		}
		out = append(out, j)
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"messages": out})
	return nil
}

// risk answers GET /api/v1/participation/risk?document_id=ID: whether a
// completed opinion-risk assessment is recorded for the document.
func (a *API) risk(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.URL.Query().Get("document_id"), 10, 64)
	if err != nil || id <= 0 {
		return gongkai.Errorf(gongkai.EINVALID, "参数 document_id 应为正整数")
	}
	if u, _ := httpx.UserFrom(r.Context()); scopeOf(r) != 0 {
		d, err := a.s.Store.Document(r.Context(), id)
		if err != nil && gongkai.ErrorCode(err) != gongkai.ENOTFOUND {
			return err
		}
		if err != nil || !disclosure.CanSee(u, d) {
			return gongkai.Errorf(gongkai.EFORBIDDEN, "只能查看本单位文件的风险评估")
		}
	}
	done, err := a.s.Store.RiskAssessmentDone(r.Context(), id)
	if err != nil {
		return err
	}
	list, err := a.s.Store.RiskAssessments(r.Context(), id)
	if err != nil {
		return err
	}
	type item struct {
		AssessedOn string `json:"assessed_on"`
		Method     string `json:"method"`
		Level      string `json:"risk_level"`
		Conclusion string `json:"conclusion"`
		Assessor   string `json:"assessor"`
	}
	items := []item{}
	for _, x := range list {
		items = append(items, item{x.AssessedOn.String(), x.Method, string(x.Level), x.Conclusion, x.Assessor})
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"document_id": id, "done": done, "assessments": items,
		"form": "/admin/participation/risk/new?document_id=" + strconv.FormatInt(id, 10)})
	return nil
}

// mediaLastPost answers POST /api/v1/participation/media/{id}/last-post
// with {"date":"YYYY-MM-DD"}, for scripts that read the platforms.
func (a *API) mediaLastPost(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	m, err := a.s.Store.MediaAccount(r.Context(), id)
	if err != nil {
		return err
	}
	if u, _ := httpx.UserFrom(r.Context()); !u.SeesUnit(m.UnitID) {
		return gongkai.Errorf(gongkai.EFORBIDDEN, "只能登记本单位账号的发布日期")
	}
	var body struct {
		Date workday.Date `json:"date"`
	}
	if err := httpx.DecodeJSON(w, r, 4<<10, &body); err != nil {
		return err
	}
	if err := a.s.Store.SetLastPost(r.Context(), a.s.Actor(r), id, body.Date); err != nil {
		return err
	}
	m, err = a.s.Store.MediaAccount(r.Context(), id)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"id": id, "last_post": dateStr(m.LastPost),
		"freshness": string(m.Freshness(workday.DateOf(a.s.Now())))})
	return nil
}
