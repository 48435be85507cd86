package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"gongkai/internal/request"
	"gongkai/internal/trackcode"
	"gongkai/internal/workday"
)

// RequestFilter selects requests for a list.
type RequestFilter struct {
	State   request.State
	Open    bool         // not replied or abandoned
	UnitID  int64        // routed to this unit
	DueFrom workday.Date // due_on >= (with DueTo: due soon)
	DueTo   workday.Date // due_on <= (alone: overdue when set to yesterday)
	Year    int          // received in this year
	Code    string
	Limit   int
}

// Requests lists requests, newest first, reply clock running first when
// filtering by due date.
func (s *Store) Requests(ctx context.Context, f RequestFilter) ([]request.Record, error) {
	var where []string
	var args []any
	if f.State != "" {
		where, args = append(where, "r.state = ?"), append(args, string(f.State))
	}
	if f.Open {
		where = append(where, "r.state NOT IN ('replied', 'abandoned')")
	}
	if f.UnitID != 0 {
		where, args = append(where, "r.unit_id = ?"), append(args, f.UnitID)
	}
	order := "r.id DESC"
	if !f.DueFrom.IsZero() || !f.DueTo.IsZero() {
		where = append(where, "r.state IN ('processing', 'consulting', 'awaiting_fee') AND r.due_on IS NOT NULL")
		order = "r.due_on, r.id"
	}
	if !f.DueFrom.IsZero() {
		where, args = append(where, "r.due_on >= ?"), append(args, f.DueFrom)
	}
	if !f.DueTo.IsZero() {
		where, args = append(where, "r.due_on <= ?"), append(args, f.DueTo)
	}
	if f.Year != 0 {
		where, args = append(where, "r.received_on >= ? AND r.received_on <= ?"), append(args, fmt.Sprintf("%d-01-01", f.Year), fmt.Sprintf("%d-12-31", f.Year))
	}
	if f.Code != "" {
		where, args = append(where, "r.code = ?"), append(args, trackcode.NormalizeCode(f.Code)) // typed as on the receipt or not: ysq2026 7kq2mx
	}
	q := `SELECT ` + requestCols + requestFrom
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	limit := f.Limit
	if limit <= 0 || limit > 500 {
		limit = 200
	}
	q += fmt.Sprintf(" ORDER BY %s LIMIT %d", order, limit)
	out, err := collect(ctx, s, scanRequest, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: requests: %w", err)
	}
	return out, nil
}

// OpenClock is what the reminder job needs of an open request.
type OpenClock struct {
	ID           int64
	Code         string
	State        request.State
	DueOn        workday.Date
	PausedUntil  workday.Date
	UnitID       int64
	UnitDueOn    workday.Date
	CorrectionBy workday.Date // not stored: filled by the caller when needed
}

// OpenClocks lists every open request with a receipt (bounded by the
// number of open requests, which is small in practice).
func (s *Store) OpenClocks(ctx context.Context) ([]OpenClock, error) {
	rows, err := s.query(ctx, `SELECT id, code, state, due_on, paused_until, COALESCE(unit_id, 0), unit_due_on FROM requests
		WHERE state NOT IN ('replied', 'abandoned', 'submitted') ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("store: open clocks: %w", err)
	}
	defer rows.Close()
	var out []OpenClock
	for rows.Next() {
		var c OpenClock
		var st string
		if err := rows.Scan(&c.ID, &c.Code, &st, &c.DueOn, &c.PausedUntil, &c.UnitID, &c.UnitDueOn); err != nil {
			return nil, fmt.Errorf("store: open clocks: %w", err)
		}
		c.State = request.State(st)
		out = append(out, c)
	}
	return out, rows.Err()
}

// UnconfirmedSince counts applications waiting for the receipt to be
// confirmed that were submitted before the given TS text.
func (s *Store) UnconfirmedSince(ctx context.Context, before string) ([]string, error) {
	rows, err := s.query(ctx, `SELECT code FROM requests WHERE state = 'submitted' AND submitted_at < ? ORDER BY id LIMIT 100`, before)
	if err != nil {
		return nil, fmt.Errorf("store: unconfirmed: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// MonthOrdinal is the rank of a request among the applications of the
// same applicant (same identity number) submitted in the same natural
// month (Asia/Shanghai), for the processing fee by count
// (国办函〔2020〕109号 第四条).
func (s *Store) MonthOrdinal(ctx context.Context, id int64) (int, error) {
	var idNumber, submitted string
	if err := s.queryRow(ctx, `SELECT id_number, submitted_at FROM requests WHERE id = ?`, id).Scan(&idNumber, &submitted); err != nil {
		return 0, fmt.Errorf("store: month ordinal: %w", s.translateNotFound(err, "申请不存在"))
	}
	local := ParseTS(submitted).In(shanghaiZone)
	from := time.Date(local.Year(), local.Month(), 1, 0, 0, 0, 0, shanghaiZone)
	to := from.AddDate(0, 1, 0)
	var n int
	err := s.queryRow(ctx, `SELECT COUNT(*) FROM requests WHERE id_number = ? AND submitted_at >= ? AND submitted_at < ? AND id <= ?`,
		idNumber, TS(from), TS(to), id).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("store: month ordinal: %w", s.translate(err))
	}
	return n, nil
}

var shanghaiZone = func() *time.Location {
	if loc, err := time.LoadLocation("Asia/Shanghai"); err == nil {
		return loc
	}
	return time.FixedZone("CST", 8*3600)
}()
