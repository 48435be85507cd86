package store

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// AuditRow is one line of the audit log.
type AuditRow struct {
	ID         int64
	At         time.Time
	ActorID    int64
	ActorLogin string
	ActorRole  string
	IP         string
	Action     string
	Entity     string
	EntityID   string
	Summary    string
	Before     string
	After      string
}

// AuditFilter narrows the audit log.
type AuditFilter struct {
	Actor    string
	Entity   string
	EntityID string
	Action   string
	From, To time.Time // To exclusive
	Limit    int
	BeforeID int64 // for paging: rows with a smaller id
}

// Audit lists audit rows, newest first.
func (s *Store) Audit(ctx context.Context, f AuditFilter) ([]AuditRow, error) {
	var where []string
	var args []any
	if f.Actor != "" {
		where, args = append(where, "actor_login = ?"), append(args, f.Actor)
	}
	if f.Entity != "" {
		where, args = append(where, "entity = ?"), append(args, f.Entity)
	}
	if f.EntityID != "" {
		where, args = append(where, "entity_id = ?"), append(args, f.EntityID)
	}
	if f.Action != "" {
		where, args = append(where, "action = ?"), append(args, f.Action)
	}
	if !f.From.IsZero() {
		where, args = append(where, "at >= ?"), append(args, TS(f.From))
	}
	if !f.To.IsZero() {
		where, args = append(where, "at < ?"), append(args, TS(f.To))
	}
	if f.BeforeID > 0 {
		where, args = append(where, "id < ?"), append(args, f.BeforeID)
	}
	q := `SELECT id, at, COALESCE(actor_id, 0), actor_login, actor_role, ip, action, entity, entity_id, summary, before_json, after_json FROM audit_log`
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	if f.Limit <= 0 || f.Limit > 100000 {
		f.Limit = 200
	}
	q += fmt.Sprintf(" ORDER BY id DESC LIMIT %d", f.Limit)
	rows, err := s.query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: audit: %w", err)
	}
	defer rows.Close()
	var out []AuditRow
	for rows.Next() {
		var r AuditRow
		var at string
		if err := rows.Scan(&r.ID, &at, &r.ActorID, &r.ActorLogin, &r.ActorRole, &r.IP, &r.Action, &r.Entity, &r.EntityID, &r.Summary, &r.Before, &r.After); err != nil {
			return nil, fmt.Errorf("store: scan audit: %w", err)
		}
		r.At = ParseTS(at)
		out = append(out, r)
	}
	return out, s.translate(rows.Err())
}

// AuditOldest returns the time of the oldest audit row (zero if none), to
// show how far back the log reaches.
func (s *Store) AuditOldest(ctx context.Context) (time.Time, error) {
	var at *string
	if err := s.queryRow(ctx, `SELECT MIN(at) FROM audit_log`).Scan(&at); err != nil {
		return time.Time{}, s.translate(err)
	}
	if at == nil {
		return time.Time{}, nil
	}
	return ParseTS(*at), nil
}
