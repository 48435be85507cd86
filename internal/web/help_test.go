package web_test

import (
	"strings"
	"testing"

	"gongkai/internal/webtest"
)

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
		if code != 200 || !strings.Contains(page, "<h1>帮助 · "+want+"</h1>") || strings.Count(page, "<h1") != 1 || !strings.Contains(page, `<img src="img/`) {
			t.Errorf("%s: help %d, want the %s page with pictures", login, code, want)
		}
	}
	c := env.Client()
	env.Login(t, c, "xiaoxue")
	if code, page := get(t, c, env.URL+"/admin/help/README"); code != 200 || !strings.Contains(page, `href="office"`) {
		t.Errorf("index: %d or its links still end in .md", code)
	}
	if code, _ := get(t, c, env.URL+"/admin/help/img/liaison-home.jpg"); code != 200 {
		t.Errorf("picture: %d", code)
	}
	if code, _ := get(t, c, env.URL+"/admin/help/nothing"); code != 404 {
		t.Errorf("unknown page: %d; want 404", code)
	}
}
