package web_test

import (
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"gongkai/internal/webtest"
)

// TestYearsRollOver: on 8 January the demo's 2025 plan still has two open
// assignments (基础教育科 task 18 under way, 实验小学 task 3 reported and
// awaiting confirmation). They stay on the 工作台 of the office and of
// their units, and under the 2026 ledger, marked 2025 年, until closed;
// overdue work reads 已逾期 N 个工作日 and nothing shows a negative
// remainder.
func TestYearsRollOver(t *testing.T) {
	env := webtest.StartWith(t, webtest.Options{Now: time.Date(2026, 1, 8, 2, 0, 0, 0, time.UTC)})
	rows := regexp.MustCompile(`<td data-label="年度"><span class="badge warn">(\d{4}) 年</span>`)
	negative := regexp.MustCompile(`剩 -|-\d+ 个工作日|逾期 -`)
	for _, c := range []struct {
		login       string
		home        []string
		earlierRows int
	}{
		{"bangongshi", []string{"任务督办（2026 年）", "2025 年", "未办结 2 项"}, 2},
		{"xiaoxue", []string{"2025 年", "已报完成，待办公室确认：序号 3"}, 1},
		{"jijiaoke", []string{"2025 年", "已逾期 ", "个工作日：序号 18"}, 1},
	} {
		cl := env.Client()
		env.Login(t, cl, c.login)
		code, home := get(t, cl, env.URL+"/admin/")
		for _, want := range c.home {
			if code != 200 || !strings.Contains(home, want) {
				t.Errorf("%s 工作台 (%d): no %q", c.login, code, want)
			}
		}
		code, ledger := get(t, cl, env.URL+"/admin/plan/")
		if code != 200 || !strings.Contains(ledger, "2026 年任务台账") {
			t.Fatalf("%s ledger: %d", c.login, code)
		}
		got := rows.FindAllStringSubmatch(ledger, -1)
		if len(got) != c.earlierRows {
			t.Errorf("%s: the 2026 ledger lists %d open lines of earlier years; want %d", c.login, len(got), c.earlierRows)
		}
		for _, g := range got {
			if g[1] != "2025" {
				t.Errorf("%s: earlier line marked %s 年", c.login, g[1])
			}
		}
		_, last := get(t, cl, env.URL+"/admin/plan/?year=2025")
		if strings.Contains(last, `id="earlier"`) {
			t.Errorf("%s: the 2025 ledger repeats earlier years' work", c.login)
		}
		for name, page := range map[string]string{"工作台": home, "2026 台账": ledger, "2025 台账": last} {
			if m := negative.FindString(page); m != "" {
				t.Errorf("%s %s shows a negative remainder: %q", c.login, name, m)
			}
		}
	}
	// Once confirmed, the line leaves the list.
	cl := env.Client()
	env.Login(t, cl, "bangongshi")
	_, ledger := get(t, cl, env.URL+"/admin/plan/")
	i := strings.Index(ledger, `id="earlier"`)
	m := regexp.MustCompile(`href="/admin/plan/assignments/(\d+)" class="badge [a-z]*">已报完成`).FindStringSubmatch(ledger[max(i, 0):])
	if i < 0 || m == nil {
		t.Fatalf("office: no reported line of 2025 under the ledger")
	}
	if code, body := post(t, cl, env.URL+"/admin/plan/assignments/"+m[1]+"/confirm", url.Values{}); code != 303 {
		t.Fatalf("confirm: %d %s", code, body)
	}
	_, ledger = get(t, cl, env.URL+"/admin/plan/")
	if n := len(rows.FindAllString(ledger, -1)); n != 1 {
		t.Errorf("office after confirming: %d earlier lines; want 1", n)
	}
	if _, home := get(t, cl, env.URL+"/admin/"); !strings.Contains(home, "未办结 1 项") {
		t.Errorf("office 工作台 after confirming: no 未办结 1 项")
	}
}
