package demo

import (
	"context"
	_ "embed"
	"fmt"
	"strconv"
	"strings"
	"time"

	"gongkai/internal/auth"
	"gongkai/internal/plan"
	"gongkai/internal/store"
	"gongkai/internal/workday"
)

// seedNotice is the 2023 notice with its task-breakdown table, embedded so
// that a fresh clone runs the demo without ../shared.
//
//go:embed data/notice-2023-yanzhou-education.txt
var seedNotice []byte

// SeedNotice returns the embedded 2023 notice (for tests and benchmarks).
func SeedNotice() []byte { return append([]byte(nil), seedNotice...) }

// noticeFor is the seed notice as the notice of year y: its years moved to
// y (the deadlines keep their wording: 11月底前 becomes y-11-30 when the
// table is parsed for y), with the office's follow-up tasks appended when
// extra is given.
func noticeFor(y int, extra []extraTask) []byte {
	s := strings.ReplaceAll(string(seedNotice), "2023", strconv.Itoa(y))
	s = strings.TrimRight(s, "\n\t ")
	for _, e := range extra {
		s += fmt.Sprintf("\n\n\t%d\n\t%s\n\t%s\n\t%s\n\t%s\n\t%s", e.seq, e.category, e.subcategory, e.requirement, strings.Join(e.units, "\n"), e.deadline)
	}
	return []byte(s + "\n")
}

// extraTask is one of the office's follow-up tasks, added to the year's
// table with a deadline near the demo's day, so that the work around
// "today" is in every state whatever the day.
type extraTask struct {
	category, subcategory, requirement string
	units                              []string
	deadline                           string
	due                                workday.Date
	seq                                int // its number in the table (after the notice's 22), whatever is left out
}

// deadlineWording writes a date as a notice would: 12月5日前, with the
// year when it is not the plan's.
func deadlineWording(d workday.Date, year int) string {
	if d.Year != year {
		return fmt.Sprintf("%d年%d月%d日前", d.Year, int(d.Month), d.Day)
	}
	return fmt.Sprintf("%d月%d日前", int(d.Month), d.Day)
}

// at is a moment of a civil day in Shanghai (10:00 plus minutes).
func at(d workday.Date, minutes int) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 2, minutes, 0, 0, time.UTC)
}

// clamp keeps d within [lo, hi].
func clamp(d, lo, hi workday.Date) workday.Date {
	if d.Before(lo) {
		return lo
	}
	if d.After(hi) {
		return hi
	}
	return d
}

type step struct {
	office bool // done by the office (confirm, return)
	act    plan.Action
	in     plan.Input
	on     workday.Date
}

