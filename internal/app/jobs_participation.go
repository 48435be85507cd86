package app

import (
	"context"
	"time"
)

// participationJobs lists this area's background jobs: one scan that
// creates the keyed reminders and alarms of every participation clock
// (hour clocks of opinion events need a short period).
func participationJobs(a *App) []Job {
	return []Job{{Name: "participation-reminders", Every: 5 * time.Minute, Run: func(ctx context.Context, now time.Time) error {
		n, err := a.Store.ParticipationReminders(ctx, now)
		if n > 0 {
			a.Log.Info("participation reminders", "created", n)
		}
		return err
	}}}
}
