package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"gongkai"
	"gongkai/internal/auth"
	"gongkai/internal/inspect"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
	"gongkai/internal/workday"
)

// TestProbesOverSevenDays: probes recorded by the clock over 8 days; the
// share is computed over the last 7 only, and 90-day-old probes go.
func TestProbesOverSevenDays(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		start := time.Date(2023, 11, 1, 0, 0, 0, 0, time.UTC)
		// Day 0: every probe fails (outside the window at the end); days
		// 1–7: 21 probes a day, one failure a day (7 of 147 = 4.8%).
		for day := 0; day < 8; day++ {
			for i := 0; i < 21; i++ {
				at := start.Add(time.Duration(day)*24*time.Hour + time.Duration(i)*68*time.Minute)
				ok := day > 0 && i != 0
				if err := s.RecordProbe(ctx, inspect.Probe{At: at, OK: ok, Status: 200}); err != nil {
					t.Fatal(err)
				}
			}
		}
		now := start.Add(8 * 24 * time.Hour)
		ps, err := s.Probes(ctx, now.Add(-inspect.ProbeWindow))
		if err != nil || len(ps) != 147 {
			t.Fatalf("probes in the window = %d, %v; want 147", len(ps), err)
		}
		first, _ := s.FirstProbe(ctx)
		it := inspect.AvailabilityItem(ps, first, now, "http://x/", "")
		if it.OK == nil || !*it.OK {
			t.Errorf("7 failures of 147 (4.8%%): %v %v; want pass", it.OK, it.Findings)
		}
		// One more failure in the window: 8 of 148 = 5.4% → veto.
		if err := s.RecordProbe(ctx, inspect.Probe{At: now.Add(-time.Minute), Error: "超过 15 秒未打开"}); err != nil {
			t.Fatal(err)
		}
		ps, _ = s.Probes(ctx, now.Add(-inspect.ProbeWindow))
		if it := inspect.AvailabilityItem(ps, first, now, "http://x/", ""); it.OK == nil || *it.OK {
			t.Errorf("8 failures of 148: %v; want veto", it.OK)
		}
		// Probes older than 90 days are dropped.
		if err := s.RecordProbe(ctx, inspect.Probe{At: start.Add(91 * 24 * time.Hour), OK: true}); err != nil {
			t.Fatal(err)
		}
		if f, _ := s.FirstProbe(ctx); !f.After(start) {
			t.Errorf("first probe after 91 days = %v; want the old ones dropped", f)
		}
	})
}

func TestInspectSettingsStore(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		a := auth.Actor{Login: "bangongshi", Role: auth.RoleOffice}
		list, err := store.ParseSeriousList("张局长 => 刘局长 # 分管领导\n\n禁用表述甲\n兖州区教育局→兖州区教育和体育局\n")
		if err != nil || len(list) != 3 || list[1].Correct != "" || list[2].Correct != "兖州区教育和体育局" || list[0].Note != "分管领导" {
			t.Fatalf("parse = %+v, %v", list, err)
		}
		for _, bad := range []string{"甲 => 乙", "张局长\n张局长", " => 刘局长", "同样 => 同样"} {
			if _, err := store.ParseSeriousList(bad); gongkai.ErrorCode(err) != gongkai.EINVALID {
				t.Errorf("parse %q: %v; want EINVALID", bad, err)
			}
		}
		if err := s.SetSeriousErrors(ctx, a, list); err != nil {
			t.Fatal(err)
		}
		got, _ := s.SeriousErrors(ctx)
		if store.FormatSeriousList(got) != store.FormatSeriousList(list) {
			t.Errorf("round trip: %q", store.FormatSeriousList(got))
		}
		// Column classes: the portal's lists are columns from the start.
		cols, err := s.InspectColumns(ctx)
		if err != nil || len(cols) < 4 {
			t.Fatalf("columns = %+v, %v", cols, err)
		}
		key := cols[0].Key
		if err := s.SetColumnClasses(ctx, a, map[string]inspect.Class{key: inspect.ClassPlan}); err != nil {
			t.Fatal(err)
		}
		cols, _ = s.InspectColumns(ctx)
		if cols[0].Class != inspect.ClassPlan {
			t.Errorf("class = %s", cols[0].Class)
		}
		if err := s.SetColumnClasses(ctx, a, map[string]inspect.Class{"catalog:999999": inspect.ClassPlan}); gongkai.ErrorCode(err) != gongkai.EINVALID {
			t.Errorf("unknown column: %v", err)
		}
		// A saved report notifies the office of each failed veto item, once a day.
		today := workday.DateOf(s.Now())
		rep := inspect.Finish(s.Now(), []inspect.Item{inspect.MediaItem([]inspect.Account{{Name: "兖州教体发布", Platform: "抖音", LastPost: today.AddDays(-20)}}, today)})
		for i := 0; i < 2; i++ {
			if _, err := s.SaveInspection(ctx, auth.System, rep, "http://x", "job"); err != nil {
				t.Fatal(err)
			}
		}
		ns, err := s.Notifications(ctx, auth.User{Role: auth.RoleOffice}, false, 100)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, x := range ns {
			if strings.Contains(x.Title, "政务新媒体不更新") {
				n++
			}
		}
		if n != 1 {
			t.Errorf("veto notifications = %d; want 1 a day", n)
		}
		hist, _ := s.SiteInspections(ctx, 10)
		if len(hist) != 2 || hist[0].Passed || hist[0].VetoLabels() != "政务新媒体不更新" {
			t.Errorf("history = %+v", hist)
		}
		_, back, err := s.SiteInspection(ctx, hist[0].ID)
		if err != nil || back.Item(inspect.MediaStale).Failed() != true {
			t.Errorf("stored report = %+v, %v", back, err)
		}
	})
}
