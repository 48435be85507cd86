// Package bench holds benchmarks that need the whole stack; run them with
// bench/plan.sh, which prints the figures.
package bench

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"gongkai/internal/auth"
	"gongkai/internal/org"
	"gongkai/internal/plan"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
	"gongkai/internal/workday"
)

var benchNow = time.Date(2023, 10, 9, 2, 0, 0, 0, time.UTC)

func eachDB(b *testing.B, fn func(b *testing.B, st *store.Store)) {
	b.Run("sqlite", func(b *testing.B) { fn(b, storetest.SQLite(b)) })
	b.Run("postgres", func(b *testing.B) {
		st := storetest.Postgres(b)
		if st == nil {
			b.Skip("GONGKAI_TEST_POSTGRES not set")
		}
		fn(b, st)
	})
}

// benchUnits creates n schools and returns them.
func benchUnits(b testing.TB, st *store.Store, n int) []org.Unit {
	b.Helper()
	ctx := context.Background()
	var out []org.Unit
	for i := 0; i < n; i++ {
		u, err := st.CreateUnit(ctx, auth.CLI, org.Unit{Name: fmt.Sprintf("第%d学校", i+1), Kind: org.KindSchool, Tags: []string{"区直"}, Active: true})
		if err != nil {
			b.Fatal(err)
		}
		out = append(out, u)
	}
	return out
}

var deadlines = []string{"11月底前", "12月底前", "年底前", "第三季度", "9月15日前", "持续推进", "每季度", "2023年10月底前"}

// xlsxTable makes a task-breakdown workbook of n rows with merged
// category cells, like the tables offices receive.
func xlsxTable(b testing.TB, n, units int) []byte {
	b.Helper()
	f := excelize.NewFile()
	sh := "Sheet1"
	for j, h := range []string{"序号", "工作任务", "", "具体要求", "责任单位", "完成时限"} {
		c, _ := excelize.CoordinatesToCellName(j+1, 1)
		f.SetCellValue(sh, c, h)
	}
	f.MergeCell(sh, "B1", "C1")
	sw, err := f.NewStreamWriter(sh)
	if err != nil {
		b.Fatal(err)
	}
	sw.SetRow("A1", []any{"序号", "工作任务", "", "具体要求", "责任单位", "完成时限"})
	for i := 0; i < n; i++ {
		cat, sub := "", ""
		if i%10 == 0 {
			cat = fmt.Sprintf("第%d类重点工作", i/10+1)
		}
		if i%5 == 0 {
			sub = fmt.Sprintf("第%d项具体任务", i/5+1)
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		sw.SetRow(cell, []any{i + 1, cat, sub, fmt.Sprintf("第%d项要求：按照政务公开工作要点，做好相关信息的主动公开、政策解读和回应关切。", i+1),
			fmt.Sprintf("第%d学校、第%d学校", i%units+1, (i+7)%units+1), deadlines[i%len(deadlines)]})
	}
	if err := sw.Flush(); err != nil {
		b.Fatal(err)
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		b.Fatal(err)
	}
	return buf.Bytes()
}

// BenchmarkPlanImportXLSX5000 reads, maps, resolves and saves a 5,000-row
// xlsx task table (one transaction, 10,000 assignments) per iteration.
func BenchmarkPlanImportXLSX5000(b *testing.B) {
	eachDB(b, func(b *testing.B, st *store.Store) {
		ctx := context.Background()
		units := benchUnits(b, st, 50)
		data := xlsxTable(b, 5000, len(units))
		b.SetBytes(int64(len(data)))
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			p, err := plan.Parse("bench.xlsx", data, 2030+i%60, units)
			if err != nil {
				b.Fatal(err)
			}
			if len(p.Rows) != 5000 {
				b.Fatalf("rows: got %d; want 5000", len(p.Rows))
			}
			if _, err := st.SavePlan(ctx, auth.CLI, p); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// ledgerStore makes a plan with 10,000 assignments (1,000 tasks × 10
// units) in several states.
func ledgerStore(b *testing.B, st *store.Store) {
	b.Helper()
	ctx := context.Background()
	st.Now = func() time.Time { return benchNow }
	units := benchUnits(b, st, 10)
	var ids []int64
	for _, u := range units {
		ids = append(ids, u.ID)
	}
	p := &plan.Parsed{File: "bench.xlsx", Year: 2023}
	for i := 0; i < 1000; i++ {
		dl, _ := plan.ParseDeadline(deadlines[i%len(deadlines)], 2023)
		p.Rows = append(p.Rows, plan.Row{Seq: i + 1, Category: fmt.Sprintf("第%d类", i/50+1), Subcategory: fmt.Sprintf("第%d项", i/10+1),
			Requirement: fmt.Sprintf("第%d项要求：做好相关信息的主动公开。", i+1), UnitIDs: ids, Deadline: dl})
	}
	if _, err := st.SavePlan(ctx, auth.CLI, p); err != nil {
		b.Fatal(err)
	}
	for _, q := range []string{
		`UPDATE plan_assignments SET status = 'claimed', person = '张三' WHERE id % 5 = 1`,
		`UPDATE plan_assignments SET status = 'in_progress', person = '李四', last_progress_at = '2023-09-01T00:00:00.000000Z' WHERE id % 5 = 2`,
		`UPDATE plan_assignments SET status = 'confirmed', person = '王五', reported_at = '2023-09-20T00:00:00.000000Z' WHERE id % 5 = 3`,
	} {
		if _, err := st.DB().ExecContext(ctx, q); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPlanLedgerExport10000 queries the ledger of 10,000 assignments
// and writes the xlsx.
func BenchmarkPlanLedgerExport10000(b *testing.B) {
	eachDB(b, func(b *testing.B, st *store.Store) {
		ledgerStore(b, st)
		ctx := context.Background()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			lines, err := st.Ledger(ctx, store.LedgerFilter{Year: 2023})
			if err != nil {
				b.Fatal(err)
			}
			if len(lines) != 10000 {
				b.Fatalf("lines: got %d; want 10000", len(lines))
			}
			data, err := plan.LedgerXLSX("台账", lines, "http://127.0.0.1:8080")
			if err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(len(data)))
		}
	})
}

// BenchmarkPlanDashboard10000 computes the dashboard over 10,000
// assignments (ledger query + figures).
func BenchmarkPlanDashboard10000(b *testing.B) {
	eachDB(b, func(b *testing.B, st *store.Store) {
		ledgerStore(b, st)
		ctx := context.Background()
		cal := workday.Default()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			lines, err := st.Ledger(ctx, store.LedgerFilter{Year: 2023})
			if err != nil {
				b.Fatal(err)
			}
			s := plan.Compute(lines, workday.DateOf(benchNow), cal)
			if s.Total != 10000 {
				b.Fatalf("total: got %d", s.Total)
			}
		}
	})
}
