package store

import (
	"context"
	"fmt"
	"math"
	"sort"
	"time"

	"gongkai"
)

// Rule is a limit of the public forms: at most Max accepted submissions in
// any Window (a sliding window, exact) from one client address. The count
// lives in the database, so every node sees it, and taking it is atomic:
// a burst cannot slip past.
type Rule struct {
	Name   string        // key prefix, one per form (and window)
	Max    int           // accepted hits per Window
	Window time.Duration //
	Says   string        // the refusal, without the time to wait
	Hint   string        // appended after the time to wait ("" for none)
}

// The public limits, per client address. Applications keep the limits
// they had (5 an hour, 20 a day); messages and error reports, comments,
// package requests and lookups by code keep theirs, now counted in the
// database instead of in each node's memory.
var (
	LimitRequestsHour = Rule{Name: "request-1h", Max: 5, Window: time.Hour,
		Says: "同一网络地址 1 小时内最多提交 5 件政府信息公开申请", Hint: "；如需提交更多申请，请联系政府信息公开工作机构"}
	LimitRequestsDay = Rule{Name: "request-24h", Max: 20, Window: 24 * time.Hour,
		Says: "同一网络地址 24 小时内最多提交 20 件政府信息公开申请", Hint: "；如需提交更多申请，请联系政府信息公开工作机构"}
	LimitMessages = Rule{Name: "message", Max: 5, Window: 10 * time.Minute,
		Says: "提交过于频繁：同一网络地址 10 分钟内最多提交 5 条留言或找错"}
	LimitComments = Rule{Name: "comment", Max: 5, Window: 10 * time.Minute,
		Says: "提交过于频繁：同一网络地址 10 分钟内最多提交 5 条意见"}
	LimitPackageRequests = Rule{Name: "package", Max: 5, Window: time.Hour,
		Says: "提交过于频繁：同一网络地址 1 小时内最多提交 5 件政策文件包申请"}
	LimitLookups = Rule{Name: "lookup", Max: 20, Window: time.Minute,
		Says: "查询过于频繁：同一网络地址 1 分钟内最多查询 20 次"}
)

// RequestLimits are the limits of the public application form.
var RequestLimits = []Rule{LimitRequestsHour, LimitRequestsDay}

// key is the counter's key for a client address; the address is stored
// only as a hash (the requests table keeps submit_ip hashed the same way).
func (r Rule) key(addr string) string { return r.Name + ":" + HashSecret("ip:" + addr)[:32] }

// Limited is the details of a refusal by a limit: how long to wait, in
// seconds, for the Retry-After header and the API's error details.
type Limited struct {
	RetryAfter int `json:"retry_after"`
}

// RetryAfter returns how long a refused client must wait, when err is a
// refusal by a limit (a public form's or the login lockout), or when the
// database is unavailable (UnavailableRetry).
func RetryAfter(err error) (time.Duration, bool) {
	if l, ok := gongkai.ErrorDetails(err).(Limited); ok {
		return time.Duration(l.RetryAfter) * time.Second, true
	}
	if IsUnavailable(err) {
		return UnavailableRetry, true
	}
	return 0, false
}

// rateLimited is the refusal: code ERATELIMIT, a message ending with the
// time to wait, and the wait in the details.
func rateLimited(says, hint string, wait time.Duration) error {
	secs := int(math.Ceil(wait.Seconds()))
	if secs < 1 {
		secs = 1
	}
	return gongkai.Errorf(gongkai.ERATELIMIT, "%s，请 %s后再试%s", says, WaitText(wait), hint).WithDetails(Limited{RetryAfter: secs})
}

// WaitText says a wait in Chinese, rounded up: "1 分钟", "15 分钟", "3 小时".
func WaitText(d time.Duration) string {
	if d <= time.Minute {
		return "1 分钟"
	}
	if d <= 2*time.Hour {
		return fmt.Sprintf("%d 分钟", int(math.Ceil(d.Minutes())))
	}
	return fmt.Sprintf("%d 小时", int(math.Ceil(d.Hours())))
}

// TakeLimit counts one submission from addr against every rule, in its
// own transaction: either all rules have room and the hit is recorded
// under each, or nothing is recorded and the error (ERATELIMIT, with
// Limited details) names the first rule that is full. Take it before the
// work it guards.
func (s *Store) TakeLimit(ctx context.Context, addr string, rules ...Rule) error {
	return s.InTx(ctx, func(tx *Tx) error { return tx.TakeLimit(ctx, addr, rules...) })
}

