package workday

import (
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
)

const officialList = "../../testdata/holidays-2023-2026.csv"

func loadOfficial(t testing.TB) []Day {
	t.Helper()
	f, err := os.Open(officialList)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	days, err := ParseSchedule(f)
	if err != nil {
		t.Fatalf("ParseSchedule(%s): %v", officialList, err)
	}
	return days
}

// TestOfficialList checks every row of the official list against the
// lunar-go-based calendar without overlay.
func TestOfficialList(t *testing.T) {
	days := loadOfficial(t)
	if len(days) != 142 {
		t.Fatalf("official list has %d days; want 142", len(days))
	}
	c := New(nil)
	for _, d := range days {
		got, ok := c.Lookup(d.Date)
		if !ok || got.Kind != d.Kind {
			t.Errorf("Lookup(%s) = %v, %v; want kind %s", d.Date, got, ok, d.Kind)
		}
		w := d.Date.Weekday()
		switch {
		case d.Kind == Workday && !c.IsWorkday(d.Date):
			t.Errorf("IsWorkday(%s) = false; want true (调休上班)", d.Date)
		case d.Kind == Holiday && isWeekday(w) && c.IsWorkday(d.Date):
			t.Errorf("IsWorkday(%s, %v) = true; want false (%s)", d.Date, w, d.Name)
		}
	}
}

// TestEveryDay checks IsWorkday for every day of 2023–2026 against the
// rule "weekday and not in the HOLIDAY list, or in the WORKDAY list", and
// WorkdaysBetween against counting day by day.
func TestEveryDay(t *testing.T) {
	hol, work := map[Date]bool{}, map[Date]bool{}
	for _, d := range loadOfficial(t) {
		if d.Kind == Holiday {
			hol[d.Date] = true
		} else {
			work[d.Date] = true
		}
	}
	c := New(nil)
	first := MustDate("2023-01-01")
	count := 0
	for d := first; d.Year <= 2026; d = d.AddDays(1) {
		want := (isWeekday(d.Weekday()) && !hol[d]) || work[d]
		if got := c.IsWorkday(d); got != want {
			t.Errorf("IsWorkday(%s) = %v; want %v", d, got, want)
		}
		if want {
			count++
		}
		if got := c.WorkdaysBetween(first.AddDays(-1), d); got != count {
			t.Fatalf("WorkdaysBetween(%s, %s) = %d; want %d", first.AddDays(-1), d, got, count)
		}
		if got := c.WorkdaysBetween(d, first.AddDays(-1)); got != -count {
			t.Fatalf("WorkdaysBetween(%s, %s) = %d; want %d", d, first.AddDays(-1), got, -count)
		}
	}
	for y := 2023; y <= 2026; y++ {
		if !c.KnownYear(y) {
			t.Errorf("KnownYear(%d) = false; want true", y)
		}
	}
}

