package web

import (
	"fmt"
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"gongkai"
	"gongkai/internal/auth"
	"gongkai/internal/participation"
	"gongkai/internal/store"
)

// Alarm is one line of the overview: a clock that needs attention.
type Alarm struct {
	Area, Title, Detail, Link string
	State                     participation.State
	Veto                      bool // a single-veto item of the national inspection
}

type participationHomeData struct {
	Alarms    []Alarm
	Counts    []store.NameCount
	ChartJSON template.JS
	EvalRule  string // the evaluation quota as set (scope, number, thresholds)
}

// participationAlarms collects every clock due soon or overdue, for the
// overview and the console home.
func (s *Server) participationAlarms(r *http.Request) ([]Alarm, error) {
	ctx := r.Context()
	scope := unitScope(r)
	today, now := s.today(), s.Now()
	cal, err := s.Store.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	var out []Alarm
	cons, err := s.Store.Consultations(ctx, store.ConsultationFilter{UnitID: scope, Status: participation.StatusDecided})
	if err != nil {
		return nil, err
	}
	for _, c := range cons {
		if st := feedbackClock(cal, c, today); st == participation.StateDueSoon || st == participation.StateOverdue {
			out = append(out, Alarm{"征求意见", c.Title, "意见采纳情况应于 " + c.FeedbackDue.String() + " 前公开", "/admin/participation/consultations/" + strconv.FormatInt(c.ID, 10), st, false})
		}
	}
	if scope == 0 {
		open, err := s.Store.Consultations(ctx, store.ConsultationFilter{Status: participation.StatusOpen})
		if err != nil {
			return nil, err
		}
		for _, c := range open {
			if today.After(c.Closes) {
				out = append(out, Alarm{"征求意见", c.Title, "征求期限已于 " + c.Closes.String() + " 届满，请结束征求意见并审核意见", "/admin/participation/consultations/" + strconv.FormatInt(c.ID, 10), participation.StateOverdue, false})
			} else if c.Pending > 0 {
				out = append(out, Alarm{"征求意见", c.Title, fmt.Sprintf("%d 条意见待审核", c.Pending), "/admin/participation/consultations/" + strconv.FormatInt(c.ID, 10), participation.StateDueSoon, false})
			}
		}
	}
	msgs, err := s.Store.Messages(ctx, store.MessageFilter{UnitID: scope, Open: true})
	if err != nil {
		return nil, err
	}
	for _, m := range msgs {
		st, stale := messageClock(cal, m, today)
		switch {
		case stale:
			out = append(out, Alarm{"留言", m.Title, "受理于 " + m.Received.String() + "，超过3个月未答复", msgLink(m.ID), participation.StateOverdue, true})
		case st == participation.StateDueSoon || st == participation.StateOverdue:
			out = append(out, Alarm{"留言", m.Title, "答复时限 " + m.Due.String(), msgLink(m.ID), st, false})
		}
	}
	events, err := s.Store.OpinionEvents(ctx, scope, true)
	if err != nil {
		return nil, err
	}
	for _, e := range events {
		for _, c := range e.Clocks(now) {
			if c.State == participation.StateDueSoon || c.State == participation.StateOverdue {
				out = append(out, Alarm{"舆情", e.Title, c.Label + "（截至 " + c.Due.In(shanghai).Format("01-02 15:04") + "）", "/admin/participation/opinion/" + strconv.FormatInt(e.ID, 10), c.State, false})
			}
		}
	}
	accounts, err := s.Store.MediaAccounts(ctx, scope)
	if err != nil {
		return nil, err
	}
	for _, a := range accounts {
		if st := a.Freshness(today); st == participation.StateDueSoon || st == participation.StateOverdue {
			last := "从未登记发布"
			if !a.LastPost.IsZero() {
				last = "最近发布 " + a.LastPost.String()
			}
			out = append(out, Alarm{"政务新媒体", a.Platform + "“" + a.Name + "”", last + "，2周无更新即单项否决", "/admin/participation/media/" + strconv.FormatInt(a.ID, 10), st, st == participation.StateOverdue})
		}
	}
	quota, err := s.Store.EvaluationQuota(ctx, today.Year, today)
	if err != nil && gongkai.ErrorCode(err) != gongkai.ENOTFOUND {
		return nil, err
	}
	for _, q := range quota {
		if (scope == 0 || q.UnitID == scope) && (q.State == participation.StateDueSoon || q.State == participation.StateOverdue) {
			out = append(out, Alarm{"政策评价", q.UnitName, fmt.Sprintf("%d 年已开展 %d 次，应不少于 %d 次", today.Year, q.Done, q.Quota), "/admin/participation/evaluations", q.State, false})
		}
	}
	return out, nil
}

