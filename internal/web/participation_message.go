package web

import (
	"html/template"
	"net/http"

	"gongkai/internal/auth"
	"gongkai/internal/disclosure"
	"gongkai/internal/httpx"
	"gongkai/internal/org"
	"gongkai/internal/participation"
	"gongkai/internal/store"
	"gongkai/internal/workday"
)

type messageRow struct {
	store.Message
	Clock participation.State
	Stale bool
}

func messageClock(cal *workday.Calendar, m store.Message, today workday.Date) (participation.State, bool) {
	if m.Status == participation.MsgInvalid {
		return "", false
	}
	st := participation.DayState(cal, m.Due, m.Replied, today)
	return st, !m.Status.Answered() && participation.MessageStale(m.Received, today)
}

type messagesData struct {
	List      []messageRow
	Stats     store.MessageStats
	ChartJSON template.JS
	Status    string
	Kind      string
	Statuses  []participation.MessageStatus
	Settings  store.ParticipationSettings
	Year      int
}

func (s *Server) messagesPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	q := r.URL.Query()
	f := store.MessageFilter{UnitID: unitScope(r), Status: participation.MessageStatus(q.Get("status")), Kind: participation.MessageKind(q.Get("kind")), Limit: 500}
	list, err := s.Store.Messages(ctx, f)
	if err != nil {
		return err
	}
	cal, err := s.Store.Calendar(ctx)
	if err != nil {
		return err
	}
	today := s.today()
	d := messagesData{Status: q.Get("status"), Kind: q.Get("kind"), Year: today.Year,
		Statuses: []participation.MessageStatus{participation.MsgReceived, participation.MsgAssigned, participation.MsgReplied, participation.MsgPublished, participation.MsgInvalid}}
	for _, m := range list {
		c, stale := messageClock(cal, m, today)
		d.List = append(d.List, messageRow{m, c, stale})
	}
	if d.Stats, err = s.Store.MessageStatistics(ctx, today.Year, today); err != nil {
		return err
	}
	if d.Settings, err = s.Store.ParticipationSettings(ctx); err != nil {
		return err
	}
	var months []string
	var recv, reply []int
	for _, m := range d.Stats.ByMonth {
		months = append(months, m.Month)
		recv = append(recv, m.Received)
		reply = append(reply, m.Reply)
	}
	d.ChartJSON = chartJSON(map[string]any{
		"tooltip": map[string]any{"trigger": "axis"}, "legend": map[string]any{"data": []string{"收到", "答复"}},
		"xAxis": map[string]any{"type": "category", "data": months}, "yAxis": map[string]any{"type": "value", "minInterval": 1},
		"series": []map[string]any{{"name": "收到", "type": "bar", "data": recv}, {"name": "答复", "type": "bar", "data": reply}},
	})
	s.Render(w, r, http.StatusOK, "admin/participation_messages", &Page{Title: "网民留言与找错", Area: "participation", Data: d})
	return nil
}

type messageData struct {
	M        store.Message
	Clock    participation.State
	Stale    bool
	StaleOn  workday.Date
	Units    []org.Unit
	CanReply bool
	UnitName string
	// Check is the publication check of the message and its reply: what
	// the portal will show (masked) and what still stops it.
	Check      store.PublicCheck
	CanDismiss bool
}

func (s *Server) loadMessage(r *http.Request) (store.Message, error) {
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return store.Message{}, err
	}
	m, err := s.Store.Message(r.Context(), id)
	if err != nil {
		return m, err
	}
	return m, ownUnit(r, m.UnitID)
}

func (s *Server) messagePage(w http.ResponseWriter, r *http.Request) error {
	return s.renderMessage(w, r, http.StatusOK, "")
}

func (s *Server) renderMessage(w http.ResponseWriter, r *http.Request, status int, msg string) error {
	m, err := s.loadMessage(r)
	if err != nil {
		return err
	}
	units, err := s.Store.Units(r.Context())
	if err != nil {
		return err
	}
	u, _ := httpx.UserFrom(r.Context())
	d := messageData{M: m, Units: activeUnits(units), StaleOn: participation.MessageStaleOn(m.Received),
		CanReply: auth.Allowed(u.Role, auth.PermParticipationHandle) && (m.Status == participation.MsgReceived || m.Status == participation.MsgAssigned)}
	cal, err := s.Store.Calendar(r.Context())
	if err != nil {
		return err
	}
	d.Clock, d.Stale = messageClock(cal, m, s.today())
	if d.Check, err = s.Store.ItemFindings(r.Context(), disclosure.ItemMessage, m.ID); err != nil {
		return err
	}
	d.CanDismiss = m.Status == participation.MsgReplied && disclosure.MayDismiss(u.Role, disclosure.ItemMessage, u.ID, 0) == nil
	d.UnitName = m.UnitName
	if d.UnitName == "" {
		d.UnitName = u.UnitName
	}
	s.Render(w, r, status, "admin/participation_message", &Page{Title: m.Kind.Label() + "：" + m.Title, Area: "participation", Error: msg, Data: d})
	return nil
}

func (s *Server) afterMessage(w http.ResponseWriter, r *http.Request, err error, ok string) error {
	if err != nil {
		if !userError(err) {
			return err
		}
		return s.renderMessage(w, r, httpx.StatusOf(err), errMsg(err))
	}
	return s.Flash(w, r, ok, "/admin/participation/messages/"+r.PathValue("id"))
}

func (s *Server) messageAssign(w http.ResponseWriter, r *http.Request) error {
	m, err := s.loadMessage(r)
	if err != nil {
		return err
	}
	if err := s.ParseForm(w, r); err != nil {
		return err
	}
	unitID, err := httpx.FormInt(r, "unit_id")
	if err == nil {
		err = s.Store.AssignMessage(r.Context(), s.Actor(r), m.ID, unitID, r.PostFormValue("note"))
	}
	return s.afterMessage(w, r, err, "已转交承办单位")
}

func (s *Server) messageReply(w http.ResponseWriter, r *http.Request) error {
	m, err := s.loadMessage(r)
	if err != nil {
		return err
	}
	if err := s.ParseForm(w, r); err != nil {
		return err
	}
	return s.afterMessage(w, r, s.Store.ReplyMessage(r.Context(), s.Actor(r), m.ID, r.PostFormValue("reply"), r.PostFormValue("reply_unit")), "已保存答复，待办公室审核公开")
}

func (s *Server) messagePublish(w http.ResponseWriter, r *http.Request) error {
	m, err := s.loadMessage(r)
	if err != nil {
		return err
	}
	return s.afterMessage(w, r, s.Store.PublishMessage(r.Context(), s.Actor(r), m.ID), "留言及答复已在门户网站“互动交流”栏目公开")
}

func (s *Server) messageReject(w http.ResponseWriter, r *http.Request) error {
	m, err := s.loadMessage(r)
	if err != nil {
		return err
	}
	if err := s.ParseForm(w, r); err != nil {
		return err
	}
	return s.afterMessage(w, r, s.Store.RejectMessage(r.Context(), s.Actor(r), m.ID, r.PostFormValue("reason")), "已判定为无效留言")
}
