package web

import (
	"html/template"
	"net/http"
	"strings"

	"gongkai"
	"gongkai/internal/auth"
	"gongkai/internal/crawl"
	"gongkai/internal/httpx"
	"gongkai/internal/inspect"
	"gongkai/internal/selfcheck"
	"gongkai/internal/store"
)

// The console page 网站自查 (/admin/inspect): the latest report, its
// history and trend, 立即检查, the export for the 自查报告, and the settings
// the rules use (column classes, the serious-error list, external links).

func (s *Server) routesInspect() {
	view, manage := auth.PermInspectView, auth.PermInspectManage
	s.Handle("GET /admin/inspect", view, s.inspectPage)
	s.Handle("GET /admin/inspect/{id}", view, s.inspectReportPage)
	s.Handle("GET /admin/inspect/{id}/export", view, s.inspectExport)
	s.Handle("POST /admin/inspect/run", manage, s.inspectRun)
	s.Handle("GET /admin/inspect/settings", view, s.inspectSettingsPage)
	s.Handle("POST /admin/inspect/settings/columns", manage, s.inspectSaveColumns)
	s.Handle("POST /admin/inspect/settings/serious", manage, s.inspectSaveSerious)
	s.Handle("POST /admin/inspect/settings/external", manage, s.inspectSaveExternal)
}

type inspectPageData struct {
	Current *store.SiteInspectionSummary
	Report  inspect.Report
	History []store.SiteInspectionSummary
	Trend   template.JS
	Base    string
}

func (s *Server) inspectBase() string {
	if s.InspectBase != nil {
		return strings.TrimRight(s.InspectBase(), "/")
	}
	return strings.TrimRight(s.Config.BaseURL, "/")
}

func (s *Server) inspectPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderInspect(w, r, 0)
}

func (s *Server) inspectReportPage(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	return s.renderInspect(w, r, id)
}

func (s *Server) renderInspect(w http.ResponseWriter, r *http.Request, id int64) error {
	ctx := r.Context()
	hist, err := s.Store.SiteInspections(ctx, 90)
	if err != nil {
		return err
	}
	d := inspectPageData{History: hist, Base: s.inspectBase()}
	if id == 0 && len(hist) > 0 {
		id = hist[0].ID
	}
	if id != 0 {
		sum, rep, err := s.Store.SiteInspection(ctx, id)
		if err != nil {
			return err
		}
		d.Current, d.Report = &sum, rep
	}
	// The trend, oldest first: items failed and single-veto items failed.
	var xs []string
	var fails, vetoes []int
	for i := len(hist) - 1; i >= 0; i-- {
		xs = append(xs, hist[i].InspectedAt.In(shanghai).Format("01-02 15:04"))
		fails = append(fails, hist[i].Failures)
		vetoes = append(vetoes, len(hist[i].Vetoes))
	}
	d.Trend = chartJSON(map[string]any{
		"title": map[string]any{"text": "网站自查趋势", "left": "center"}, "tooltip": map[string]any{"trigger": "axis"},
		"legend": map[string]any{"bottom": 0}, "grid": map[string]any{"top": 50, "bottom": 60},
		"xAxis": map[string]any{"type": "category", "data": xs}, "yAxis": map[string]any{"type": "value", "minInterval": 1},
		"series": []map[string]any{{"name": "单项否决不合格项", "type": "line", "data": vetoes}, {"name": "不合格项（含扣分项）", "type": "line", "data": fails}},
	})
	title := "网站自查"
	s.Render(w, r, http.StatusOK, "admin/inspect", &Page{Title: title, Area: "inspect", Data: d})
	return nil
}

// inspectRun runs the inspection now on the portal's public address and
// keeps the report.
func (s *Server) inspectRun(w http.ResponseWriter, r *http.Request) error {
	if err := s.ParseForm(w, r); err != nil {
		return err
	}
	co := crawl.Options{}
	if s.InspectCrawl != nil {
		co = *s.InspectCrawl
	}
	base := s.inspectBase()
	rep, _, err := selfcheck.Own(r.Context(), s.Store, selfcheck.Options{Base: base, Crawl: co})
	if err != nil {
		return err
	}
	id, err := s.Store.SaveInspection(r.Context(), s.Actor(r), rep, base, "console")
	if err != nil {
		return err
	}
	msg := "检查完成：单项否决指标均未触发"
	if !rep.Passed {
		msg = "检查完成：不合格，请逐项整改"
	}
	return s.Flash(w, r, msg, "/admin/inspect/"+itoa(int(id)))
}

