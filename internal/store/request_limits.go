package store

import (
	"context"
	"sync"
	"time"

	"gongkai"
	"gongkai/internal/ratelimit"
)

// Public limits of the application form (portal and API alike).
const (
	RequestsPerHour  = 5  // applications per address per hour
	RequestsPerDay   = 20 // and per day
	LookupsPerMinute = 20 // code + secret lookups per address per minute (per node)
)

// checkSubmissionLimits refuses a public application from ip past the
// per-address limits. It is the one place those limits are counted: here
// from the stored applications of the past hour and day.
func (s *Store) checkSubmissionLimits(ctx context.Context, ip string) error {
	now := s.Now().UTC()
	for _, lim := range []struct {
		d time.Duration
		n int
		w string
	}{{time.Hour, RequestsPerHour, "1小时"}, {24 * time.Hour, RequestsPerDay, "24小时"}} {
		n, err := s.RecentSubmissions(ctx, ip, TS(now.Add(-lim.d)))
		if err != nil {
			return err
		}
		if n >= lim.n {
			return gongkai.Errorf(gongkai.ERATELIMIT, "同一网络地址%s内最多提交%d件申请，请稍后再试；如需提交更多申请，请联系政府信息公开工作机构", lim.w, lim.n)
		}
	}
	return nil
}

// checkLookupLimit refuses the public's lookups by code and secret from ip
// past LookupsPerMinute. It is the one place that limit is counted: for
// now in this node's memory.
func (s *Store) checkLookupLimit(ip string) error {
	if !s.memLimiter("request-lookup", LookupsPerMinute, time.Minute).Allow(ip) {
		return gongkai.Errorf(gongkai.ERATELIMIT, "查询过于频繁，请一分钟后再试")
	}
	return nil
}

// memLimiters holds each store's in-memory limiters by purpose (stores in
// tests must not share one).
var memLimiters sync.Map // memLimiterKey → *ratelimit.Limiter

type memLimiterKey struct {
	s    *Store
	name string
}

// memLimiter returns the store's limiter for name: limit hits per window
// per key, on the store's clock.
func (s *Store) memLimiter(name string, limit int, window time.Duration) *ratelimit.Limiter {
	k := memLimiterKey{s, name}
	if l, ok := memLimiters.Load(k); ok {
		return l.(*ratelimit.Limiter)
	}
	l, _ := memLimiters.LoadOrStore(k, &ratelimit.Limiter{Limit: limit, Window: window, Now: func() time.Time { return s.Now() }})
	return l.(*ratelimit.Limiter)
}
