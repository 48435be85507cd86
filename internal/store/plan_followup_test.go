package store_test

import (
	"context"
	"testing"
	"time"

	"gongkai"
	"gongkai/internal/auth"
	"gongkai/internal/plan"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
	"gongkai/internal/workday"
)

// A frozen scorecard keeps its as-of date (30 June for the mid-year
// review) and is computed from the state at that date, whenever it is
// frozen: work done after 30 June and findings made after it do not count.
func TestScorecardAsOf(t *testing.T) {
	ctx := context.Background()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		units := planUnits(t, ctx, s)
		clock := time.Date(2023, 3, 1, 2, 0, 0, 0, time.UTC)
		s.Now = func() time.Time { return clock }
		importSeed(t, ctx, s)
		school, zj := units["兖州区实验小学"], units["职教科"]
		schoolU := auth.User{Role: auth.RoleUnit, UnitID: school.ID, Name: "陈老师"}
		zjU := auth.User{Role: auth.RoleUnit, UnitID: zj.ID, Name: "周科员"}
		lines, err := s.Ledger(ctx, store.LedgerFilter{Year: 2023})
		if err != nil {
			t.Fatal(err)
		}
		var schoolA, zjA int64
		for _, l := range lines {
			if l.Assignment.UnitID == school.ID && schoolA == 0 {
				schoolA = l.Assignment.ID
			}
			if l.Assignment.UnitID == zj.ID && l.Task.Seq == 2 {
				zjA = l.Assignment.ID
			}
		}
		move := func(day string, u auth.User, id int64, act plan.Action, in plan.Input) {
			t.Helper()
			d := workday.MustDate(day)
			clock = time.Date(d.Year, d.Month, d.Day, 2, 0, 0, 0, time.UTC)
			if _, err := s.MoveAssignment(ctx, auth.ActorOf(u, ""), u, id, act, in, nil); err != nil {
				t.Fatalf("%s %s: %v", day, act, err)
			}
		}
		move("2023-05-10", schoolU, schoolA, plan.ActClaim, plan.Input{Person: "陈老师"})
		move("2023-06-20", schoolU, schoolA, plan.ActFinish, plan.Input{Text: "已完成", Links: []string{"/catalog"}})
		move("2023-07-05", zjU, zjA, plan.ActClaim, plan.Input{Person: "周科员"}) // after 30 June
		clock = time.Date(2023, 7, 6, 2, 0, 0, 0, time.UTC)
		insID, err := s.CreateInspection(ctx, auth.CLI, plan.Inspection{Year: 2023, Title: "七月督查", InspectedOn: workday.MustDate("2023-07-06"), ScopeUnits: []int64{school.ID}})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.AddFinding(ctx, auth.CLI, insID, school.ID, 0, "公开栏未更新", "", workday.Date{}); err != nil {
			t.Fatal(err)
		}

		// Frozen years later (the view date must not leak in).
		clock = time.Date(2026, 12, 1, 2, 0, 0, 0, time.UTC)
		id, err := s.FreezeScorecard(ctx, auth.CLI, 2023, plan.PeriodMidYear, plan.DefaultWeights, workday.Date{})
		if err != nil {
			t.Fatal(err)
		}
		card, err := s.Scorecard(ctx, id, true)
		if err != nil {
			t.Fatal(err)
		}
		if card.AsOf.String() != "2023-06-30" {
			t.Errorf("as of = %s; want 2023-06-30 (the mid-year date), not the day it was frozen", card.AsOf)
		}
		by := map[int64]plan.Score{}
		for _, l := range card.Lines {
			by[l.UnitID] = l
		}
		if sc := by[school.ID]; sc.Done != 1 || sc.Findings != 0 {
			t.Errorf("school on 30 June: done %d findings %d; want 1 done (reported 20 June), 0 findings (inspection in July)", sc.Done, sc.Findings)
		}
		if sc := by[zj.ID]; sc.OnTime != 0 || sc.Done != 0 {
			t.Errorf("职教科 on 30 June: on time %d done %d; want 0 (claimed only on 5 July)", sc.OnTime, sc.Done)
		}
		// The annual review as of a chosen date, and no date after today.
		id2, err := s.FreezeScorecard(ctx, auth.CLI, 2023, plan.PeriodAnnual, plan.DefaultWeights, workday.MustDate("2023-07-31"))
		if err != nil {
			t.Fatal(err)
		}
		c2, _ := s.Scorecard(ctx, id2, true)
		for _, l := range c2.Lines {
			by[l.UnitID] = l
		}
		if c2.AsOf.String() != "2023-07-31" || by[school.ID].Findings != 1 || by[zj.ID].OnTime == 0 {
			t.Errorf("annual as of 2023-07-31: as of %s, school findings %d, 职教科 on time %d; want the July finding and claim", c2.AsOf, by[school.ID].Findings, by[zj.ID].OnTime)
		}
		if _, err := s.FreezeScorecard(ctx, auth.CLI, 2023, plan.PeriodAnnual, plan.DefaultWeights, workday.MustDate("2027-01-01")); gongkai.ErrorCode(err) != gongkai.EINVALID {
			t.Errorf("as of a future date: %v; want invalid", err)
		}
	})
}

