package httpx

import (
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
				s.Fail(w, r, gongkai.Errorf(gongkai.EUNAUTHENTICATED, "接口令牌无效或已撤销"))
				return
			}
			next.ServeHTTP(w, r.WithContext(WithUser(r.Context(), u)))
			return
		}
		if c, err := r.Cookie(SessionCookie); err == nil && c.Value != "" {
			u, err := s.Store.SessionUser(r.Context(), c.Value, s.Config.SessionIdle)
			if err == nil {
				r = r.WithContext(WithUser(r.Context(), u))
			} else {
				s.ClearSessionCookie(w)
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

// logRequests logs each request and turns a panic into a 500.
func (s *Server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		defer func() {
			if v := recover(); v != nil {
				s.Log.Error("panic", "path", r.URL.Path, "panic", v)
				if sw.status == 0 {
					http.Error(sw, "系统内部错误", http.StatusInternalServerError)
				}
			}
			if strings.HasPrefix(r.URL.Path, "/static/") && sw.status < 400 {
				return
			}
			s.Log.Debug("request", "method", r.Method, "path", r.URL.Path, "status", sw.status, "bytes", sw.n, "dur", time.Since(start))
		}()
		next.ServeHTTP(sw, r)
	})
}
