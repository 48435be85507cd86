package demo

import (
	"context"
	_ "embed"
	"fmt"

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

// seedPlan imports the seed table as the 2023 plan and moves some
// assignments along so that the ledger shows several states.
func seedPlan(ctx context.Context, d *Demo) error {
	units, err := d.Store.Units(ctx)
	if err != nil {
		return err
	}
	p, err := plan.Parse("notice-2023-yanzhou-education.txt", seedNotice, 2023, units)
	if err != nil {
		return fmt.Errorf("demo plan: %w", err)
	}
	res, err := d.Store.SavePlan(ctx, d.Actor, p)
	if err != nil {
		return fmt.Errorf("demo plan: %w", err)
	}
	tasks, err := d.Store.Tasks(ctx, 2023)
	if err != nil {
		return err
	}
	// The office designates units for task 6 (各有关科室).
	for _, t := range tasks {
		if t.Seq == 6 {
			if _, err := d.Store.Designate(ctx, d.Actor, t.ID, []int64{d.Units["政策研究室"].ID, d.Units["基础教育科"].ID}); err != nil {
				return err
			}
		}
	}
	lines, err := d.Store.Ledger(ctx, store.LedgerFilter{Year: 2023})
	if err != nil {
		return err
	}
	office := d.Users["bangongshi"]
	type step struct {
		user string
		act  plan.Action
		in   plan.Input
	}
	claim := step{"", plan.ActClaim, plan.Input{Person: "孙科员", Phone: "0537-3411234"}}
	progress := step{"", plan.ActProgress, plan.Input{Text: "已在门户网站更新相关栏目，正在收集佐证材料。", Links: []string{"/interpretations"}}}
	finish := step{"", plan.ActFinish, plan.Input{Text: "已按要求完成，相关信息已在门户网站公开。", Links: []string{"/catalog"}}}
	scripts := map[string]map[int][]step{
		"基础教育科": {1: {claim, progress, finish, {"bangongshi", plan.ActConfirm, plan.Input{}}}, 18: {claim, progress}},
		"职教科":   {1: {claim, finish}, 2: {claim, finish, {"bangongshi", plan.ActReturn, plan.Input{Reason: "佐证材料未体现收费公示内容，请补充公示页面链接。"}}}},
		"办公室":   {4: {claim, progress}, 5: {claim}},
	}
	unitUser := map[string]auth.User{"基础教育科": d.Users["jijiaoke"], "职教科": d.Users["zhijiaoke"], "办公室": office}
	for _, l := range lines {
		steps := scripts[l.Assignment.UnitName][l.Task.Seq]
		for _, st := range steps {
			u := unitUser[l.Assignment.UnitName]
			if st.user == "bangongshi" {
				u = office
			}
			in := st.in
			if st.act == plan.ActClaim && l.Assignment.UnitName == "职教科" {
				in.Person = "周科员"
			}
			if _, err := d.Store.MoveAssignment(ctx, auth.ActorOf(u, ""), u, l.Assignment.ID, st.act, in, nil); err != nil {
				return fmt.Errorf("demo plan: task %d %s %s: %w", l.Task.Seq, l.Assignment.UnitName, st.act, err)
			}
		}
	}
	_ = res
	return seedPlanFollowUp(ctx, d)
}

// seedPlanFollowUp adds liaisons (one unit changed its liaison), a
// training, an inspection with a rectification item and a help ticket.
func seedPlanFollowUp(ctx context.Context, d *Demo) error {
	st, a := d.Store, d.Actor
	liaisons := []struct{ unit, name, phone, from string }{
		{"兖州区实验小学", "陈老师", "0537-3411001", "2023-01-01"},
		{"基础教育科", "孙科员", "0537-3411002", "2023-01-01"},
		{"职教科", "吴科员", "0537-3411003", "2023-01-01"},
		{"职教科", "周科员", "0537-3411004", "2023-06-01"},
		{"办公室", "王主任", "0537-3411000", "2023-01-01"},
	}
	for _, l := range liaisons {
		if err := st.SetLiaison(ctx, a, d.Units[l.unit].ID, l.name, l.phone, workday.MustDate(l.from)); err != nil {
			return fmt.Errorf("demo liaison: %w", err)
		}
	}
	if _, err := st.AddTraining(ctx, a, plan.Training{HeldOn: workday.MustDate("2023-05-18"), Topic: "2023年全区教育系统政务公开业务培训", Organiser: "办公室",
		Attendees: map[int64]int{d.Units["兖州区实验小学"].ID: 1, d.Units["基础教育科"].ID: 1, d.Units["职教科"].ID: 2}}); err != nil {
		return fmt.Errorf("demo training: %w", err)
	}
	zj := d.Units["职教科"].ID
	id, err := st.CreateInspection(ctx, a, plan.Inspection{Year: 2023, Title: "2023年上半年政务公开重点任务督查", InspectedOn: workday.MustDate("2023-07-05"), ScopeUnits: []int64{zj, d.Units["兖州区实验小学"].ID}})
	if err != nil {
		return fmt.Errorf("demo inspection: %w", err)
	}
	if err := st.AddFinding(ctx, a, id, zj, 0, "民办学校收费公示信息未集中公开", "在门户网站集中公开民办学校收费公示信息", workday.MustDate("2023-07-31")); err != nil {
		return fmt.Errorf("demo finding: %w", err)
	}
	u := d.Users["xiaoxue"]
	u.UnitName = "兖州区实验小学"
	if _, err := st.AskHelp(ctx, auth.ActorOf(u, ""), u, "学校公开栏内容的保存期限", "学校公开栏张贴的招生信息需要保留多长时间？是否需要归档？"); err != nil {
		return fmt.Errorf("demo ticket: %w", err)
	}
	return nil
}
