package workday

import "testing"

func TestDueSoon(t *testing.T) {
	cal := Default()
	d := MustDate
	tests := []struct {
		due, today string
		want       bool
	}{
		{"2023-11-27", "2023-11-27", true},  // due today
		{"2023-11-30", "2023-11-27", true},  // Thursday from Monday: 3 working days
		{"2023-12-01", "2023-11-27", false}, // 4
		{"2023-11-24", "2023-11-27", false}, // past: overdue, not due soon
		{"2023-10-08", "2023-09-27", true},  // over the National Day holiday: 09-28, 10-07 and 10-08 (worked Sat/Sun)
		{"2023-10-09", "2023-09-27", false},
	}
	for _, tt := range tests {
		if got := cal.DueSoon(d(tt.due), d(tt.today)); got != tt.want {
			t.Errorf("DueSoon(%s, %s) = %v; want %v", tt.due, tt.today, got, tt.want)
		}
	}
	// DueSoonUntil agrees with DueSoon on every day of a year.
	for today := d("2023-01-01"); today.Before(d("2024-01-01")); today = today.AddDays(1) {
		until := cal.DueSoonUntil(today)
		for due := today; due.Before(today.AddDays(30)); due = due.AddDays(1) {
			if cal.DueSoon(due, today) != !due.After(until) {
				t.Fatalf("today %s due %s: DueSoon %v, DueSoonUntil %s", today, due, cal.DueSoon(due, today), until)
			}
		}
	}
}
