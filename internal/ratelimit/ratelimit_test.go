package ratelimit

import (
	"fmt"
	"testing"
	"time"
)

func TestAllow(t *testing.T) {
	now := time.Date(2023, 11, 1, 8, 0, 0, 0, time.UTC)
	l := &Limiter{Limit: 3, Window: time.Minute, Now: func() time.Time { return now }}
	steps := []struct {
		advance time.Duration
		key     string
		want    bool
	}{
		{0, "a", true}, {time.Second, "a", true}, {time.Second, "a", true},
		{time.Second, "a", false},     // fourth within the minute
		{0, "b", true},                // another address is independent
		{57 * time.Second, "a", true}, // the first hit (60 s ago) left the window
		{0, "a", false},
		{2 * time.Minute, "a", true},
	}
	for i, s := range steps {
		now = now.Add(s.advance)
		if got := l.Allow(s.key); got != s.want {
			t.Errorf("step %d: Allow(%q) = %v; want %v", i, s.key, got, s.want)
		}
	}
}

func TestRetryAfter(t *testing.T) {
	now := time.Date(2023, 11, 1, 8, 0, 0, 0, time.UTC)
	l := &Limiter{Limit: 1, Window: time.Minute, Now: func() time.Time { return now }}
	if got := l.RetryAfter("x"); got != 0 {
		t.Errorf("RetryAfter before any hit = %v; want 0", got)
	}
	l.Allow("x")
	now = now.Add(20 * time.Second)
	if got := l.RetryAfter("x"); got != 40*time.Second {
		t.Errorf("RetryAfter = %v; want 40s", got)
	}
}

func BenchmarkAllow(b *testing.B) {
	l := New(5, time.Minute)
	keys := make([]string, 1000)
	for i := range keys {
		keys[i] = fmt.Sprintf("10.0.%d.%d", i/256, i%256)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		l.Allow(keys[i%len(keys)])
	}
}
