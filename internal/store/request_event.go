package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"gongkai/internal/auth"
	"gongkai/internal/request"
	"gongkai/internal/workday"
)

// RequestEvent is a stored clock event.
type RequestEvent struct {
	ID    int64
	Event request.Event
	Actor string
	At    time.Time
}

func scanRequestEvent(sc interface{ Scan(...any) error }) (RequestEvent, error) {
	var e RequestEvent
	var typ, data, at string
	var on workday.Date
	if err := sc.Scan(&e.ID, &typ, &on, &data, &e.Actor, &at); err != nil {
		return e, err
	}
	if err := json.Unmarshal([]byte(data), &e.Event); err != nil {
		return e, fmt.Errorf("event %d: %w", e.ID, err)
	}
	e.Event.Type, e.Event.On = request.EventType(typ), on
	e.At = ParseTS(at)
	return e, nil
}

func (t *Tx) insertRequestEvent(ctx context.Context, a auth.Actor, id int64, ev request.Event) error {
	data, err := json.Marshal(ev)
	if err != nil {
		return fmt.Errorf("store: event json: %w", err)
	}
	_, err = t.Exec(ctx, `INSERT INTO request_events (request_id, type, on_date, data_json, actor_login, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
		id, string(ev.Type), ev.On, string(data), a.Login, TS(t.Now))
	if err != nil {
		return fmt.Errorf("store: insert request event: %w", err)
	}
	return nil
}

func (t *Tx) requestEvents(ctx context.Context, id int64) ([]request.Event, error) {
	rows, err := t.Query(ctx, `SELECT id, type, on_date, data_json, actor_login, created_at FROM request_events WHERE request_id = ? ORDER BY id`, id)
	if err != nil {
		return nil, fmt.Errorf("store: request events: %w", err)
	}
	defer rows.Close()
	var out []request.Event
	for rows.Next() {
		e, err := scanRequestEvent(rows)
		if err != nil {
			return nil, fmt.Errorf("store: request events: %w", err)
		}
		out = append(out, e.Event)
	}
	return out, rows.Err()
}

// RequestClock replays the stored events of a request on the live calendar.
func (s *Store) RequestClock(ctx context.Context, id int64) (request.Clock, error) {
	cal, err := s.Calendar(ctx)
	if err != nil {
		return request.Clock{}, err
	}
	evs, err := s.RequestEvents(ctx, id)
	if err != nil {
		return request.Clock{}, err
	}
	list := make([]request.Event, len(evs))
	for i, e := range evs {
		list[i] = e.Event
	}
	return request.Replay(cal, list)
}

// applyEvent checks that the actor may record ev (request.MayRecord),
// validates ev against the request's clock (replayed inside the
// transaction), stores it and the derived columns with a guarded update
// on the version, and writes the audit row. An extension is recorded as
// approved by the leader who records it.
func (t *Tx) applyEvent(ctx context.Context, a auth.Actor, cal *workday.Calendar, id int64, ev request.Event) (request.Clock, error) {
	if err := request.MayRecord(a.Role, ev.Type); err != nil {
		return request.Clock{}, err
	}
	if err := request.CheckEventDate(ev, workday.DateOf(t.Now)); err != nil {
		return request.Clock{}, err
	}
	if ev.Type == request.EvExtended {
		ev.ApprovedBy = a.Login
	}
	var version int
	var code string
	if err := t.QueryRow(ctx, `SELECT version, code FROM requests WHERE id = ?`, id).Scan(&version, &code); err != nil {
		return request.Clock{}, fmt.Errorf("store: request %d: %w", id, t.s.translateNotFound(err, "申请不存在"))
	}
	evs, err := t.requestEvents(ctx, id)
	if err != nil {
		return request.Clock{}, err
	}
	before, err := request.Replay(cal, evs)
	if err != nil {
		return request.Clock{}, err
	}
	after, err := before.Apply(cal, ev)
	if err != nil {
		return request.Clock{}, err
	}
	if err := t.insertRequestEvent(ctx, a, id, ev); err != nil {
		return request.Clock{}, err
	}
	if err := t.Guarded(ctx, `UPDATE requests SET state = ?, received_on = ?, due_on = ?, paused_until = ?, closed_on = ?, outcome = ?,
		version = version + 1, updated_at = ? WHERE id = ? AND version = ?`,
		string(after.State), after.ReceivedOn, after.DueOn, after.PausedUntil, after.ClosedOn, string(after.Outcome), TS(t.Now), id, version); err != nil {
		return request.Clock{}, err
	}
	summary := fmt.Sprintf("申请 %s：%s（%s）", code, ev.Type.Label(), ev.On)
	if err := t.Audit(ctx, a, "event:"+string(ev.Type), "request", id, summary, clockAudit(before), clockAudit(after)); err != nil {
		return request.Clock{}, err
	}
	return after, nil
}

func clockAudit(c request.Clock) map[string]any {
	return map[string]any{"state": c.State, "received_on": c.ReceivedOn, "due_on": c.DueOn, "paused_until": c.PausedUntil, "outcome": c.Outcome, "extension_days": c.ExtensionDays}
}

// AddRequestEvent records one clock event by a (who must be allowed to:
// request.MayRecord) and returns the new clock.
//
// A reply (replied) goes through SendReply, so it stores its letter too.
func (s *Store) AddRequestEvent(ctx context.Context, a auth.Actor, id int64, ev request.Event) (request.Clock, error) {
	if ev.Type == request.EvReplied {
		return s.SendReply(ctx, a, id, Reply{On: ev.On, Outcome: ev.Outcome, Note: ev.Note})
	}
	cal, err := s.Calendar(ctx)
	if err != nil {
		return request.Clock{}, err
	}
	var c request.Clock
	err = s.InTx(ctx, func(tx *Tx) error {
		c, err = tx.applyEvent(ctx, a, cal, id, ev)
		return err
	})
	return c, err
}

// recomputeRequestClocks replays every open request on cal (after the
// holidays changed) and stores and audits each due date that moved. It
// returns how many changed.
func (s *Store) recomputeRequestClocks(ctx context.Context, a auth.Actor, cal *workday.Calendar) (int, error) {
	ids, err := collect(ctx, s, scanID, `SELECT id FROM requests WHERE state NOT IN ('replied', 'abandoned', 'submitted')`)
	if err != nil {
		return 0, fmt.Errorf("store: open requests: %w", err)
	}
	changed := 0
	for _, id := range ids {
		err := s.InTx(ctx, func(tx *Tx) error {
			var old, oldPause workday.Date
			var code string
			if err := tx.QueryRow(ctx, `SELECT due_on, paused_until, code FROM requests WHERE id = ?`, id).Scan(&old, &oldPause, &code); err != nil {
				return fmt.Errorf("store: request %d: %w", id, err)
			}
			evs, err := tx.requestEvents(ctx, id)
			if err != nil {
				return err
			}
			c, err := request.Replay(cal, evs)
			if err != nil {
				return fmt.Errorf("store: recompute %s: %w", code, err)
			}
			if c.DueOn == old && c.PausedUntil == oldPause {
				return nil
			}
			changed++
			if _, err := tx.Exec(ctx, `UPDATE requests SET due_on = ?, paused_until = ?, updated_at = ? WHERE id = ?`, c.DueOn, c.PausedUntil, TS(tx.Now), id); err != nil {
				return fmt.Errorf("store: recompute %s: %w", code, err)
			}
			return tx.Audit(ctx, a, "recompute", "request", id, fmt.Sprintf("节假日调整后重算申请 %s 的答复期限：%s → %s", code, old, c.DueOn),
				map[string]any{"due_on": old}, map[string]any{"due_on": c.DueOn})
		})
		if err != nil {
			return changed, err
		}
	}
	return changed, nil
}
