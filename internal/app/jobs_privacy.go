package app

import (
	"context"
	"time"

	"gongkai/internal/store"
)

// privacyJobs is the daily privacy sweep of everything public: new
// findings go to the office as notifications (once each) and to the
// console list 隐私巡查. Like every job it runs on one node at a time, under
// the job lock.
func privacyJobs(a *App) []Job {
	return []Job{{Name: store.PrivacySweepJob, Every: 24 * time.Hour, Run: func(ctx context.Context, _ time.Time) error {
		res, err := a.Store.SweepPrivacy(ctx)
		if err == nil {
			a.Log.Info("privacy sweep", "items", res.Items, "findings", res.Findings, "new", res.New, "resolved", res.Resolved)
		}
		return err
	}}}
}
