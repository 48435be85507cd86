package web

import (
	"net/http"
	"strconv"

	"gongkai"
	"gongkai/internal/auth"
	"gongkai/internal/httpx"
	"gongkai/internal/org"
	"gongkai/internal/plan"
	"gongkai/internal/store"
	"gongkai/internal/workday"
)

type planInspectionsData struct {
	Year        int
	Inspections []plan.Inspection
	Units       []org.Unit
	Inspection  plan.Inspection
	ScopeUnits  []org.Unit
	Lines       []plan.Line
}

func (s *Server) officeOnly(r *http.Request) error {
	u, _ := httpx.UserFrom(r.Context())
	if u.Role == auth.RoleUnit {
		return gongkai.Errorf(gongkai.EFORBIDDEN, "督查记录由办公室管理；本单位的整改事项请在“整改事项”中查看")
	}
	return nil
}

func (s *Server) planInspections(w http.ResponseWriter, r *http.Request) error {
	if err := s.officeOnly(r); err != nil {
		return err
	}
	year, _, err := s.planYear(r)
	if err != nil {
		return err
	}
	d := planInspectionsData{Year: year}
	if d.Inspections, err = s.Store.Inspections(r.Context(), year); err != nil {
		return err
	}
	if d.Units, err = s.Store.Units(r.Context()); err != nil {
		return err
	}
	s.Render(w, r, http.StatusOK, "admin/plan_inspections", &Page{Title: "督查", Area: "plan", Data: d})
	return nil
}

func formIDs(r *http.Request, name string) ([]int64, error) {
	var ids []int64
	for _, v := range r.PostForm[name] {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return nil, gongkai.Errorf(gongkai.EINVALID, "编号无效")
		}
		ids = append(ids, n)
	}
	return ids, nil
}

func (s *Server) planInspectionCreate(w http.ResponseWriter, r *http.Request) error {
	if err := s.ParseForm(w, r); err != nil {
		return err
	}
	on, err := formDate(r, "inspected_on", "督查日期", false)
	if err != nil {
		return err
	}
	units, err := formIDs(r, "unit")
	if err != nil {
		return err
	}
	year := on.Year
	if year == 0 {
		year = s.Now().In(shanghai).Year()
	}
	id, err := s.Store.CreateInspection(r.Context(), s.Actor(r), plan.Inspection{Year: year, Title: r.PostFormValue("title"), InspectedOn: on, ScopeUnits: units})
	if err != nil {
		return err
	}
	return s.Flash(w, r, "已新建督查", "/admin/plan/inspections/"+strconv.FormatInt(id, 10))
}

func (s *Server) planInspection(w http.ResponseWriter, r *http.Request) error {
	if err := s.officeOnly(r); err != nil {
		return err
	}
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	in, err := s.Store.Inspection(r.Context(), id)
	if err != nil {
		return err
	}
	d := planInspectionsData{Year: in.Year, Inspection: in}
	for _, uid := range in.ScopeUnits {
		u, err := s.Store.Unit(r.Context(), uid)
		if err != nil {
			return err
		}
		d.ScopeUnits = append(d.ScopeUnits, u)
		ls, err := s.Store.Ledger(r.Context(), store.LedgerFilter{Year: in.Year, UnitID: uid})
		if err != nil {
			return err
		}
		d.Lines = append(d.Lines, ls...)
	}
	s.Render(w, r, http.StatusOK, "admin/plan_inspection", &Page{Title: "督查：" + in.Title, Area: "plan", Data: d})
	return nil
}

func (s *Server) planFindingAdd(w http.ResponseWriter, r *http.Request) error {
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
	assignment, err := httpx.FormInt(r, "assignment_id")
	if err != nil {
		return err
	}
	due, err := formDate(r, "due_on", "整改期限", false)
	if err != nil {
		return err
	}
	if err := s.Store.AddFinding(r.Context(), s.Actor(r), id, unit, assignment, r.PostFormValue("text"), r.PostFormValue("requirement"), due); err != nil {
		return err
	}
	return s.Flash(w, r, "已记录问题", "/admin/plan/inspections/"+strconv.FormatInt(id, 10))
}

func (s *Server) planInspectionClose(w http.ResponseWriter, r *http.Request) error {
	if err := s.ParseForm(w, r); err != nil {
		return err
	}
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	if err := s.Store.CloseInspection(r.Context(), s.Actor(r), id); err != nil {
		return err
	}
	return s.Flash(w, r, "督查已结束，整改事项继续跟踪", "/admin/plan/inspections/"+strconv.FormatInt(id, 10))
}

type planRectData struct {
	Items  []plan.Rectification
	Today  workday.Date
	Office bool
}

func (s *Server) planRectifications(w http.ResponseWriter, r *http.Request) error {
	u, _ := httpx.UserFrom(r.Context())
	f := store.RectFilter{UnitID: u.UnitFilter()}
	items, err := s.Store.Rectifications(r.Context(), f)
	if err != nil {
		return err
	}
	s.Render(w, r, http.StatusOK, "admin/plan_rectifications", &Page{Title: "整改事项", Area: "plan",
		Data: planRectData{Items: items, Today: workday.DateOf(s.Now()), Office: auth.Allowed(u.Role, auth.PermPlanManage)}})
	return nil
}

func (s *Server) planRectMove(act plan.RectAction) httpx.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		if err := s.ParseForm(w, r); err != nil {
			return err
		}
		id, err := httpx.PathID(r, "id")
		if err != nil {
			return err
		}
		u, _ := httpx.UserFrom(r.Context())
		if err := s.Store.MoveRectification(r.Context(), s.Actor(r), u, id, act, r.PostFormValue("text")); err != nil {
			return err
		}
		return s.Flash(w, r, "已保存", "/admin/plan/rectifications")
	}
}
