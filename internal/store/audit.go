package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// AuditRow is one line of the audit log.
type AuditRow struct {
	ID         int64
	At         time.Time
	ActorID    int64
	ActorLogin string
	ActorName  string // the user's name today (empty for the public, the program, the shell)
	ActorRole  string
	IP         string
	Action     string
	Entity     string
	EntityID   string
	Summary    string
	Before     string
	After      string
	ObjectName string // the object's title, name or code today, when known (AuditObjects)
}

// ActionLabel, EntityLabel and RoleLabel are what people read.
func (r AuditRow) ActionLabel() string { return AuditActionLabel(r.Action) }
func (r AuditRow) EntityLabel() string { return AuditEntityLabel(r.Entity) }
func (r AuditRow) RoleLabel() string   { return AuditRoleLabel(r.ActorRole, r.ActorLogin) }

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
	in := func(col, v string, codes []string) {
		if len(codes) == 0 {
			codes = []string{v}
		}
		where = append(where, col+" IN (?"+strings.Repeat(", ?", len(codes)-1)+")")
		for _, c := range codes {
			args = append(args, c)
		}
	}
	if f.Entity != "" { // a code or its Chinese label
		in("entity", f.Entity, auditCodes(f.Entity, auditEntityLabels, false))
	}
	if f.EntityID != "" {
		where, args = append(where, "entity_id = ?"), append(args, f.EntityID)
	}
	if f.Action != "" {
		in("action", f.Action, auditCodes(f.Action, auditActionLabels, true))
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
	q := `SELECT id, at, COALESCE(actor_id, 0), actor_login, COALESCE((SELECT name FROM users WHERE users.id = audit_log.actor_id), ''),
		actor_role, ip, action, entity, entity_id, summary, before_json, after_json FROM audit_log`
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
		if err := rows.Scan(&r.ID, &at, &r.ActorID, &r.ActorLogin, &r.ActorName, &r.ActorRole, &r.IP, &r.Action, &r.Entity, &r.EntityID, &r.Summary, &r.Before, &r.After); err != nil {
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

// auditObjectQueries name an audit object by its id.
var auditObjectQueries = map[string]string{
	"document":          `SELECT title FROM documents WHERE id = ?`,
	"user":              `SELECT name || '（' || login || '）' FROM users WHERE id = ?`,
	"unit":              `SELECT name FROM units WHERE id = ?`,
	"request":           `SELECT code FROM requests WHERE id = ?`,
	"plan_assignment":   `SELECT '任务序号 ' || t.seq || ' · ' || u.name FROM plan_assignments a JOIN plan_tasks t ON t.id = a.task_id JOIN units u ON u.id = a.unit_id WHERE a.id = ?`,
	"plan_task":         `SELECT '任务序号 ' || seq FROM plan_tasks WHERE id = ?`,
	"plan_inspection":   `SELECT title FROM plan_inspections WHERE id = ?`,
	"consultation":      `SELECT title FROM consultations WHERE id = ?`,
	"message":           `SELECT title FROM messages WHERE id = ?`,
	"opinion_event":     `SELECT title FROM opinion_events WHERE id = ?`,
	"media_account":     `SELECT name FROM media_accounts WHERE id = ?`,
	"policy_package":    `SELECT title FROM policy_packages WHERE id = ?`,
	"policy_evaluation": `SELECT policy FROM policy_evaluations WHERE id = ?`,
	"interpretation":    `SELECT title FROM interpretations WHERE id = ?`,
	"catalog_item":      `SELECT name FROM catalog_items WHERE id = ?`,
	"plan_training":     `SELECT topic FROM plan_trainings WHERE id = ?`,
	"plan_ticket":       `SELECT title FROM plan_tickets WHERE id = ?`,
}

// AuditObjects fills in the rows' object names (as they are today), one
// look-up per distinct object.
func (s *Store) AuditObjects(ctx context.Context, rows []AuditRow) error {
	names := map[string]string{}
	for i, r := range rows {
		q, ok := auditObjectQueries[r.Entity]
		id, err := strconv.ParseInt(r.EntityID, 10, 64)
		if !ok || err != nil {
			continue
		}
		key := r.Entity + ":" + r.EntityID
		name, seen := names[key]
		if !seen {
			err := s.queryRow(ctx, q, id).Scan(&name)
			if err != nil && !errors.Is(err, sql.ErrNoRows) {
				return fmt.Errorf("store: audit object %s: %w", key, err)
			}
			names[key] = name
		}
		rows[i].ObjectName = name
	}
	return nil
}
