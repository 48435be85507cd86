package cli_test

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gongkai/internal/cli"
	"gongkai/internal/demo"
	"gongkai/internal/office"
	"gongkai/internal/store"
)

func TestReportAnnual(t *testing.T) {
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "g.db")
	st, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := demo.Seed(ctx, st, time.Date(2024, 6, 3, 2, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	st.Close()
	run := func(args ...string) (int, string, string) {
		var out, errb bytes.Buffer
		code := cli.Run(ctx, args, cli.Env{Getenv: func(string) string { return "" }, Stdout: &out, Stderr: &errb})
		return code, out.String(), errb.String()
	}
	code, out, stderr := run("report", "annual", "--year", "2023", "--format", "json", "--db", db)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var rep struct {
		Year   int                       `json:"year"`
		Table3 map[string]map[string]int `json:"table3"`
		Table4 map[string]map[string]int `json:"table4"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Year != 2023 || len(rep.Table3) != 25 || len(rep.Table3["new"]) != 7 || len(rep.Table4) != 3 {
		t.Fatalf("shape: year %d, %d rows, %d columns, %d blocks; want 2023, 25, 7, 3", rep.Year, len(rep.Table3), len(rep.Table3["new"]), len(rep.Table4))
	}
	// The demo: 5 received in 2023, 1 carried over from 2022, 1 carried into 2024.
	for _, c := range []struct {
		row, col string
		want     int
	}{{"new", "total", 5}, {"carried_over", "natural", 1}, {"partial", "legal_service", 1}, {"withheld_third_party", "commercial", 1},
		{"other_no_correction", "natural", 1}, {"total", "total", 5}, {"carried_forward", "research", 1}} {
		if got := rep.Table3[c.row][c.col]; got != c.want {
			t.Errorf("table3[%s][%s] = %d; want %d", c.row, c.col, got, c.want)
		}
	}
	if rep.Table4["review"]["pending"] != 1 {
		t.Errorf("table4 review = %v; want 1 pending", rep.Table4["review"])
	}
	docx := filepath.Join(t.TempDir(), "r.docx")
	if code, _, stderr := run("report", "annual", "--year", "2023", "--format", "docx", "-o", docx, "--db", db); code != 0 {
		t.Fatalf("docx: exit %d: %s", code, stderr)
	}
	if tables, err := office.ReadTables(docx, mustRead(t, docx)); err != nil || len(tables) != 3 {
		t.Errorf("docx tables = %d, %v; want 3", len(tables), err)
	}
	if code, _, stderr := run("report", "annual", "--year", "2023", "--format", "pdf", "--db", db); code != 2 || !strings.Contains(stderr, "--format") {
		t.Errorf("bad format: exit %d %q; want 2 with a message about --format", code, stderr)
	}
}
