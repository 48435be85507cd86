package store

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"gongkai/internal/auth"
	"gongkai/internal/notify"
	"gongkai/internal/participation"
	"gongkai/internal/workday"
)

// ParticipationReminders creates the keyed notifications of this area as
// of now: feedback reports due soon or overdue, consultations past their
// closing date, messages due soon, overdue or unanswered for more than 3
// months, opinion-event hour clocks, media accounts near or past 2 weeks
// without a post, and departments behind their yearly evaluations. Each
// goes to the responsible unit and to the office; keys make every
// reminder happen once. It returns how many were created.
func (s *Store) ParticipationReminders(ctx context.Context, now time.Time) (int, error) {
	today := workday.DateOf(now)
	cal, err := s.Calendar(ctx)
	if err != nil {
		return 0, err
	}
	var ns []notify.Notification
	both := func(key string, unitID int64, level, title, body, link string) {
		if unitID != 0 {
			ns = append(ns, notify.Notification{Key: key + ":unit", UnitID: unitID, Level: level, Title: title, Body: body, Link: link})
		}
		ns = append(ns, notify.Notification{Key: key + ":office", Role: auth.RoleOffice, Level: level, Title: title, Body: body, Link: link})
	}
	level := func(st participation.State) string {
		if st == participation.StateOverdue {
			return "alert"
		}
		return "warn"
	}

	cons, err := s.Consultations(ctx, ConsultationFilter{})
	if err != nil {
		return 0, err
	}
	for _, c := range cons {
		link := "/admin/participation/consultations/" + strconv.FormatInt(c.ID, 10)
		key := "participation:consultation:" + strconv.FormatInt(c.ID, 10)
		switch c.Status {
		case participation.StatusOpen:
			if today.After(c.Closes) {
				both(key+":period-over", c.UnitID, "warn", "征求意见期限已届满："+c.Title, "请结束征求意见，审核并归纳意见。", link)
			}
		case participation.StatusDecided:
			switch st := participation.DayState(cal, c.FeedbackDue, workday.Date{}, today); st {
			case participation.StateDueSoon, participation.StateOverdue:
				both(key+":feedback-"+string(st), c.UnitID, level(st), "意见采纳情况反馈"+st.Label()+"："+c.Title,
					"决策文件印发后10个工作日内应公开意见收集和采纳情况，时限 "+c.FeedbackDue.String()+"。", link)
			}
		}
	}

	msgs, err := s.Messages(ctx, MessageFilter{Open: true})
	if err != nil {
		return 0, err
	}
	for _, m := range msgs {
		link := "/admin/participation/messages/" + strconv.FormatInt(m.ID, 10)
		key := "participation:message:" + strconv.FormatInt(m.ID, 10)
		if participation.MessageStale(m.Received, today) {
			both(key+":stale-3m", m.UnitID, "alert", "留言超过3个月未答复（单项否决）："+m.Title,
				"受理于 "+m.Received.String()+"，有效留言超过3个月未回应是政府网站单项否决项，请立即答复。", link)
			continue
		}
		switch st := participation.DayState(cal, m.Due, workday.Date{}, today); st {
		case participation.StateDueSoon, participation.StateOverdue:
			both(key+":"+string(st), m.UnitID, level(st), "留言答复"+st.Label()+"："+m.Title, "答复时限 "+m.Due.String()+"。", link)
		}
	}

	events, err := s.OpinionEvents(ctx, 0, true)
	if err != nil {
		return 0, err
	}
	for _, e := range events {
		link := "/admin/participation/opinion/" + strconv.FormatInt(e.ID, 10)
		for _, c := range e.Clocks(now) {
			if c.State == participation.StateDueSoon || c.State == participation.StateOverdue {
				both(fmt.Sprintf("participation:opinion:%d:%s:%s", e.ID, c.Key, c.State), e.UnitID, level(c.State),
					"舆情"+c.Label+c.State.Label()+"："+e.Title, "截止时间 "+c.Due.In(participation.Zone).Format("2006-01-02 15:04")+"。", link)
			}
		}
	}

	accounts, err := s.MediaAccounts(ctx, 0)
	if err != nil {
		return 0, err
	}
	for _, a := range accounts {
		st := a.Freshness(today)
		if st != participation.StateDueSoon && st != participation.StateOverdue {
			continue
		}
		since := a.LastPost
		if since.IsZero() {
			since = a.Opened
		}
		both(fmt.Sprintf("participation:media:%d:%s:%s", a.ID, since, st), a.UnitID, level(st),
			"政务新媒体"+map[bool]string{true: "超过2周未更新（单项否决）", false: "即将满2周未更新"}[st == participation.StateOverdue]+"："+a.Platform+"“"+a.Name+"”",
			"最近发布 "+since.String()+"；监测时间点前2周内无更新即单项否决。", "/admin/participation/media/"+strconv.FormatInt(a.ID, 10))
	}

	quota, err := s.EvaluationQuota(ctx, today.Year, today)
	if err == nil {
		for _, q := range quota {
			if q.State == participation.StateDueSoon || q.State == participation.StateOverdue {
				both(fmt.Sprintf("participation:evaluation:%d:%d:%s", q.UnitID, today.Year, q.State), q.UnitID, level(q.State),
					fmt.Sprintf("政策评价进度落后：%s", q.UnitName), fmt.Sprintf("%d 年已开展 %d 次，应不少于 %d 次，并在年底前公开结果。", today.Year, q.Done, q.Quota),
					"/admin/participation/evaluations")
			}
		}
	}

	return s.NotifyAll(ctx, ns)
}
