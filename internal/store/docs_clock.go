package store

import (
	"context"
	"fmt"

	"gongkai/internal/auth"
	"gongkai/internal/disclosure"
	"gongkai/internal/workday"
)

// dueOn is the statutory publication date of a document formed or
// changed on start (disclosure.DueClock on the live calendar).
func (tx *Tx) dueOn(ctx context.Context, start workday.Date) (workday.Date, error) {
	cal, err := tx.s.Calendar(ctx)
	if err != nil {
		return workday.Date{}, err
	}
	c, err := disclosure.DueClock(cal, start, start)
	if err != nil {
		return workday.Date{}, fmt.Errorf("store: due date: %w", err)
	}
	return c.Due, nil
}

// recomputeDocClocks recomputes the stored due date of every unpublished
// document after the holidays changed, auditing each change. It returns
// how many changed.
func (s *Store) recomputeDocClocks(ctx context.Context, cal *workday.Calendar, a auth.Actor) (int, error) {
	rows, err := s.query(ctx, `SELECT id, changed_on, COALESCE(due_on, '') FROM documents WHERE status <> 'published'`)
	if err != nil {
		return 0, fmt.Errorf("store: open clocks: %w", err)
	}
	type clock struct {
		id      int64
		changed workday.Date
		due     string
	}
	var open []clock
	for rows.Next() {
		var c clock
		if err := rows.Scan(&c.id, &c.changed, &c.due); err != nil {
			rows.Close()
			return 0, err
		}
		open = append(open, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, s.translate(err)
	}
	n := 0
	err = s.InTx(ctx, func(tx *Tx) error {
		for _, c := range open {
			dc, err := disclosure.DueClock(cal, c.changed, c.changed)
			if err != nil {
				return err
			}
			if dc.Due.String() == c.due {
				continue
			}
			if _, err := tx.Exec(ctx, `UPDATE documents SET due_on = ? WHERE id = ?`, dc.Due, c.id); err != nil {
				return err
			}
			if err := tx.Audit(ctx, a, "recompute", "document", c.id, "节假日调整，公开时限重新计算："+c.due+" → "+dc.Due.String(), c.due, dc.Due.String()); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	return n, err
}
