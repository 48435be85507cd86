package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gongkai/internal/office/bombs"
	"gongkai/internal/store"
)

// writeParts writes a generated office file into dir.
func writeParts(t *testing.T, dir, name string, parts []bombs.Part) string {
	t.Helper()
	p := filepath.Join(dir, name)
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := bombs.WriteZip(f, parts); err != nil {
		t.Fatal(err)
	}
	return p
}

// lastAudit returns the newest audit row's id (0 when none): a refused
// import must not add one.
func lastAudit(t *testing.T, db string) int64 {
	t.Helper()
	st, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	rows, err := st.Audit(context.Background(), store.AuditFilter{Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) == 0 {
		return 0
	}
	return rows[0].ID
}

func TestImportTasksRefusesHostileFiles(t *testing.T) {
	db := demoDB(t)
	dir := t.TempDir()
	tests := []struct {
		file string
		want string
	}{
		{writeParts(t, dir, "bomb.xlsx", bombs.SheetBomb(1_000_000_000)), "bomb.xlsx：文件中的工作表数据（xl/worksheets/sheet1.xml）解压后超过 32 MB 上限（可能是压缩炸弹）"},
		{writeParts(t, dir, "formulas.xlsx", bombs.FormulaBomb(10_000)), "formulas.xlsx 工作表“Sheet1”：含公式的单元格超过 10000 个上限"},
		{writeParts(t, dir, "bomb.docx", bombs.DocxBomb(2<<30)), "bomb.docx：文件中的文档正文（word/document.xml）解压后超过 32 MB 上限（可能是压缩炸弹）"},
		{writeParts(t, dir, "long.xlsx", bombs.LongCellXLSX(30_000, true)), "long.xlsx 工作表“Sheet1” 第2行 第2列：单元格文字超过 20000 字上限（现有 30000 字）"},
	}
	before := lastAudit(t, db)
	for _, tt := range tests {
		t.Run(filepath.Base(tt.file), func(t *testing.T) {
			for _, dry := range []bool{true, false} {
				args := []string{"import", "tasks", tt.file, "--year", "2026", "--db", db}
				if dry {
					args = append(args, "--dry-run")
				}
				code, out, errs := runCLI(t, args...)
				if code != ExitError {
					t.Fatalf("exit %d (stdout %q); want %d", code, out, ExitError)
				}
				if !strings.Contains(errs, tt.want) {
					t.Errorf("stderr %q; want it to contain %q", errs, tt.want)
				}
			}
		})
	}
	st, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := st.PlanByYear(context.Background(), 2026); !store.IsNotFound(err) {
		t.Errorf("plan 2026 after refused imports: err %v; want not found", err)
	}
	if after := lastAudit(t, db); after != before {
		t.Errorf("audit: newest row %d after refused imports; want %d (nothing written)", after, before)
	}
}

func TestImportCatalogAndDocumentBodyBombs(t *testing.T) {
	db := filepath.Join(t.TempDir(), "g.db")
	if code, _, errs := runCLI(t, "migrate", "--db", db); code != 0 {
		t.Fatalf("migrate: %s", errs)
	}
	dir := t.TempDir()
	bomb := writeParts(t, dir, "catalog.xlsx", bombs.SheetBomb(1_000_000_000))
	code, _, errs := runCLI(t, "import", "catalog", bomb, "--db", db)
	if code != ExitError || !strings.Contains(errs, "catalog.xlsx：文件中的工作表数据（xl/worksheets/sheet1.xml）解压后超过 32 MB 上限") {
		t.Errorf("catalog bomb: exit %d, stderr %q", code, errs)
	}
	writeParts(t, dir, "body.docx", bombs.DocxBomb(2<<30))
	listing := filepath.Join(dir, "list.csv")
	writeFile(t, listing, "标题,发布日期,正文\n关于公开的通知,2023-05-06,body.docx\n")
	before := lastAudit(t, db)
	code, _, errs = runCLI(t, "import", "documents", listing, "--db", db)
	if code != ExitError || !strings.Contains(errs, "list.csv 第 2 行（正文）：无法读取 body.docx：文件中的文档正文（word/document.xml）解压后超过 32 MB 上限") {
		t.Errorf("body bomb: exit %d, stderr %q", code, errs)
	}
	if after := lastAudit(t, db); after != before {
		t.Errorf("audit: newest row %d; want %d (nothing written)", after, before)
	}
	big := filepath.Join(dir, "holidays.csv")
	writeFile(t, big, "date,type,name\n"+strings.Repeat("# 注释\n", 200_000))
	if code, _, errs = runCLI(t, "calendar", "import", big, "--db", db); code != ExitError || !strings.Contains(errs, "超过 1 MB 上限") {
		t.Errorf("holiday file over 1 MB: exit %d, stderr %q", code, errs)
	}
}

// A documents listing is streamed: a .csv over the 20 MB that caps the
// other formats is accepted, its memory held by the cell limits.
func TestImportDocumentsLargeCSV(t *testing.T) {
	db := filepath.Join(t.TempDir(), "g.db")
	if code, _, errs := runCLI(t, "migrate", "--db", db); code != 0 {
		t.Fatalf("migrate: %s", errs)
	}
	listing := filepath.Join(t.TempDir(), "big.csv")
	f, err := os.Create(listing)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	fmt.Fprintln(w, "标题,发布日期,正文")
	body := strings.Repeat("本机关依法主动公开政府信息。", 25)
	n := 0
	for size := 0; size <= 21<<20; n++ {
		k, _ := fmt.Fprintf(w, "关于第%d项工作的通知,2023-05-06,%s\n", n+1, body)
		size += k
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	code, out, errs := runCLI(t, "import", "documents", listing, "--db", db, "--dry-run", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var res struct{ Documents int }
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	if res.Documents != n {
		t.Errorf("documents: got %d; want %d", res.Documents, n)
	}
}
