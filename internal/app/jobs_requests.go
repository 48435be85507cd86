package app

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"gongkai/internal/auth"
	"gongkai/internal/notify"
	"gongkai/internal/store"
	"gongkai/internal/workday"
)

// requestJobs lists this area's background jobs: due-soon (the one
// definition, workday.DueSoonWorkdays) and overdue
// reminders of requests (to the office and the handling unit), and the
// annual-report reminder well before 31 January. Reminders go through
// store.Notify with keys, so each is created once; the supervision area
// delivers them over e-mail and robots.
func requestJobs(a *App) []Job {
	return []Job{
		{Name: "request-reminders", Every: time.Hour, Run: func(ctx context.Context, now time.Time) error {
			return requestReminders(ctx, a.Store, now)
		}},
		{Name: "annual-report-reminder", Every: 12 * time.Hour, Run: func(ctx context.Context, now time.Time) error {
			return annualReportReminder(ctx, a.Store, now)
		}},
	}
}

func requestReminders(ctx context.Context, st *store.Store, now time.Time) error {
	cal, err := st.Calendar(ctx)
	if err != nil {
		return err
	}
	today := workday.DateOf(now)
	clocks, err := st.OpenClocks(ctx)
	if err != nil {
		return err
	}
	for _, c := range clocks {
		link := "/admin/requests/" + strconv.FormatInt(c.ID, 10)
		var ns []notify.Notification
		if !c.DueOn.IsZero() && c.State != "correction" {
			left := cal.WorkdaysBetween(today, c.DueOn)
			switch {
			case today.After(c.DueOn):
				ns = append(ns, notify.Notification{Key: fmt.Sprintf("request:%d:overdue:%s", c.ID, c.DueOn), Role: auth.RoleOffice, Level: "alert",
					Title: "依申请公开已逾期：" + c.Code, Body: "答复期限 " + c.DueOn.String() + " 已过，请立即答复", Link: link})
			case cal.DueSoon(c.DueOn, today):
				ns = append(ns, notify.Notification{Key: fmt.Sprintf("request:%d:due-soon:%s", c.ID, c.DueOn), Role: auth.RoleOffice, Level: "warn",
					Title: "依申请公开即将到期：" + c.Code, Body: fmt.Sprintf("答复期限 %s，还剩 %d 个工作日", c.DueOn, left), Link: link})
			}
		}
		if c.UnitID != 0 && !c.UnitDueOn.IsZero() {
			left := cal.WorkdaysBetween(today, c.UnitDueOn)
			switch {
			case today.After(c.UnitDueOn):
				ns = append(ns, notify.Notification{Key: fmt.Sprintf("request:%d:unit-overdue:%s", c.ID, c.UnitDueOn), UnitID: c.UnitID, Level: "alert",
					Title: "协助调查已超期：" + c.Code, Body: "办理期限 " + c.UnitDueOn.String() + " 已过，请尽快拟办答复", Link: link})
			case cal.DueSoon(c.UnitDueOn, today):
				ns = append(ns, notify.Notification{Key: fmt.Sprintf("request:%d:unit-due:%s", c.ID, c.UnitDueOn), UnitID: c.UnitID, Level: "warn",
					Title: "协助调查即将到期：" + c.Code, Body: fmt.Sprintf("办理期限 %s，还剩 %d 个工作日", c.UnitDueOn, left), Link: link})
			}
		}
		if (c.State == "consulting" || c.State == "awaiting_fee") && !c.PausedUntil.IsZero() && today.After(c.PausedUntil) {
			ns = append(ns, notify.Notification{Key: fmt.Sprintf("request:%d:pause-over:%s", c.ID, c.PausedUntil), Role: auth.RoleOffice, Level: "warn",
				Title: "征求意见或缴费期限已届满：" + c.Code, Body: "期限 " + c.PausedUntil.String() + " 已过，请登记结果，答复期限已恢复计算", Link: link})
		}
		for _, n := range ns {
			if _, err := st.Notify(ctx, n); err != nil {
				return err
			}
		}
	}
	waiting, err := st.UnconfirmedSince(ctx, store.TS(now.Add(-24*time.Hour)))
	if err != nil {
		return err
	}
	for _, code := range waiting {
		if _, err := st.Notify(ctx, notify.Notification{Key: "request:" + code + ":confirm", Role: auth.RoleOffice, Level: "warn",
			Title: "在线申请待确认收到：" + code, Body: "请与申请人确认收到申请之日（条例第三十一条）", Link: "/admin/requests/?tab=submitted"}); err != nil {
			return err
		}
	}
	return nil
}

// annualReportReminder reminds the office of the report of year Y from
// 1 December of Y, again on 10 and 24 January of Y+1, until it is
// published (due 31 January, 条例第四十九条).
func annualReportReminder(ctx context.Context, st *store.Store, now time.Time) error {
	today := workday.DateOf(now)
	year, stage := 0, ""
	switch {
	case today.Month == time.December:
		year, stage = today.Year, "dec"
	case today.Month == time.January && today.Day >= 24:
		year, stage = today.Year-1, "jan24"
	case today.Month == time.January && today.Day >= 10:
		year, stage = today.Year-1, "jan10"
	case today.Month == time.January:
		year, stage = today.Year-1, "dec"
	default:
		return nil
	}
	pub, err := st.PublishedReportYears(ctx)
	if err != nil {
		return err
	}
	for _, y := range pub {
		if y == year {
			return nil
		}
	}
	level := "info"
	if stage == "jan24" {
		level = "alert"
	}
	_, err = st.Notify(ctx, notify.Notification{Key: fmt.Sprintf("annual-report:%d:%s", year, stage), Role: auth.RoleOffice, Level: level,
		Title: fmt.Sprintf("请编制并发布%d年度政府信息公开工作年度报告", year),
		Body:  fmt.Sprintf("应于%d年1月31日前提交并向社会公布（条例第四十九条）", year+1),
		Link:  fmt.Sprintf("/admin/reports/annual/%d", year)})
	return err
}
