package web_test

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"gongkai/internal/notify"
	"gongkai/internal/webtest"
)

// TestSettingsRoleEmails: the reminder settings name roles by their
// Chinese labels (one field per role, no role codes to type); a bad
// address is refused with a message naming the role and keeps what was
// typed; a good one is stored for delivery.
func TestSettingsRoleEmails(t *testing.T) {
	env := webtest.Start(t)
	c := env.Client()
	env.Login(t, c, "bangongshi")
	code, page := get(t, c, env.URL+"/admin/plan/settings")
	if code != 200 || !strings.Contains(page, "分管负责人的邮箱") || !strings.Contains(page, `name="email_role_leader"`) {
		t.Fatalf("settings %d: no field for 分管负责人", code)
	}
	for _, code := range []string{"office、leader", "（office", "reviewer…"} {
		if strings.Contains(page, code) {
			t.Errorf("settings page asks for role codes: %q", code)
		}
	}
	form := url.Values{"remind_days": {"3"}, "email_role_leader": {"fg@example.org，fg2@example.org"}, "email_role_office": {"bgs.example.org"}}
	code, page = post(t, c, env.URL+"/admin/plan/settings", form)
	if code != 400 || !strings.Contains(page, "“办公室（政务公开办）”的邮箱“bgs.example.org”有误") || !strings.Contains(page, `value="fg@example.org，fg2@example.org"`) {
		t.Errorf("bad address: %d; want 400 naming the role and keeping what was typed", code)
	}
	set, _ := env.Store.Settings(context.Background())
	if set[notify.KeyEmailRoles] != "" {
		t.Errorf("refused form saved %q", set[notify.KeyEmailRoles])
	}
	form.Set("email_role_office", "bgs@example.org")
	if code, page := post(t, c, env.URL+"/admin/plan/settings", form); code >= 400 {
		t.Fatalf("save: %d %s", code, page)
	}
	set, _ = env.Store.Settings(context.Background())
	cfg := notify.ConfigFrom(set)
	if got := strings.Join(cfg.EmailRoles["leader"], " "); got != "fg@example.org fg2@example.org" {
		t.Errorf("leader's addresses: %q", got)
	}
	if got := strings.Join(cfg.EmailRoles["office"], " "); got != "bgs@example.org" {
		t.Errorf("office's addresses: %q", got)
	}
	if _, page := get(t, c, env.URL+"/admin/plan/settings"); !strings.Contains(page, `value="fg@example.org, fg2@example.org"`) {
		t.Errorf("saved addresses not shown in the leader's field")
	}
}
