package web_test

import (
	"regexp"
	"strings"
	"testing"

	"gongkai/internal/webtest"
)

// TestAuditPageChinese: on a fresh demo, the audit page's 操作、对象、角色
// columns show Chinese labels only, people's names beside their logins,
// objects by name with a link to their history; the filters are Chinese
// choices and a label filters (文件 → document and documents); the export
// has a Chinese file name (RFC 6266).
func TestAuditPageChinese(t *testing.T) {
	env := webtest.Start(t)
	c := env.Client()
	env.Login(t, c, "bangongshi") // a login row by the office
	a := env.Client()
	env.Login(t, a, "shenji")
	code, page := get(t, a, env.URL+"/admin/audit")
	if code != 200 {
		t.Fatalf("audit page: %d", code)
	}
	latin := regexp.MustCompile(`[A-Za-z]`)
	tags := regexp.MustCompile(`<[^>]*>`)
	n := 0
	for _, col := range []string{"操作", "对象", "角色"} {
		re := regexp.MustCompile(`<td data-label="` + col + `">(.*?)</td>`)
		for _, m := range re.FindAllStringSubmatch(page, -1) {
			n++
			text := tags.ReplaceAllString(m[1], "")
			if col == "对象" { // object names may hold a code such as YSQ2026-…
				text = strings.Fields(text + " x")[0]
			}
			if latin.MatchString(text) {
				t.Errorf("%s column shows %q", col, text)
			}
		}
	}
	if n < 100 {
		t.Errorf("only %d cells checked", n)
	}
	for _, want := range []string{"王主任（办公室）（bangongshi）", "办公室", "登录", "全部记录", `<option>文件</option>`} {
		if !strings.Contains(page, want) {
			t.Errorf("audit page lacks %q", want)
		}
	}
	code, page = get(t, a, env.URL+"/admin/audit?entity=%E6%96%87%E4%BB%B6") // 文件
	if code != 200 || !strings.Contains(page, "《") {
		t.Errorf("filter by 文件: %d", code)
	}
	resp, err := a.Get(env.URL + "/admin/audit/export?action=%E7%99%BB%E5%BD%95")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if cd := resp.Header.Get("Content-Disposition"); !strings.Contains(cd, "filename*=UTF-8''%E5%AE%A1%E8%AE%A1%E6%97%A5%E5%BF%97-") || !strings.Contains(cd, `filename="`) {
		t.Errorf("export Content-Disposition %q", cd)
	}
}
