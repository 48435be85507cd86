package web

import (
	"fmt"
	"net/http"
	"sort"

	"gongkai/internal/auth"
	"gongkai/internal/plan"
	"gongkai/internal/store"
	"gongkai/internal/workday"
)

// planHomeCards shows a unit liaison only what they must do next (claim,
// fix what was returned, overdue, due soon), and the office what waits
// for it (confirmations, overdue work).
func planHomeCards(r *http.Request, s *Server, u auth.User) []HomeCard {
	if !auth.Allowed(u.Role, auth.PermPlanView) {
		return nil
	}
	ctx := r.Context()
	plans, err := s.Store.Plans(ctx)
	if err != nil || len(plans) == 0 {
		return nil
	}
	year := plans[0].Year
	// Every year: open work of an earlier year stays here, marked with its
	// year, until it is closed.
	f := store.LedgerFilter{}
	scope := u.UnitFilter()
	if scope != 0 {
		f.UnitID = scope
	}
	all, err := s.Store.Ledger(ctx, f)
	if err != nil {
		s.Log.Warn("plan home", "err", err)
		return nil
	}
	var lines, earlier []plan.Line
	for _, l := range all {
		switch {
		case l.Task.Year == year:
			lines = append(lines, l)
		case l.Task.Year < year && l.Assignment.Status != plan.StatusConfirmed:
			earlier = append(earlier, l)
		}
	}
	cal, err := s.Store.Calendar(ctx)
	if err != nil {
		cal = workday.Default()
	}
	today := workday.DateOf(s.Now())
	label := func(l plan.Line) string {
		req := []rune(l.Task.Requirement)
		if len(req) > 20 {
			req = append(req[:20], '…')
		}
		return fmt.Sprintf("序号 %d %s", l.Task.Seq, string(req))
	}
	href := func(l plan.Line) string { return fmt.Sprintf("/admin/plan/assignments/%d", l.Assignment.ID) }
	yearMark := func(l plan.Line) string {
		if l.Task.Year != year {
			return fmt.Sprintf("%d 年", l.Task.Year)
		}
		return ""
	}
	if scope != 0 {
		type todo struct {
			order int
			due   workday.Date
			item  HomeItem
		}
		var items []todo
		for _, l := range append(earlier, lines...) {
			a := l.Assignment
			it := HomeItem{Href: href(l), Badge: yearMark(l)}
			switch {
			case a.Status == plan.StatusReturned:
				it.Text = "被退回，需补充：" + label(l) + "（" + a.ReturnReason + "）"
				items = append(items, todo{0, l.Due, it})
			case a.Status == plan.StatusPending:
				it.Text = "待认领：" + label(l) + "，时限 " + l.Task.Deadline.Label()
				items = append(items, todo{1, l.Due, it})
			case l.Overdue > 0 && a.Status.Open():
				it.Text = l.OverdueLabel() + "：" + label(l)
				items = append(items, todo{2, l.Due, it})
			case a.Status.Open() && !l.Due.IsZero() && !l.Due.Before(today) && cal.WorkdaysBetween(today, l.Due) <= 10:
				it.Text = fmt.Sprintf("%s 前需报送：%s", l.Due, label(l))
				items = append(items, todo{3, l.Due, it})
			case a.Status.Open() && l.Task.Year < year:
				it.Text = "未办结：" + label(l)
				items = append(items, todo{3, l.Due, it})
			case a.Status == plan.StatusReported && l.Task.Year < year:
				it.Text = "已报完成，待办公室确认：" + label(l)
				items = append(items, todo{4, l.Due, it})
			}
		}
		sort.SliceStable(items, func(i, j int) bool { return items[i].order < items[j].order })
		card := HomeCard{Title: fmt.Sprintf("本单位待办任务（%d 年）", year), Href: "/admin/plan/", Perm: auth.PermPlanView}
		for i, it := range items {
			if i == 8 {
				card.Lines = append(card.Lines, fmt.Sprintf("……另有 %d 项，请到台账查看", len(items)-8))
				break
			}
			card.Items = append(card.Items, it.item)
		}
		if len(card.Items) == 0 {
			card.Lines = []string{"目前没有需要办理的任务"}
		}
		return []HomeCard{card}
	}
	var reported, overdue, pending int
	for _, l := range lines {
		switch {
		case l.Assignment.Status == plan.StatusReported:
			reported++
		case l.Assignment.Status == plan.StatusPending:
			pending++
		}
		if l.Overdue > 0 && l.Assignment.Status.Open() {
			overdue++
		}
	}
	card := HomeCard{Title: fmt.Sprintf("任务督办（%d 年）", year), Href: "/admin/plan/?year=" + fmt.Sprint(year), Perm: auth.PermPlanView,
		Items: []HomeItem{{Text: fmt.Sprintf("待确认完成 %d 项", reported), Href: fmt.Sprintf("/admin/plan/?year=%d&status=reported", year)},
			{Text: fmt.Sprintf("已逾期 %d 项", overdue), Href: fmt.Sprintf("/admin/plan/?year=%d&overdue=1", year)},
			{Text: fmt.Sprintf("待单位认领 %d 项", pending), Href: fmt.Sprintf("/admin/plan/?year=%d&status=pending", year)}}}
	// Earlier years' open work, per year, until it is closed.
	open := map[int]int{}
	var years []int
	for _, l := range earlier {
		if open[l.Task.Year] == 0 {
			years = append(years, l.Task.Year)
		}
		open[l.Task.Year]++
	}
	sort.Sort(sort.Reverse(sort.IntSlice(years)))
	for _, y := range years {
		card.Items = append(card.Items, HomeItem{Badge: fmt.Sprintf("%d 年", y), Text: fmt.Sprintf("未办结 %d 项", open[y]), Href: fmt.Sprintf("/admin/plan/?year=%d&open=1", y)})
	}
	return []HomeCard{card}
}
