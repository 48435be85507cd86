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
	f := store.LedgerFilter{Year: year}
	scope := u.UnitFilter()
	if scope != 0 {
		f.UnitID = scope
	}
	lines, err := s.Store.Ledger(ctx, f)
	if err != nil {
		s.Log.Warn("plan home", "err", err)
		return nil
	}
	cal, err := s.Store.Calendar(ctx)
	if err != nil {
		cal = workday.Default()
	}
	today := workday.DateOf(s.Now())
	link := func(l plan.Line) string {
		req := []rune(l.Task.Requirement)
		if len(req) > 20 {
			req = append(req[:20], '…')
		}
		return fmt.Sprintf("序号 %d %s", l.Task.Seq, string(req))
	}
	if scope != 0 {
		type todo struct {
			order int
			due   workday.Date
			text  string
		}
		var items []todo
		for _, l := range lines {
			a := l.Assignment
			switch {
			case a.Status == plan.StatusReturned:
				items = append(items, todo{0, l.Due, "被退回，需补充：" + link(l) + "（" + a.ReturnReason + "）"})
			case a.Status == plan.StatusPending:
				items = append(items, todo{1, l.Due, "待认领：" + link(l) + "，时限 " + l.Task.Deadline.Label()})
			case l.Overdue > 0 && a.Status.Open():
				items = append(items, todo{2, l.Due, fmt.Sprintf("已逾期 %d 天：%s", l.Overdue, link(l))})
			case a.Status.Open() && !l.Due.IsZero() && !l.Due.Before(today) && cal.WorkdaysBetween(today, l.Due) <= 10:
				items = append(items, todo{3, l.Due, fmt.Sprintf("%s 前需报送：%s", l.Due, link(l))})
			}
		}
		sort.SliceStable(items, func(i, j int) bool { return items[i].order < items[j].order })
		card := HomeCard{Title: fmt.Sprintf("本单位待办任务（%d 年）", year), Href: "/admin/plan/", Perm: auth.PermPlanView}
		for i, it := range items {
			if i == 8 {
				card.Lines = append(card.Lines, fmt.Sprintf("……另有 %d 项，请到台账查看", len(items)-8))
				break
			}
			card.Lines = append(card.Lines, it.text)
		}
		if len(card.Lines) == 0 {
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
	return []HomeCard{{Title: fmt.Sprintf("任务督办（%d 年）", year), Href: "/admin/plan/?year=" + fmt.Sprint(year), Perm: auth.PermPlanView,
		Lines: []string{fmt.Sprintf("待确认完成 %d 项", reported), fmt.Sprintf("已逾期 %d 项", overdue), fmt.Sprintf("待单位认领 %d 项", pending)}}}
}
