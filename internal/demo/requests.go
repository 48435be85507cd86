package demo

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"gongkai/internal/auth"
	"gongkai/internal/request"
	"gongkai/internal/scan"
	"gongkai/internal/store"
	"gongkai/internal/workday"
)

type demoRequest struct {
	typ    request.ApplicantType
	name   string
	desc   string
	form   request.Form
	ch     request.Channel
	unit   string
	events []request.Event
	cases  []store.RequestCase
}

func dd(s string) workday.Date { return workday.MustDate(s) }

// demoID makes a valid resident ID number (GB 11643 check character) for
// a made-up person.
func demoID(seq int) string {
	d17 := fmt.Sprintf("37088219%02d0%d15%03d", 80+seq%20, 1+seq%9, 100+seq)
	return d17 + string(scan.IDCheckChar(d17))
}

// lastYearRequests are the applications of the year before the demo's
// (written for 2023, moved to that year when seeded): a reply of each
// common kind, an abandonment, an extension, a consultation, a review, one
// received in December and answered in January — so last year's annual
// report has numbers.
var lastYearRequests = []demoRequest{
	{request.Natural, "李华", "2022年兖州区中小学教师招聘岗位及录用结果", "email", request.Online, "人事科", []request.Event{
		{Type: request.EvReceived, On: dd("2022-12-26")},
		{Type: request.EvReplied, On: dd("2023-01-10"), Outcome: request.Disclosed}}, nil},
	{request.Natural, "王芳", "2023年兖州区义务教育阶段学校招生划片范围", "email", request.Online, "基础教育科", []request.Event{
		{Type: request.EvReceived, On: dd("2023-02-06")},
		{Type: request.EvReplied, On: dd("2023-02-20"), Outcome: request.Disclosed}}, nil},
	{request.Commercial, "兖州某教育科技有限公司", "兖州区2022年智慧校园建设项目的投标文件及评标报告", "disk", request.RegisteredPost, "计划财务科", []request.Event{
		{Type: request.EvReceived, On: dd("2023-03-10")},
		{Type: request.EvConsultationStarted, On: dd("2023-03-15"), Party: request.ThirdParty, Note: "向中标企业发出征求意见书"},
		{Type: request.EvConsultationEnded, On: dd("2023-03-28"), Note: "第三方不同意公开，理由为商业秘密"},
		{Type: request.EvReplied, On: dd("2023-04-10"), Outcome: request.WithheldThirdParty}}, nil},
	{request.Natural, "赵强", "关于学校的一些材料", "paper", request.InPerson, "", []request.Event{
		{Type: request.EvReceived, On: dd("2023-05-08")},
		{Type: request.EvCorrectionRequested, On: dd("2023-05-10"), Deadline: dd("2023-05-24"), Note: "请说明所需信息的名称、学校和时间范围"},
		{Type: request.EvAbandoned, On: dd("2023-05-26")}}, nil},
	{request.LegalService, "山东某律师事务所", "兖州区2023年校外培训机构行政处罚决定书", "email", request.Online, "职教科", []request.Event{
		{Type: request.EvReceived, On: dd("2023-09-25")},
		{Type: request.EvExtended, On: dd("2023-10-20"), Workdays: 10, ApprovedBy: "fenguan", Notified: true, Note: "涉及多所机构，需调取案卷"},
		{Type: request.EvReplied, On: dd("2023-11-08"), Outcome: request.Partial}},
		[]store.RequestCase{{Kind: request.Review, Result: request.Pending, FiledOn: dd("2023-12-01"), Note: "申请人对部分公开不服申请行政复议"}}},
	{request.Research, "某大学教育学院", "兖州区2023年小学招生划片范围和各校招生人数", "email", request.Online, "基础教育科", []request.Event{
		{Type: request.EvReceived, On: dd("2023-12-20")},
		{Type: request.EvReplied, On: dd("2024-01-12"), Outcome: request.Disclosed}}, nil},
}

