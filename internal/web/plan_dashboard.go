package web

import (
	"fmt"
	"html/template"
	"net/http"

	"gongkai/internal/httpx"
	"gongkai/internal/plan"
	"gongkai/internal/store"
	"gongkai/internal/workday"
)

type planDashData struct {
	Year                                 int
	Years                                []int
	Stats                                plan.Stats
	UnitChart, CatChart, TrendChart, Due template.JS
	DueTitle                             string // 即将到期（N 个工作日内）
	UnitHeight, CatHeight                int    // chart heights (px) that give every label its line
	Statuses                             []plan.Status
}

type series struct {
	Name  string `json:"name"`
	Type  string `json:"type"`
	Stack string `json:"stack,omitempty"`
	Data  []int  `json:"data"`
}

func stackedBar(title string, stats []plan.UnitStat) map[string]any {
	var names []string
	for _, s := range stats {
		names = append(names, s.Unit)
	}
	var ss []series
	for _, st := range plan.Statuses {
		sr := series{Name: st.Label(), Type: "bar", Stack: "all"}
		for _, s := range stats {
			sr.Data = append(sr.Data, s.ByStatus[st])
		}
		ss = append(ss, sr)
	}
	return map[string]any{
		"title":   map[string]any{"text": title, "left": "center"},
		"tooltip": map[string]any{"trigger": "axis"},
		"legend":  map[string]any{"bottom": 0},
		"grid":    map[string]any{"left": 10, "right": 20, "top": 40, "bottom": 70, "containLabel": true},
		"xAxis":   map[string]any{"type": "value", "minInterval": 1},
		// Every label shown (interval 0), long names wrapped within 9em.
		"yAxis": map[string]any{"type": "category", "data": names, "inverse": true,
			"axisLabel": map[string]any{"interval": 0, "width": 150, "overflow": "break", "lineHeight": 16}},
		"series": ss,
	}
}

func (s *Server) planDashboard(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	year, years, err := s.planYear(r)
	if err != nil {
		return err
	}
	f := store.LedgerFilter{Year: year}
	u, _ := httpx.UserFrom(ctx)
	if scope := u.UnitFilter(); scope != 0 {
		f.UnitID = scope
	}
	lines, err := s.Store.Ledger(ctx, f)
	if err != nil {
		return err
	}
	cal, err := s.Store.Calendar(ctx)
	if err != nil {
		return err
	}
	st := plan.Compute(lines, workday.DateOf(s.Now()), cal)
	d := planDashData{Year: year, Years: years, Stats: st, Statuses: plan.Statuses}
	d.UnitChart = chartJSON(stackedBar("各单位完成情况", st.Units))
	d.UnitHeight, d.CatHeight = chartHeight(len(st.Units), 28), chartHeight(len(st.Categories), 44)
	d.CatChart = chartJSON(stackedBar("各项工作任务完成情况", st.Categories))
	var tx []string
	var ty []int
	for _, t := range st.OverdueTrend {
		tx, ty = append(tx, t.Date.String()), append(ty, t.N)
	}
	d.TrendChart = chartJSON(map[string]any{
		"title": map[string]any{"text": "逾期任务数（按周）", "left": "center"}, "tooltip": map[string]any{"trigger": "axis"},
		"xAxis": map[string]any{"type": "category", "data": tx}, "yAxis": map[string]any{"type": "value", "minInterval": 1},
		"series": []series{{Name: "逾期", Type: "line", Data: ty}},
	})
	var dx []string
	var dy []int
	for _, p := range st.DueSoon {
		dx, dy = append(dx, p.Date.String()), append(dy, p.N)
	}
	d.DueTitle = fmt.Sprintf("即将到期（%d 个工作日内）", workday.DueSoonWorkdays)
	d.Due = chartJSON(map[string]any{
		"title": map[string]any{"text": d.DueTitle, "left": "center"}, "tooltip": map[string]any{"trigger": "axis"},
		"xAxis": map[string]any{"type": "category", "data": dx}, "yAxis": map[string]any{"type": "value", "minInterval": 1},
		"series": []series{{Name: "到期", Type: "bar", Data: dy}},
	})
	s.Render(w, r, http.StatusOK, "admin/plan_dashboard", &Page{Title: "督办看板", Area: "plan", Data: d})
	return nil
}

// chartHeight gives a horizontal bar chart of n labels rows of per pixels
// plus room for the title and the legend.
func chartHeight(n, per int) int { return max(240, 130+n*per) }
