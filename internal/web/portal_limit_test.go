package web

import (
	"testing"
	"time"
)

func TestRateLimiter(t *testing.T) {
	l := &rateLimiter{n: 2, window: time.Hour, seen: map[string][]time.Time{}}
	t0 := time.Date(2023, 5, 6, 9, 0, 0, 0, time.UTC)
	for i, tc := range []struct {
		ip   string
		at   time.Time
		want bool
	}{
		{"a", t0, true},
		{"a", t0.Add(time.Minute), true},
		{"a", t0.Add(2 * time.Minute), false},
		{"b", t0.Add(2 * time.Minute), true},
		{"a", t0.Add(61 * time.Minute), true},
	} {
		if got := l.allow(tc.ip, tc.at); got != tc.want {
			t.Errorf("step %d: allow(%s) = %v; want %v", i, tc.ip, got, tc.want)
		}
	}
}
