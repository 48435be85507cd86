package app

import (
	"context"
	"fmt"
	"time"

	"gongkai/internal/auth"
	"gongkai/internal/notify"
	"gongkai/internal/store"
	"gongkai/internal/workday"
)

// docsJobs lists the proactive-disclosure area's background jobs.
func docsJobs(a *App) []Job {
	return []Job{{Name: "docs-deadlines", Every: 30 * time.Minute, Run: func(ctx context.Context, now time.Time) error {
		_, err := DocDeadlineReminders(ctx, a.Store, now)
		return err
	}}}
}

// DocDeadlineReminders warns the document's unit and the office when an
// unpublished document's limit is due soon (workday.DueSoonWorkdays)
// (条例第二十六条: public within 20 working days of being formed or
// changed), and alarms when the limit has passed. Each warning is created
// once per document and due date (a new due date after a change or a
// holidays change warns again). It returns how many it created.
func DocDeadlineReminders(ctx context.Context, st *store.Store, now time.Time) (int, error) {
	cal, err := st.Calendar(ctx)
	if err != nil {
		return 0, err
	}
	today := workday.DateOf(now)
	docs, _, err := st.Documents(ctx, store.DocFilter{DueBefore: cal.DueSoonUntil(today).AddDays(1), Limit: 5000})
	if err != nil {
		return 0, err
	}
	var ns []notify.Notification
	for _, d := range docs {
		if d.DueOn.IsZero() {
			continue
		}
		level, what, kind := "warn", fmt.Sprintf("将于 %s 到期", d.DueOn), "soon"
		if today.After(d.DueOn) {
			level, what, kind = "alert", fmt.Sprintf("已于 %s 超过公开时限", d.DueOn), "late"
		}
		link := fmt.Sprintf("/admin/docs/d/%d", d.ID)
		title := fmt.Sprintf("《%s》20个工作日公开时限%s", d.Title, what)
		if d.UnitID != 0 {
			ns = append(ns, notify.Notification{Key: fmt.Sprintf("docs:d:%d:%s:%s:unit", d.ID, kind, d.DueOn), UnitID: d.UnitID, Level: level, Title: title, Link: link})
		}
		ns = append(ns, notify.Notification{Key: fmt.Sprintf("docs:d:%d:%s:%s:office", d.ID, kind, d.DueOn), Role: auth.RoleOffice, Level: level, Title: title, Link: link})
	}
	return st.NotifyAll(ctx, ns)
}
