package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestScanFile(t *testing.T) {
	// An ID number and a mobile number must be fixed: exit 1, like a linter.
	code, out, errs := runCLI(t, "scan", "--json", "../../testdata/docs/notice-with-id.txt")
	if code != ExitError || !strings.Contains(errs, "必须修改") {
		t.Fatalf("scan exit %d, stderr %q; want %d and a message naming 必须修改", code, errs, ExitError)
	}
	var res struct {
		MustFix  int `json:"must_fix"`
		Findings []scanFinding
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	kinds := map[string]int{}
	for _, f := range res.Findings {
		kinds[f.Kind] = f.Line
		if strings.Contains(f.Value, "370882201001011231") {
			t.Errorf("value not masked: %+v", f)
		}
	}
	if kinds["id_number"] != 3 || kinds["mobile"] != 3 || kinds["doc_number"] != 4 {
		t.Errorf("findings by kind and line = %v; want id_number and mobile on line 3, doc_number on line 4", kinds)
	}
	if res.MustFix != 3 {
		t.Errorf("must_fix = %d; want 3 (name, ID number, mobile; the document number is a hint)", res.MustFix)
	}
	if code, _, _ := runCLI(t, "scan"); code != ExitUsage {
		t.Errorf("scan without files: exit %d; want %d", code, ExitUsage)
	}
	if code, _, _ := runCLI(t, "scan", "--no-such-flag", "x.txt"); code != ExitUsage {
		t.Errorf("scan with an unknown flag: exit %d; want %d", code, ExitUsage)
	}
	// Hints only (a document number in the old form): exit 0.
	hint := filepath.Join(t.TempDir(), "hint.txt")
	writeFile(t, hint, "文号：济兖教体字[2023]第012号\n")
	code, out, errs = runCLI(t, "scan", hint)
	if code != ExitOK || !strings.Contains(out, "[提示]") || !strings.Contains(out, "必须修改 0 处") {
		t.Errorf("scan of hints only: exit %d, out %q, err %q; want 0 with the hint listed", code, out, errs)
	}
	clean := filepath.Join(t.TempDir(), "clean.txt")
	writeFile(t, clean, "关于做好2023年秋季学期开学工作的通知\n")
	if code, out, _ := runCLI(t, "scan", clean); code != ExitOK || !strings.Contains(out, "发现 0 处问题") {
		t.Errorf("scan of a clean file: exit %d, out %q; want 0", code, out)
	}
}

func TestImportCatalogAndDocuments(t *testing.T) {
	db := filepath.Join(t.TempDir(), "g.db")
	if code, _, errs := runCLI(t, "migrate", "--db", db); code != 0 {
		t.Fatalf("migrate: %s", errs)
	}
	code, out, errs := runCLI(t, "import", "catalog", "../../testdata/docs/catalog-yiwu.tsv", "--db", db, "--json")
	if code != 0 {
		t.Fatalf("import catalog exit %d: %s", code, errs)
	}
	var cat struct{ Rows, Created int }
	json.Unmarshal([]byte(out), &cat)
	if cat.Rows != 20 || cat.Created != 26 {
		t.Errorf("import catalog: rows %d created %d; want 20 rows, 26 items (10 first-level, 16 second-level)", cat.Rows, cat.Created)
	}
	code, out, errs = runCLI(t, "import", "documents", "../../testdata/docs/old-site.csv", "--db", db, "--json")
	if code != 0 {
		t.Fatalf("import documents exit %d: %s", code, errs)
	}
	var res struct {
		Documents, Imported, Published int
		Held                           []struct {
			Row      int
			Findings []struct{ Kind, Value, Source string }
		} `json:"held_for_review"`
		Unmatched []string `json:"unmatched_issuers"`
		Warnings  []string
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	if res.Imported != 3 || res.Published != 2 || len(res.Unmatched) != 2 {
		t.Errorf("import documents = %+v; want 3 imported, 2 published and 2 unmatched issuers (no units in this database)", res)
	}
	if !strings.Contains(strings.Join(res.Warnings, "\n"), "济兖教体发[2019]第08号") {
		t.Errorf("warnings = %v; want the bad document number reported", res.Warnings)
	}
	// The gate: the row whose body holds an e-mail address is held for review, not published.
	if len(res.Held) != 1 || res.Held[0].Row != 3 || len(res.Held[0].Findings) != 1 || res.Held[0].Findings[0].Kind != "email" ||
		res.Held[0].Findings[0].Value != "z***@example.com" || res.Held[0].Findings[0].Source != "body" {
		t.Errorf("held for review = %+v; want row 3 with the masked e-mail address", res.Held)
	}
	if strings.Contains(out, "zhangsan@example.com") {
		t.Errorf("import output shows the raw e-mail address: %s", out)
	}
	code, out, _ = runCLI(t, "scan", "--published", "--db", db)
	if code != 0 || strings.Contains(out, "电子邮箱") || !strings.Contains(out, "共检查 2 个文件") {
		t.Errorf("scan --published: exit %d, out %q; want the 2 published documents, without the held one", code, out)
	}
	// A bad date refuses the whole file and writes nothing.
	bad := filepath.Join(t.TempDir(), "bad.csv")
	writeFile(t, bad, "标题,发布日期\n甲,2023-01-02\n乙,2023年13月1日\n")
	code, _, errs = runCLI(t, "import", "documents", bad, "--db", db)
	if code != ExitError || !strings.Contains(errs, "第 3 行") {
		t.Errorf("bad date: exit %d, stderr %q; want exit 1 naming row 3", code, errs)
	}
}

func writeFile(t *testing.T, name, s string) {
	t.Helper()
	if err := os.WriteFile(name, []byte(s), 0o600); err != nil {
		t.Fatal(err)
	}
}
