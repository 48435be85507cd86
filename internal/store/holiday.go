package store

import (
	"context"
	"fmt"

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
	return s.InTx(ctx, func(tx *Tx) error {
		for _, d := range days {
			if _, err := tx.Exec(ctx, `INSERT INTO holidays (date, kind, name, created_at) VALUES (?, ?, ?, ?)
				ON CONFLICT (date) DO UPDATE SET kind = excluded.kind, name = excluded.name`, d.Date.String(), string(d.Kind), d.Name, TS(tx.Now)); err != nil {
				return fmt.Errorf("store: put holiday %s: %w", d.Date, err)
			}
		}
		return tx.Audit(ctx, a, "put", "holidays", "", summary, nil, days)
	})
}

// DeleteHoliday removes one day from the overlay, audited.
func (s *Store) DeleteHoliday(ctx context.Context, a auth.Actor, d workday.Date) error {
	return s.InTx(ctx, func(tx *Tx) error {
		res, err := tx.Exec(ctx, `DELETE FROM holidays WHERE date = ?`, d.String())
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("store: holiday %s: %w", d, errNotFoundHoliday)
		}
		return tx.Audit(ctx, a, "delete", "holidays", d.String(), "删除节假日调整 "+d.String(), nil, nil)
	})
}