// seedPlan imports the seed table twice — as last year's plan, nearly all
// of it done and confirmed (history for the assessment, the annual figures
// and the year selectors), and as this year's, with the office's follow-up
// tasks due around today — and moves the assignments along so that the
// liaisons' 工作台 and the ledger show work in every state: a few days
// overdue, most of it upcoming, some reported and confirmed. All dates are
// relative to the demo's day (README: the demo date rule).
func seedPlan(ctx context.Context, d *Demo) error {
	today := workday.DateOf(d.Now)
	year := today.Year
	if err := seedLastYearPlan(ctx, d, year-1, today); err != nil {
		return err
	}
	jan := workday.Date{Year: year, Month: time.January, Day: 2}
	if today.Before(jan) {
		jan = today // New Year's Day: nothing happens tomorrow
	}
	imported := clamp(today.AddDays(-150), jan, today)
	extra := []extraTask{
		{"强化工作落实", "跟踪调度", "对照任务分解表逐项自查，报送本单位政务公开重点工作进展情况。", []string{"基础教育科", "职教科", "兖州区实验小学"}, "", today.AddDays(-4), 0},
		{"", "", "更新学校公开栏和门户网站“学校概况”栏目，确保招生、收费、课后服务等信息准确完整。", []string{"兖州区实验小学", "兖州区第一实验小学"}, "", today.AddDays(6), 0},
		{"", "", "组织本单位政务公开工作人员参加业务培训，报送学习记录。", []string{"基础教育科", "职教科", "兖州区实验小学"}, "", today.AddDays(25), 0},
		{"", "", "梳理本单位依申请公开转主动公开事项清单并报办公室备案。", []string{"基础教育科"}, "", today.AddDays(-2), 0},
	}
	var withExtra []extraTask
	for i, e := range extra {
		e.seq = 23 + i         // the scripts below name the tasks by these numbers
		if e.due.Year < year { // early January: no deadline before the plan's year
			continue
		}
		e.deadline = deadlineWording(e.due, year)
		withExtra = append(withExtra, e)
	}
	if err := importPlan(ctx, d, year, withExtra, imported); err != nil {
		return err
	}
	lines, err := d.Store.Ledger(ctx, store.LedgerFilter{Year: year})
	if err != nil {
		return err
	}
	// Steps happen between the import and today, never after today.
	span := max(1, imported.DaysUntil(today))
	when := func(frac float64) workday.Date {
		return clamp(imported.AddDays(int(float64(span)*frac)), imported, today)
	}
	claim := func(person string, f float64) step {
		return step{act: plan.ActClaim, in: plan.Input{Person: person, Phone: "0537-3411234"}, on: when(f)}
	}
	progress := func(text string, f float64) step {
		return step{act: plan.ActProgress, in: plan.Input{Text: text, Links: []string{"/interpretations"}}, on: when(f)}
	}
	finish := func(f float64) step {
		return step{act: plan.ActFinish, in: plan.Input{Text: "已按要求完成，相关信息已在门户网站公开。", Links: []string{"/catalog"}}, on: when(f)}
	}
	confirm := func(f float64) step { return step{office: true, act: plan.ActConfirm, on: when(f)} }
	ret := func(reason string, f float64) step {
		return step{office: true, act: plan.ActReturn, in: plan.Input{Reason: reason}, on: when(f)}
	}
	scripts := map[string]map[int][]step{
		"基础教育科": {
			1:  {claim("孙科员", .05), progress("已在门户网站更新入学政策解读，正在收集佐证材料。", .3), finish(.6), confirm(.7)},
			18: {claim("孙科员", .1), progress("已梳理义务教育入学公开事项，正在更新标准目录。", .8)},
			23: {claim("孙科员", .9)},
			25: {claim("孙科员", .92)},
			26: {claim("孙科员", .85), finish(.95), confirm(.98)},
		},
		"职教科": {
			1:  {claim("周科员", .1), finish(.5)},
			2:  {claim("周科员", .1), finish(.6), ret("佐证材料未体现收费公示内容，请补充公示页面链接。", .8)},
			23: {claim("周科员", .9), progress("已完成自查，正在汇总材料。", .97)},
		},
		"办公室": {
			4:  {claim("王主任", .02), progress("已按年度重点任务调整主动公开基本目录。", .5)},
			5:  {claim("王主任", .02)},
			19: {claim("王主任", .05), progress("已完成网站适老化改造，正在优化站内搜索。", .6), finish(.9), confirm(.95)},
		},
		"兖州区实验小学": {
			24: {claim("陈老师", .95)},
		},
		"宣传信息中心": {
			20: {claim("李明", .1), progress("已修订政务新媒体管理办法（送审稿）。", .7)},
		},
	}
	scripted := map[string]bool{}
	for unit := range scripts {
		scripted[unit] = true
	}
	for _, l := range lines {
		if scripted[l.Assignment.UnitName] {
			continue
		}
		if scripts[l.Assignment.UnitName] == nil {
			scripts[l.Assignment.UnitName] = map[int][]step{}
		}
		scripts[l.Assignment.UnitName][l.Task.Seq] = ordinaryUnit(l, today, claim("联络员", .1).on)
	}
	if err := runScripts(ctx, d, lines, scripts); err != nil {
		return err
	}
	return seedPlanFollowUp(ctx, d, today)
}

// ordinaryUnit is how a unit without a demo login has kept up with this
// year's plan as of today, judged by the assignment's next due date: work
// due more than a week ago reported before its deadline and (mostly)
// confirmed; work due in the last week reported, or a few days overdue;
// continuous work reported on recently; upcoming work mostly claimed, some
// of it under way, a little not yet claimed. A small spread over units and
// tasks keeps the ledger, dashboard and assessment from looking uniform.
func ordinaryUnit(l plan.Line, today, claimOn workday.Date) []step {
	k := (l.Task.Seq*7 + int(l.Assignment.UnitID)) % 8
	claim := step{act: plan.ActClaim, in: plan.Input{Person: "联络员", Phone: "0537-3411000"}, on: claimOn}
	progress := func(on workday.Date) step {
		return step{act: plan.ActProgress, in: plan.Input{Text: "正在按要求推进，已完成阶段性工作。", Links: []string{"/catalog"}}, on: clamp(on, claimOn, today)}
	}
	finish := func(on workday.Date) step {
		return step{act: plan.ActFinish, in: plan.Input{Text: "已按要求完成，佐证材料见链接。", Links: []string{"/catalog"}}, on: clamp(on, claimOn, today)}
	}
	confirm := func(on workday.Date) step {
		return step{office: true, act: plan.ActConfirm, on: clamp(on, claimOn, today)}
	}
	due := l.Due
	switch {
	case l.Task.Deadline.Kind != plan.DeadlineDate || due.IsZero():
		return []step{claim, progress(today.AddDays(-3))}
	case due.Before(today.AddDays(-7)):
		f := finish(due.AddDays(-5))
		if k == 0 {
			return []step{claim, f}
		}
		return []step{claim, f, confirm(f.on.AddDays(4))}
	case due.Before(today):
		if k%3 == 0 {
			return []step{claim, progress(due.AddDays(-10))}
		}
		f := finish(due.AddDays(-2))
		if k%2 == 0 {
			return []step{claim, f, confirm(today)}
		}
		return []step{claim, f}
	case k < 2:
		return nil
	case k >= 5:
		return []step{claim, progress(claimOn.AddDays(claimOn.DaysUntil(today) * 2 / 3))}
	default:
		return []step{claim}
	}
}

