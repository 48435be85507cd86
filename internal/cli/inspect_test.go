package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gongkai/internal/auth"
	"gongkai/internal/inspect"
	"gongkai/internal/office"
	"gongkai/internal/participation"
	"gongkai/internal/store"
	"gongkai/internal/webtest"
	"gongkai/internal/workday"
)

type jsonReport struct {
	InspectedAt string   `json:"inspected_at"`
	Passed      bool     `json:"passed"`
	Vetoes      []string `json:"vetoes"`
	Items       []struct {
		Code     string `json:"code"`
		Label    string `json:"label"`
		Veto     bool   `json:"veto"`
		OK       *bool  `json:"ok"`
		Findings []struct {
			URL    string `json:"url"`
			Detail string `json:"detail"`
		} `json:"findings"`
	} `json:"items"`
}

func (r jsonReport) item(code string) (ok *bool, details string) {
	for _, it := range r.Items {
		if it.Code == code {
			var ds []string
			for _, f := range it.Findings {
				ds = append(ds, f.Detail)
			}
			return it.OK, strings.Join(ds, "；")
		}
	}
	return nil, "(missing)"
}

func inspectJSON(t *testing.T, args ...string) (int, jsonReport, string) {
	t.Helper()
	code, out, errOut := run(t, "", nil, append([]string{"inspect", "--json", "--delay", "1ms", "--pages", "40"}, args...)...)
	var r jsonReport
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("inspect --json: exit %d, output not JSON (%v): %s %s", code, err, out, errOut)
	}
	return code, r, errOut
}

