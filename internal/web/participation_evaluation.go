package web

import (
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"gongkai"
	"gongkai/internal/httpx"
	"gongkai/internal/org"
	"gongkai/internal/participation"
	"gongkai/internal/store"
)

type evaluationsData struct {
	Settings  store.ParticipationSettings
	Scopes    []participation.QuotaScope
	Rule      string // the quota and its thresholds, as applied
	Year      int
	Years     []int
	List      []store.Evaluation
	Quota     []store.QuotaRow
	Units     []org.Unit
	Aspects   []string
	Methods   []string
	Form      participation.Evaluation
	ChartJSON template.JS
}

func (s *Server) evaluationsPage(w http.ResponseWriter, r *http.Request) error {
	year := s.today().Year
	if y, err := strconv.Atoi(r.URL.Query().Get("year")); err == nil && y >= 2000 && y <= 2100 {
		year = y
	}
	form := participation.Evaluation{Year: year, UnitID: unitScope(r)}
	return s.renderEvaluations(w, r, http.StatusOK, "", year, form)
}

func (s *Server) renderEvaluations(w http.ResponseWriter, r *http.Request, status int, msg string, year int, form participation.Evaluation) error {
	ctx := r.Context()
	scope := unitScope(r)
	list, err := s.Store.Evaluations(ctx, year, scope, false)
	if err != nil {
		return err
	}
	quota, err := s.Store.EvaluationQuota(ctx, year, s.today())
	if err != nil && !userError(err) {
		quota = nil
	}
	units, err := s.Store.Units(ctx)
	if err != nil {
		return err
	}
	set, err := s.Store.ParticipationSettings(ctx)
	if err != nil {
		return err
	}
	d := evaluationsData{Settings: set, Scopes: participation.QuotaScopes, Rule: participation.QuotaRule(set.EvaluationQuota, set.EvaluationScope, year),
		Year: year, List: list, Aspects: participation.Aspects, Methods: participation.EvalMethods, Form: form}
	for _, u := range activeUnits(units) {
		if u.Kind == org.KindDepartment && (scope == 0 || u.ID == scope) {
			d.Units = append(d.Units, u)
		}
	}
	for _, q := range quota {
		if scope == 0 || q.UnitID == scope || q.UnitID == 0 {
			d.Quota = append(d.Quota, q)
		}
	}
	for y := s.today().Year; y >= s.today().Year-3; y-- {
		d.Years = append(d.Years, y)
	}
	var names []string
	var done, need []int
	for _, q := range d.Quota {
		names = append(names, q.UnitName)
		done = append(done, q.Done)
		need = append(need, q.Quota)
	}
	d.ChartJSON = chartJSON(map[string]any{"tooltip": map[string]any{"trigger": "axis"}, "legend": map[string]any{"data": []string{"已开展", "应开展"}},
		"xAxis": map[string]any{"type": "category", "data": names, "axisLabel": map[string]any{"rotate": 30}}, "yAxis": map[string]any{"type": "value", "minInterval": 1},
		"series": []map[string]any{{"name": "已开展", "type": "bar", "data": done}, {"name": "应开展", "type": "line", "data": need}}})
	s.Render(w, r, status, "admin/participation_evaluations", &Page{Title: "政策评价", Area: "participation", Error: msg, Data: d})
	return nil
}

func (s *Server) evaluationCreate(w http.ResponseWriter, r *http.Request) error {
	if err := s.ParseForm(w, r); err != nil {
		return err
	}
	e := participation.Evaluation{Policy: r.PostFormValue("policy"), Aspects: r.PostForm["aspects"], Methods: r.PostForm["methods"],
		Findings: r.PostFormValue("findings"), Measures: r.PostFormValue("measures")}
	e.Year, _ = strconv.Atoi(r.PostFormValue("year"))
	var err error
	if e.UnitID, err = httpx.FormInt(r, "unit_id"); err == nil {
		if err = ownUnit(r, e.UnitID); err == nil {
			_, err = s.Store.CreateEvaluation(r.Context(), s.Actor(r), e)
		}
	}
	if err != nil {
		if !userError(err) {
			return err
		}
		return s.renderEvaluations(w, r, httpx.StatusOf(err), errMsg(err), s.today().Year, e)
	}
	return s.Flash(w, r, "已登记政策评价", "/admin/participation/evaluations?year="+strconv.Itoa(e.Year))
}

// evaluationSettings saves the quota and its scope (the store checks them).
func (s *Server) evaluationSettings(w http.ResponseWriter, r *http.Request) error {
	if err := s.ParseForm(w, r); err != nil {
		return err
	}
	n, err := strconv.Atoi(strings.TrimSpace(r.PostFormValue("evaluation_quota")))
	if err != nil {
		n = 0
	}
	if err := s.Store.SaveEvaluationQuota(r.Context(), s.Actor(r), n, participation.QuotaScope(r.PostFormValue("evaluation_scope"))); err != nil {
		return err
	}
	return s.Flash(w, r, "已保存政策评价次数要求", "/admin/participation/evaluations")
}

func (s *Server) evaluationPublish(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	if err := s.Store.PublishEvaluation(r.Context(), s.Actor(r), id); err != nil {
		return err
	}
	return s.Flash(w, r, "评价结果已在门户网站公开", "/admin/participation/evaluations")
}

type portalEvaluationsData struct {
	Year  int
	Years []int
	List  []store.Evaluation
}

// portalEvaluationYears are the years the portal offers: this one and the
// three before it.
func (s *Server) portalEvaluationYears() []int {
	var ys []int
	for y := s.today().Year; y >= s.today().Year-3; y-- {
		ys = append(ys, y)
	}
	return ys
}

// portalEvaluations shows this year's results at /evaluations and a year's
// at /evaluations/{year} (the old ?year=Y is redirected there).
func (s *Server) portalEvaluations(w http.ResponseWriter, r *http.Request) error {
	year := s.today().Year
	if v := r.PathValue("year"); v != "" {
		y, err := strconv.Atoi(v)
		if err != nil || y < 2000 || y > 2100 || strconv.Itoa(y) != v {
			return gongkai.Errorf(gongkai.ENOTFOUND, "年份无效")
		}
		year = y
	} else if y, err := strconv.Atoi(r.URL.Query().Get("year")); err == nil && y >= 2000 && y <= 2100 {
		http.Redirect(w, r, "/evaluations/"+strconv.Itoa(y), http.StatusMovedPermanently)
		return nil
	}
	list, err := s.Store.Evaluations(r.Context(), year, 0, true)
	if err != nil {
		return err
	}
	d := portalEvaluationsData{Year: year, List: list, Years: s.portalEvaluationYears()}
	s.Render(w, r, http.StatusOK, "portal/participation_evaluations", &Page{Title: "政策评价结果", Meta: map[string]string{"ColumnName": "政策评价"}, Data: d})
	return nil
}
