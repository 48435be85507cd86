package store_test

import (
	"context"
	"os"
	"testing"
	"time"

	"gongkai"
	"gongkai/internal/auth"
	"gongkai/internal/org"
	"gongkai/internal/plan"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

func planUnits(t *testing.T, ctx context.Context, s *store.Store) map[string]org.Unit {
	t.Helper()
	a := auth.Actor{Login: "admin", Role: auth.RoleAdmin}
	specs := []struct {
		name string
		kind org.Kind
		tags []string
	}{
		{"办公室", org.KindOffice, nil}, {"基础教育科", org.KindDepartment, nil}, {"职教科", org.KindDepartment, nil},
		{"政策研究室", org.KindDepartment, nil}, {"宣传信息中心", org.KindCenter, nil},
		{"兖州区实验小学", org.KindSchool, []string{"区直", "小学"}}, {"兖州区职业中等专业学校", org.KindVocational, []string{"区直"}},
	}
	out := map[string]org.Unit{}
	for _, sp := range specs {
		u, err := s.CreateUnit(ctx, a, org.Unit{Name: sp.name, Kind: sp.kind, Tags: sp.tags, Active: true})
		if err != nil {
			t.Fatal(err)
		}
		out[sp.name] = u
	}
	return out
}

func importSeed(t *testing.T, ctx context.Context, s *store.Store) (*plan.Parsed, store.ImportResult) {
	t.Helper()
	data, err := os.ReadFile("../../testdata/notice-2023-yanzhou-education.txt")
	if err != nil {
		t.Fatal(err)
	}
	units, err := s.Units(ctx)
	if err != nil {
		t.Fatal(err)
	}
	p, err := plan.Parse("notice.txt", data, 2023, units)
	if err != nil {
		t.Fatal(err)
	}
	res, err := s.SavePlan(ctx, auth.CLI, p)
	if err != nil {
		t.Fatal(err)
	}
	return p, res
}

func TestPlanImportIdempotent(t *testing.T) {
	ctx := context.Background()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		planUnits(t, ctx, s)
		p, res := importSeed(t, ctx, s)
		if res.Created != 22 || res.Updated != 0 {
			t.Fatalf("first import: got created %d updated %d; want 22, 0", res.Created, res.Updated)
		}
		if res.NewAssignments != p.Assignments() {
			t.Errorf("assignments: got %d; want %d", res.NewAssignments, p.Assignments())
		}
		_, res2 := importSeed(t, ctx, s)
		if res2.Created != 0 || res2.Updated != 22 || res2.NewAssignments != 0 || res2.Removed != 0 {
			t.Errorf("second import: got %+v; want 22 updated, nothing new", res2)
		}
		tasks, err := s.Tasks(ctx, 2023)
		if err != nil {
			t.Fatal(err)
		}
		if len(tasks) != 22 {
			t.Fatalf("tasks: got %d; want 22", len(tasks))
		}
		if got, want := tasks[0].Deadline.Date.String(), "2023-11-30"; got != want {
			t.Errorf("task 1 deadline: got %s; want %s", got, want)
		}
		if got, want := tasks[0].Deadline.Text, "11月底前"; got != want {
			t.Errorf("task 1 deadline text: got %s; want %s", got, want)
		}
		if !tasks[5].Designate {
			t.Errorf("task 6 designate: got false; want true")
		}
		lines, err := s.Ledger(ctx, store.LedgerFilter{Year: 2023})
		if err != nil {
			t.Fatal(err)
		}
		if len(lines) != p.Assignments() {
			t.Errorf("ledger lines: got %d; want %d", len(lines), p.Assignments())
		}
	})
}

func TestPlanImportRollsBack(t *testing.T) {
	ctx := context.Background()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		planUnits(t, ctx, s)
		p := &plan.Parsed{File: "x.csv", Year: 2024, Rows: []plan.Row{
			{Seq: 1, Requirement: "甲", UnitIDs: []int64{1}},
			{Seq: 2, Requirement: "乙", UnitIDs: []int64{999999}}, // no such unit: the insert fails
		}}
		if _, err := s.SavePlan(ctx, auth.CLI, p); err == nil {
			t.Fatal("SavePlan: got no error; want a foreign-key error")
		}
		if _, err := s.PlanByYear(ctx, 2024); !store.IsNotFound(err) {
			t.Errorf("plan after failed import: got %v; want not found", err)
		}
	})
}