// inYear moves a 2023 demo date to the same day of 2023+shift years.
func inYear(d workday.Date, shift int) workday.Date {
	d.Year += shift
	if !d.IsValid() { // 29 February
		d.Day = 28
	}
	return d
}

// currentRequests are this year's applications, dated back from the
// demo's day in working days: one not yet confirmed, clocks running (one
// due soon, one a few days overdue), one waiting for correction, one
// waiting for a third party, one answered.
func currentRequests(cal *workday.Calendar, today workday.Date) []demoRequest {
	back := func(n int) workday.Date {
		d := today
		for n > 0 {
			d = d.AddDays(-1)
			if cal.IsWorkday(d) {
				n--
			}
		}
		return d
	}
	y := strconv.Itoa(today.Year)
	return []demoRequest{
		{request.Natural, "孙丽", y + "年兖州区实验小学一年级招生计划及报名条件", "email", request.Online, "", nil, nil},
		{request.Natural, "周明", y + "年兖州区中小学课后服务收费标准及减免政策", "email", request.Online, "", []request.Event{
			{Type: request.EvReceived, On: back(3)}}, nil},
		{request.Natural, "吴静", y + "年兖州区义务教育阶段随迁子女入学材料清单", "paper", request.InPerson, "基础教育科", []request.Event{
			{Type: request.EvReceived, On: back(12)}}, nil},
		{request.OtherOrg, "兖州区某培训学校", y + "年兖州区校外培训机构年检结果", "email", request.Online, "职教科", []request.Event{
			{Type: request.EvReceived, On: back(18)}}, nil},
		{request.Natural, "郑伟", y + "年兖州区教育系统公开招聘教师笔试成绩及合格分数线", "email", request.Online, "人事科", []request.Event{
			{Type: request.EvReceived, On: back(23)}}, nil},
		{request.Natural, "冯敏", "学校的有关文件", "paper", request.InPerson, "", []request.Event{
			{Type: request.EvReceived, On: back(6)},
			{Type: request.EvCorrectionRequested, On: back(4), Workdays: 15, Note: "请写明所需文件的名称、学校和时间范围"}}, nil},
		{request.Commercial, "兖州某建设工程有限公司", y + "年兖州区某中学教学楼改造项目合同", "email", request.Online, "计划财务科", []request.Event{
			{Type: request.EvReceived, On: back(10)},
			{Type: request.EvConsultationStarted, On: back(4), Party: request.ThirdParty, Note: "向合同相对方发出征求意见书"}}, nil},
		{request.Natural, "陈刚", y + "年兖州区义务教育学校学区划分", "email", request.Online, "基础教育科", []request.Event{
			{Type: request.EvReceived, On: back(30)},
			{Type: request.EvReplied, On: back(16), Outcome: request.Disclosed}}, nil},
	}
}

