package web

import (
	"net/http"
	"strings"

	"gongkai"
	"gongkai/internal/httpx"
	"gongkai/internal/store"
)

type loginData struct {
	Login string
	Next  string
}

func (s *Server) loginPage(w http.ResponseWriter, r *http.Request) error {
	if _, ok := httpx.UserFrom(r.Context()); ok {
		http.Redirect(w, r, httpx.SafeNext(r.URL.Query().Get("next"), "/admin/"), http.StatusSeeOther)
		return nil
	}
	s.Render(w, r, http.StatusOK, "login", &Page{Title: "登录", Data: loginData{Next: r.URL.Query().Get("next")}})
	return nil
}

func (s *Server) loginSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := s.ParseForm(w, r); err != nil {
		return err
	}
	login := strings.TrimSpace(r.PostFormValue("login"))
	password := r.PostFormValue("password")
	next := httpx.SafeNext(r.PostFormValue("next"), "/admin/")
	ip := s.ClientIP(r)
	fail := func(status int, msg string) error {
		s.Render(w, r, status, "login", &Page{Title: "登录", Error: msg, Data: loginData{Login: login, Next: next}})
		return nil
	}
	// The lockout lives in the store (Store.Login): the attempt is counted
	// before the password is checked, so a burst cannot slip past it.
	u, err := s.Store.Login(r.Context(), s.loginPolicy(), login, password, ip)
	if err != nil {
		switch gongkai.ErrorCode(err) {
		case gongkai.EINVALID, gongkai.EUNAUTHENTICATED, gongkai.ERATELIMIT:
			return fail(httpx.Refusal(w, err), gongkai.ErrorMessage(err))
		}
		return err
	}
	token, err := s.Store.CreateSession(r.Context(), u, ip, r.UserAgent(), s.Config.SessionMax)
	if err != nil {
		return err
	}
	s.SetSessionCookie(w, token)
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) error {
	if c, err := r.Cookie(httpx.SessionCookie); err == nil {
		if err := s.Store.DeleteSession(r.Context(), c.Value, s.Actor(r)); err != nil {
			return err
		}
	}
	s.ClearSessionCookie(w)
	return s.Flash(w, r, "您已安全退出", "/login")
}

// loginPolicy is the failed-login lockout of the configuration
// (GONGKAI_LOGIN_MAX_FAILURES per login and four times that per address,
// within GONGKAI_LOGIN_LOCKOUT).
func (s *Server) loginPolicy() store.LoginPolicy {
	return store.LoginPolicy{MaxFailures: s.Config.LoginMaxFails, Window: s.Config.LoginLockout}
}
