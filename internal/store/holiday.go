package store

import (
	"context"
	"fmt"
	"sync"
	"time"

	"gongkai/internal/auth"
	"gongkai/internal/workday"
)

// Holidays returns the overlay of holiday and make-up working days.
func (s *Store) Holidays(ctx context.Context) ([]workday.Day, error) {
	rows, err := s.query(ctx, `SELECT date, kind, name FROM holidays ORDER BY date`)
	if err != nil {
		return nil, fmt.Errorf("store: holidays: %w", err)
	}
	defer rows.Close()
	var out []workday.Day
	for rows.Next() {
		var d workday.Day
		var kind string
		if err := rows.Scan(&d.Date, &kind, &d.Name); err != nil {
			return nil, fmt.Errorf("store: scan holiday: %w", err)
		}
		d.Kind = workday.DayKind(kind)
		out = append(out, d)
	}
	return out, s.translate(rows.Err())
}

// PutHolidays inserts or replaces days of the overlay in one transaction,
// audited as one change.
func (s *Store) PutHolidays(ctx context.Context, a auth.Actor, days []workday.Day, summary string) error {
	err := s.InTx(ctx, func(tx *Tx) error {
		for _, d := range days {
			if _, err := tx.Exec(ctx, `INSERT INTO holidays (date, kind, name, created_at) VALUES (?, ?, ?, ?)
				ON CONFLICT (date) DO UPDATE SET kind = excluded.kind, name = excluded.name`, d.Date.String(), string(d.Kind), d.Name, TS(tx.Now)); err != nil {
				return fmt.Errorf("store: put holiday %s: %w", d.Date, err)
			}
		}
		return tx.Audit(ctx, a, "put", "holidays", "", summary, nil, days)
	})
	s.forgetCalendar()
	return err
}

// DeleteHoliday removes one day from the overlay, audited.
func (s *Store) DeleteHoliday(ctx context.Context, a auth.Actor, d workday.Date) error {
	err := s.InTx(ctx, func(tx *Tx) error {
		res, err := tx.Exec(ctx, `DELETE FROM holidays WHERE date = ?`, d.String())
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("store: holiday %s: %w", d, errNotFoundHoliday)
		}
		return tx.Audit(ctx, a, "delete", "holidays", d.String(), "删除节假日调整 "+d.String(), nil, nil)
	})
	s.forgetCalendar()
	return err
}

// calendarCache keeps the working-day calendar built from the overlay;
// it is rebuilt when this node changes the overlay, and at least every
// 30 seconds so that other nodes' changes arrive.
type calendarCache struct {
	mu    sync.Mutex
	cal   *workday.Calendar
	built time.Time
}

// Calendar returns the working-day calendar: lunar-go overlaid with the
// holidays table.
func (s *Store) Calendar(ctx context.Context) (*workday.Calendar, error) {
	c := &s.calendar
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.cal != nil && time.Since(c.built) < 30*time.Second {
		return c.cal, nil
	}
	days, err := s.Holidays(ctx)
	if err != nil {
		return nil, err
	}
	c.cal, c.built = workday.New(days), time.Now()
	return c.cal, nil
}

func (s *Store) forgetCalendar() {
	s.calendar.mu.Lock()
	s.calendar.cal = nil
	s.calendar.mu.Unlock()
}
