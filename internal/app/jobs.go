package app

import (
	"context"
	"time"
)

// Job is background work that runs every period on one node at a time.
// Jobs must be idempotent: reminders carry keys (store.Notify) so that a
// run repeated after a crash sends nothing twice.
type Job struct {
	Name  string
	Every time.Duration
	Run   func(ctx context.Context, now time.Time) error
}

// Jobs lists the background work of every area.
func (a *App) Jobs() []Job {
	jobs := []Job{{Name: "purge-sessions", Every: 10 * time.Minute, Run: func(ctx context.Context, _ time.Time) error {
		return a.Store.PurgeSessions(ctx, a.Config.SessionIdle)
	}}}
	jobs = append(jobs, planJobs(a)...)
	jobs = append(jobs, docsJobs(a)...)
	jobs = append(jobs, requestJobs(a)...)
	jobs = append(jobs, participationJobs(a)...)
	jobs = append(jobs, privacyJobs(a)...)
	jobs = append(jobs, exchangeJobs(a)...)
	jobs = append(jobs, inspectJobs(a)...)
	jobs = append(jobs, opsJobs(a)...)
	return jobs
}

// RunJobsOnce runs every job that is due (for tests and `gongkai jobs`).
func (a *App) RunJobsOnce(ctx context.Context) error {
	for _, j := range a.Jobs() {
		if err := a.runJob(ctx, j); err != nil {
			return err
		}
	}
	return nil
}

// runJob runs j if its period has passed since its last run on any node,
// under the job's lock so that two nodes never run it together.
func (a *App) runJob(ctx context.Context, j Job) error {
	_, err := a.Store.WithLock(ctx, "job:"+j.Name, func(ctx context.Context) error {
		due, err := a.Store.JobDue(ctx, j.Name, j.Every)
		if err != nil || !due {
			return err
		}
		runErr := j.Run(ctx, a.Store.Now())
		a.ops.metrics.JobRun(j.Name, runErr)
		if runErr != nil {
			a.Log.Warn("job failed", "job", j.Name, "err", runErr)
		}
		return a.Store.MarkJob(ctx, j.Name, runErr)
	})
	return err
}

// jobTick is how often the scheduler looks for due jobs: often enough for
// the exchange push to reach its subscribers within a minute of a change.
const jobTick = 10 * time.Second

// startJobs runs the jobs in the background until ctx ends, checking every
// jobTick which are due.
func startJobs(ctx context.Context, a *App) {
	go func() {
		t := time.NewTicker(jobTick)
		defer t.Stop()
		for {
			for _, j := range a.Jobs() {
				if ctx.Err() != nil {
					return
				}
				if err := a.runJob(ctx, j); err != nil && ctx.Err() == nil {
					a.Log.Warn("job", "job", j.Name, "err", err)
				}
			}
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
		}
	}()
}
