package web_test

import (
	"regexp"
	"strings"
	"testing"

	"gongkai/internal/webtest"
)

// helpRef is a link or picture address in a page.
var helpRef = regexp.MustCompile(`(?:href|src)="([^"]+)"`)

// TestHelp: 帮助 is in every role's console menu and opens the manual at
// the reader's role's page, with its pictures; links between pages work.
func TestHelp(t *testing.T) {
	env := webtest.Start(t)
	for login, want := range map[string]string{"xiaoxue": "单位联络员", "bangongshi": "办公室", "shenji": "审计员", "admin": "系统管理员", "fenguan": "分管负责人", "shencha": "审查员"} {
		c := env.Client()
		env.Login(t, c, login)
		code, page := get(t, c, env.URL+"/admin/")
		if code != 200 || !strings.Contains(page, `href="/admin/help"`) {
			t.Errorf("%s: no 帮助 in the menu", login)
		}
		code, page = get(t, c, env.URL+"/admin/help")
		if code != 200 || !strings.Contains(page, "<h1>帮助 · "+want+"</h1>") || strings.Count(page, "<h1") != 1 || !strings.Contains(page, `<img src="/admin/help/img/`) {
			t.Errorf("%s: help %d, want the %s page with pictures", login, code, want)
		}
		// Every picture and every link of the manual opens, read from
		// /admin/help (where relative addresses would go astray).
		for _, m := range helpRef.FindAllStringSubmatch(page, -1) {
			ref := m[1]
			if !strings.HasPrefix(ref, "/admin/help") {
				continue
			}
			if code, _ := get(t, c, env.URL+ref); code != 200 {
				t.Errorf("%s: %s on /admin/help: %d", login, ref, code)
			}
		}
		if n := len(helpRef.FindAllString(page, -1)); n < 3 {
			t.Errorf("%s: %d links and pictures on the help page", login, n)
		}
	}
	c := env.Client()
	env.Login(t, c, "xiaoxue")
	if code, page := get(t, c, env.URL+"/admin/help/README"); code != 200 || !strings.Contains(page, `href="/admin/help/office"`) || strings.Contains(page, `.md"`) {
		t.Errorf("index: %d or its links still end in .md", code)
	}
	if code, _ := get(t, c, env.URL+"/admin/help/img/liaison-home.jpg"); code != 200 {
		t.Errorf("picture: %d", code)
	}
	if code, _ := get(t, c, env.URL+"/admin/help/nothing"); code != 404 {
		t.Errorf("unknown page: %d; want 404", code)
	}
}