func TestPlanInspectionAndAssessment(t *testing.T) {
	ctx := context.Background()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		units := planUnits(t, ctx, s)
		clock := time.Date(2023, 7, 3, 2, 0, 0, 0, time.UTC)
		s.Now = func() time.Time { return clock }
		importSeed(t, ctx, s)
		school := units["兖州区实验小学"]
		office := auth.User{Role: auth.RoleOffice, Name: "王主任"}
		unitU := auth.User{Role: auth.RoleUnit, UnitID: school.ID, Name: "陈老师"}
		other := auth.User{Role: auth.RoleUnit, UnitID: units["职教科"].ID}
		a := auth.CLI
		insID, err := s.CreateInspection(ctx, a, plan.Inspection{Year: 2023, Title: "上半年重点督查", InspectedOn: workday.MustDate("2023-07-03"), ScopeUnits: []int64{school.ID}})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.AddFinding(ctx, a, insID, units["职教科"].ID, 0, "x", "", workday.Date{}); gongkai.ErrorCode(err) != gongkai.EINVALID {
			t.Errorf("finding outside scope: got %v; want invalid", err)
		}
		if err := s.AddFinding(ctx, a, insID, school.ID, 0, "公开栏未更新", "一周内更新公开栏", workday.MustDate("2023-07-10")); err != nil {
			t.Fatal(err)
		}
		in, err := s.Inspection(ctx, insID)
		if err != nil || len(in.Findings) != 1 || len(in.Findings[0].Items) != 1 {
			t.Fatalf("inspection: %v %+v", err, in)
		}
		rid := in.Findings[0].Items[0].ID
		if err := s.MoveRectification(ctx, a, other, rid, plan.RectReport, "改了"); gongkai.ErrorCode(err) != gongkai.ENOTFOUND {
			t.Errorf("other unit reports: got %v; want not found", err)
		}
		if err := s.MoveRectification(ctx, a, office, rid, plan.RectClose, ""); gongkai.ErrorCode(err) != gongkai.ECONFLICT {
			t.Errorf("close before report: got %v; want conflict", err)
		}
		clock = time.Date(2023, 7, 12, 2, 0, 0, 0, time.UTC) // late
		if err := s.MoveRectification(ctx, a, unitU, rid, plan.RectReport, "已更新公开栏"); err != nil {
			t.Fatal(err)
		}
		if err := s.MoveRectification(ctx, a, office, rid, plan.RectClose, ""); err != nil {
			t.Fatal(err)
		}
		f, late, err := s.FindingCounts(ctx, 2023)
		if err != nil || f[school.ID] != 1 || late[school.ID] != 1 {
			t.Errorf("counts: findings %v late %v (%v); want 1 and 1 for the school", f, late, err)
		}
		// Assessment: freeze, recompute the draft, sign, then refuse.
		id, err := s.FreezeScorecard(ctx, a, 2023, plan.PeriodMidYear, plan.DefaultWeights, workday.Date{})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.FreezeScorecard(ctx, a, 2023, plan.PeriodMidYear, plan.DefaultWeights, workday.Date{}); err != nil {
			t.Fatalf("recompute draft: %v", err)
		}
		if err := s.SignScorecard(ctx, a, office, id); gongkai.ErrorCode(err) != gongkai.EFORBIDDEN {
			t.Errorf("office signs: got %v; want forbidden", err)
		}
		if err := s.SignScorecard(ctx, a, auth.User{Role: auth.RoleLeader, Name: "刘副局长"}, id); err != nil {
			t.Fatal(err)
		}
		if _, err := s.FreezeScorecard(ctx, a, 2023, plan.PeriodMidYear, plan.DefaultWeights, workday.Date{}); gongkai.ErrorCode(err) != gongkai.ECONFLICT {
			t.Errorf("recompute signed: got %v; want conflict", err)
		}
		card, err := s.Scorecard(ctx, id, true)
		if err != nil || card.Status != "signed" || card.SignedBy != "刘副局长" || len(card.Lines) == 0 {
			t.Fatalf("card: %v %+v", err, card)
		}
		// Liaisons with history; trainings; help tickets.
		if err := s.SetLiaison(ctx, a, school.ID, "陈老师", "1", workday.MustDate("2023-01-01")); err != nil {
			t.Fatal(err)
		}
		if err := s.SetLiaison(ctx, a, school.ID, "李老师", "2", workday.MustDate("2023-09-01")); err != nil {
			t.Fatal(err)
		}
		hist, _ := s.Liaisons(ctx, school.ID)
		if len(hist) != 2 || hist[0].EndedOn.String() != "2023-08-31" || !hist[1].EndedOn.IsZero() {
			t.Errorf("liaisons: got %+v", hist)
		}
		if got := plan.Turnover(hist, 2023)[school.ID]; got != 1 {
			t.Errorf("turnover: got %d; want 1", got)
		}
		if _, err := s.AddTraining(ctx, a, plan.Training{HeldOn: workday.MustDate("2023-05-20"), Topic: "政务公开业务培训", Organiser: "办公室", Attendees: map[int64]int{school.ID: 2}}); err != nil {
			t.Fatal(err)
		}
		ts, _ := s.Trainings(ctx)
		if n, ok := plan.TrainingCheck(ts, 2023); !ok || n != 1 || ts[0].People != 2 {
			t.Errorf("trainings: got %d %v %+v", n, ok, ts)
		}
		if _, ok := plan.TrainingCheck(ts, 2024); ok {
			t.Errorf("2024 without training: got ok")
		}
		unitU.UnitName = "兖州区实验小学"
		tid, err := s.AskHelp(ctx, a, unitU, "依申请公开答复期限", "第三方意见的时间是否计入？")
		if err != nil {
			t.Fatal(err)
		}
		if err := s.AnswerTicket(ctx, a, office, tid, "不计入，见条例第三十二条。"); err != nil {
			t.Fatal(err)
		}
		if err := s.AnswerTicket(ctx, a, office, tid, "again"); gongkai.ErrorCode(err) != gongkai.ECONFLICT {
			t.Errorf("answer twice: got %v; want conflict", err)
		}
	})
}
