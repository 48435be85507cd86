package web

import (
	"net/http"
	"strings"
	"sync"
	"time"

	"gongkai"
	"gongkai/internal/auth"
	"gongkai/internal/httpx"
)

// dummyHash is checked when the login does not exist, so that a wrong
// login and a wrong password take the same time. Made on first use, not at
// start-up.
var dummyHash = sync.OnceValue(func() string {
	h, _ := auth.HashPassword("dummy-password-for-timing", auth.DefaultArgon2)
	return h
})

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
	if login == "" || password == "" {
		return fail(http.StatusBadRequest, "请输入登录名和密码")
	}
	since := s.Now().Add(-s.Config.LoginLockout)
	byLogin, byIP, err := s.Store.LoginFailures(r.Context(), login, ip, since)
	if err != nil {
		return err
	}
	if byLogin >= s.Config.LoginMaxFails || byIP >= 4*s.Config.LoginMaxFails {
		return fail(http.StatusTooManyRequests, "登录失败次数过多，账号已临时锁定，请 "+minutes(s.Config.LoginLockout)+" 分钟后再试")
	}
	u, hash, err := s.Store.UserByLogin(r.Context(), login)
	if err != nil && gongkai.ErrorCode(err) != gongkai.ENOTFOUND {
		return err
	}
	if err != nil {
		hash = dummyHash()
	}
	if !auth.CheckPassword(hash, password) || err != nil || !u.Active {
		if err := s.Store.RecordLoginFailure(r.Context(), login, ip); err != nil {
			return err
		}
		left := s.Config.LoginMaxFails - byLogin - 1
		msg := "登录名或密码错误"
		if left > 0 && left <= 2 {
			msg += "，再失败 " + itoa(left) + " 次将临时锁定"
		}
		return fail(http.StatusUnauthorized, msg)
	}
	_ = s.Store.ClearLoginFailures(r.Context(), login)
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

func minutes(d time.Duration) string { return itoa(int(d.Minutes())) }