// TestAddWorkdays uses spans worked out by hand from the official list.
func TestAddWorkdays(t *testing.T) {
	c := New(nil)
	tests := []struct {
		start string
		n     int
		want  string
		why   string
	}{
		// Spring Festival 2023: off 01-21..01-27, work Sat 01-28, Sun 01-29.
		// From Mon 01-16: 17,18,19,20 (4), 28,29 (6), 30 (7), 31, 02-01..03 (11),
		// 02-06..09 (15), 02-10 (16), 02-13..16 (20).
		{"2023-01-16", 7, "2023-01-30", "春节2023，跨两个调休上班日"},
		{"2023-01-16", 15, "2023-02-09", "春节2023"},
		{"2023-01-16", 20, "2023-02-16", "春节2023"},
		// National Day 2023: off 09-29..10-06, work Sat 10-07, Sun 10-08.
		// From Mon 09-25: 26,27,28 (3), 10-07,08 (5), 09..13 (10), 16..20 (15), 23..27 (20).
		{"2023-09-25", 7, "2023-10-10", "国庆2023"},
		{"2023-09-25", 15, "2023-10-20", "国庆2023"},
		{"2023-09-25", 20, "2023-10-27", "国庆2023"},
		// Spring Festival 2024: work Sun 02-04, off 02-10..02-17, work Sun 02-18.
		// From Mon 02-05: 06..09 (4), 18 (5), 19..23 (10), 26..03-01 (15), 03-04..08 (20).
		{"2024-02-05", 7, "2024-02-20", "春节2024"},
		{"2024-02-05", 15, "2024-03-01", "春节2024"},
		{"2024-02-05", 20, "2024-03-08", "春节2024"},
		// National Day 2025: work Sun 09-28, off 10-01..10-08, work Sat 10-11.
		// From Fri 09-26: 28 (1), 29,30 (3), 10-09,10 (5), 11 (6), 13..17 (11),
		// 20..24 (16), 27..30 (20).
		{"2025-09-26", 7, "2025-10-13", "国庆中秋2025"},
		{"2025-09-26", 15, "2025-10-23", "国庆中秋2025"},
		{"2025-09-26", 20, "2025-10-30", "国庆中秋2025"},
		// Spring Festival 2026: work Sat 02-14, off 02-15..02-23, work Sat 02-28.
		// From Tue 02-10: 11,12,13 (3), 14 (4), 24..27 (8), 28 (9), 03-02..06 (14),
		// 09..13 (19), 16 (20).
		{"2026-02-10", 7, "2026-02-26", "春节2026"},
		{"2026-02-10", 15, "2026-03-09", "春节2026"},
		{"2026-02-10", 20, "2026-03-16", "春节2026"},
		// Zero working days: the start itself, even on a holiday.
		{"2023-10-01", 0, "2023-10-01", "0个工作日"},
		{"2023-01-16", 0, "2023-01-16", "0个工作日"},
		// Start on a holiday (Sun 10-01, National Day 2023): 10-02..06 off,
		// Sat 10-07 is the first working day, then 08, 09.
		{"2023-10-01", 1, "2023-10-07", "起始日为节假日"},
		{"2023-10-01", 3, "2023-10-09", "起始日为节假日"},
		// New Year 2024 (Mon 01-01 off) from Fri 2023-12-29: 01-02.
		{"2023-12-29", 1, "2024-01-02", "元旦2024"},
		// An ordinary week: Mon → Mon.
		{"2023-11-06", 5, "2023-11-13", "普通周"},
	}
	for _, tt := range tests {
		res, err := c.AddWorkdays(MustDate(tt.start), tt.n)
		if err != nil {
			t.Errorf("AddWorkdays(%s, %d) error %v (%s)", tt.start, tt.n, err, tt.why)
			continue
		}
		if got := res.Due.String(); got != tt.want {
			t.Errorf("AddWorkdays(%s, %d) = %s; want %s (%s)", tt.start, tt.n, got, tt.want, tt.why)
		}
		if len(res.Warnings) != 0 {
			t.Errorf("AddWorkdays(%s, %d) warnings %q; want none", tt.start, tt.n, res.Warnings)
		}
		if tt.n > 0 {
			if got := c.WorkdaysBetween(MustDate(tt.start), res.Due); got != tt.n {
				t.Errorf("WorkdaysBetween(%s, %s) = %d; want %d", tt.start, res.Due, got, tt.n)
			}
		}
	}
}

func TestAddWorkdaysBounds(t *testing.T) {
	c := New(nil)
	start := MustDate("2023-01-16")
	for _, n := range []int{-1, -100, 2001, 1 << 40} {
		_, err := c.AddWorkdays(start, n)
		if err == nil || !strings.Contains(err.Error(), "0 到 2000") {
			t.Errorf("AddWorkdays(%s, %d) error = %v; want range error naming 0 到 2000", start, n, err)
		}
	}
	res, err := c.AddWorkdays(start, 2000)
	if err != nil {
		t.Fatalf("AddWorkdays(%s, 2000) error %v; want nil", start, err)
	}
	if got := c.WorkdaysBetween(start, res.Due); got != 2000 {
		t.Errorf("WorkdaysBetween(%s, %s) = %d; want 2000", start, res.Due, got)
	}
	if !c.IsWorkday(res.Due) {
		t.Errorf("IsWorkday(%s) = false; want true", res.Due)
	}
	// 2000 working days from 2023 run past 2030, so years 2027.. warn once each.
	wantFirst := UnknownYearWarning(2027)
	if len(res.Warnings) == 0 || res.Warnings[0] != wantFirst {
		t.Errorf("warnings = %q; want first %q", res.Warnings, wantFirst)
	}
	if got, want := len(res.Warnings), res.Due.Year-2026; got != want {
		t.Errorf("len(warnings) = %d; want %d (one per year 2027..%d)", got, want, res.Due.Year)
	}
	if _, err := c.AddWorkdays(Date{}, 1); err == nil {
		t.Errorf("AddWorkdays(zero date, 1) error = nil; want error")
	}
}

