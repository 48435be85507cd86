package web

import (
	"sync"
	"time"
)

// rateLimiter allows n submissions per address per window.
type rateLimiter struct {
	mu     sync.Mutex
	n      int
	window time.Duration
	seen   map[string][]time.Time
}

var packageLimiters sync.Map // *Server → *rateLimiter

// packageLimiter limits the public package requests: 5 an hour per address.
func (s *Server) packageLimiter() *rateLimiter {
	l, _ := packageLimiters.LoadOrStore(s, &rateLimiter{n: 5, window: time.Hour, seen: map[string][]time.Time{}})
	return l.(*rateLimiter)
}

func (l *rateLimiter) allow(ip string, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.seen) > 10000 {
		l.seen = map[string][]time.Time{}
	}
	var keep []time.Time
	for _, t := range l.seen[ip] {
		if now.Sub(t) < l.window {
			keep = append(keep, t)
		}
	}
	if len(keep) >= l.n {
		l.seen[ip] = keep
		return false
	}
	l.seen[ip] = append(keep, now)
	return true
}
