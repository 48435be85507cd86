package web_test

import (
	"net/http"
	"strings"
	"testing"

	"gongkai/internal/webtest"
)

// TestDocsConsolePages renders every console page of the area for the
// roles that use it, and checks that the forbidden ones are refused.
func TestDocsConsolePages(t *testing.T) {
	env := webtest.Start(t)
	for _, tc := range []struct {
		login string
		pages map[string]int
	}{
		{"bangongshi", map[string]int{"/admin/docs/": 200, "/admin/docs/?tab=published": 200, "/admin/docs/new": 200, "/admin/docs/catalog": 200,
			"/admin/docs/catalog/1": 200, "/admin/docs/settings": 200, "/admin/docs/packages": 200, "/admin/docs/packages/1": 200,
			"/admin/docs/package-requests": 200, "/admin/docs/d/1": 200, "/admin/": 200}},
		{"shencha", map[string]int{"/admin/docs/": 200, "/admin/docs/settings": 200, "/admin/docs/new": 403, "/admin/docs/package-requests": 403}},
		{"fenguan", map[string]int{"/admin/docs/": 200, "/admin/docs/?tab=reviewed": 200, "/admin/docs/settings": 403}},
		{"jijiaoke", map[string]int{"/admin/docs/": 200, "/admin/docs/new": 200, "/admin/docs/catalog": 200}},
		{"shenji", map[string]int{"/admin/docs/": 403}},
	} {
		c := env.Client()
		env.Login(t, c, tc.login)
		for p, want := range tc.pages {
			st, body := get(t, c, env.URL+p)
			if st != want {
				t.Errorf("%s GET %s: %d; want %d", tc.login, p, st, want)
			}
			if st == http.StatusOK && strings.Contains(body, "页面渲染失败") {
				t.Errorf("%s GET %s: render failed", tc.login, p)
			}
		}
	}
	// The reviewer's list shows the demo draft waiting for review, with its clock.
	c := env.Client()
	env.Login(t, c, "shencha")
	_, body := get(t, c, env.URL+"/admin/docs/")
	if !strings.Contains(body, "课后服务工作的通知") || !strings.Contains(body, "个工作日") {
		t.Error("reviewer's list lacks the demo draft and its clock")
	}
	_, home := get(t, c, env.URL+"/admin/")
	if !strings.Contains(home, "待保密审查 1 件") {
		t.Error("console home lacks the review card")
	}
}