// TestUnknownYear: 2027 has no lunar-go data.
func TestUnknownYear(t *testing.T) {
	start := MustDate("2026-12-28") // Monday
	c := New(nil)
	if c.KnownYear(2027) {
		t.Fatalf("KnownYear(2027) = true; want false (no data yet)")
	}
	// 12-29, 30, 31 (3), Fri 2027-01-01 counted as ordinary (4), Mon 01-04 (5).
	res, err := c.AddWorkdays(start, 5)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := res.Due.String(), "2027-01-04"; got != want {
		t.Errorf("AddWorkdays(%s, 5) = %s; want %s", start, got, want)
	}
	want := []string{"2027年的节假日安排尚未录入，按普通周末计算，结果可能不准确"}
	if !reflect.DeepEqual(res.Warnings, want) {
		t.Errorf("warnings = %q; want %q", res.Warnings, want)
	}
	// Staying within 2026 gives no warning.
	res, _ = c.AddWorkdays(start, 3)
	if res.Due.String() != "2026-12-31" || len(res.Warnings) != 0 {
		t.Errorf("AddWorkdays(%s, 3) = %s %q; want 2026-12-31 without warning", start, res.Due, res.Warnings)
	}

	// With 2027-01-01 as a holiday in the overlay, 2027 is known and the
	// due date moves: 29, 30, 31 (3), 01-04 (4), 01-05 (5).
	c2 := New([]Day{{Date: MustDate("2027-01-01"), Kind: Holiday, Name: "元旦"}})
	if !c2.KnownYear(2027) {
		t.Errorf("KnownYear(2027) with overlay = false; want true")
	}
	res, err = c2.AddWorkdays(start, 5)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := res.Due.String(), "2027-01-05"; got != want || len(res.Warnings) != 0 {
		t.Errorf("AddWorkdays(%s, 5) with overlay = %s %q; want %s without warning", start, got, res.Warnings, want)
	}
}

func TestOverlayWins(t *testing.T) {
	d := MustDate("2023-10-02") // Monday, National Day holiday in lunar-go
	c0 := New(nil)
	if c0.IsWorkday(d) {
		t.Fatalf("IsWorkday(%s) without overlay = true; want false", d)
	}
	c := New([]Day{
		{Date: d, Kind: Workday, Name: "测试改为上班"},
		{Date: MustDate("2023-11-11"), Kind: Workday, Name: "周六上班"},
		{Date: MustDate("2023-11-13"), Kind: Holiday, Name: "临时放假"},
		{Date: Date{}, Kind: Holiday},                    // ignored
		{Date: MustDate("2023-11-14"), Kind: "nonsense"}, // ignored
	})
	if !c.IsWorkday(d) {
		t.Errorf("IsWorkday(%s) with overlay = false; want true", d)
	}
	if got, ok := c.Lookup(d); !ok || got.Kind != Workday || got.Name != "测试改为上班" {
		t.Errorf("Lookup(%s) = %v, %v; want the overlay record", d, got, ok)
	}
	// From Thu 09-28: 09-29..10-01 off, 10-02 now a working day.
	res, _ := c.AddWorkdays(MustDate("2023-09-28"), 1)
	if got := res.Due.String(); got != "2023-10-02" {
		t.Errorf("AddWorkdays(2023-09-28, 1) with overlay = %s; want 2023-10-02", got)
	}
	res, _ = c0.AddWorkdays(MustDate("2023-09-28"), 1)
	if got := res.Due.String(); got != "2023-10-07" {
		t.Errorf("AddWorkdays(2023-09-28, 1) without overlay = %s; want 2023-10-07", got)
	}
	if !c.IsWorkday(MustDate("2023-11-11")) || c.IsWorkday(MustDate("2023-11-13")) || !c.IsWorkday(MustDate("2023-11-14")) {
		t.Errorf("overlay days 2023-11-11/13/14 not applied as expected")
	}
	// The base calendar must be unaffected by another calendar's overlay.
	if c0.IsWorkday(d) || !Default().IsWorkday(MustDate("2023-11-13")) {
		t.Errorf("overlay leaked into other calendars")
	}
	// Mon 11-06 → 11-13 is a holiday now: 11-07..10 (4), Sat 11-11 (5).
	if got := c.WorkdaysBetween(MustDate("2023-11-06"), MustDate("2023-11-13")); got != 5 {
		t.Errorf("WorkdaysBetween(2023-11-06, 2023-11-13) with overlay = %d; want 5", got)
	}
}

