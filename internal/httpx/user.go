package httpx

import (
	"context"
	"net"
	"net/http"
	"strings"

	"gongkai/internal/auth"
)

type ctxKey int

const (
	userKey  ctxKey = 1
	tokenKey ctxKey = 2
)

// ViaToken reports whether the request's user came with an API token
// (Bearer), not a console session.
func ViaToken(ctx context.Context) bool {
	v, _ := ctx.Value(tokenKey).(bool)
	return v
}

// UserFrom returns the logged-in user of the request, if any.
func UserFrom(ctx context.Context) (auth.User, bool) {
	u, ok := ctx.Value(userKey).(auth.User)
	return u, ok
}

// WithUser returns ctx carrying u (for tests of handlers).
func WithUser(ctx context.Context, u auth.User) context.Context {
	return context.WithValue(ctx, userKey, u)
}

// Actor returns the audit actor for the request's user (an anonymous one,
// with only the address, for the public).
func (s *Server) Actor(r *http.Request) auth.Actor {
	u, _ := UserFrom(r.Context())
	return auth.ActorOf(u, s.ClientIP(r))
}

// ClientIP returns the address of the client: the peer, or, when the
// proxy is trusted, the last X-Forwarded-For hop (the one the proxy added;
// earlier hops come from the client and could be forged to dodge the rate
// limits).
func (s *Server) ClientIP(r *http.Request) string {
	if s.Config.TrustProxy {
		hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
		for i := len(hops) - 1; i >= 0; i-- {
			if h := strings.TrimSpace(hops[i]); h != "" {
				return h
			}
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
