package app

import (
	"context"
	"strings"
	"time"

	"gongkai/internal/auth"
	"gongkai/internal/selfcheck"
)

// Job names of the site inspection.
const (
	ProbeJob   = "site-probe"
	InspectJob = "site-inspect"
)

// ProbeEvery spaces the probes of the public address: 32 a day, above the
// national rule's 20.
const ProbeEvery = 45 * time.Minute

// inspectJobs probe the public address (GONGKAI_BASE_URL) through the day
// and run the whole inspection once a day; a failed single-veto item
// notifies the office (store.SaveInspection).
func inspectJobs(a *App) []Job {
	base := strings.TrimRight(a.Config.BaseURL, "/")
	return []Job{
		{Name: ProbeJob, Every: ProbeEvery, Run: func(ctx context.Context, _ time.Time) error {
			_, err := selfcheck.Probe(ctx, a.Store, base, a.InspectCrawl.Client)
			return err
		}},
		{Name: InspectJob, Every: 24 * time.Hour, Run: func(ctx context.Context, _ time.Time) error {
			rep, _, err := selfcheck.Own(ctx, a.Store, selfcheck.Options{Base: base, Crawl: a.InspectCrawl})
			if err != nil {
				return err
			}
			_, err = a.Store.SaveInspection(ctx, auth.System, rep, base, "job")
			if err == nil {
				a.Log.Info("site inspection", "passed", rep.Passed, "vetoes", rep.Vetoes)
			}
			return err
		}},
	}
}
