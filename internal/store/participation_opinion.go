package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"gongkai"
	"gongkai/internal/auth"
	"gongkai/internal/participation"
)

// OpinionEvent is a stored public-opinion event with its responses.
type OpinionEvent struct {
	ID         int64
	Title      string
	Source     string
	Link       string
	Summary    string
	Discovered time.Time
	Severity   participation.Severity
	UnitID     int64
	UnitName   string
	Closed     bool
	Responses  []OpinionResponse
}

// OpinionResponse is one response to an event.
type OpinionResponse struct {
	ID      int64
	Kind    participation.ResponseKind
	At      time.Time
	Summary string
	Link    string
}

// Clocks are the event's hour clocks as of now.
func (e OpinionEvent) Clocks(now time.Time) []participation.HourClock {
	rs := make([]participation.Response, len(e.Responses))
	for i, r := range e.Responses {
		rs[i] = participation.Response{Kind: r.Kind, At: r.At}
	}
	return participation.OpinionClocks(e.Severity, e.Discovered, rs, now)
}

// CreateOpinionEvent registers an event.
func (s *Store) CreateOpinionEvent(ctx context.Context, a auth.Actor, e OpinionEvent) (int64, error) {
	e.Title, e.Source, e.Link, e.Summary = strings.TrimSpace(e.Title), strings.TrimSpace(e.Source), strings.TrimSpace(e.Link), strings.TrimSpace(e.Summary)
	switch {
	case e.Title == "":
		return 0, gongkai.Errorf(gongkai.EINVALID, "请填写舆情标题")
	case e.Source == "":
		return 0, gongkai.Errorf(gongkai.EINVALID, "请填写舆情来源（平台或媒体）")
	case e.Summary == "":
		return 0, gongkai.Errorf(gongkai.EINVALID, "请填写舆情摘要")
	case !e.Severity.Valid():
		return 0, gongkai.Errorf(gongkai.EINVALID, "请选择舆情级别")
	case e.UnitID == 0:
		return 0, gongkai.Errorf(gongkai.EINVALID, "请选择责任单位")
	case e.Discovered.IsZero():
		return 0, gongkai.Errorf(gongkai.EINVALID, "请填写发现时间")
	case e.Discovered.After(s.Now().Add(5 * time.Minute)):
		return 0, gongkai.Errorf(gongkai.EINVALID, "发现时间晚于当前时间，请更正")
	case len([]rune(e.Title)) > 200 || len([]rune(e.Summary)) > 10000 || len(e.Link) > 1000:
		return 0, gongkai.Errorf(gongkai.EINVALID, "标题最多 200 字、摘要最多 10000 字、链接最多 1000 字符")
	}
	var id int64
	err := s.InTx(ctx, func(tx *Tx) error {
		var err error
		id, err = tx.Insert(ctx, `INSERT INTO opinion_events (title, source, link, summary, discovered_at, severity, unit_id, closed, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			e.Title, e.Source, e.Link, e.Summary, TS(e.Discovered), string(e.Severity), e.UnitID, false, TS(tx.Now))
		if err != nil {
			return err
		}
		return tx.Audit(ctx, a, "create", "opinion_event", id, "登记舆情“"+e.Title+"”（"+e.Severity.Label()+"）", nil, e)
	})
	return id, err
}

// AddOpinionResponse records a response to an event.
func (s *Store) AddOpinionResponse(ctx context.Context, a auth.Actor, eventID int64, r OpinionResponse) (int64, error) {
	e, err := s.OpinionEvent(ctx, eventID)
	if err != nil {
		return 0, err
	}
	if !r.Kind.Valid() {
		return 0, gongkai.Errorf(gongkai.EINVALID, "请选择回应方式")
	}
	if err := participation.CheckResponseTime(e.Discovered, r.At, s.Now()); err != nil {
		return 0, err
	}
	r.Summary = strings.TrimSpace(r.Summary)
	if r.Summary == "" || len([]rune(r.Summary)) > 5000 {
		return 0, gongkai.Errorf(gongkai.EINVALID, "请填写回应内容摘要（最多 5000 字）")
	}
	var id int64
	err = s.InTx(ctx, func(tx *Tx) error {
		id, err = tx.Insert(ctx, `INSERT INTO opinion_responses (event_id, kind, at, summary, link, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
			eventID, string(r.Kind), TS(r.At), r.Summary, strings.TrimSpace(r.Link), TS(tx.Now))
		if err != nil {
			return err
		}
		return tx.Audit(ctx, a, "create", "opinion_response", id, "舆情回应："+r.Kind.Label(), nil, r)
	})
	return id, err
}

// CloseOpinionEvent marks an event handled.
func (s *Store) CloseOpinionEvent(ctx context.Context, a auth.Actor, id int64) error {
	return s.InTx(ctx, func(tx *Tx) error {
		if err := tx.Guarded(ctx, `UPDATE opinion_events SET closed = ? WHERE id = ? AND closed = ?`, true, id, false); err != nil {
			return err
		}
		return tx.Audit(ctx, a, "close", "opinion_event", id, "舆情处置完毕", false, true)
	})
}

const opinionCols = `e.id, e.title, e.source, e.link, e.summary, e.discovered_at, e.severity, e.unit_id, COALESCE(u.name, ''), e.closed`

// OpinionEvents lists events (of one unit when unitID ≠ 0), newest first,
// with their responses.
func (s *Store) OpinionEvents(ctx context.Context, unitID int64, openOnly bool) ([]OpinionEvent, error) {
	q := `SELECT ` + opinionCols + ` FROM opinion_events e LEFT JOIN units u ON u.id = e.unit_id WHERE 1 = 1`
	var args []any
	if unitID != 0 {
		q += ` AND e.unit_id = ?`
		args = append(args, unitID)
	}
	if openOnly {
		q += ` AND e.closed = ?`
		args = append(args, false)
	}
	rows, err := s.query(ctx, q+` ORDER BY e.discovered_at DESC`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: opinion events: %w", err)
	}
	var out []OpinionEvent
	for rows.Next() {
		var e OpinionEvent
		var disc, sev string
		if err := rows.Scan(&e.ID, &e.Title, &e.Source, &e.Link, &e.Summary, &disc, &sev, &e.UnitID, &e.UnitName, &e.Closed); err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: scan opinion event: %w", err)
		}
		e.Discovered, e.Severity = ParseTS(disc), participation.Severity(sev)
		out = append(out, e)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, s.translate(err)
	}
	for i := range out {
		if out[i].Responses, err = s.opinionResponses(ctx, out[i].ID); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// OpinionEvent returns one event with its responses.
func (s *Store) OpinionEvent(ctx context.Context, id int64) (OpinionEvent, error) {
	var e OpinionEvent
	var disc, sev string
	err := s.queryRow(ctx, `SELECT `+opinionCols+` FROM opinion_events e LEFT JOIN units u ON u.id = e.unit_id WHERE e.id = ?`, id).
		Scan(&e.ID, &e.Title, &e.Source, &e.Link, &e.Summary, &disc, &sev, &e.UnitID, &e.UnitName, &e.Closed)
	if err != nil {
		return e, fmt.Errorf("store: opinion event %d: %w", id, s.translate(err))
	}
	e.Discovered, e.Severity = ParseTS(disc), participation.Severity(sev)
	e.Responses, err = s.opinionResponses(ctx, id)
	return e, err
}

func (s *Store) opinionResponses(ctx context.Context, eventID int64) ([]OpinionResponse, error) {
	rows, err := s.query(ctx, `SELECT id, kind, at, summary, link FROM opinion_responses WHERE event_id = ? ORDER BY at, id`, eventID)
	if err != nil {
		return nil, fmt.Errorf("store: opinion responses: %w", err)
	}
	defer rows.Close()
	var out []OpinionResponse
	for rows.Next() {
		var r OpinionResponse
		var kind, at string
		if err := rows.Scan(&r.ID, &kind, &at, &r.Summary, &r.Link); err != nil {
			return nil, fmt.Errorf("store: scan opinion response: %w", err)
		}
		r.Kind, r.At = participation.ResponseKind(kind), ParseTS(at)
		out = append(out, r)
	}
	return out, s.translate(rows.Err())
}
