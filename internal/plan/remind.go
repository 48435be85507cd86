package plan

import (
	"fmt"
	"sort"
	"strings"

	"gongkai/internal/workday"
)

// Reminder is a notification the reminder job creates (keyed, so each is
// created once even when the job runs again or on another node).
type Reminder struct {
	Key    string
	UnitID int64
	Level  string
	Title  string
	Body   string
	Link   string
}

func brief(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

// Reminders computes the reminders due today for open assignments: once
// within n working days before the due date, on the day, and once after
// it. The keys carry the due date, so a job that missed a day (a restart)
// still sends each reminder, and never twice. For continuous and recurring tasks the
// due date is the end of each period, so each period is reminded anew.
func Reminders(lines []Line, today workday.Date, cal *workday.Calendar, n int) []Reminder {
	var out []Reminder
	if !cal.IsWorkday(today) {
		return nil
	}
	for _, l := range lines {
		a := l.Assignment
		if !a.Status.Open() {
			continue
		}
		due := l.Due
		if l.Task.Deadline.Kind == DeadlineDate {
			due = l.Task.Deadline.Date
		}
		earlier := l.Task.Year != 0 && l.Task.Year < today.Year
		if earlier && (l.Task.Deadline.Kind == DeadlineContinuous || l.Task.Deadline.Kind == DeadlineRecurring) {
			// Continuous work of an earlier year was due by that year's end.
			due = workday.Date{Year: l.Task.Year, Month: 12, Day: 31}
		}
		if due.IsZero() {
			continue
		}
		link := fmt.Sprintf("/admin/plan/assignments/%d", a.ID)
		what := fmt.Sprintf("任务序号 %d（%s）", l.Task.Seq, brief(l.Task.Requirement, 30))
		if earlier {
			what = fmt.Sprintf("%d 年度", l.Task.Year) + what
		}
		key := fmt.Sprintf("plan:a:%d:%s", a.ID, due)
		switch {
		case due == today:
			out = append(out, Reminder{key + ":due-0", a.UnitID, "warn", "今天到期：" + what,
				fmt.Sprintf("完成时限：%s。当前状态：%s。", l.Task.Deadline.Label(), a.Status.Label()), link})
		case today.Before(due) && cal.WorkdaysBetween(today, due) <= n:
			out = append(out, Reminder{fmt.Sprintf("%s:due-%d", key, n), a.UnitID, "warn", fmt.Sprintf("还有 %d 个工作日到期：%s", n, what),
				fmt.Sprintf("完成时限：%s（%s）。当前状态：%s。", due, l.Task.Deadline.Label(), a.Status.Label()), link})
		case due.Before(today):
			out = append(out, Reminder{key + ":overdue", a.UnitID, "alert", "已逾期：" + what,
				fmt.Sprintf("完成时限 %s 已过，请尽快报送进展或完成情况。", due), link})
		}
	}
	return out
}

// Digests computes one daily summary per unit with work waiting: to be
// claimed, returned, overdue, due soon (workday.DueSoonWorkdays).
func Digests(lines []Line, today workday.Date, cal *workday.Calendar) []Reminder {
	if !cal.IsWorkday(today) {
		return nil
	}
	type counts struct{ pending, returned, overdue, soon int }
	by := map[int64]*counts{}
	for _, l := range lines {
		a := l.Assignment
		if !a.Status.Open() {
			continue
		}
		c := by[a.UnitID]
		if c == nil {
			c = &counts{}
			by[a.UnitID] = c
		}
		switch {
		case a.Status == StatusPending:
			c.pending++
		case a.Status == StatusReturned:
			c.returned++
		}
		if l.Overdue > 0 || (l.Task.Year != 0 && l.Task.Year < today.Year) {
			c.overdue++ // open work of an earlier year is late by now
		} else if cal.DueSoon(l.Due, today) {
			c.soon++
		}
	}
	var ids []int64
	for id := range by {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	var out []Reminder
	for _, id := range ids {
		c := by[id]
		var parts []string
		for _, p := range []struct {
			n     int
			label string
		}{{c.pending, "待认领"}, {c.returned, "被退回"}, {c.overdue, "已逾期"}, {c.soon, "即将到期"}} {
			if p.n > 0 {
				parts = append(parts, fmt.Sprintf("%s %d 项", p.label, p.n))
			}
		}
		if len(parts) == 0 {
			continue
		}
		level := "info"
		if c.overdue > 0 {
			level = "alert"
		}
		out = append(out, Reminder{Key: fmt.Sprintf("plan:digest:%d:%s", id, today), UnitID: id, Level: level,
			Title: fmt.Sprintf("%s 任务督办日报", today), Body: "本单位：" + strings.Join(parts, "，") + "。", Link: "/admin/plan/"})
	}
	return out
}

// RectReminders reminds units of their open rectification items: once
// within n working days before the due date, and once after it.
func RectReminders(items []Rectification, today workday.Date, cal *workday.Calendar, n int) []Reminder {
	if !cal.IsWorkday(today) {
		return nil
	}
	var out []Reminder
	for _, r := range items {
		if r.Status != RectOpen {
			continue
		}
		key := fmt.Sprintf("plan:rect:%d:%s", r.ID, r.DueOn)
		switch {
		case r.DueOn.Before(today):
			out = append(out, Reminder{key + ":overdue", r.UnitID, "alert", "整改已逾期：" + brief(r.Requirement, 30),
				fmt.Sprintf("整改期限 %s 已过（%s），请尽快报送整改情况。", r.DueOn, r.Inspection), "/admin/plan/rectifications"})
		case cal.WorkdaysBetween(today, r.DueOn) <= n:
			out = append(out, Reminder{fmt.Sprintf("%s:due-%d", key, n), r.UnitID, "warn", fmt.Sprintf("整改还有 %d 个工作日到期：%s", n, brief(r.Requirement, 30)),
				fmt.Sprintf("整改期限 %s（%s）。", r.DueOn, r.Inspection), "/admin/plan/rectifications"})
		}
	}
	return out
}
