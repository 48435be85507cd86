package web

import (
	"encoding/json"
	"fmt"
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"gongkai"
	"gongkai/internal/auth"
	"gongkai/internal/httpx"
	"gongkai/internal/plan"
	"gongkai/internal/store"
)

type planAssessData struct {
	Year        int
	Years       []int
	Weights     plan.Weights
	Scores      []plan.Score
	Cards       []store.Scorecard
	Card        store.Scorecard
	ChartJSON   template.JS
	CanSign     bool
	ChartHeight int
	Ranked      bool // some score above 0: a ranking to show
	UnitLocked  bool
}

func (s *Server) weights(r *http.Request) plan.Weights {
	set, err := s.Store.Settings(r.Context())
	if err != nil {
		return plan.DefaultWeights
	}
	return plan.ParseWeights(set[store.SettingAssessWeights])
}

// ownScores keeps a unit user's own line (units see their score, not the
// others').
func ownScores(u auth.User, scores []plan.Score) []plan.Score {
	if unitFree(u) {
		return scores
	}
	var out []plan.Score
	for _, sc := range scores {
		if sc.UnitID == u.UnitID {
			out = append(out, sc)
		}
	}
	return out
}

func rankingChart(scores []plan.Score) template.JS {
	var names []string
	var vals []int
	for _, sc := range scores {
		names, vals = append(names, sc.UnitName), append(vals, sc.Score)
	}
	return chartJSON(map[string]any{
		"title":   map[string]any{"text": "考核得分排名", "left": "center"},
		"tooltip": map[string]any{"trigger": "axis"}, "grid": map[string]any{"left": 10, "right": 30, "top": 40, "bottom": 20, "containLabel": true},
		"xAxis": map[string]any{"type": "value", "max": 100}, "yAxis": map[string]any{"type": "category", "data": names, "inverse": true,
			"axisLabel": map[string]any{"interval": 0, "width": 150, "overflow": "break", "lineHeight": 16}},
		"series": []series{{Name: "得分", Type: "bar", Data: vals}},
	})
}

func (s *Server) planAssessment(w http.ResponseWriter, r *http.Request) error {
	year, years, err := s.planYear(r)
	if err != nil {
		return err
	}
	u, _ := httpx.UserFrom(r.Context())
	d := planAssessData{Year: year, Years: years, Weights: s.weights(r), UnitLocked: !unitFree(u)}
	scores, err := s.Store.LiveScores(r.Context(), year, plan.PeriodAnnual, d.Weights)
	if err != nil {
		return err
	}
	d.Scores = ownScores(u, scores)
	d.ChartJSON = rankingChart(d.Scores)
	d.ChartHeight = chartHeight(len(d.Scores), 28)
	for _, sc := range d.Scores {
		d.Ranked = d.Ranked || sc.Rank > 0
	}
	if d.Cards, err = s.Store.Scorecards(r.Context()); err != nil {
		return err
	}
	s.Render(w, r, http.StatusOK, "admin/plan_assessment", &Page{Title: "考核", Area: "plan", Data: d})
	return nil
}

func (s *Server) planWeightsSave(w http.ResponseWriter, r *http.Request) error {
	if err := s.ParseForm(w, r); err != nil {
		return err
	}
	get := func(name string) (int, error) {
		n, err := strconv.Atoi(strings.TrimSpace(r.PostFormValue(name)))
		if err != nil {
			return 0, gongkai.Errorf(gongkai.EINVALID, "权重“%s”应为整数", name)
		}
		return n, nil
	}
	var wt plan.Weights
	dst := map[string]*int{"on_time": &wt.OnTime, "done": &wt.Done, "overdue": &wt.Overdue, "overdue_cap": &wt.OverdueCap, "returned": &wt.Returned,
		"returned_cap": &wt.ReturnedCap, "finding": &wt.Finding, "finding_cap": &wt.FindingCap, "rect_late": &wt.RectLate, "rect_late_cap": &wt.RectLateCap}
	for k, p := range dst {
		n, err := get(k)
		if err != nil {
			return err
		}
		*p = n
	}
	if err := wt.Validate(); err != nil {
		return err
	}
	b, _ := json.Marshal(wt)
	if err := s.Store.PutSetting(r.Context(), s.Actor(r), store.SettingAssessWeights, string(b)); err != nil {
		return err
	}
	return s.Flash(w, r, "已保存考核权重", "/admin/plan/assessment")
}

func (s *Server) planFreeze(w http.ResponseWriter, r *http.Request) error {
	if err := s.ParseForm(w, r); err != nil {
		return err
	}
	year, err := formYear(r)
	if err != nil {
		return err
	}
	asOf, err := formDate(r, "as_of", "统计截至日期", false)
	if err != nil {
		return err
	}
	id, err := s.Store.FreezeScorecard(r.Context(), s.Actor(r), year, r.PostFormValue("period"), s.weights(r), asOf)
	if err != nil {
		return err
	}
	return s.Flash(w, r, "已生成考核结果，待分管负责人签发", "/admin/plan/assessment/"+strconv.FormatInt(id, 10))
}

func (s *Server) scorecard(r *http.Request) (store.Scorecard, error) {
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return store.Scorecard{}, err
	}
	c, err := s.Store.Scorecard(r.Context(), id, true)
	if err != nil {
		return c, err
	}
	u, _ := httpx.UserFrom(r.Context())
	c.Lines = ownScores(u, c.Lines)
	return c, nil
}

func (s *Server) planScorecard(w http.ResponseWriter, r *http.Request) error {
	c, err := s.scorecard(r)
	if err != nil {
		return err
	}
	u, _ := httpx.UserFrom(r.Context())
	d := planAssessData{Card: c, Year: c.Year, CanSign: auth.Allowed(u.Role, auth.PermPlanSign) && c.Status == "draft", ChartJSON: rankingChart(c.Lines)}
	s.Render(w, r, http.StatusOK, "admin/plan_scorecard", &Page{Title: c.Label(), Area: "plan", Data: d})
	return nil
}

func (s *Server) planScorecardSign(w http.ResponseWriter, r *http.Request) error {
	if err := s.ParseForm(w, r); err != nil {
		return err
	}
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	u, _ := httpx.UserFrom(r.Context())
	if err := s.Store.SignScorecard(r.Context(), s.Actor(r), u, id); err != nil {
		return err
	}
	return s.Flash(w, r, "已签发考核结果", "/admin/plan/assessment/"+strconv.FormatInt(id, 10))
}

func (s *Server) planScorecardXLSX(w http.ResponseWriter, r *http.Request) error {
	c, err := s.scorecard(r)
	if err != nil {
		return err
	}
	footer := fmt.Sprintf("统计截至 %s。", c.AsOf)
	if c.Status == "signed" {
		footer += fmt.Sprintf("签发：%s，%s。", c.SignedBy, c.SignedAt.In(shanghai).Format("2006-01-02"))
	} else {
		footer += "（草稿，尚未签发）"
	}
	data, err := plan.ScorecardXLSX(c.Label()+"结果", footer, c.Lines)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	setAttachment(w, c.Label()+".xlsx")
	_, err = w.Write(data)
	return err
}