func TestNextWorkday(t *testing.T) {
	c := New(nil)
	tests := []struct{ in, want string }{
		{"2023-10-09", "2023-10-09"}, // Monday
		{"2023-10-01", "2023-10-07"}, // holiday → make-up Saturday
		{"2023-11-11", "2023-11-13"}, // Saturday → Monday
		{"2024-02-04", "2024-02-04"}, // make-up Sunday
		{"2026-02-15", "2026-02-24"},
	}
	for _, tt := range tests {
		if got := c.NextWorkday(MustDate(tt.in)).String(); got != tt.want {
			t.Errorf("NextWorkday(%s) = %s; want %s", tt.in, got, tt.want)
		}
	}
}

func TestHolidays(t *testing.T) {
	official := loadOfficial(t)
	c := New(nil)
	for y := 2023; y <= 2026; y++ {
		got := c.Holidays(y)
		if !slices.IsSortedFunc(got, func(a, b Day) int { return a.Date.Compare(b.Date) }) {
			t.Errorf("Holidays(%d) not sorted", y)
		}
		set := map[Date]DayKind{}
		for _, d := range got {
			if d.Date.Year != y {
				t.Errorf("Holidays(%d) contains %s", y, d.Date)
			}
			set[d.Date] = d.Kind
		}
		for _, d := range official {
			if d.Date.Year == y && set[d.Date] != d.Kind {
				t.Errorf("Holidays(%d)[%s] = %q; want %q", y, d.Date, set[d.Date], d.Kind)
			}
		}
	}
	if got := c.Holidays(2027); len(got) != 0 {
		t.Errorf("Holidays(2027) = %v; want none", got)
	}
	c2 := New([]Day{{Date: MustDate("2027-01-01"), Kind: Holiday, Name: "元旦"}})
	if got := c2.Holidays(2027); len(got) != 1 || got[0].Name != "元旦" {
		t.Errorf("Holidays(2027) with overlay = %v; want [2027-01-01 元旦]", got)
	}
}

func TestWorkdaysBetweenEdge(t *testing.T) {
	c := New(nil)
	d := MustDate("2023-10-31")
	if got := c.WorkdaysBetween(d, d); got != 0 {
		t.Errorf("WorkdaysBetween(d, d) = %d; want 0", got)
	}
	// Far outside the data: plain Mon–Fri count, 52 weeks + 1 day.
	from, to := MustDate("2101-01-01"), MustDate("2102-01-01")
	want := 0
	for x := from.AddDays(1); !x.After(to); x = x.AddDays(1) {
		if isWeekday(x.Weekday()) {
			want++
		}
	}
	if got := c.WorkdaysBetween(from, to); got != want {
		t.Errorf("WorkdaysBetween(%s, %s) = %d; want %d", from, to, got, want)
	}
}

func BenchmarkAddWorkdays20(b *testing.B) {
	c := New(nil)
	start := MustDate("2023-01-16")
	for b.Loop() {
		if _, err := c.AddWorkdays(start, 20); err != nil {
			b.Fatal(err)
		}
	}
}

func TestKnownYearRange(t *testing.T) {
	c := New(nil)
	tests := []struct {
		year int
		want bool
	}{
		{2001, false}, // only 2001-12-29/30, which belong to the 2002 notice
		{2002, true},
		{2026, true},
		{2027, false},
	}
	for _, tt := range tests {
		if got := c.KnownYear(tt.year); got != tt.want {
			t.Errorf("KnownYear(%d) = %v; want %v", tt.year, got, tt.want)
		}
	}
}

// TestConcurrent is meaningful under -race.
func TestConcurrent(t *testing.T) {
	c := New([]Day{{Date: MustDate("2027-01-01"), Kind: Holiday}})
	done := make(chan Date)
	for range 8 {
		go func() {
			res, _ := c.AddWorkdays(MustDate("2026-12-28"), 20)
			c.Holidays(2026)
			c.WorkdaysBetween(MustDate("2023-01-01"), MustDate("2026-12-31"))
			done <- res.Due
		}()
	}
	first := <-done
	for range 7 {
		if got := <-done; got != first {
			t.Errorf("concurrent AddWorkdays = %s; want %s", got, first)
		}
	}
}
