package web

import (
	"sync"
	"time"

	"gongkai/internal/ratelimit"
)

// limiters holds each server's in-memory rate limiters by purpose (servers
// in tests must not share one). Limits kept in the database, such as the
// requests area's submissions, do not go through here.
var limiters sync.Map // limiterKey → *ratelimit.Limiter

type limiterKey struct {
	s    *Server
	name string
}

// limiter returns the server's limiter for name: limit hits per window per
// key, on the server's clock.
func (s *Server) limiter(name string, limit int, window time.Duration) *ratelimit.Limiter {
	k := limiterKey{s, name}
	if l, ok := limiters.Load(k); ok {
		return l.(*ratelimit.Limiter)
	}
	l, _ := limiters.LoadOrStore(k, &ratelimit.Limiter{Limit: limit, Window: window, Now: func() time.Time { return s.Now() }})
	return l.(*ratelimit.Limiter)
}

// packageLimiter limits the public package requests: 5 an hour per address.
func (s *Server) packageLimiter() *ratelimit.Limiter { return s.limiter("packages", 5, time.Hour) }
