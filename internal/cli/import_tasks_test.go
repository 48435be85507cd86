package cli

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"gongkai/internal/demo"
	"gongkai/internal/plan"
	"gongkai/internal/store"
)

func demoDB(t *testing.T) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "gk.db")
	st, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := st.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, err := demo.Seed(context.Background(), st, time.Date(2023, 10, 9, 2, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	return db
}

const seedPath = "../../testdata/notice-2023-yanzhou-education.txt"

func TestImportTasksJSON(t *testing.T) {
	db := demoDB(t)
	code, out, stderr := runCLI(t, "import", "tasks", seedPath, "--year", "2023", "--json", "--db", db)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var sum plan.Summary
	if err := json.Unmarshal([]byte(out), &sum); err != nil {
		t.Fatalf("json: %v\n%s", err, out)
	}
	if sum.Tasks != 22 || len(sum.Rows) != 22 {
		t.Fatalf("tasks: got %d (%d rows); want 22", sum.Tasks, len(sum.Rows))
	}
	if len(sum.UnresolvedUnits) != 0 {
		t.Errorf("unresolved: got %v; want none with the demo organisation", sum.UnresolvedUnits)
	}
	if sum.Created != 0 || sum.Updated != 22 {
		t.Errorf("re-import over the demo plan: got created %d updated %d; want 0, 22", sum.Created, sum.Updated)
	}
	r1 := sum.Rows[0]
	if r1.Seq != 1 || r1.Category != "推进绿色低碳高质量发展信息公开" || r1.Subcategory != "围绕提升群众生活品质强化公开" ||
		r1.Deadline != "2023-11-30" || r1.DeadlineText != "11月底前" || strings.Join(r1.Units, "|") != "基础教育科|职教科" {
		t.Errorf("row 1: got %+v", r1)
	}
	if !strings.HasPrefix(r1.Requirement, "推进义务教育“双减”信息公开") || !strings.HasSuffix(r1.Requirement, "解读力度。") {
		t.Errorf("row 1 requirement not whole: %q", r1.Requirement)
	}
	for _, r := range sum.Rows {
		if r.Deadline == "" || r.Deadline == "text" || len(r.Units) == 0 {
			t.Errorf("row %d: deadline %q units %v", r.Seq, r.Deadline, r.Units)
		}
	}
	// A raw JSON key check: the contract's field names.
	var raw map[string]any
	_ = json.Unmarshal([]byte(out), &raw)
	for _, k := range []string{"tasks", "assignments", "unresolved_units", "warnings", "rows"} {
		if _, ok := raw[k]; !ok {
			t.Errorf("json lacks %q", k)
		}
	}
}

func TestImportTasksEmptyOrganisation(t *testing.T) {
	db := filepath.Join(t.TempDir(), "fresh.db")
	code, out, stderr := runCLI(t, "import", "tasks", seedPath, "--year", "2023", "--json", "--db", db)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var sum plan.Summary
	if err := json.Unmarshal([]byte(out), &sum); err != nil {
		t.Fatal(err)
	}
	if sum.Tasks != 22 || sum.Assignments != 0 || len(sum.UnresolvedUnits) == 0 {
		t.Errorf("fresh database: got tasks %d assignments %d unresolved %v; want 22, 0, every name reported", sum.Tasks, sum.Assignments, sum.UnresolvedUnits)
	}
}

func TestImportTasksLayouts(t *testing.T) {
	db := demoDB(t)
	count := func() int {
		st, _ := store.Open(context.Background(), db)
		defer st.Close()
		tasks, _ := st.Tasks(context.Background(), 2023)
		return len(tasks)
	}
	before := count()
	for _, ext := range []string{"txt", "tsv", "csv", "xlsx", "docx"} {
		code, out, stderr := runCLI(t, "import", "tasks", "../../testdata/plan/layout-b."+ext, "--year", "2023", "--dry-run", "--json", "--db", db)
		if code != 0 {
			t.Errorf("%s: exit %d: %s", ext, code, stderr)
			continue
		}
		var sum plan.Summary
		if err := json.Unmarshal([]byte(out), &sum); err != nil {
			t.Fatal(err)
		}
		if sum.Tasks != 5 || !sum.DryRun || strings.Join(sum.UnresolvedUnits, "|") != "等有关处室（单位）" {
			t.Errorf("%s: got tasks %d dry %v unresolved %v", ext, sum.Tasks, sum.DryRun, sum.UnresolvedUnits)
		}
	}
	// --dry-run saved nothing: the 2023 plan still has the demo's tasks.
	if after := count(); after != before || before < 22 {
		t.Errorf("after dry runs: got %d tasks; want %d", after, before)
	}
}

func TestImportTasksBadInput(t *testing.T) {
	db := demoDB(t)
	dir := t.TempDir()
	write := func(name, data string) string {
		p := filepath.Join(dir, name)
		os.WriteFile(p, []byte(data), 0o644)
		return p
	}
	tests := []struct {
		name, path string
		want       []string
	}{
		{"no header", write("a.csv", "甲,乙\n1,2\n"), []string{"a.csv", "未找到表头"}},
		{"empty requirement", write("b.csv", "序号,工作任务,具体要求,责任单位,完成时限\n1,任务,要求,办公室,11月底前\n2,任务,,办公室,11月底前\n"), []string{"b.csv", "第3行", "第3列"}},
		{"impossible date", write("c.csv", "序号,工作任务,具体要求,责任单位,完成时限\n1,任务,要求,办公室,2月30日前\n"), []string{"c.csv", "第2行 第5列", "不存在"}},
		{"empty xlsx", write("d.xlsx", ""), []string{"d.xlsx"}},
		{"corrupt docx", write("e.docx", "PK\x03\x04broken"), []string{"e.docx"}},
	}
	for _, tc := range tests {
		code, _, stderr := runCLI(t, "import", "tasks", tc.path, "--year", "2024", "--db", db)
		if code != 1 {
			t.Errorf("%s: exit %d; want 1", tc.name, code)
		}
		for _, w := range tc.want {
			if !strings.Contains(stderr, w) {
				t.Errorf("%s: stderr %q lacks %q", tc.name, stderr, w)
			}
		}
	}
	st, _ := store.Open(context.Background(), db)
	defer st.Close()
	if _, err := st.PlanByYear(context.Background(), 2024); !store.IsNotFound(err) {
		t.Errorf("after failed imports: plan 2024 exists (%v)", err)
	}
	if code, _, _ := runCLI(t, "import", "tasks", seedPath); code != 2 {
		t.Errorf("without --year: exit %d; want 2", code)
	}
}

func TestExportLedger(t *testing.T) {
	db := demoDB(t)
	out := filepath.Join(t.TempDir(), "台账.xlsx")
	code, stdout, stderr := runCLI(t, "export", "ledger", "--year", "2023", "-o", out, "--db", db)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "已导出") {
		t.Errorf("stdout: %q", stdout)
	}
	f, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := f.GetRows("台账")
	if len(rows) < 30 || rows[1][0] != "序号" || rows[1][6] != "状态" {
		t.Fatalf("rows: got %d, header %v", len(rows), rows[1])
	}
	states := map[string]bool{}
	for _, r := range rows[2:] {
		if len(r) > 6 {
			states[r[6]] = true
		}
	}
	for _, s := range []string{"待认领", "已认领", "推进中", "已报完成", "已确认", "已退回"} {
		if !states[s] {
			t.Errorf("ledger lacks state %s (demo has several states)", s)
		}
	}
	code, _, _ = runCLI(t, "export", "ledger", "--year", "2023", "-o", out, "--unit", "兖州区实验小学", "--db", db)
	if code != 0 {
		t.Fatal("per-unit export failed")
	}
	f, _ = excelize.OpenFile(out)
	rows, _ = f.GetRows("台账")
	for _, r := range rows[2:] {
		if len(r) > 4 && r[4] != "" && r[4] != "兖州区实验小学" {
			t.Errorf("per-unit export has %s", r[4])
		}
	}
	if code, _, _ := runCLI(t, "export", "ledger", "--year", "2030", "-o", out, "--db", db); code != 1 {
		t.Errorf("year without a plan: exit %d; want 1", code)
	}
}
