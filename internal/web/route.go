package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"

	"gongkai"
	"gongkai/internal/auth"
)

// HandlerFunc is a handler that returns its error; Handle maps it to a
// status and a page or JSON body in one place (errors.go).
type HandlerFunc func(w http.ResponseWriter, r *http.Request) error

// Route is one registered route and the permission it needs.
type Route struct {
	Pattern string // e.g. "GET /admin/units/{id}"
	Perm    auth.Perm
}

// Routes lists every registered route, for the authorisation test.
func (s *Server) Routes() []Route { return append([]Route(nil), s.routes...) }

// Handle registers a route. Every console and API route goes through here,
// so the permission check is the same for all of them: the anonymous
// public gets the login page (or 401 for /api/), a logged-in user without
// the permission gets 403.
func (s *Server) Handle(pattern string, perm auth.Perm, h HandlerFunc) {
	s.routes = append(s.routes, Route{Pattern: pattern, Perm: perm})
	s.mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
		if perm != auth.PermPublic {
			u, ok := UserFrom(r.Context())
			if !ok {
				w.Header().Set(DeniedHeader, "anonymous")
				if !IsAPI(r) && r.Method == http.MethodGet {
					http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
					return
				}
				s.Fail(w, r, gongkai.Errorf(gongkai.EUNAUTHENTICATED, "请先登录"))
				return
			}
			if !auth.Allowed(u.Role, perm) {
				w.Header().Set(DeniedHeader, string(u.Role))
				s.Fail(w, r, gongkai.Errorf(gongkai.EFORBIDDEN, "您的角色（%s）无权进行此操作", u.Role.Label()))
				return
			}
		}
		if err := h(w, r); err != nil {
			s.Fail(w, r, err)
		}
	})
}

// DeniedHeader marks a response refused by the route's permission check
// (not by a handler's own rule), for the authorisation test and for logs.
const DeniedHeader = "X-Gongkai-Denied"

// IsAPI reports whether r is for the JSON API.
func IsAPI(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/api/") }

type ctxKey int

const userKey ctxKey = 1

// UserFrom returns the logged-in user of the request, if any.
func UserFrom(ctx context.Context) (auth.User, bool) {
	u, ok := ctx.Value(userKey).(auth.User)
	return u, ok
}

// WithUser returns ctx carrying u (for tests of handlers).
func WithUser(ctx context.Context, u auth.User) context.Context {
	return context.WithValue(ctx, userKey, u)
}

// Actor returns the audit actor for the request's user.
func (s *Server) Actor(r *http.Request) auth.Actor {
	u, _ := UserFrom(r.Context())
	return auth.ActorOf(u, s.ClientIP(r))
}

const sessionCookie = "gongkai_session"

// authenticate loads the user from a Bearer token or the session cookie.
func (s *Server) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/static/") {
			next.ServeHTTP(w, r)
			return
		}
		if h := r.Header.Get("Authorization"); h != "" {
			tok, ok := strings.CutPrefix(h, "Bearer ")
			if !ok {
				s.Fail(w, r, gongkai.Errorf(gongkai.EUNAUTHENTICATED, "Authorization 头应为“Bearer 令牌”"))
				return
			}
			u, err := s.Store.TokenUser(r.Context(), strings.TrimSpace(tok))
			if err != nil {
				s.Fail(w, r, gongkai.Errorf(gongkai.EUNAUTHENTICATED, "接口令牌无效或已撤销"))
				return
			}
			next.ServeHTTP(w, r.WithContext(WithUser(r.Context(), u)))
			return
		}
		if c, err := r.Cookie(sessionCookie); err == nil && c.Value != "" {
			u, err := s.Store.SessionUser(r.Context(), c.Value, s.Config.SessionIdle)
			if err == nil {
				r = r.WithContext(WithUser(r.Context(), u))
			} else {
				s.clearSessionCookie(w)
			}
		}
		next.ServeHTTP(w, r)
	})
}

func (s *Server) setSessionCookie(w http.ResponseWriter, token string) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: token, Path: "/", HttpOnly: true,
		Secure: s.Config.SecureCookies, SameSite: http.SameSiteLaxMode, MaxAge: int(s.Config.SessionMax.Seconds())})
}

func (s *Server) clearSessionCookie(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", HttpOnly: true,
		Secure: s.Config.SecureCookies, SameSite: http.SameSiteLaxMode, MaxAge: -1})
}
