package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"gongkai/internal/auth"
	"gongkai/internal/notify"
)

// OutboxItem is one pending delivery with its notification.
type OutboxItem struct {
	ID       int64
	Target   notify.Target
	Attempts int
	Status   string
	LastErr  string
	NextAt   time.Time
	SentAt   time.Time
	Note     notify.Notification
}

// EnqueueOutbox creates the deliveries of the notifications created since
// `since` that have none yet: targets says where each goes. Every
// notification of every area passes here, whoever created it.
func (s *Store) EnqueueOutbox(ctx context.Context, since time.Time, targets func(n notify.Notification, unitName string) []notify.Target) (int, error) {
	rows, err := s.query(ctx, `SELECT n.id, n.key, COALESCE(n.user_id, 0), COALESCE(n.unit_id, 0), n.role, n.level, n.title, n.body, n.link, n.created_at,
		COALESCE(u1.name, u2.name, '')
		FROM notifications n
		LEFT JOIN units u1 ON u1.id = n.unit_id
		LEFT JOIN users us ON us.id = n.user_id LEFT JOIN units u2 ON u2.id = us.unit_id
		WHERE n.created_at >= ? AND NOT EXISTS (SELECT 1 FROM notify_outbox o WHERE o.notification_id = n.id)
		ORDER BY n.id LIMIT 2000`, TS(since))
	if err != nil {
		return 0, fmt.Errorf("store: outbox scan: %w", err)
	}
	type item struct {
		n    notify.Notification
		unit string
	}
	var items []item
	for rows.Next() {
		var it item
		var role, created string
		if err := rows.Scan(&it.n.ID, &it.n.Key, &it.n.UserID, &it.n.UnitID, &role, &it.n.Level, &it.n.Title, &it.n.Body, &it.n.Link, &created, &it.unit); err != nil {
			rows.Close()
			return 0, err
		}
		it.n.Role, it.n.Created = auth.Role(role), ParseTS(created)
		items = append(items, it)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, s.translate(err)
	}
	n := 0
	err = s.InTx(ctx, func(tx *Tx) error {
		for _, it := range items {
			for _, t := range targets(it.n, it.unit) {
				k, err := tx.enqueueDelivery(ctx, it.n.ID, t.Channel, t.Address)
				if err != nil {
					return err
				}
				n += int(k)
			}
		}
		return nil
	})
	return n, err
}

// enqueueDelivery queues the delivery of a notification on a channel to
// a target, once (a second call does nothing); it reports how many rows
// it added.
func (tx *Tx) enqueueDelivery(ctx context.Context, notificationID int64, channel, target string) (int64, error) {
	res, err := tx.Exec(ctx, `INSERT INTO notify_outbox (notification_id, channel, target, status, next_at, created_at)
		VALUES (?, ?, ?, 'pending', ?, ?) ON CONFLICT (notification_id, channel, target) DO NOTHING`,
		notificationID, channel, target, TS(tx.Now), TS(tx.Now))
	if err != nil {
		return 0, fmt.Errorf("store: outbox insert: %w", err)
	}
	return res.RowsAffected()
}

const outboxCols = `o.id, o.channel, o.target, o.attempts, o.status, o.last_error, o.next_at, o.sent_at,
	n.id, n.key, COALESCE(n.user_id, 0), COALESCE(n.unit_id, 0), n.role, n.level, n.title, n.body, n.link, n.created_at`

func (s *Store) outboxList(ctx context.Context, where string, args ...any) ([]OutboxItem, error) {
	rows, err := s.query(ctx, `SELECT `+outboxCols+` FROM notify_outbox o JOIN notifications n ON n.id = o.notification_id `+where, args...)
	if err != nil {
		return nil, fmt.Errorf("store: outbox: %w", err)
	}
	defer rows.Close()
	var out []OutboxItem
	for rows.Next() {
		var it OutboxItem
		var next, sent, role, created string
		if err := rows.Scan(&it.ID, &it.Target.Channel, &it.Target.Address, &it.Attempts, &it.Status, &it.LastErr, &next, &sent,
			&it.Note.ID, &it.Note.Key, &it.Note.UserID, &it.Note.UnitID, &role, &it.Note.Level, &it.Note.Title, &it.Note.Body, &it.Note.Link, &created); err != nil {
			return nil, err
		}
		it.NextAt, it.SentAt, it.Note.Role, it.Note.Created = ParseTS(next), ParseTS(sent), auth.Role(role), ParseTS(created)
		out = append(out, it)
	}
	return out, s.translate(rows.Err())
}

// DueOutbox lists the deliveries to try now, except the exchange's pushes
// (DueWebhooks), which their own job sends.
func (s *Store) DueOutbox(ctx context.Context, limit int) ([]OutboxItem, error) {
	return s.outboxList(ctx, fmt.Sprintf(`WHERE o.status = 'pending' AND o.channel <> ? AND o.next_at <= ? ORDER BY o.next_at, o.id LIMIT %d`, max(1, limit)),
		ChannelWebhook, TS(s.Now()))
}

// RecentOutbox lists the latest deliveries, for the settings page.
func (s *Store) RecentOutbox(ctx context.Context, limit int) ([]OutboxItem, error) {
	return s.outboxList(ctx, fmt.Sprintf(`ORDER BY o.id DESC LIMIT %d`, max(1, limit)))
}

// OutboxSent marks a delivery done; the guard makes it happen once.
func (s *Store) OutboxSent(ctx context.Context, id int64) error {
	return s.InTx(ctx, func(tx *Tx) error {
		return tx.Guarded(ctx, `UPDATE notify_outbox SET status = 'sent', attempts = attempts + 1, sent_at = ?, last_error = '' WHERE id = ? AND status = 'pending'`, TS(tx.Now), id)
	})
}

// OutboxFailed records a failed try: retried at next, or given up when
// final.
func (s *Store) OutboxFailed(ctx context.Context, id int64, cause error, next time.Time, final bool) error {
	status := "pending"
	if final {
		status = "failed"
	}
	msg := cause.Error()
	if len(msg) > 500 {
		msg = notify.TruncateBytes(msg, 500)
	}
	return s.InTx(ctx, func(tx *Tx) error {
		return tx.Guarded(ctx, `UPDATE notify_outbox SET status = ?, attempts = attempts + 1, last_error = ?, next_at = ? WHERE id = ? AND status = 'pending'`,
			status, strings.ToValidUTF8(msg, ""), TS(next), id)
	})
}

// PutSecretSetting stores a setting that holds a credential (a robot
// webhook, a signing secret): audited, with the value masked in the log.
func (s *Store) PutSecretSetting(ctx context.Context, a auth.Actor, key, value string) error {
	return s.InTx(ctx, func(tx *Tx) error {
		var before string
		_ = tx.QueryRow(ctx, `SELECT value FROM settings WHERE key = ?`, key).Scan(&before)
		if before == value {
			return nil
		}
		if _, err := tx.Exec(ctx, `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
			ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`, key, value, TS(tx.Now)); err != nil {
			return err
		}
		return tx.Audit(ctx, a, "update", "setting", key, "修改设置 "+key+"（内容已隐藏）", notify.Mask(before), notify.Mask(value))
	})
}
