package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"gongkai"
	"gongkai/internal/httpx"
	"gongkai/internal/org"
	"gongkai/internal/plan"
	"gongkai/internal/store"
	"gongkai/internal/workday"
)

type planCount struct {
	Status plan.Status
	N      int
	Href   string
}

type planLedgerData struct {
	Year       int
	Years      []int
	Plan       plan.Plan
	HasPlan    bool
	Lines      []plan.Line
	Counts     []planCount
	Total      int
	Overdue    int
	Filter     store.LedgerFilter
	Units      []org.Unit
	Categories []string
	UnitLocked bool
	ExportHref string
	Designate  []plan.Task // tasks still waiting for the office to name units
	Earlier    []plan.Line // open work of earlier years, shown under the newest year's ledger until it is closed
}

// planYear is the year asked for, or the newest plan's, or this year.
func (s *Server) planYear(r *http.Request) (int, []int, error) {
	plans, err := s.Store.Plans(r.Context())
	if err != nil {
		return 0, nil, err
	}
	var years []int
	for _, p := range plans {
		years = append(years, p.Year)
	}
	if y, err := strconv.Atoi(r.URL.Query().Get("year")); err == nil && y > 1999 && y < 2101 {
		return y, years, nil
	}
	if len(years) > 0 {
		return years[0], years, nil
	}
	return s.Now().In(shanghai).Year(), years, nil
}

func (s *Server) ledgerFilter(r *http.Request, year int) (store.LedgerFilter, error) {
	q := r.URL.Query()
	f := store.LedgerFilter{Year: year, Status: plan.Status(q.Get("status")), Category: q.Get("category"),
		Overdue: q.Get("overdue") == "1", Unfinished: q.Get("open") == "1", Search: strings.TrimSpace(q.Get("q"))}
	if f.Status != "" && !f.Status.Valid() {
		return f, gongkai.Errorf(gongkai.EINVALID, "状态“%s”无效", f.Status)
	}
	if v := q.Get("unit"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return f, gongkai.Errorf(gongkai.EINVALID, "单位编号无效")
		}
		f.UnitID = id
	}
	for _, p := range []struct {
		name string
		dst  *workday.Date
	}{{"from", &f.DueFrom}, {"to", &f.DueTo}} {
		if v := q.Get(p.name); v != "" {
			d, err := workday.ParseDate(v)
			if err != nil {
				return f, gongkai.Errorf(gongkai.EINVALID, "日期“%s”无效，请用 2023-11-30 的格式", v)
			}
			*p.dst = d
		}
	}
	u, _ := httpx.UserFrom(r.Context())
	if scope := u.UnitFilter(); scope != 0 {
		f.UnitID = scope
	}
	return f, nil
}

func (s *Server) planLedger(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	year, years, err := s.planYear(r)
	if err != nil {
		return err
	}
	d := planLedgerData{Year: year, Years: years}
	u, _ := httpx.UserFrom(ctx)
	d.UnitLocked = !unitFree(u)
	p, err := s.Store.PlanByYear(ctx, year)
	if err != nil && !store.IsNotFound(err) {
		return err
	}
	d.Plan, d.HasPlan = p, err == nil
	f, ferr := s.ledgerFilter(r, year)
	d.Filter = f
	if d.HasPlan && ferr == nil {
		// Counts by status ignore the status filter.
		cf := f
		cf.Status, cf.Overdue, cf.Unfinished = "", false, false
		all, err := s.Store.Ledger(ctx, cf)
		if err != nil {
			return err
		}
		counts := map[plan.Status]int{}
		cats := map[string]bool{}
		for _, l := range all {
			counts[l.Assignment.Status]++
			if l.Overdue > 0 && l.Assignment.Status.Open() {
				d.Overdue++
			}
			if !cats[l.Task.Category] && l.Task.Category != "" {
				cats[l.Task.Category] = true
				d.Categories = append(d.Categories, l.Task.Category)
			}
		}
		d.Total = len(all)
		for _, st := range plan.Statuses {
			v := url.Values{"year": {strconv.Itoa(year)}, "status": {string(st)}}
			d.Counts = append(d.Counts, planCount{Status: st, N: counts[st], Href: "?" + v.Encode()})
		}
		if d.Lines, err = s.Store.Ledger(ctx, f); err != nil {
			return err
		}
		if !d.UnitLocked {
			tasks, err := s.Store.Tasks(ctx, year)
			if err != nil {
				return err
			}
			have := map[int64]bool{}
			for _, l := range all {
				have[l.Task.ID] = true
			}
			for _, t := range tasks {
				if t.Designate || !have[t.ID] {
					d.Designate = append(d.Designate, t)
				}
			}
		}
	}
	if len(years) > 0 && year == years[0] {
		// Years roll over: work of an earlier year not yet confirmed stays
		// in the list, marked with its year, until it is closed.
		open, err := s.Store.Ledger(ctx, store.LedgerFilter{UnitID: f.UnitID, Unfinished: true})
		if err != nil {
			return err
		}
		for _, l := range open {
			if l.Task.Year < year {
				d.Earlier = append(d.Earlier, l)
			}
		}
	}
	if !d.UnitLocked {
		if d.Units, err = s.Store.Units(ctx); err != nil {
			return err
		}
	}
	// The export carries every filter of the screen, so the file holds
	// exactly the lines shown.
	ex := url.Values{"year": {strconv.Itoa(year)}}
	for _, k := range []string{"status", "category", "overdue", "open", "from", "to", "q"} {
		if v := r.URL.Query().Get(k); v != "" {
			ex.Set(k, v)
		}
	}
	if f.UnitID > 0 {
		ex.Set("unit", strconv.FormatInt(f.UnitID, 10))
	}
	d.ExportHref = "/admin/plan/ledger.xlsx?" + ex.Encode()
	page := &Page{Title: fmt.Sprintf("任务督办 · %d 年台账", year), Area: "plan", Data: d}
	status := http.StatusOK
	if ferr != nil {
		page.Error, status = errMsg(ferr), httpx.StatusOf(ferr)
	}
	s.Render(w, r, status, "admin/plan_ledger", page)
	return nil
}

func (s *Server) planLedgerXLSX(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	year, _, err := s.planYear(r)
	if err != nil {
		return err
	}
	p, err := s.Store.PlanByYear(ctx, year)
	if err != nil {
		return err
	}
	f, err := s.ledgerFilter(r, year)
	if err != nil {
		return err
	}
	title := p.Title
	if title == "" {
		title = fmt.Sprintf("%d年政务公开重点工作任务", year)
	}
	title += "台账"
	name := fmt.Sprintf("台账-%d", year)
	if f.UnitID > 0 {
		unit, err := s.Store.Unit(ctx, f.UnitID)
		if err != nil {
			return err
		}
		title = unit.Name + " " + title
		name += "-" + unit.Name
	}
	lines, err := s.Store.Ledger(ctx, f)
	if err != nil {
		return err
	}
	data, err := plan.LedgerXLSX(title, lines, s.Config.BaseURL)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	setAttachment(w, name+".xlsx")
	w.Header().Set("Cache-Control", "no-store")
	_, err = w.Write(data)
	return err
}
