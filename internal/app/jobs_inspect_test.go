package app_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"gongkai/internal/auth"
	"gongkai/internal/webtest"
)

// TestInspectJobs: the jobs probe the public address and run the daily
// inspection of the demo portal, whose vetoes reach the office.
func TestInspectJobs(t *testing.T) {
	env := webtest.Start(t)
	ctx := context.Background()
	if err := env.App.RunJobsOnce(ctx); err != nil {
		t.Fatal(err)
	}
	ps, err := env.Store.Probes(ctx, env.Store.Now().Add(-time.Hour))
	if err != nil || len(ps) != 1 || !ps[0].OK {
		t.Errorf("probes = %+v, %v; want one successful probe of the test server", ps, err)
	}
	hist, err := env.Store.SiteInspections(ctx, 10)
	if err != nil || len(hist) != 1 || hist[0].Trigger != "job" || hist[0].Base != env.URL || hist[0].Passed {
		t.Fatalf("inspections = %+v, %v; want one failed daily inspection of %s", hist, err, env.URL)
	}
	ns, err := env.Store.Notifications(ctx, auth.User{Role: auth.RoleOffice}, false, 200)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, n := range ns {
		if strings.HasPrefix(n.Title, "网站自查：") {
			got = append(got, n.Title)
		}
	}
	if len(got) != len(hist[0].Vetoes) || !strings.Contains(strings.Join(got, "；"), "互动回应差") {
		t.Errorf("office notified of %v; want one per veto %v", got, hist[0].Vetoes)
	}
	// Run again at once: neither job is due, nothing more is sent.
	if err := env.App.RunJobsOnce(ctx); err != nil {
		t.Fatal(err)
	}
	if hist, _ := env.Store.SiteInspections(ctx, 10); len(hist) != 1 {
		t.Errorf("inspections after a second run = %d; want 1", len(hist))
	}
}
