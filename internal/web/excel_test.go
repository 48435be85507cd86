package web_test

import (
	"bytes"
	"html"
	"io"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"gongkai/internal/webtest"
)

// TestLedgerExportMatchesScreen: the ledger's 导出 Excel carries the
// screen's filters, so the file holds exactly the lines shown (confirmed
// only, overdue only, one unit), and its links are absolute
// (GONGKAI_BASE_URL) and clickable.
func TestLedgerExportMatchesScreen(t *testing.T) {
	env := webtest.Start(t)
	c := env.Client()
	env.Login(t, c, "bangongshi")
	year := strconv.Itoa(time.Now().Year())
	exportRe := regexp.MustCompile(`href="([^"]*)"[^>]*id="export-ledger"`)
	for _, q := range []string{"status=confirmed", "overdue=1", "open=1&category=", "status=in_progress&q=%E5%85%AC%E5%BC%80"} {
		code, page := get(t, c, env.URL+"/admin/plan/?year="+year+"&"+q)
		if code != 200 {
			t.Fatalf("%s: %d", q, code)
		}
		shown := strings.Count(page, `<td data-label="序号">`)
		m := exportRe.FindStringSubmatch(page)
		if m == nil {
			t.Fatalf("%s: no export link", q)
		}
		resp, err := c.Get(env.URL + html.UnescapeString(m[1]))
		if err != nil {
			t.Fatal(err)
		}
		data, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if cd := resp.Header.Get("Content-Disposition"); !strings.Contains(cd, "filename*=UTF-8''%E5%8F%B0%E8%B4%A6-"+year+".xlsx") {
			t.Errorf("%s: Content-Disposition %q", q, cd)
		}
		f, err := excelize.OpenReader(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		rows, _ := f.GetRows("台账")
		n := 0
		for _, r := range rows[2:] {
			if len(r) > 4 && r[4] != "" { // 责任单位
				n++
			}
		}
		if n != shown || shown == 0 && q != "status=in_progress&q=%E5%85%AC%E5%BC%80" {
			t.Errorf("%s: the screen shows %d lines, the file has %d", q, shown, n)
		}
		if n > 0 {
			ok, target, _ := f.GetCellHyperLink("台账", "N3")
			if !ok || !strings.HasPrefix(target, "http://127.0.0.1:8080/admin/plan/assignments/") {
				t.Errorf("%s: N3 link %v %q; want an absolute console link", q, ok, target)
			}
		}
		f.Close()
	}
}