// seedRequests adds last year's applications (history for the annual
// report) and this year's, dated from the demo's day; events after that
// day are left out, so a clock is never seen from the future.
func seedRequests(ctx context.Context, d *Demo) error {
	st := d.Store
	saved := st.Now
	defer func() { st.Now = saved }()
	today := workday.DateOf(d.Now)
	cal, err := st.Calendar(ctx)
	if err != nil {
		return err
	}
	shift := today.Year - 1 - 2023
	var all []demoRequest
	for _, dr := range lastYearRequests {
		dr.events = append([]request.Event(nil), dr.events...)
		for i := range dr.events {
			dr.events[i].On = inYear(dr.events[i].On, shift)
			if !dr.events[i].Deadline.IsZero() {
				dr.events[i].Deadline = inYear(dr.events[i].Deadline, shift)
			}
		}
		dr.cases = append([]store.RequestCase(nil), dr.cases...)
		for i := range dr.cases {
			dr.cases[i].FiledOn = inYear(dr.cases[i].FiledOn, shift)
		}
		dr.desc = strings.NewReplacer("2022年", strconv.Itoa(2022+shift)+"年", "2023年", strconv.Itoa(2023+shift)+"年").Replace(dr.desc)
		all = append(all, dr)
	}
	all = append(all, currentRequests(cal, today)...)
	office := auth.ActorOf(d.Users["bangongshi"], "")
	leader := auth.ActorOf(d.Users["fenguan"], "")
	var codes []string
	for i, dr := range all {
		var events []request.Event
		for _, ev := range dr.events {
			if !ev.On.After(today) {
				events = append(events, ev)
			}
		}
		if len(dr.events) > 0 && len(events) == 0 {
			continue
		}
		first := today.AddDays(-1)
		if len(events) > 0 {
			first = events[0].On
		}
		st.Now = func() time.Time { return at(first, 0) }
		p := request.Applicant{Type: dr.typ, Name: dr.name, IDNumber: demoID(i), Phone: fmt.Sprintf("1380537%04d", 1000+i), Address: "济宁市兖州区"}
		if dr.typ.IsOrg() {
			p.IDNumber, p.Contact = fmt.Sprintf("91370882MA3C4XY%02dA", 10+i), "张经办"
		}
		if dr.form == "email" {
			p.Email = fmt.Sprintf("applicant%d@example.com", i)
		}
		app := request.Application{Applicant: p, Description: dr.desc, Form: dr.form, Channel: dr.ch}
		cr, err := st.CreateRequest(ctx, office, store.NewRequest{Application: app})
		if err != nil {
			return fmt.Errorf("demo: request %d: %w", i, err)
		}
		codes = append(codes, cr.Code)
		for k, ev := range events {
			st.Now = func() time.Time { return at(ev.On, 1+k) }
			a := office
			if ev.Type == request.EvExtended {
				a = leader
			}
			if ev.Type == request.EvReplied {
				body := fmt.Sprintf("%s：\n经审查，现答复如下（示例答复）。", dr.name)
				drafter := office // the unit drafts only requests routed to it (request.MayHandle)
				if dr.unit == "基础教育科" {
					drafter = auth.ActorOf(d.Users["jijiaoke"], "")
				}
				if err := st.SaveDraft(ctx, drafter, cr.ID, store.Draft{Outcome: ev.Outcome, Body: body}); err != nil {
					return fmt.Errorf("demo: draft %d: %w", i, err)
				}
			}
			if _, err := st.AddRequestEvent(ctx, a, cr.ID, ev); err != nil {
				return fmt.Errorf("demo: request %d event %s: %w", i, ev.Type, err)
			}
			if ev.Type == request.EvReceived && dr.unit != "" {
				if err := routeOnce(ctx, d, office, cr.ID, dr.unit, ev.On); err != nil {
					return err
				}
			}
		}
		for _, c := range dr.cases {
			if c.FiledOn.After(today) {
				continue
			}
			c.RequestID = cr.ID
			if _, err := st.SaveCase(ctx, office, c); err != nil {
				return fmt.Errorf("demo: case %d: %w", i, err)
			}
		}
		if i == 5 && len(codes) > 1 { // asks what request 1 asked: a review towards proactive disclosure
			if err := st.FlagReview(ctx, auth.System, cr.ID, "similar", []string{codes[1]}, 0.6, ""); err != nil {
				return err
			}
		}
	}
	return nil
}

// routeOnce routes a request to its unit at its first handling step.
func routeOnce(ctx context.Context, d *Demo, a auth.Actor, id int64, unit string, on workday.Date) error {
	rec, err := d.Store.Request(ctx, id)
	if err != nil || rec.UnitID != 0 || rec.DueOn.IsZero() {
		return err
	}
	u, ok := d.Units[unit]
	if !ok {
		return fmt.Errorf("demo: no unit %s", unit)
	}
	due := rec.DueOn
	if due.Before(on) {
		due = on
	}
	return d.Store.RouteRequest(ctx, a, id, u.ID, due)
}
