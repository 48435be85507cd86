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

// TestRequestsExportMatchesScreen: the requests list's 导出 Excel carries
// the tab, the year and the code looked up, so the file holds exactly the
// requests the list shows.
func TestRequestsExportMatchesScreen(t *testing.T) {
	env := webtest.Start(t)
	c := env.Client()
	env.Login(t, c, "bangongshi")
	year := strconv.Itoa(time.Now().Year())
	exportRe := regexp.MustCompile(`href="([^"]*)" id="export-requests"`)
	codeRe := regexp.MustCompile(`<tr><td><a href="/admin/requests/\d+">([^<]+)</a>`)
	_, all := get(t, c, env.URL+"/admin/requests/?tab=all")
	codes := codeRe.FindAllStringSubmatch(all, -1)
	if len(codes) < 5 {
		t.Fatalf("demo: %d requests listed", len(codes))
	}
	for _, q := range []string{"tab=open", "tab=overdue", "tab=closed&year=" + year, "tab=all&year=" + strconv.Itoa(time.Now().Year()-1), "tab=all&code=" + strings.ToLower(codes[0][1])} {
		code, page := get(t, c, env.URL+"/admin/requests/?"+q)
		if code != 200 {
			t.Fatalf("%s: %d", q, code)
		}
		var shown []string
		for _, m := range codeRe.FindAllStringSubmatch(page, -1) {
			shown = append(shown, m[1])
		}
		if strings.Contains(q, "code=") && len(shown) != 1 || q == "tab=open" && len(shown) < 4 {
			t.Errorf("%s: the list shows %v", q, shown)
		}
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
		f, err := excelize.OpenReader(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("%s: %d %v", q, resp.StatusCode, err)
		}
		rows, _ := f.GetRows("依申请公开")
		f.Close()
		var inFile []string
		for _, r := range rows[1:] {
			inFile = append(inFile, r[0])
		}
		if strings.Join(inFile, ",") != strings.Join(shown, ",") {
			t.Errorf("%s: the screen shows %v, the file has %v", q, shown, inFile)
		}
	}
}