// TakeLimit is Store.TakeLimit inside the caller's transaction, so the hit
// is recorded only if the work it guards commits too (an application is
// counted only when it is stored).
func (t *Tx) TakeLimit(ctx context.Context, addr string, rules ...Rule) error {
	if len(rules) == 0 {
		return nil
	}
	keys := make([]string, len(rules))
	maxWindow := time.Duration(0)
	for i, r := range rules {
		keys[i] = r.key(addr)
		maxWindow = max(maxWindow, r.Window)
	}
	if err := t.lockKeys(ctx, t.Now.Add(maxWindow), keys...); err != nil {
		return err
	}
	for i, r := range rules {
		wait, err := t.windowWait(ctx, `SELECT at FROM limit_hits WHERE key = ? AND at > ? ORDER BY at`, r.Max, r.Window, keys[i], TS(t.Now.Add(-r.Window)))
		if err != nil {
			return err
		}
		if wait > 0 {
			return rateLimited(r.Says, r.Hint, wait)
		}
	}
	for i, r := range rules {
		if _, err := t.Exec(ctx, `INSERT INTO limit_hits (key, at, expires_at) VALUES (?, ?, ?)`, keys[i], TS(t.Now), TS(t.Now.Add(r.Window))); err != nil {
			return fmt.Errorf("store: limit hit: %w", err)
		}
	}
	return nil
}

// lockKeys upserts the keys' rows in a fixed (sorted) order, so concurrent
// takers of one key queue behind each other (PostgreSQL: the row lock
// held to commit; SQLite: the one writer) and takers of several keys
// cannot deadlock. Each row lives at least until expires.
func (t *Tx) lockKeys(ctx context.Context, expires time.Time, keys ...string) error {
	sorted := append([]string(nil), keys...)
	sort.Strings(sorted)
	for i, k := range sorted {
		if i > 0 && k == sorted[i-1] {
			continue
		}
		if _, err := t.Exec(ctx, `INSERT INTO limit_keys (key, expires_at) VALUES (?, ?)
			ON CONFLICT (key) DO UPDATE SET expires_at = CASE WHEN excluded.expires_at > limit_keys.expires_at THEN excluded.expires_at ELSE limit_keys.expires_at END`,
			k, TS(expires)); err != nil {
			return fmt.Errorf("store: lock limit %s: %w", k, err)
		}
	}
	return nil
}

// windowWait runs q, which lists the times (TS text, ascending) counted in
// the window, and returns 0 when there is room for one more of max, or
// how long until enough of them have left the window.
func (t *Tx) windowWait(ctx context.Context, q string, max int, window time.Duration, args ...any) (time.Duration, error) {
	rows, err := t.Query(ctx, q, args...)
	if err != nil {
		return 0, fmt.Errorf("store: count limit: %w", err)
	}
	defer rows.Close()
	var at []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return 0, fmt.Errorf("store: count limit: %w", err)
		}
		at = append(at, s)
	}
	if err := rows.Err(); err != nil {
		return 0, fmt.Errorf("store: count limit: %w", t.s.translate(err))
	}
	if len(at) < max {
		return 0, nil
	}
	// With n counted, n-max+1 must leave: the (n-max)-th oldest is the
	// last of them.
	wait := ParseTS(at[len(at)-max]).Add(window).Sub(t.Now)
	if wait <= 0 {
		wait = time.Second
	}
	return wait, nil
}

// PurgeLimits deletes the counters whose windows have passed. The purge
// job runs it with PurgeSessions.
func (s *Store) PurgeLimits(ctx context.Context) error {
	now := TS(s.Now().UTC())
	for _, q := range []string{`DELETE FROM limit_hits WHERE expires_at < ?`, `DELETE FROM limit_keys WHERE expires_at < ?`} {
		if _, err := s.exec(ctx, q, now); err != nil {
			return fmt.Errorf("store: purge limits: %w", err)
		}
	}
	return nil
}

// IsRateLimited reports whether err is a refusal by a limit.
func IsRateLimited(err error) bool { return gongkai.ErrorCode(err) == gongkai.ERATELIMIT }
