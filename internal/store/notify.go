package store

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"gongkai/internal/auth"
	"gongkai/internal/notify"
)

// Notify stores a notification unless one with the same key exists, and
// reports whether it was created. Jobs call it freely: the key makes each
// reminder happen once.
func (t *Tx) Notify(ctx context.Context, n notify.Notification) (bool, error) {
	if n.Key == "" || n.Title == "" {
		return false, fmt.Errorf("store: notify: key and title are required")
	}
	if n.Level == "" {
		n.Level = "info"
	}
	res, err := t.Exec(ctx, `INSERT INTO notifications (key, user_id, unit_id, role, level, title, body, link, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING`,
		n.Key, nullID(n.UserID), nullID(n.UnitID), string(n.Role), n.Level, n.Title, n.Body, n.Link, TS(t.Now))
	if err != nil {
		return false, fmt.Errorf("store: notify %s: %w", n.Key, err)
	}
	k, _ := res.RowsAffected()
	return k == 1, nil
}

// Notify stores one notification in its own transaction.
func (s *Store) Notify(ctx context.Context, n notify.Notification) (created bool, err error) {
	err = s.InTx(ctx, func(tx *Tx) error {
		created, err = tx.Notify(ctx, n)
		return err
	})
	return created, err
}

// NotifyAll stores a batch of notifications in one transaction (each once
// per key, as Notify) and returns how many were new.
func (s *Store) NotifyAll(ctx context.Context, ns []notify.Notification) (created int, err error) {
	err = s.InTx(ctx, func(tx *Tx) error {
		created = 0
		for _, n := range ns {
			ok, err := tx.Notify(ctx, n)
			if err != nil {
				return err
			}
			if ok {
				created++
			}
		}
		return nil
	})
	return created, err
}

// recipientWhere selects the notifications addressed to u.
func recipientWhere(u auth.User) (string, []any) {
	conds := []string{"n.user_id = ?", "n.role = ?"}
	args := []any{u.ID, string(u.Role)}
	if u.UnitID != 0 {
		conds = append(conds, "n.unit_id = ?")
		args = append(args, u.UnitID)
	}
	return "(" + strings.Join(conds, " OR ") + ")", args
}

// Notifications lists u's notifications, newest first.
func (s *Store) Notifications(ctx context.Context, u auth.User, unreadOnly bool, limit int) ([]notify.Notification, error) {
	where, args := recipientWhere(u)
	q := `SELECT n.id, n.key, COALESCE(n.user_id, 0), COALESCE(n.unit_id, 0), n.role, n.level, n.title, n.body, n.link, n.created_at,
		CASE WHEN r.user_id IS NULL THEN 0 ELSE 1 END
		FROM notifications n LEFT JOIN notification_reads r ON r.notification_id = n.id AND r.user_id = ?
		WHERE ` + where
	args = append([]any{u.ID}, args...)
	if unreadOnly {
		q += " AND r.user_id IS NULL"
	}
	if limit <= 0 || limit > 1000 {
		limit = 100
	}
	q += fmt.Sprintf(" ORDER BY n.id DESC LIMIT %d", limit)
	rows, err := s.query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: notifications: %w", err)
	}
	defer rows.Close()
	var out []notify.Notification
	for rows.Next() {
		var n notify.Notification
		var role, created string
		var read int
		if err := rows.Scan(&n.ID, &n.Key, &n.UserID, &n.UnitID, &role, &n.Level, &n.Title, &n.Body, &n.Link, &created, &read); err != nil {
			return nil, fmt.Errorf("store: scan notification: %w", err)
		}
		n.Role, n.Created, n.Read = auth.Role(role), ParseTS(created), read == 1
		out = append(out, n)
	}
	return out, s.translate(rows.Err())
}

// UnreadCount counts u's unread notifications.
func (s *Store) UnreadCount(ctx context.Context, u auth.User) (int, error) {
	where, args := recipientWhere(u)
	var n int
	err := s.queryRow(ctx, `SELECT COUNT(*) FROM notifications n WHERE `+where+
		` AND NOT EXISTS (SELECT 1 FROM notification_reads r WHERE r.notification_id = n.id AND r.user_id = ?)`, append(args, u.ID)...).Scan(&n)
	return n, s.translate(err)
}

// MarkRead marks notifications read for u (all of u's when ids is empty).
func (s *Store) MarkRead(ctx context.Context, u auth.User, ids ...int64) error {
	list, err := s.Notifications(ctx, u, true, 1000)
	if err != nil {
		return err
	}
	want := map[int64]bool{}
	for _, id := range ids {
		want[id] = true
	}
	return s.InTx(ctx, func(tx *Tx) error {
		for _, n := range list {
			if len(ids) > 0 && !want[n.ID] {
				continue
			}
			if _, err := tx.Exec(ctx, `INSERT INTO notification_reads (notification_id, user_id, read_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`, n.ID, u.ID, TS(tx.Now)); err != nil {
				return err
			}
		}
		return nil
	})
}

var localLocks sync.Map // name → *sync.Mutex, for SQLite (one node)

// WithLock runs fn while holding the named lock across all nodes: a
// PostgreSQL advisory lock, or a process lock on SQLite (which has one
// node). When another holder has it, fn is skipped and ran is false.
func (s *Store) WithLock(ctx context.Context, name string, fn func(ctx context.Context) error) (ran bool, err error) {
	if s.Dialect != Postgres {
		m, _ := localLocks.LoadOrStore(s.Where+"|"+name, &sync.Mutex{})
		mu := m.(*sync.Mutex)
		if !mu.TryLock() {
			return false, nil
		}
		defer mu.Unlock()
		return true, fn(ctx)
	}
	conn, err := s.write.Conn(ctx)
	if err != nil {
		return false, fmt.Errorf("store: lock conn: %w", err)
	}
	defer conn.Close()
	var got bool
	if err := conn.QueryRowContext(ctx, `SELECT pg_try_advisory_lock(hashtext($1))`, name).Scan(&got); err != nil {
		return false, fmt.Errorf("store: advisory lock %s: %w", name, err)
	}
	if !got {
		return false, nil
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock(hashtext($1))`, name)
	return true, fn(ctx)
}

// JobDue reports whether the named job last ran more than every ago (or
// never), so that a job runs once per period across nodes and restarts;
// MarkJob records a run.
func (s *Store) JobDue(ctx context.Context, name string, every time.Duration) (bool, error) {
	var last string
	err := s.queryRow(ctx, `SELECT last_run_at FROM job_runs WHERE name = ?`, name).Scan(&last)
	if IsNotFound(s.translate(err)) {
		return true, nil
	}
	if err != nil {
		return false, s.translate(err)
	}
	return s.Now().Sub(ParseTS(last)) >= every, nil
}

// MarkJob records that the named job ran now, with its error if any.
func (s *Store) MarkJob(ctx context.Context, name string, runErr error) error {
	msg := ""
	if runErr != nil {
		msg = runErr.Error()
	}
	_, err := s.exec(ctx, `INSERT INTO job_runs (name, last_run_at, last_error) VALUES (?, ?, ?)
		ON CONFLICT (name) DO UPDATE SET last_run_at = excluded.last_run_at, last_error = excluded.last_error`, name, TS(s.Now()), msg)
	return err
}