func (s *Server) inspectExport(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	_, rep, err := s.Store.SiteInspection(r.Context(), id)
	if err != nil {
		return err
	}
	org := s.orgName(r.Context())
	var data []byte
	var ctype, ext string
	switch r.URL.Query().Get("format") {
	case "docx":
		data, err = inspect.DOCX(org, rep)
		ctype, ext = "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"
	case "xlsx", "":
		data, err = inspect.XLSX(org, rep)
		ctype, ext = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"
	default:
		return gongkai.Errorf(gongkai.EINVALID, "导出格式应为 xlsx 或 docx")
	}
	if err != nil {
		return err
	}
	name := "网站自查报告-" + rep.InspectedAt.In(shanghai).Format("20060102-1504") + "." + ext
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition", `attachment; filename="inspection.`+ext+`"; filename*=UTF-8''`+urlPathEscape(name))
	_, err = w.Write(data)
	return err
}

type inspectSettingsData struct {
	Columns  []inspect.Column
	Classes  []inspect.Class
	Serious  string
	External bool
	Error    string
}

func (s *Server) inspectSettingsPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderInspectSettings(w, r, http.StatusOK, "", "")
}

func (s *Server) renderInspectSettings(w http.ResponseWriter, r *http.Request, status int, serious, msg string) error {
	ctx := r.Context()
	cols, err := s.Store.InspectColumns(ctx)
	if err != nil {
		return err
	}
	list, err := s.Store.SeriousErrors(ctx)
	if err != nil {
		return err
	}
	ext, err := s.Store.ExternalLinksOn(ctx)
	if err != nil {
		return err
	}
	d := inspectSettingsData{Columns: cols, Classes: inspect.Classes, Serious: store.FormatSeriousList(list), External: ext}
	if msg != "" {
		d.Serious = serious // keep what was typed
	}
	s.Render(w, r, status, "admin/inspect_settings", &Page{Title: "网站自查设置", Area: "inspect", Error: msg, Data: d})
	return nil
}

func (s *Server) inspectSaveColumns(w http.ResponseWriter, r *http.Request) error {
	if err := s.ParseForm(w, r); err != nil {
		return err
	}
	set := map[string]inspect.Class{}
	for k, v := range r.PostForm {
		if key, ok := strings.CutPrefix(k, "class:"); ok && len(v) > 0 {
			c, err := inspect.ParseClass(v[0])
			if err != nil {
				return err
			}
			set[key] = c
		}
	}
	if err := s.Store.SetColumnClasses(r.Context(), s.Actor(r), set); err != nil {
		return err
	}
	return s.Flash(w, r, "栏目类别已保存", "/admin/inspect/settings")
}

func (s *Server) inspectSaveSerious(w http.ResponseWriter, r *http.Request) error {
	if err := s.ParseForm(w, r); err != nil {
		return err
	}
	text := r.PostFormValue("serious")
	list, err := store.ParseSeriousList(text)
	if err == nil {
		err = s.Store.SetSeriousErrors(r.Context(), s.Actor(r), list)
	}
	if err != nil {
		return s.renderInspectSettings(w, r, httpx.StatusOf(err), text, errMsg(err))
	}
	return s.Flash(w, r, "严重表述错误清单已保存", "/admin/inspect/settings")
}

func (s *Server) inspectSaveExternal(w http.ResponseWriter, r *http.Request) error {
	if err := s.ParseForm(w, r); err != nil {
		return err
	}
	v := "false"
	if r.PostFormValue("external") == "on" {
		v = "true"
	}
	if err := s.Store.PutSetting(r.Context(), s.Actor(r), store.SettingExternalLinks, v); err != nil {
		return err
	}
	return s.Flash(w, r, "已保存外部链接检查设置", "/admin/inspect/settings")
}