// importPlan parses the seed notice for year and saves it as of day on;
// the office designates the units of task 6 (各有关科室).
func importPlan(ctx context.Context, d *Demo, year int, extra []extraTask, on workday.Date) error {
	st := d.Store
	saved := st.Now
	defer func() { st.Now = saved }()
	st.Now = func() time.Time { return at(on, 0) }
	units, err := st.Units(ctx)
	if err != nil {
		return err
	}
	name := fmt.Sprintf("notice-%d-yanzhou-education.txt", year)
	p, err := plan.Parse(name, noticeFor(year, extra), year, units)
	if err != nil {
		return fmt.Errorf("demo plan %d: %w", year, err)
	}
	if _, err := st.SavePlan(ctx, d.Actor, p); err != nil {
		return fmt.Errorf("demo plan %d: %w", year, err)
	}
	tasks, err := st.Tasks(ctx, year)
	if err != nil {
		return err
	}
	for _, t := range tasks {
		if t.Seq == 6 {
			if _, err := st.Designate(ctx, d.Actor, t.ID, []int64{d.Units["政策研究室"].ID, d.Units["基础教育科"].ID}); err != nil {
				return err
			}
		}
	}
	return nil
}

// runScripts moves each scripted assignment through its steps, each on its
// own day (the store's clock set to it), the unit's liaison acting for the
// unit (the office for units without a demo login).
func runScripts(ctx context.Context, d *Demo, lines []plan.Line, scripts map[string]map[int][]step) error {
	st := d.Store
	saved := st.Now
	defer func() { st.Now = saved }()
	office := d.Users["bangongshi"]
	unitUser := map[string]auth.User{"基础教育科": d.Users["jijiaoke"], "职教科": d.Users["zhijiaoke"], "兖州区实验小学": d.Users["xiaoxue"], "办公室": office}
	for _, l := range lines {
		for i, s := range scripts[l.Assignment.UnitName][l.Task.Seq] {
			u, ok := unitUser[l.Assignment.UnitName]
			if !ok || s.office {
				u = office
			}
			if u.UnitName == "" {
				u.UnitName = l.Assignment.UnitName
			}
			st.Now = func() time.Time { return at(s.on, 10+i) }
			if _, err := st.MoveAssignment(ctx, auth.ActorOf(u, ""), u, l.Assignment.ID, s.act, s.in, nil); err != nil {
				return fmt.Errorf("demo plan %d: task %d %s %s: %w", l.Task.Year, l.Task.Seq, l.Assignment.UnitName, s.act, err)
			}
		}
	}
	return nil
}

