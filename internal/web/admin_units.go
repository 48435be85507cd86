package web

import (
	"net/http"
	"strconv"
	"strings"

	"gongkai"
	"gongkai/internal/httpx"
	"gongkai/internal/org"
	"gongkai/internal/store"
)

type unitsData struct {
	Tree   []org.Node
	Kinds  []org.Kind
	Groups []string
	Form   org.Unit
}

func (s *Server) unitsPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderUnits(w, r, http.StatusOK, "", org.Unit{Active: true})
}

func (s *Server) renderUnits(w http.ResponseWriter, r *http.Request, status int, msg string, form org.Unit) error {
	units, err := s.Store.Units(r.Context())
	if err != nil {
		return err
	}
	s.Render(w, r, status, "admin/units", &Page{Title: "单位管理", Area: "system", Error: msg,
		Data: unitsData{Tree: org.Tree(units), Kinds: org.Kinds, Groups: org.GroupNames(), Form: form}})
	return nil
}

func unitFromForm(r *http.Request) (org.Unit, error) {
	parent, err := httpx.FormInt(r, "parent_id")
	if err != nil {
		return org.Unit{}, err
	}
	sort, _ := strconv.Atoi(strings.TrimSpace(r.PostFormValue("sort")))
	return org.Unit{
		ParentID: parent,
		Name:     r.PostFormValue("name"),
		Code:     r.PostFormValue("code"),
		Kind:     org.Kind(r.PostFormValue("kind")),
		Tags:     []string{r.PostFormValue("tags")},
		Active:   r.PostFormValue("active") != "0",
		Sort:     sort,
	}, nil
}

func (s *Server) unitCreate(w http.ResponseWriter, r *http.Request) error {
	if err := s.ParseForm(w, r); err != nil {
		return err
	}
	u, err := unitFromForm(r)
	if err == nil {
		u, err = s.Store.CreateUnit(r.Context(), s.Actor(r), u)
	}
	if err != nil {
		if gongkai.ErrorCode(err) == gongkai.EINTERNAL {
			return err
		}
		return s.renderUnits(w, r, httpx.StatusOf(err), errMsg(err), u)
	}
	return s.Flash(w, r, "已新建单位“"+u.Name+"”", "/admin/system/units")
}

type unitData struct {
	Unit    org.Unit
	Tree    []org.Node
	Kinds   []org.Kind
	History []store.AuditRow
}

func (s *Server) unitPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderUnit(w, r, http.StatusOK, "", nil)
}

func (s *Server) renderUnit(w http.ResponseWriter, r *http.Request, status int, msg string, form *org.Unit) error {
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	u, err := s.Store.Unit(r.Context(), id)
	if err != nil {
		return err
	}
	if form != nil {
		u = *form
	}
	units, err := s.Store.Units(r.Context())
	if err != nil {
		return err
	}
	hist, err := s.Store.Audit(r.Context(), store.AuditFilter{Entity: "unit", EntityID: strconv.FormatInt(id, 10), Limit: 100})
	if err != nil {
		return err
	}
	s.Render(w, r, status, "admin/unit", &Page{Title: "单位：" + u.Name, Area: "system", Error: msg,
		Data: unitData{Unit: u, Tree: org.Tree(units), Kinds: org.Kinds, History: hist}})
	return nil
}

func (s *Server) unitUpdate(w http.ResponseWriter, r *http.Request) error {
	if err := s.ParseForm(w, r); err != nil {
		return err
	}
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	u, err := unitFromForm(r)
	if err != nil {
		return err
	}
	u.ID = id
	if _, err := s.Store.UpdateUnit(r.Context(), s.Actor(r), u); err != nil {
		if gongkai.ErrorCode(err) == gongkai.EINTERNAL {
			return err
		}
		return s.renderUnit(w, r, httpx.StatusOf(err), errMsg(err), &u)
	}
	return s.Flash(w, r, "已保存单位“"+u.Name+"”", "/admin/system/units/"+strconv.FormatInt(id, 10))
}

// errMsg is the user-facing message of err.
func errMsg(err error) string { return gongkai.ErrorMessage(err) }
