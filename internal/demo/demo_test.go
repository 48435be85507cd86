package demo_test

import (
	"context"
	"testing"
	"time"

	"gongkai/internal/demo"
	"gongkai/internal/plan"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
	"gongkai/internal/workday"
)

// TestDemoTrueToday: the demo built on any day of the year — early
// January (New Year's Day too), a spring day, the last day of November, New Year's Eve and
// today — has this year's and last year's plan, work in every state around
// that day, and no assignment or request more than 60 calendar days past
// its due date.
func TestDemoTrueToday(t *testing.T) {
	days := []time.Time{time.Now(), time.Date(2025, 1, 3, 2, 0, 0, 0, time.UTC), time.Date(2026, 1, 1, 2, 0, 0, 0, time.UTC), time.Date(2025, 4, 15, 2, 0, 0, 0, time.UTC),
		time.Date(2024, 11, 30, 9, 0, 0, 0, time.UTC), time.Date(2024, 12, 31, 9, 0, 0, 0, time.UTC)}
	if testing.Short() {
		days = days[:1]
	}
	for _, now := range days {
		t.Run(now.Format("2006-01-02"), func(t *testing.T) { checkDemo(t, now) })
	}
}

func checkDemo(t *testing.T, now time.Time) {
	ctx := context.Background()
	st := storetest.SQLite(t)
	st.Now = func() time.Time { return now }
	start := time.Now()
	if _, err := demo.Seed(ctx, st, now); err != nil {
		t.Fatalf("seed: %v", err)
	}
	t.Logf("seeded in %v", time.Since(start).Round(time.Millisecond))
	today := workday.DateOf(now)
	plans, err := st.Plans(ctx)
	if err != nil || len(plans) != 2 || plans[0].Year != today.Year || plans[1].Year != today.Year-1 {
		t.Fatalf("plans: %+v %v; want %d and %d", plans, err, today.Year, today.Year-1)
	}
	for _, p := range plans {
		if workday.DateOf(p.Created).After(today) {
			t.Errorf("the %d plan imported on %v, after the demo's day %v", p.Year, workday.DateOf(p.Created), today)
		}
	}
	lines, err := st.Ledger(ctx, store.LedgerFilter{})
	if err != nil {
		t.Fatal(err)
	}
	states := map[plan.Status]int{}
	overdue, upcoming := 0, 0
	for _, l := range lines {
		if l.Overdue > 60 && l.Assignment.Status != plan.StatusConfirmed {
			t.Errorf("%d task %d %s (%s): %d days overdue", l.Task.Year, l.Task.Seq, l.Assignment.UnitName, l.Assignment.Status.Label(), l.Overdue)
		}
		if l.Task.Year != today.Year {
			continue
		}
		states[l.Assignment.Status]++
		if l.Assignment.Status.Open() {
			if l.Overdue > 0 {
				overdue++
			} else {
				upcoming++
			}
		}
	}
	for _, s := range plan.Statuses {
		if states[s] == 0 {
			t.Errorf("this year's plan has no assignment %s: %v", s.Label(), states)
		}
	}
	t.Logf("%d lines; this year %v; open: %d upcoming, %d overdue", len(lines), states, upcoming, overdue)
	if upcoming <= overdue {
		t.Errorf("open work: %d upcoming, %d overdue; want most upcoming", upcoming, overdue)
	}
	if jan10 := (workday.Date{Year: today.Year, Month: time.January, Day: 10}); today.After(jan10) && overdue == 0 {
		t.Errorf("no assignment is a few days overdue")
	}
	reqs, err := st.Requests(ctx, store.RequestFilter{Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	open, thisYear := 0, 0
	for _, r := range reqs {
		if r.ReceivedOn.Year == today.Year {
			thisYear++
		}
		if r.State.Closed() || r.DueOn.IsZero() {
			continue
		}
		open++
		if late := r.DueOn.DaysUntil(today); late > 60 {
			t.Errorf("request %s (%s): %d days past due %s", r.Code, r.State.Label(), late, r.DueOn)
		}
	}
	if open < 4 {
		t.Errorf("%d requests with a running clock; want several", open)
	}
	last, err := st.Requests(ctx, store.RequestFilter{Year: today.Year - 1, Limit: 500})
	if err != nil || len(last) < 4 {
		t.Errorf("last year's requests: %d %v", len(last), err)
	}
	docs, _, err := st.Documents(ctx, store.DocFilter{PublicOnly: true, Limit: 50})
	if err != nil {
		t.Fatal(err)
	}
	dates := map[string]bool{}
	for _, d := range docs {
		dates[workday.DateOf(d.PublishedAt).String()] = true
	}
	if len(dates) < 4 {
		t.Errorf("documents published on %d days; want them spread over months", len(dates))
	}
}