// seedLastYearPlan keeps last year's plan as history: every assignment of
// the demo's units reported before its deadline and confirmed (one after a
// return). In the first weeks of a year a few are still open — the
// rollover the 工作台 shows — and never more than 45 days past due.
func seedLastYearPlan(ctx context.Context, d *Demo, year int, today workday.Date) error {
	start := workday.Date{Year: year, Month: time.March, Day: 1}
	if err := importPlan(ctx, d, year, nil, start); err != nil {
		return err
	}
	lines, err := d.Store.Ledger(ctx, store.LedgerFilter{Year: year})
	if err != nil {
		return err
	}
	day := func(m time.Month, dd int) workday.Date { return workday.Date{Year: year, Month: m, Day: dd} }
	earlyInYear := today.Year == year+1 && today.DaysUntil(day(time.December, 31)) > -45
	scripts := map[string]map[int][]step{}
	add := func(unit string, seq int, steps ...step) {
		if scripts[unit] == nil {
			scripts[unit] = map[int][]step{}
		}
		scripts[unit][seq] = steps
	}
	for _, l := range lines {
		unit, seq := l.Assignment.UnitName, l.Task.Seq
		claimOn := day(time.March, 6+seq%10)
		doneOn := day(time.Month(5+seq%6), 10+seq%15)
		steps := []step{
			{act: plan.ActClaim, in: plan.Input{Person: "联络员", Phone: "0537-3411000"}, on: claimOn},
			{act: plan.ActFinish, in: plan.Input{Text: "已按要求完成，佐证材料见链接。", Links: []string{"/catalog"}}, on: doneOn},
		}
		switch {
		case unit == "职教科" && seq == 2:
			steps = append(steps, step{office: true, act: plan.ActReturn, in: plan.Input{Reason: "请补充收费公示页面链接。"}, on: doneOn.AddDays(3)},
				step{act: plan.ActFinish, in: plan.Input{Text: "已补充收费公示页面链接。", Links: []string{"/catalog"}}, on: doneOn.AddDays(8)},
				step{office: true, act: plan.ActConfirm, on: doneOn.AddDays(10)})
		case earlyInYear && unit == "基础教育科" && seq == 18:
			steps = []step{steps[0], {act: plan.ActProgress, in: plan.Input{Text: "标准目录更新已完成大部分，尚需与业务系统对接。"}, on: day(time.December, 20)}}
		case earlyInYear && unit == "兖州区实验小学" && seq == 3:
			steps = []step{steps[0], {act: plan.ActFinish, in: plan.Input{Text: "已完成学校公开目录的完善。", Links: []string{"/catalog"}}, on: day(time.November, 28)}}
		default:
			steps = append(steps, step{office: true, act: plan.ActConfirm, on: doneOn.AddDays(5)})
		}
		add(unit, seq, steps...)
	}
	return runScripts(ctx, d, lines, scripts)
}

// seedPlanFollowUp adds liaisons (one unit changed its liaison), a
// training, an inspection with a rectification item due soon and a help
// ticket, all dated around the demo's day.
func seedPlanFollowUp(ctx context.Context, d *Demo, today workday.Date) error {
	st, a := d.Store, d.Actor
	year := today.Year
	jan := workday.Date{Year: year - 1, Month: time.January, Day: 1}
	liaisons := []struct {
		unit, name, phone string
		from              workday.Date
	}{
		{"兖州区实验小学", "陈老师", "0537-3411001", jan},
		{"基础教育科", "孙科员", "0537-3411002", jan},
		{"职教科", "吴科员", "0537-3411003", jan},
		{"职教科", "周科员", "0537-3411004", clamp(today.AddDays(-120), jan.AddDays(1), today)},
		{"办公室", "王主任", "0537-3411000", jan},
	}
	for _, l := range liaisons {
		if err := st.SetLiaison(ctx, a, d.Units[l.unit].ID, l.name, l.phone, l.from); err != nil {
			return fmt.Errorf("demo liaison: %w", err)
		}
	}
	if _, err := st.AddTraining(ctx, a, plan.Training{HeldOn: today.AddDays(-45), Topic: fmt.Sprintf("%d年全区教育系统政务公开业务培训", today.AddDays(-45).Year), Organiser: "办公室",
		Attendees: map[int64]int{d.Units["兖州区实验小学"].ID: 1, d.Units["基础教育科"].ID: 1, d.Units["职教科"].ID: 2}}); err != nil {
		return fmt.Errorf("demo training: %w", err)
	}
	zj := d.Units["职教科"].ID
	id, err := st.CreateInspection(ctx, a, plan.Inspection{Year: year, Title: fmt.Sprintf("%d年政务公开重点任务督查", year), InspectedOn: today.AddDays(-12), ScopeUnits: []int64{zj, d.Units["兖州区实验小学"].ID}})
	if err != nil {
		return fmt.Errorf("demo inspection: %w", err)
	}
	if err := st.AddFinding(ctx, a, id, zj, 0, "民办学校收费公示信息未集中公开", "在门户网站集中公开民办学校收费公示信息", today.AddDays(9)); err != nil {
		return fmt.Errorf("demo finding: %w", err)
	}
	u := d.Users["xiaoxue"]
	u.UnitName = "兖州区实验小学"
	if _, err := st.AskHelp(ctx, auth.ActorOf(u, ""), u, "学校公开栏内容的保存期限", "学校公开栏张贴的招生信息需要保留多长时间？是否需要归档？"); err != nil {
		return fmt.Errorf("demo ticket: %w", err)
	}
	return nil
}