func TestPlanAssignmentLife(t *testing.T) {
	ctx := context.Background()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		units := planUnits(t, ctx, s)
		clock := time.Date(2023, 10, 9, 2, 0, 0, 0, time.UTC)
		s.Now = func() time.Time { return clock }
		importSeed(t, ctx, s)
		school := units["兖州区实验小学"]
		lines, err := s.Ledger(ctx, store.LedgerFilter{Year: 2023, UnitID: school.ID})
		if err != nil || len(lines) == 0 {
			t.Fatalf("school lines: %v %d", err, len(lines))
		}
		id := lines[0].Assignment.ID
		unitUser := auth.User{ID: 0, Role: auth.RoleUnit, UnitID: school.ID, Name: "陈老师"}
		other := auth.User{Role: auth.RoleUnit, UnitID: units["职教科"].ID}
		office := auth.User{Role: auth.RoleOffice, UnitID: units["办公室"].ID, Name: "王主任"}
		act := auth.Actor{Login: "xiaoxue", Role: auth.RoleUnit}
		if _, err := s.MoveAssignment(ctx, act, other, id, plan.ActClaim, plan.Input{Person: "x"}, nil); gongkai.ErrorCode(err) != gongkai.EFORBIDDEN {
			t.Errorf("claim by other unit: got %v; want forbidden", err)
		}
		steps := []struct {
			u     auth.User
			act   plan.Action
			in    plan.Input
			files []store.Upload
			want  plan.Status
		}{
			{unitUser, plan.ActClaim, plan.Input{Person: "陈老师"}, nil, plan.StatusClaimed},
			{unitUser, plan.ActProgress, plan.Input{Text: "已更新栏目"}, []store.Upload{{Name: "a.png", ContentType: "image/png", Data: []byte("\x89PNG\r\n\x1a\nxx")}}, plan.StatusInProgress},
			{unitUser, plan.ActFinish, plan.Input{Text: "已完成", Links: []string{"https://example.org/p/1"}}, nil, plan.StatusReported},
			{office, plan.ActReturn, plan.Input{Reason: "佐证不足"}, nil, plan.StatusReturned},
			{unitUser, plan.ActFinish, plan.Input{Text: "补充佐证", Links: []string{"https://example.org/p/2"}}, nil, plan.StatusReported},
			{office, plan.ActConfirm, plan.Input{}, nil, plan.StatusConfirmed},
		}
		for i, st := range steps {
			clock = clock.Add(time.Hour)
			got, err := s.MoveAssignment(ctx, act, st.u, id, st.act, st.in, st.files)
			if err != nil {
				t.Fatalf("step %d %s: %v", i, st.act, err)
			}
			if got.Status != st.want {
				t.Errorf("step %d: got %s; want %s", i, got.Status, st.want)
			}
		}
		// A second confirm is refused by the state machine.
		if _, err := s.MoveAssignment(ctx, act, office, id, plan.ActConfirm, plan.Input{}, nil); gongkai.ErrorCode(err) != gongkai.ECONFLICT {
			t.Errorf("confirm twice: got %v; want conflict", err)
		}
		hist, err := s.History(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if len(hist) != 6 {
			t.Fatalf("history: got %d; want 6", len(hist))
		}
		if len(hist[1].Files) != 1 || hist[1].Files[0].Name != "a.png" {
			t.Errorf("history files: got %+v; want a.png", hist[1].Files)
		}
		l, err := s.Line(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if l.Assignment.Returns != 1 || len(l.Links) != 2 || l.FileCount != 1 || l.LastText != "补充佐证" {
			t.Errorf("line: got returns %d links %v files %d last %q", l.Assignment.Returns, l.Links, l.FileCount, l.LastText)
		}
		audit, err := s.Audit(ctx, store.AuditFilter{Entity: "plan_assignment", EntityID: fmtInt(id)})
		if err != nil {
			t.Fatal(err)
		}
		if len(audit) != 6 {
			t.Errorf("audit rows: got %d; want 6", len(audit))
		}
		// Overdue is computed: the seed's 11月底前 task is late in December.
		clock = time.Date(2023, 12, 5, 2, 0, 0, 0, time.UTC)
		over, err := s.Ledger(ctx, store.LedgerFilter{Year: 2023, Overdue: true})
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range over {
			if l.Overdue <= 0 || !l.Assignment.Status.Open() {
				t.Errorf("overdue filter returned %+v", l.Assignment)
			}
		}
		if len(over) == 0 {
			t.Errorf("overdue in December: got none; want some")
		}
	})
}

func TestPlanDesignate(t *testing.T) {
	ctx := context.Background()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		units := planUnits(t, ctx, s)
		importSeed(t, ctx, s)
		tasks, _ := s.Tasks(ctx, 2023)
		task6 := tasks[5]
		n, err := s.Designate(ctx, auth.CLI, task6.ID, []int64{units["政策研究室"].ID, units["基础教育科"].ID})
		if err != nil || n != 2 {
			t.Fatalf("designate: got %d, %v; want 2", n, err)
		}
		// Re-import keeps the designated assignments.
		importSeed(t, ctx, s)
		lines, _ := s.Ledger(ctx, store.LedgerFilter{TaskID: task6.ID})
		if len(lines) != 2 {
			t.Errorf("after re-import: got %d assignments; want 2", len(lines))
		}
	})
}
