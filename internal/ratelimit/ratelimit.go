// Package ratelimit limits how often one client address may submit a
// public form: a sliding log of recent hits per key, with an injected
// clock. It keeps its state in memory on each node; with several nodes a
// client gets at most Limit per window on each of them.
package ratelimit

import (
	"sync"
	"time"
)

// Limiter allows Limit hits per Window for each key.
type Limiter struct {
	Limit  int
	Window time.Duration
	Now    func() time.Time

	mu    sync.Mutex
	hits  map[string][]time.Time
	sweep time.Time
}

// MaxKeys bounds the memory: past it, the oldest-looking keys are dropped
// at the next sweep.
const MaxKeys = 100000

// New returns a limiter of limit hits per window on the real clock.
func New(limit int, window time.Duration) *Limiter {
	return &Limiter{Limit: limit, Window: window, Now: time.Now}
}

// Allow records a hit for key and reports whether it is within the limit.
// A refused hit is not recorded.
func (l *Limiter) Allow(key string) bool {
	now := l.Now()
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.hits == nil {
		l.hits = map[string][]time.Time{}
	}
	if now.Sub(l.sweep) > l.Window || len(l.hits) > MaxKeys {
		l.sweepLocked(now)
	}
	cut := now.Add(-l.Window)
	h := l.hits[key]
	i := 0
	for i < len(h) && !h[i].After(cut) {
		i++
	}
	h = h[i:]
	if len(h) >= l.Limit {
		l.hits[key] = h
		return false
	}
	l.hits[key] = append(h, now)
	return true
}

// RetryAfter is how long key must wait before its next hit is allowed.
func (l *Limiter) RetryAfter(key string) time.Duration {
	now := l.Now()
	l.mu.Lock()
	defer l.mu.Unlock()
	h := l.hits[key]
	if len(h) < l.Limit || len(h) == 0 {
		return 0
	}
	return h[len(h)-l.Limit].Add(l.Window).Sub(now)
}

func (l *Limiter) sweepLocked(now time.Time) {
	l.sweep = now
	cut := now.Add(-l.Window)
	for k, h := range l.hits {
		if len(h) == 0 || !h[len(h)-1].After(cut) || len(l.hits) > MaxKeys {
			delete(l.hits, k)
		}
	}
}
