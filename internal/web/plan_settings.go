package web

import (
	"net/http"
	"strconv"
	"strings"

	"gongkai"
	"gongkai/internal/auth"
	"gongkai/internal/httpx"
	"gongkai/internal/notify"
	"gongkai/internal/store"
)

type planSettingsData struct {
	WeComMasked, DingMasked string
	DingHasSecret           bool
	WeComFormat, DingFormat string
	EmailUnits              string
	RoleEmails              []roleEmail
	RemindDays              int
	RobotLevels             string
	SMTPOn                  bool
	Outbox                  []store.OutboxItem
}

// emailRoles are the roles whose notifications can also go to e-mail
// addresses of the role (units' notifications go to the units' addresses).
var emailRoles = []auth.Role{auth.RoleOffice, auth.RoleLeader, auth.RoleReviewer, auth.RoleAdmin}

// roleEmail is one role's line of the settings form: chosen by its
// Chinese label, never typed as a code.
type roleEmail struct {
	Role         auth.Role
	Label, Value string
}

func (s *Server) planSettingsPage(w http.ResponseWriter, r *http.Request, status int, msg string) error {
	set, err := s.Store.Settings(r.Context())
	if err != nil {
		return err
	}
	c := notify.ConfigFrom(set)
	d := planSettingsData{WeComMasked: notify.Mask(c.WeComURL), DingMasked: notify.Mask(c.DingTalkURL), DingHasSecret: c.DingTalkSecret != "",
		WeComFormat: set[notify.KeyWeComFormat], DingFormat: set[notify.KeyDingTalkFormat], EmailUnits: set[notify.KeyEmailUnits],
		RemindDays: c.RemindDays, RobotLevels: set[notify.KeyMinLevel], SMTPOn: s.Config.SMTPAddr != ""}
	typed := r.Method == http.MethodPost // a refused form keeps what was typed
	if typed {
		d.EmailUnits = r.PostFormValue("email_units")
	}
	for _, role := range emailRoles {
		v := strings.Join(c.EmailRoles[string(role)], ", ")
		if typed {
			v = r.PostFormValue("email_role_" + string(role))
		}
		d.RoleEmails = append(d.RoleEmails, roleEmail{Role: role, Label: role.Label(), Value: v})
	}
	if d.Outbox, err = s.Store.RecentOutbox(r.Context(), 30); err != nil {
		return err
	}
	s.Render(w, r, status, "admin/plan_settings", &Page{Title: "提醒与推送设置", Area: "plan", Error: msg, Data: d})
	return nil
}

func (s *Server) planSettings(w http.ResponseWriter, r *http.Request) error {
	return s.planSettingsPage(w, r, http.StatusOK, "")
}

// planSettingsSave stores the reminder settings. Webhook addresses and the
// signing secret are credentials: an empty field keeps the stored value,
// "clear" removes it, and the audit log shows them masked.
func (s *Server) planSettingsSave(w http.ResponseWriter, r *http.Request) error {
	if err := s.ParseForm(w, r); err != nil {
		return err
	}
	ctx, a := r.Context(), s.Actor(r)
	fail := func(err error) error {
		if gongkai.ErrorCode(err) == gongkai.EINTERNAL {
			return err
		}
		return s.planSettingsPage(w, r, httpx.StatusOf(err), errMsg(err))
	}
	days, err := strconv.Atoi(strings.TrimSpace(r.PostFormValue("remind_days")))
	if err != nil || days < 1 || days > 30 {
		return fail(gongkai.Errorf(gongkai.EINVALID, "提前提醒的工作日数应为 1 到 30"))
	}
	wecom, ding, secret := strings.TrimSpace(r.PostFormValue("wecom_url")), strings.TrimSpace(r.PostFormValue("dingtalk_url")), strings.TrimSpace(r.PostFormValue("dingtalk_secret"))
	if err := notify.CheckWebhook(notify.ChannelWeCom, wecom); err != nil {
		return fail(err)
	}
	if err := notify.CheckWebhook(notify.ChannelDingTalk, ding); err != nil {
		return fail(err)
	}
	if secret != "" && !strings.HasPrefix(secret, "SEC") {
		return fail(gongkai.Errorf(gongkai.EINVALID, "钉钉加签密钥应以 SEC 开头（机器人安全设置中“加签”一项）"))
	}
	units := r.PostFormValue("email_units")
	if _, err := notify.ParseAddressLines(units); err != nil {
		return fail(err)
	}
	var roleLines []string
	for _, role := range emailRoles {
		v := strings.TrimSpace(r.PostFormValue("email_role_" + string(role)))
		if v == "" {
			continue
		}
		line := string(role) + " " + v
		if _, err := notify.ParseAddressLines(line); err != nil {
			return fail(gongkai.Errorf(gongkai.EINVALID, "“%s”的邮箱“%s”有误：请填写邮箱地址，多个用逗号分隔", role.Label(), v))
		}
		roleLines = append(roleLines, line)
	}
	roles := strings.Join(roleLines, "\n")
	format := func(v string) string {
		if v == "markdown" {
			return "markdown"
		}
		return "text"
	}
	plain := map[string]string{notify.KeyRemindDays: strconv.Itoa(days), notify.KeyWeComFormat: format(r.PostFormValue("wecom_format")),
		notify.KeyDingTalkFormat: format(r.PostFormValue("dingtalk_format")), notify.KeyEmailUnits: strings.TrimSpace(units),
		notify.KeyEmailRoles: strings.TrimSpace(roles), notify.KeyMinLevel: map[bool]string{true: "warn", false: "all"}[r.PostFormValue("robot_levels") == "warn"]}
	current, err := s.Store.Settings(ctx)
	if err != nil {
		return err
	}
	for _, k := range []string{notify.KeyRemindDays, notify.KeyWeComFormat, notify.KeyDingTalkFormat, notify.KeyEmailUnits, notify.KeyEmailRoles, notify.KeyMinLevel} {
		if current[k] != plain[k] {
			if err := s.Store.PutSetting(ctx, a, k, plain[k]); err != nil {
				return err
			}
		}
	}
	secrets := []struct{ key, val, clear string }{
		{notify.KeyWeComURL, wecom, "wecom_clear"}, {notify.KeyDingTalkURL, ding, "dingtalk_clear"}, {notify.KeyDingTalkSecret, secret, "dingtalk_clear"},
	}
	for _, sc := range secrets {
		v := sc.val
		if r.PostFormValue(sc.clear) == "1" {
			v = ""
		} else if v == "" {
			continue
		}
		if err := s.Store.PutSecretSetting(ctx, a, sc.key, v); err != nil {
			return err
		}
	}
	return s.Flash(w, r, "已保存提醒与推送设置", "/admin/plan/settings")
}
