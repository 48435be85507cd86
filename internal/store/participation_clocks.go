package store

import (
	"context"
	"fmt"

	"gongkai/internal/auth"
	"gongkai/internal/participation"
	"gongkai/internal/workday"
)

// recomputeParticipationClocks recomputes the working-day clocks of the
// participation area after the holidays changed: the reply deadline of every open
// message and the feedback deadline of every decided consultation. Each
// changed date is audited. It returns how many dates changed.
func (s *Store) recomputeParticipationClocks(ctx context.Context, cal *workday.Calendar, a auth.Actor) (int, error) {
	type msg struct {
		id       int64
		received workday.Date
		due      workday.Date
		days     int
	}
	var msgs []msg
	rows, err := s.query(ctx, `SELECT id, received_on, due_on, reply_days FROM messages WHERE status IN ('received', 'assigned')`)
	if err != nil {
		return 0, fmt.Errorf("store: open messages: %w", err)
	}
	for rows.Next() {
		var m msg
		if err := rows.Scan(&m.id, &m.received, &m.due, &m.days); err != nil {
			rows.Close()
			return 0, fmt.Errorf("store: scan message: %w", err)
		}
		msgs = append(msgs, m)
	}
	rows.Close()
	type cons struct {
		id          int64
		issued, due workday.Date
	}
	var cs []cons
	rows, err = s.query(ctx, `SELECT id, decision_issued_on, feedback_due_on FROM consultations WHERE status = 'decided'`)
	if err != nil {
		return 0, fmt.Errorf("store: decided consultations: %w", err)
	}
	for rows.Next() {
		var c cons
		if err := rows.Scan(&c.id, &c.issued, &c.due); err != nil {
			rows.Close()
			return 0, fmt.Errorf("store: scan consultation: %w", err)
		}
		cs = append(cs, c)
	}
	rows.Close()
	n := 0
	err = s.InTx(ctx, func(tx *Tx) error {
		for _, m := range msgs {
			res, err := participation.ReplyDue(cal, m.received, m.days)
			if err != nil || res.Due == m.due {
				continue
			}
			if _, err := tx.Exec(ctx, `UPDATE messages SET due_on = ? WHERE id = ?`, res.Due, m.id); err != nil {
				return err
			}
			if err := tx.Audit(ctx, a, "recompute", "message", m.id, "节假日调整，重算答复时限", m.due, res.Due); err != nil {
				return err
			}
			n++
		}
		for _, c := range cs {
			res, err := participation.FeedbackDue(cal, c.issued)
			if err != nil || res.Due == c.due {
				continue
			}
			if _, err := tx.Exec(ctx, `UPDATE consultations SET feedback_due_on = ? WHERE id = ?`, res.Due, c.id); err != nil {
				return err
			}
			if err := tx.Audit(ctx, a, "recompute", "consultation", c.id, "节假日调整，重算意见采纳情况反馈时限", c.due, res.Due); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	return n, err
}
