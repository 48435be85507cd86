package app

import (
	"context"
	"fmt"
	"time"

	"gongkai/internal/notify"
	"gongkai/internal/plan"
	"gongkai/internal/store"
	"gongkai/internal/workday"
)

// planJobs lists this area's background jobs: reminders and digests for
// the open assignments, and the delivery of every notification (of all
// areas) over e-mail and the group robots.
func planJobs(a *App) []Job {
	return []Job{
		{Name: "plan-reminders", Every: 30 * time.Minute, Run: func(ctx context.Context, now time.Time) error {
			_, err := PlanReminders(ctx, a.Store, now)
			return err
		}},
		{Name: "notify-deliver", Every: time.Minute, Run: func(ctx context.Context, now time.Time) error {
			_, err := DeliverNotifications(ctx, a.Store, a.deliverer(ctx), now)
			return err
		}},
	}
}

// PlanReminders creates today's reminders and digests (keyed: running it
// again creates nothing new) and returns how many it created.
func PlanReminders(ctx context.Context, st *store.Store, now time.Time) (int, error) {
	set, err := st.Settings(ctx)
	if err != nil {
		return 0, err
	}
	cfg := notify.ConfigFrom(set)
	cal, err := st.Calendar(ctx)
	if err != nil {
		return 0, err
	}
	today := workday.DateOf(now)
	// Open work of every year, not only this year and last: an assignment
	// of an earlier year stays open until it is closed, and is reminded.
	lines, err := st.Ledger(ctx, store.LedgerFilter{OpenOnly: true})
	if err != nil {
		return 0, err
	}
	rs := append(plan.Reminders(lines, today, cal, cfg.RemindDays), plan.Digests(lines, today, cal)...)
	items, err := st.Rectifications(ctx, store.RectFilter{OpenOnly: true})
	if err != nil {
		return 0, err
	}
	rs = append(rs, plan.RectReminders(items, today, cal, cfg.RemindDays)...)
	ns := make([]notify.Notification, 0, len(rs))
	for _, r := range rs {
		ns = append(ns, notify.Notification{Key: r.Key, UnitID: r.UnitID, Level: r.Level, Title: r.Title, Body: r.Body, Link: r.Link})
	}
	return st.NotifyAll(ctx, ns)
}

func (a *App) deliverer(ctx context.Context) notify.Deliverer {
	set, _ := a.Store.Settings(ctx)
	return notify.Deliverer{Config: notify.ConfigFrom(set), BaseURL: a.Config.BaseURL,
		SMTP: notify.SMTP{Addr: a.Config.SMTPAddr, From: a.Config.SMTPFrom, User: a.Config.SMTPUser, Password: a.Config.SMTPPass}}
}

// DeliverNotifications queues the deliveries of new notifications (of
// every area) and sends those that are due, each once: a delivery is
// marked sent right after it succeeds, retried with backoff when it fails,
// and given up after notify.MaxAttempts. It returns how many were sent.
func DeliverNotifications(ctx context.Context, st *store.Store, d notify.Deliverer, now time.Time) (int, error) {
	smtpOn := d.SMTP.Addr != ""
	// Only recent notifications: turning a channel on does not replay
	// the whole history.
	if _, err := st.EnqueueOutbox(ctx, now.Add(-24*time.Hour), func(n notify.Notification, unit string) []notify.Target {
		if store.IsPushNotification(n) {
			return nil // exchange changes go to their subscribers only (PushExchange)
		}
		return d.Config.Targets(n, unit, smtpOn)
	}); err != nil {
		return 0, err
	}
	items, err := st.DueOutbox(ctx, 100)
	if err != nil {
		return 0, err
	}
	sent := 0
	var firstErr error
	for _, it := range items {
		uuid := fmt.Sprintf("gongkai-%d", it.ID)
		err := d.Deliver(ctx, it.Target, it.Note, uuid, now)
		if err == nil {
			sent++
		}
		if ferr := settleOutbox(ctx, st, it, err, false, now); ferr != nil && firstErr == nil {
			firstErr = ferr
		}
	}
	return sent, firstErr
}

// settleOutbox records how one outbox delivery went: sent, or failed and
// retried after the outbox's backoff until notify.MaxAttempts (at once
// final when the receiver refused it for good). It returns the store's
// error, not the delivery's.
func settleOutbox(ctx context.Context, st *store.Store, it store.OutboxItem, err error, final bool, now time.Time) error {
	if err == nil {
		return st.OutboxSent(ctx, it.ID)
	}
	attempt := it.Attempts + 1
	return st.OutboxFailed(ctx, it.ID, err, now.Add(notify.Backoff(attempt)), final || attempt >= notify.MaxAttempts)
}
