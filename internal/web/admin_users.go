package web

import (
	"net/http"
	"strconv"
	"strings"

	"gongkai"
	"gongkai/internal/auth"
	"gongkai/internal/httpx"
	"gongkai/internal/org"
	"gongkai/internal/store"
)

type usersData struct {
	Users  []auth.User
	Units  []org.Node
	Roles  []auth.Role
	Form   store.NewUser
	Policy auth.PasswordPolicy
	Token  string // a new API token, shown once
}

func (s *Server) usersPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderUsers(w, r, http.StatusOK, "", store.NewUser{})
}

func (s *Server) renderUsers(w http.ResponseWriter, r *http.Request, status int, msg string, form store.NewUser) error {
	users, err := s.Store.Users(r.Context())
	if err != nil {
		return err
	}
	units, err := s.Store.Units(r.Context())
	if err != nil {
		return err
	}
	s.Render(w, r, status, "admin/users", &Page{Title: "用户管理", Area: "system", Error: msg,
		Data: usersData{Users: users, Units: org.Tree(units), Roles: auth.Roles, Form: form, Policy: s.passwordPolicy()}})
	return nil
}

func (s *Server) userCreate(w http.ResponseWriter, r *http.Request) error {
	if err := s.ParseForm(w, r); err != nil {
		return err
	}
	unit, err := httpx.FormInt(r, "unit_id")
	if err != nil {
		return err
	}
	n := store.NewUser{Login: r.PostFormValue("login"), Name: r.PostFormValue("name"), Role: auth.Role(r.PostFormValue("role")),
		UnitID: unit, Password: r.PostFormValue("password")}
	if _, err := s.Store.CreateUser(r.Context(), s.Actor(r), n, s.passwordPolicy()); err != nil {
		if gongkai.ErrorCode(err) == gongkai.EINTERNAL {
			return err
		}
		n.Password = ""
		return s.renderUsers(w, r, httpx.StatusOf(err), errMsg(err), n)
	}
	return s.Flash(w, r, "已新建用户“"+strings.TrimSpace(n.Login)+"”", "/admin/system/users")
}

type userData struct {
	U      auth.User
	Units  []org.Node
	Roles  []auth.Role
	Policy auth.PasswordPolicy
	Token  string
}

func (s *Server) userPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderUser(w, r, http.StatusOK, "", "")
}

func (s *Server) renderUser(w http.ResponseWriter, r *http.Request, status int, msg, token string) error {
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	u, err := s.Store.User(r.Context(), id)
	if err != nil {
		return err
	}
	units, err := s.Store.Units(r.Context())
	if err != nil {
		return err
	}
	s.Render(w, r, status, "admin/user", &Page{Title: "用户：" + u.Login, Area: "system", Error: msg,
		Data: userData{U: u, Units: org.Tree(units), Roles: auth.Roles, Policy: s.passwordPolicy(), Token: token}})
	return nil
}

func (s *Server) userUpdate(w http.ResponseWriter, r *http.Request) error {
	if err := s.ParseForm(w, r); err != nil {
		return err
	}
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	unit, err := httpx.FormInt(r, "unit_id")
	if err != nil {
		return err
	}
	u := auth.User{ID: id, Name: r.PostFormValue("name"), Role: auth.Role(r.PostFormValue("role")), UnitID: unit, Active: r.PostFormValue("active") == "1"}
	if me, _ := httpx.UserFrom(r.Context()); me.ID == id && (!u.Active || u.Role != me.Role) {
		return s.renderUser(w, r, http.StatusBadRequest, "不能停用自己或修改自己的角色", "")
	}
	if err := s.Store.UpdateUser(r.Context(), s.Actor(r), u); err != nil {
		if gongkai.ErrorCode(err) == gongkai.EINTERNAL {
			return err
		}
		return s.renderUser(w, r, httpx.StatusOf(err), errMsg(err), "")
	}
	return s.Flash(w, r, "已保存", "/admin/system/users/"+strconv.FormatInt(id, 10))
}

func (s *Server) userPassword(w http.ResponseWriter, r *http.Request) error {
	if err := s.ParseForm(w, r); err != nil {
		return err
	}
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	u, err := s.Store.User(r.Context(), id)
	if err != nil {
		return err
	}
	if err := s.Store.SetPassword(r.Context(), s.Actor(r), id, u.Login, r.PostFormValue("password"), s.passwordPolicy()); err != nil {
		if gongkai.ErrorCode(err) == gongkai.EINTERNAL {
			return err
		}
		return s.renderUser(w, r, httpx.StatusOf(err), errMsg(err), "")
	}
	return s.Flash(w, r, "已重置密码，该用户需重新登录", "/admin/system/users/"+strconv.FormatInt(id, 10))
}

func (s *Server) userToken(w http.ResponseWriter, r *http.Request) error {
	if err := s.ParseForm(w, r); err != nil {
		return err
	}
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	name := strings.TrimSpace(r.PostFormValue("name"))
	if name == "" {
		name = "控制台创建"
	}
	tok, err := s.Store.CreateToken(r.Context(), s.Actor(r), id, name)
	if err != nil {
		return err
	}
	return s.renderUser(w, r, http.StatusOK, "", tok)
}
