package app

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"

	"gongkai/internal/exchange"
	"gongkai/internal/institution"
	"gongkai/internal/notify"
	"gongkai/internal/store"
	"gongkai/internal/workday"
)

// exchangeJobs are the jobs of the exchange and the institutions registry:
// the push of changes to the subscribers (every 15 seconds, so a change
// reaches them within a minute) and the registry's alarms.
func exchangeJobs(a *App) []Job {
	client := &http.Client{Timeout: 15 * time.Second}
	return []Job{
		{Name: "exchange-push", Every: 15 * time.Second, Run: func(ctx context.Context, now time.Time) error {
			_, err := PushExchange(ctx, a.Store, client, a.Config.BaseURL, now)
			return err
		}},
		{Name: "institution-alarms", Every: time.Hour, Run: func(ctx context.Context, now time.Time) error {
			_, err := InstitutionAlarms(ctx, a.Store, now)
			return err
		}},
	}
}

// InstitutionAlarms raises the registry's alarms due today (licences that
// expire within 30 days or have expired, yearly inspections overdue) to
// the office, each once (keyed), and returns how many were new.
func InstitutionAlarms(ctx context.Context, st *store.Store, now time.Time) (int, error) {
	list, err := st.Institutions(ctx, store.InstitutionFilter{})
	if err != nil {
		return 0, err
	}
	sums := make([]institution.Summary, len(list))
	for i, in := range list {
		sums[i] = in.Summary()
	}
	var ns []notify.Notification
	for _, al := range institution.Alarms(sums, workday.DateOf(now)) {
		ns = append(ns, notify.Notification{Key: al.Key, Role: "office", Level: al.Level, Title: al.Title, Body: al.Body, Link: al.Link})
	}
	if len(ns) == 0 {
		return 0, nil
	}
	return st.NotifyAll(ctx, ns)
}

// PushExchange numbers the pending changes (store.SequenceChanges), then
// sends the due deliveries to the subscribers: each a POST of one batch of
// changes, signed with the subscriber's secret (exchange.Sign), marked
// sent once it is answered 2xx, retried with the outbox's backoff
// otherwise. It returns how many deliveries were sent.
func PushExchange(ctx context.Context, st *store.Store, client *http.Client, base string, now time.Time) (int, error) {
	if _, err := st.SequenceChanges(ctx); err != nil {
		return 0, err
	}
	items, err := st.DueWebhooks(ctx, 50)
	if err != nil {
		return 0, err
	}
	sent := 0
	var firstErr error
	for _, it := range items {
		final, err := pushOne(ctx, st, client, base, it)
		if err == nil {
			sent++
		}
		if ferr := settleOutbox(ctx, st, it, err, final, now); ferr != nil && firstErr == nil {
			firstErr = ferr
		}
	}
	return sent, firstErr
}

// pushOne sends one delivery; final says a failure is not worth retrying.
// It is dated and signed when it leaves, not when the run began: a run
// sends up to 50 one after another, and a receiver refuses a timestamp
// more than 5 minutes off.
func pushOne(ctx context.Context, st *store.Store, client *http.Client, base string, it store.OutboxItem) (final bool, err error) {
	subID, err := strconv.ParseInt(it.Target.Address, 10, 64)
	if err != nil {
		return true, fmt.Errorf("订阅编号无效：%s", it.Target.Address)
	}
	sub, err := st.Subscriber(ctx, subID)
	if err != nil {
		return true, err
	}
	if !sub.Active {
		return true, fmt.Errorf("订阅已停用")
	}
	first, last, ok := store.PushRange(it.Note.Key)
	if !ok {
		return true, fmt.Errorf("推送批次无效：%s", it.Note.Key)
	}
	changes, err := st.ChangesBetween(ctx, first, last, sub.Kinds)
	if err != nil {
		return false, err
	}
	now := st.Now()
	body := exchange.Push{Delivery: it.ID, SentAt: now.UTC().Format(time.RFC3339), Changes: []map[string]any{}}
	for _, c := range changes {
		el, err := exchange.Element(c.Seq, c.Kind, c.At, c.Deleted, c.Record, base, nil)
		if err != nil {
			return true, err
		}
		body.Changes = append(body.Changes, el)
	}
	raw, err := json.Marshal(body)
	if err != nil {
		return true, err
	}
	secret, err := st.SubscriberSecret(ctx, subID)
	if err != nil {
		return false, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, sub.URL, bytes.NewReader(raw))
	if err != nil {
		return true, err
	}
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	req.Header.Set("User-Agent", "gongkai-exchange/1")
	req.Header.Set(exchange.HeaderDelivery, strconv.FormatInt(it.ID, 10))
	req.Header.Set(exchange.HeaderTimestamp, strconv.FormatInt(now.Unix(), 10))
	req.Header.Set(exchange.HeaderSignature, exchange.Sign(secret, now, raw))
	resp, err := client.Do(req)
	if err != nil {
		return false, fmt.Errorf("推送到 %s 失败：%w", sub.URL, err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return false, fmt.Errorf("推送到 %s 失败：对方答复 HTTP %d", sub.URL, resp.StatusCode)
	}
	return false, nil
}