func (s *Server) participationHome(w http.ResponseWriter, r *http.Request) error {
	alarms, err := s.participationAlarms(r)
	if err != nil {
		return err
	}
	d := participationHomeData{Alarms: alarms}
	ctx := r.Context()
	scope := unitScope(r)
	cons, err := s.Store.Consultations(ctx, store.ConsultationFilter{UnitID: scope})
	if err != nil {
		return err
	}
	msgs, err := s.Store.Messages(ctx, store.MessageFilter{UnitID: scope})
	if err != nil {
		return err
	}
	events, err := s.Store.OpinionEvents(ctx, scope, false)
	if err != nil {
		return err
	}
	accounts, err := s.Store.MediaAccounts(ctx, scope)
	if err != nil {
		return err
	}
	evals, err := s.Store.Evaluations(ctx, s.today().Year, scope, false)
	if err != nil {
		return err
	}
	set, err := s.Store.ParticipationSettings(ctx)
	if err != nil {
		return err
	}
	d.EvalRule = participation.QuotaRule(set.EvaluationQuota, set.EvaluationScope, s.today().Year)
	d.Counts = []store.NameCount{{Name: "征求意见", Count: len(cons)}, {Name: "留言与找错", Count: len(msgs)}, {Name: "舆情事件", Count: len(events)},
		{Name: "政务新媒体账号", Count: len(accounts)}, {Name: "本年政策评价", Count: len(evals)}}
	var names []string
	var values []int
	for _, c := range d.Counts {
		names = append(names, c.Name)
		values = append(values, c.Count)
	}
	d.ChartJSON = chartJSON(map[string]any{"tooltip": map[string]any{}, "xAxis": map[string]any{"type": "category", "data": names},
		"yAxis": map[string]any{"type": "value", "minInterval": 1}, "series": []map[string]any{{"type": "bar", "data": values, "name": "数量"}}})
	s.Render(w, r, http.StatusOK, "admin/participation_home", &Page{Title: "公众参与", Area: "participation", Data: d})
	return nil
}

func (s *Server) participationSettings(w http.ResponseWriter, r *http.Request) error {
	if err := s.ParseForm(w, r); err != nil {
		return err
	}
	days, err := strconv.Atoi(strings.TrimSpace(r.PostFormValue("reply_workdays")))
	if err != nil || days < 1 || days > 60 {
		return gongkai.Errorf(gongkai.EINVALID, "留言答复时限应为 1 到 60 之间的整数（工作日）")
	}
	if err := s.Store.PutSetting(r.Context(), s.Actor(r), store.SettingReplyWorkdays, strconv.Itoa(days)); err != nil {
		return err
	}
	return s.Flash(w, r, "已保存设置", "/admin/participation/messages")
}

// participationHomeCards puts the alarms on the console home.
func participationHomeCards(r *http.Request, s *Server, u auth.User) []HomeCard {
	if !auth.Allowed(u.Role, auth.PermParticipationView) {
		return nil
	}
	alarms, err := s.participationAlarms(r)
	if err != nil || len(alarms) == 0 {
		return nil
	}
	var lines []string
	for i, a := range alarms {
		if i == 5 {
			lines = append(lines, fmt.Sprintf("另有 %d 项……", len(alarms)-5))
			break
		}
		lines = append(lines, a.Area+"："+a.Title+"，"+a.Detail+"（"+a.State.Label()+"）")
	}
	return []HomeCard{{Title: "公众参与待办", Lines: lines, Href: "/admin/participation/", Perm: auth.PermParticipationView}}
}
