package httpx

import (
	"context"
	"net/http"
	"strings"
	"time"

	"gongkai"
)

// SessionCookie is the name of the console's session cookie.
const SessionCookie = "gongkai_session"

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
				// 401 接口令牌无效、已过期或已撤销 only when the token was
				// looked up and is bad; a database that cannot answer is
				// 503 with Retry-After, never 401.
				s.Fail(w, r, err)
				return
			}
			next.ServeHTTP(w, r.WithContext(context.WithValue(WithUser(r.Context(), u), tokenKey, true)))
			return
		}
		if c, err := r.Cookie(SessionCookie); err == nil && c.Value != "" {
			u, err := s.Store.SessionUser(r.Context(), c.Value, s.Config.SessionIdle)
			switch code := gongkai.ErrorCode(err); {
			case err == nil:
				r = r.WithContext(WithUser(r.Context(), u))
			case code == gongkai.ENOTFOUND || code == gongkai.EUNAUTHENTICATED:
				s.ClearSessionCookie(w) // no such session, or it expired
			default:
				// The session could not be looked up (the database is down):
				// keep the cookie and answer 503 — never the login page,
				// never as the public.
				s.Fail(w, r, err)
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

// SetSessionCookie starts the browser's session with token.
func (s *Server) SetSessionCookie(w http.ResponseWriter, token string) {
	http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: token, Path: "/", HttpOnly: true,
		Secure: s.Config.SecureCookies, SameSite: http.SameSiteLaxMode, MaxAge: int(s.Config.SessionMax.Seconds())})
}

// ClearSessionCookie ends the browser's session.
func (s *Server) ClearSessionCookie(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: "", Path: "/", HttpOnly: true,
		Secure: s.Config.SecureCookies, SameSite: http.SameSiteLaxMode, MaxAge: -1})
}

func secureHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'self'")
		next.ServeHTTP(w, r)
	})
}

type statusWriter struct {
	http.ResponseWriter
	status int
	n      int
}

func (w *statusWriter) WriteHeader(code int) { w.status = code; w.ResponseWriter.WriteHeader(code) }
func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.n += n
	return n, err
}
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// routeKey holds, for the request log and the metrics, the route pattern
// that the mux matched (set by routeOf, innermost, on its copy of the
// request).
type routeKey struct{}

func routeOf(mux *http.ServeMux) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mux.ServeHTTP(w, r)
		if p, ok := r.Context().Value(routeKey{}).(*string); ok {
			*p = r.Pattern
		}
	})
}

// logRequests logs each request, turns a panic into a 500 and reports
// the request to Observe.
func (s *Server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		route := new(string)
		r = r.WithContext(context.WithValue(r.Context(), routeKey{}, route))
		defer func() {
			if v := recover(); v != nil {
				s.Log.Error("panic", "path", r.URL.Path, "panic", v)
				if sw.status == 0 {
					http.Error(sw, "系统内部错误", http.StatusInternalServerError)
				}
			}
			if s.Observe != nil {
				status := sw.status
				if status == 0 {
					status = http.StatusOK
				}
				s.Observe(*route, status, time.Since(start))
			}
			if strings.HasPrefix(r.URL.Path, "/static/") && sw.status < 400 {
				return
			}
			s.Log.Debug("request", "method", r.Method, "path", r.URL.Path, "status", sw.status, "bytes", sw.n, "dur", time.Since(start))
		}()
		next.ServeHTTP(sw, r)
	})
}
