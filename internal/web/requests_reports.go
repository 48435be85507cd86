package web

import (
	"encoding/json"
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"gongkai"
	"gongkai/internal/disclosure"
	"gongkai/internal/httpx"
	"gongkai/internal/request"
	"gongkai/internal/request/annualexport"
	"gongkai/internal/store"
	"gongkai/internal/workday"
)

type reportsIndexData struct {
	Years     []int
	Published map[int]bool
	Deadline  string
}

func (s *Server) reportsIndex(w http.ResponseWriter, r *http.Request) error {
	now := workday.DateOf(s.Now())
	pub, err := s.Store.PublishedReportYears(r.Context())
	if err != nil {
		return err
	}
	d := reportsIndexData{Published: map[int]bool{}, Deadline: strconv.Itoa(now.Year) + "年1月31日"}
	for _, y := range pub {
		d.Published[y] = true
	}
	for y := now.Year; y >= now.Year-4; y-- {
		d.Years = append(d.Years, y)
	}
	s.Render(w, r, http.StatusOK, "admin/reports_index", &Page{Title: "统计报告", Area: "reports", Data: d})
	return nil
}

type annualData struct {
	Year      int
	Years     []int // the year selector: this year and the four before
	View      annualexport.View
	Chart     [][2]any // outcome group, count: the table next to the chart
	ChartJSON template.JS
}

// outcomeChart sums the outcome rows of table 三 by group for a bar chart.
func outcomeChart(t request.Table3) ([][2]any, template.JS, error) {
	var rows [][2]any
	idx := map[string]int{}
	for _, o := range request.Outcomes {
		g := o.Group
		if i := strings.Index(g, "（区分"); i > 0 {
			g = g[:i]
		}
		if _, ok := idx[g]; !ok {
			idx[g] = len(rows)
			rows = append(rows, [2]any{g, 0})
		}
		rows[idx[g]][1] = rows[idx[g]][1].(int) + t[string(o.Code)][request.ColTotal]
	}
	labels, values := make([]string, len(rows)), make([]int, len(rows))
	for i, r := range rows {
		labels[i], values[i] = r[0].(string), r[1].(int)
	}
	opt := map[string]any{
		"tooltip": map[string]any{},
		"xAxis":   map[string]any{"type": "category", "data": labels},
		"yAxis":   map[string]any{"type": "value", "minInterval": 1},
		"series":  []any{map[string]any{"type": "bar", "name": "件数", "data": values}},
	}
	b, err := json.Marshal(opt)
	return rows, template.JS(b), err
}

func (s *Server) renderAnnual(w http.ResponseWriter, r *http.Request, status int, year int, msg string) error {
	rep, err := s.Store.AnnualReport(r.Context(), year)
	if err != nil {
		return err
	}
	d := annualData{Year: year, View: annualexport.NewView(s.orgName(r.Context()), rep)}
	for y, now := workday.DateOf(s.Now()).Year, workday.DateOf(s.Now()).Year; y >= now-4; y-- {
		d.Years = append(d.Years, y)
	}
	if d.Chart, d.ChartJSON, err = outcomeChart(rep.Table3); err != nil {
		return err
	}
	s.Render(w, r, status, "admin/reports_annual", &Page{Title: strconv.Itoa(year) + "年度报告", Area: "reports", Error: msg, Data: d})
	return nil
}

func (s *Server) reportsAnnual(w http.ResponseWriter, r *http.Request) error {
	year, ok := pathYear(r)
	if !ok {
		return gongkai.Errorf(gongkai.ENOTFOUND, "年份无效")
	}
	return s.renderAnnual(w, r, http.StatusOK, year, "")
}

