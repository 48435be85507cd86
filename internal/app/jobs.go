package app

import (
	"context"
	"time"
)

// startJobs starts the background work of every area. Jobs that must run
// on one node at a time take a lock in the store.
func startJobs(ctx context.Context, a *App) {
	go func() {
		t := time.NewTicker(10 * time.Minute)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				if err := a.Store.PurgeSessions(ctx, a.Config.SessionIdle); err != nil {
					a.Log.Warn("purge sessions", "err", err)
				}
			}
		}
	}()
}
