package web

import (
	"net/http"

	"gongkai/internal/auth"
	"gongkai/internal/httpx"
)

// HomeCard is one card of the console home, contributed by an area.
type HomeCard struct {
	Title string
	Lines []string
	Items []HomeItem // lines that lead somewhere
	Href  string
	Perm  auth.Perm
}

// HomeItem is one thing to do on a card, with where to do it.
type HomeItem struct {
	Text  string
	Href  string
	Badge string // a short mark before the text (e.g. 2025 年)
}

// HomeProvider gives an area's cards on the console home (the supervision
// area shows a unit liaison what to do next).
type HomeProvider func(r *http.Request, s *Server, u auth.User) []HomeCard

// AddHomeProvider adds a provider of console-home cards to this server.
func (s *Server) AddHomeProvider(f HomeProvider) {
	s.homeProviders = append(s.homeProviders, f)
}

type homeData struct {
	Cards []HomeCard
}

func (s *Server) adminHome(w http.ResponseWriter, r *http.Request) error {
	u, _ := httpx.UserFrom(r.Context())
	var d homeData
	for _, f := range s.homeProviders {
		for _, c := range f(r, s, u) {
			if c.Perm == "" || auth.Allowed(u.Role, c.Perm) {
				d.Cards = append(d.Cards, c)
			}
		}
	}
	s.Render(w, r, http.StatusOK, "admin/home", &Page{Title: "工作台", Area: "home", Data: d})
	return nil
}

func (s *Server) accountPage(w http.ResponseWriter, r *http.Request) error {
	s.Render(w, r, http.StatusOK, "admin/account", &Page{Title: "我的账户", Data: s.passwordPolicy()})
	return nil
}

func (s *Server) passwordPolicy() auth.PasswordPolicy {
	return auth.PasswordPolicy{MinLength: s.Config.PasswordMinLen, MinClasses: s.Config.PasswordClasses}
}

func (s *Server) accountPassword(w http.ResponseWriter, r *http.Request) error {
	if err := s.ParseForm(w, r); err != nil {
		return err
	}
	u, _ := httpx.UserFrom(r.Context())
	_, hash, err := s.Store.UserByLogin(r.Context(), u.Login)
	if err != nil {
		return err
	}
	page := &Page{Title: "我的账户", Data: s.passwordPolicy()}
	if !auth.CheckPassword(hash, r.PostFormValue("current")) {
		page.Error = "当前密码不正确"
		s.Render(w, r, http.StatusBadRequest, "admin/account", page)
		return nil
	}
	if r.PostFormValue("new") != r.PostFormValue("confirm") {
		page.Error = "两次输入的新密码不一致"
		s.Render(w, r, http.StatusBadRequest, "admin/account", page)
		return nil
	}
	if err := s.Store.SetPassword(r.Context(), s.Actor(r), u.ID, u.Login, r.PostFormValue("new"), s.passwordPolicy()); err != nil {
		page.Error = errMsg(err)
		s.Render(w, r, httpx.StatusOf(err), "admin/account", page)
		return nil
	}
	s.ClearSessionCookie(w)
	return s.Flash(w, r, "密码已修改，请用新密码重新登录；原有的接口令牌已全部撤销", "/login")
}