func (s *Server) reportsAnnualSave(w http.ResponseWriter, r *http.Request) error {
	year, ok := pathYear(r)
	if !ok {
		return gongkai.Errorf(gongkai.ENOTFOUND, "年份无效")
	}
	if err := s.ParseForm(w, r); err != nil {
		return err
	}
	var e store.ReportEdit
	var err error
	for _, f := range []struct {
		name string
		dst  *int
	}{{"permits", &e.Permits}, {"penalties", &e.Penalties}, {"enforcement", &e.Enforcement}} {
		n, ferr := httpx.FormInt(r, f.name)
		if ferr != nil {
			return s.renderAnnual(w, r, http.StatusBadRequest, year, "“"+f.name+"”应为整数")
		}
		*f.dst = int(n)
	}
	e.FeesWan = r.PostFormValue("fees_wan")
	e.Sections = request.Sections{One: strings.TrimSpace(r.PostFormValue("section1")), Five: strings.TrimSpace(r.PostFormValue("section5")), Six: strings.TrimSpace(r.PostFormValue("section6"))}
	if err = s.Store.SaveAnnualReport(r.Context(), s.Actor(r), year, e); err != nil {
		if c := gongkai.ErrorCode(err); c == gongkai.EINVALID || c == gongkai.ECONFLICT || c == gongkai.ETOOLARGE {
			return s.renderAnnual(w, r, httpx.StatusOf(err), year, gongkai.ErrorMessage(err))
		}
		return err
	}
	return s.Flash(w, r, "已保存", "/admin/reports/annual/"+strconv.Itoa(year))
}

func (s *Server) reportsAnnualPublish(w http.ResponseWriter, r *http.Request) error {
	year, ok := pathYear(r)
	if !ok {
		return gongkai.Errorf(gongkai.ENOTFOUND, "年份无效")
	}
	if _, err := s.Store.PublishAnnualReport(r.Context(), s.Actor(r), year); err != nil {
		if disclosure.GateFindings(err) != nil {
			return err // the refusal page lists the findings, with the office's dismiss forms
		}
		if c := gongkai.ErrorCode(err); c == gongkai.EINVALID || c == gongkai.ECONFLICT {
			return s.renderAnnual(w, r, httpx.StatusOf(err), year, gongkai.ErrorMessage(err))
		}
		return err
	}
	return s.Flash(w, r, strconv.Itoa(year)+"年度报告已发布到门户网站“信息公开年报”栏目", "/admin/reports/annual/"+strconv.Itoa(year))
}

func (s *Server) reportsAnnualExport(w http.ResponseWriter, r *http.Request) error {
	year, ok := pathYear(r)
	if !ok {
		return gongkai.Errorf(gongkai.ENOTFOUND, "年份无效")
	}
	rep, err := s.Store.AnnualReport(r.Context(), year)
	if err != nil {
		return err
	}
	var data []byte
	format := r.URL.Query().Get("format")
	name := strconv.Itoa(year) + "年政府信息公开工作年度报告"
	switch format {
	case "docx":
		data, err = annualexport.DOCX(s.orgName(r.Context()), rep)
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
	case "xlsx":
		data, err = annualexport.XLSX(s.orgName(r.Context()), rep)
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	case "html":
		data, err = annualexport.HTML(s.orgName(r.Context()), rep)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
	default:
		return gongkai.Errorf(gongkai.EINVALID, "导出格式应为 docx、xlsx 或 html")
	}
	if err != nil {
		return err
	}
	setAttachment(w, name+"."+format)
	_, err = w.Write(data)
	return err
}

// portalAnnualReport shows a published report on the portal (the list at
// /annual-reports belongs to the documents area).
func (s *Server) portalAnnualReport(w http.ResponseWriter, r *http.Request) error {
	year, ok := pathYear(r)
	if !ok {
		return gongkai.Errorf(gongkai.ENOTFOUND, "年份无效")
	}
	rep, err := s.Store.PublishedAnnualReport(r.Context(), year)
	if err != nil {
		return err
	}
	v := annualexport.NewView(s.orgName(r.Context()), rep)
	p := &Page{Title: v.Title, Data: v, Meta: map[string]string{"ArticleTitle": v.Title, "ColumnName": "信息公开年报"}}
	if rep.PublishedAt != nil {
		p.Meta["PubDate"] = rep.PublishedAt.In(Shanghai()).Format("2006-01-02 15:04")
	}
	s.Render(w, r, http.StatusOK, "portal/requests_annual", p)
	return nil
}
