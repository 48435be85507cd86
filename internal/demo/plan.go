package demo

import (
	"context"
	_ "embed"
	"fmt"

	"gongkai/internal/auth"
	"gongkai/internal/plan"
	"gongkai/internal/store"
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
	return nil
}