// TestInspectDemo is the "done when": the demo's real state (its
// message unanswered for more than 3 months, its stale media account) is
// reported, exit status 3; after the office answers and posts, those items
// pass. The JSON has the contract's shape.
func TestInspectDemo(t *testing.T) {
	env := webtest.Start(t)
	ctx := context.Background()
	db := env.Store.Where
	code, r, errOut := inspectJSON(t, "--db", db, "--base", env.URL)
	if code != ExitInspectFailed || r.Passed || !strings.Contains(errOut, "不合格") {
		t.Fatalf("demo: exit %d, passed %v; want 3 and not passed (%s)", code, r.Passed, errOut)
	}
	if len(r.Items) != len(inspect.Items) || r.InspectedAt == "" {
		t.Fatalf("items = %d; want %d", len(r.Items), len(inspect.Items))
	}
	for i, it := range r.Items {
		if it.Code != string(inspect.Items[i].Code) || it.Veto != inspect.Items[i].Veto || it.Findings == nil {
			t.Errorf("item %d = %s veto %v findings %v; want %s in the national order", i, it.Code, it.Veto, it.Findings, inspect.Items[i].Code)
		}
	}
	ok, d := r.item("interaction")
	if ok == nil || *ok || !strings.Contains(d, "学校周边交通安全问题") || !strings.Contains(d, "超过 3 个月未答复") {
		t.Errorf("interaction = %v %s; want failed naming the demo's old message", ok, d)
	}
	ok, d = r.item("media_stale")
	if ok == nil || *ok || !strings.Contains(d, "兖州教体发布") || strings.Contains(d, "“兖州教体”") {
		t.Errorf("media_stale = %v %s; want failed naming the stale account only", ok, d)
	}
	if ok, d := r.item("availability"); ok != nil || !strings.Contains(d, "不足 7 天") {
		t.Errorf("availability without a week of probes = %v %s; want null", ok, d)
	}
	if ok, _ := r.item("broken_links"); ok == nil || !*ok {
		t.Errorf("broken links on the demo portal: %v", ok)
	}
	want := map[string]bool{"interaction": true, "media_stale": true}
	for _, v := range r.Vetoes {
		delete(want, v)
	}
	if len(want) > 0 {
		t.Errorf("vetoes = %v; want interaction and media_stale among them", r.Vetoes)
	}

	// The office answers the message and the account posts.
	off := auth.Actor{Login: "bangongshi", Role: auth.RoleOffice}
	msgs, err := env.Store.Messages(ctx, store.MessageFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range msgs {
		if m.Title == "学校周边交通安全问题" {
			if err := env.Store.ReplyMessage(ctx, off, m.ID, "已协调交警部门在上下学时段设置护学岗。", "安全管理科"); err != nil {
				t.Fatal(err)
			}
		}
	}
	accts, _ := env.Store.MediaAccounts(ctx, 0)
	for _, a := range accts {
		if a.Status == participation.AccountActive {
			if err := env.Store.SetLastPost(ctx, off, a.ID, workday.DateOf(env.Store.Now())); err != nil {
				t.Fatal(err)
			}
		}
	}
	_, r, _ = inspectJSON(t, "--db", db, "--base", env.URL)
	for _, c := range []string{"interaction", "media_stale"} {
		if ok, d := r.item(c); ok == nil || !*ok {
			t.Errorf("after answering and posting, %s = %v %s; want pass", c, ok, d)
		}
		for _, v := range r.Vetoes {
			if v == c {
				t.Errorf("%s still among the vetoes %v", c, r.Vetoes)
			}
		}
	}
	// Kept in the history, exported in the national order.
	hist, err := env.Store.SiteInspections(ctx, 10)
	if err != nil || len(hist) != 2 || hist[1].Passed || hist[1].Trigger != "cli" {
		t.Errorf("history = %+v, %v", hist, err)
	}
	dir := t.TempDir()
	for _, f := range []string{"自查.xlsx", "自查.docx"} {
		p := filepath.Join(dir, f)
		if code, _, errOut := run(t, "", nil, "inspect", "--db", db, "--base", env.URL, "--delay", "1ms", "--pages", "10", "-o", p); code != 0 && code != ExitInspectFailed {
			t.Fatalf("export %s: exit %d %s", f, code, errOut)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		tables, err := office.ReadTables(f, data)
		if err != nil || len(tables) == 0 {
			t.Fatalf("read back %s: %v", f, err)
		}
		var labels []string
		for _, row := range tables[0].Rows {
			for _, c := range row {
				for _, d := range inspect.Items {
					if c.Text == d.Label {
						labels = append(labels, c.Text)
					}
				}
			}
		}
		if len(labels) != len(inspect.Items) || labels[0] != inspect.Items[0].Label || labels[9] != inspect.Items[9].Label {
			t.Errorf("%s lists %v; want the %d items in the national order", f, labels, len(inspect.Items))
		}
	}
}

// TestInspectForeign: a site the program does not hold, on loopback: its
// leaked ID number, stale home page and broken link are found; what it
// cannot judge is null; exit 3. A base that is not http(s) is refused.
func TestInspectForeign(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/{$}", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `<html><head><title>某小学</title></head><body><a href="/tz">通知公告</a> <a href="/nope">招生简章</a> 2021-03-01</body></html>`)
	})
	mux.HandleFunc("/tz", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `<html><head><title>通知公告</title></head><body>分班名单 2021-02-01 2021-01-05 2020-12-01 学生张某 身份证号 370882201001011231</body></html>`)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	code, r, _ := inspectJSON(t, "--base", srv.URL)
	if code != ExitInspectFailed || r.Passed {
		t.Fatalf("foreign: exit %d passed %v", code, r.Passed)
	}
	if ok, d := r.item("privacy"); ok == nil || *ok || !strings.Contains(d, "身份证") || strings.Contains(d, "370882201001011231") {
		t.Errorf("privacy = %v %s; want failed, the number masked", ok, d)
	}
	if ok, d := r.item("homepage_stale"); ok == nil || *ok || !strings.Contains(d, "2021-03-01") {
		t.Errorf("homepage_stale = %v %s", ok, d)
	}
	if ok, d := r.item("broken_links"); ok == nil || *ok || !strings.Contains(d, "/nope") {
		t.Errorf("broken_links = %v %s", ok, d)
	}
	for _, c := range []string{"interaction", "media_stale", "serious_error", "availability"} {
		if ok, _ := r.item(c); ok != nil {
			t.Errorf("%s on a foreign site = %v; want null", c, *ok)
		}
	}
	// Bad input.
	if code, _, errOut := run(t, "", nil, "inspect", "--base", "ftp://example.cn/"); code != ExitError || !strings.Contains(errOut, "http://") {
		t.Errorf("ftp base: exit %d %s", code, errOut)
	}
	// Unreachable: exit 3, availability not ok with the error.
	dead := httptest.NewServer(http.NotFoundHandler())
	u := dead.URL
	dead.Close()
	code, r, _ = inspectJSON(t, "--base", u)
	if ok, d := r.item("availability"); code != ExitInspectFailed || ok == nil || *ok || !strings.Contains(d, "无法打开") {
		t.Errorf("unreachable: exit %d availability %v %s", code, ok, d)
	}
}
