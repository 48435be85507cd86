package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"gongkai/internal/workday"
)

// Pools returns the connection pools by name, for the pool metrics.
func (s *Store) Pools() map[string]*sql.DB {
	if s.read == s.write {
		return map[string]*sql.DB{"main": s.write}
	}
	return map[string]*sql.DB{"read": s.read, "write": s.write}
}

// OutboxCounts counts the notification deliveries waiting (pending) and
// given up after their last attempt (failed).
func (s *Store) OutboxCounts(ctx context.Context) (pending, failed int, err error) {
	err = s.queryRow(ctx, `SELECT COALESCE(SUM(CASE WHEN status = 'pending' THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN status = 'failed' THEN 1 ELSE 0 END), 0) FROM notify_outbox`).Scan(&pending, &failed)
	return pending, failed, s.translate(err)
}

// ClockCounts counts the open statutory clocks of requests that are due
// soon (workday.Calendar.DueSoon, the one definition) and overdue today.
func (s *Store) ClockCounts(ctx context.Context, now time.Time) (dueSoon, overdue int, err error) {
	cal, err := s.Calendar(ctx)
	if err != nil {
		return 0, 0, err
	}
	clocks, err := s.OpenClocks(ctx)
	if err != nil {
		return 0, 0, err
	}
	today := workday.DateOf(now)
	for _, c := range clocks {
		if c.DueOn.IsZero() || c.State == "correction" {
			continue
		}
		switch {
		case today.After(c.DueOn):
			overdue++
		case cal.DueSoon(c.DueOn, today):
			dueSoon++
		}
	}
	return dueSoon, overdue, nil
}

// JobRun is the last run of a background job on any node.
type JobRun struct {
	Name    string
	LastRun time.Time
	Error   string
}

// JobRuns lists the last run of every job that has run.
func (s *Store) JobRuns(ctx context.Context) ([]JobRun, error) {
	out, err := collect(ctx, s, func(sc interface{ Scan(...any) error }) (JobRun, error) {
		var j JobRun
		var last string
		err := sc.Scan(&j.Name, &last, &j.Error)
		j.LastRun = ParseTS(last)
		return j, err
	}, `SELECT name, last_run_at, last_error FROM job_runs ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("store: job runs: %w", err)
	}
	return out, nil
}
