package cli

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"gongkai/internal/store"
)

// TestImportDocumentsBatches imports a listing of 1,050 documents 200 to a
// transaction: every one published with its own index number and found by
// search at once, one stored copy of each body (no version row; its audit
// row keeps a hash of the body, not the text); --from-row goes on from a
// row of the listing.
func TestImportDocumentsBatches(t *testing.T) {
	dir := t.TempDir()
	listing := filepath.Join(dir, "docs.csv")
	var b strings.Builder
	b.WriteString("标题,发布日期,正文\n")
	body := func(i int) string { return fmt.Sprintf("正文标记%05d：请各校做好校舍维修工作。", i) }
	for i := 1; i <= 1050; i++ {
		fmt.Fprintf(&b, "关于第%d批校舍维修的通知,2023-03-%02d,%s\n", i, 1+i%28, body(i))
	}
	writeFile(t, listing, b.String())
	ctx := context.Background()
	for _, c := range []struct {
		args []string
		want int
	}{{[]string{"--batch", "200"}, 1050}, {[]string{"--from-row", "1001"}, 51}} { // rows 1001–1051 (row 1 is the header)
		db := filepath.Join(dir, fmt.Sprintf("g%d.db", c.want))
		if code, _, errs := runCLI(t, "migrate", "--db", db); code != 0 {
			t.Fatalf("migrate: %s", errs)
		}
		code, out, errs := runCLI(t, append([]string{"import", "documents", listing, "--db", db, "--json"}, c.args...)...)
		if code != 0 {
			t.Fatalf("import %v: exit %d: %s", c.args, code, errs)
		}
		var res struct{ Imported, Published int }
		if err := json.Unmarshal([]byte(out), &res); err != nil || res.Imported != c.want || res.Published != c.want {
			t.Fatalf("import %v = %+v (%v); want %d imported and published", c.args, res, err, c.want)
		}
		s, err := store.Open(ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		count := func(q string, args ...any) int {
			t.Helper()
			var n int
			if err := s.DB().QueryRowContext(ctx, q, args...).Scan(&n); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
			return n
		}
		if n := count(`SELECT COUNT(DISTINCT index_no) FROM documents WHERE index_no <> ''`); n != c.want {
			t.Errorf("%v: %d distinct index numbers; want %d", c.args, n, c.want)
		}
		if n := count(`SELECT COUNT(*) FROM document_versions`); n != 0 {
			t.Errorf("%v: %d version rows; want none (the document is its first version)", c.args, n)
		}
		if n := count(`SELECT COUNT(*) FROM audit_log WHERE after_json LIKE '%正文标记%' OR before_json LIKE '%正文标记%'`); n != 0 {
			t.Errorf("%v: %d audit rows hold a body", c.args, n)
		}
		first := 1
		if c.want == 51 {
			first = 1000
		}
		sum := sha256.Sum256([]byte(body(first)))
		if n := count(`SELECT COUNT(*) FROM audit_log WHERE action = 'import' AND entity = 'document' AND after_json LIKE ?`, "%"+hex.EncodeToString(sum[:])+"%"); n != 1 {
			t.Errorf("%v: %d audit rows with the hash of row %d's body; want 1", c.args, n, first+1)
		}
		found, err := s.Search(ctx, store.SearchRequest{Q: "校舍维修"})
		if err != nil || found.Total != c.want || found.Approx {
			t.Errorf("%v: search 校舍维修 found %d (approx %v, %v); want %d", c.args, found.Total, found.Approx, err, c.want)
		}
	}
}
