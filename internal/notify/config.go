package notify

import (
	"net/mail"
	"net/url"
	"strconv"
	"strings"

	"gongkai"
	"gongkai/internal/workday"
)

// Setting keys (stored in the settings table, edited in the console).
const (
	KeyWeComURL       = "notify.wecom_url"
	KeyWeComFormat    = "notify.wecom_format" // text or markdown
	KeyDingTalkURL    = "notify.dingtalk_url"
	KeyDingTalkSecret = "notify.dingtalk_secret"
	KeyDingTalkFormat = "notify.dingtalk_format"
	KeyEmailUnits     = "notify.email_units"  // lines: 单位名称 邮箱[,邮箱]
	KeyEmailRoles     = "notify.email_roles"  // lines: role 邮箱[,邮箱]
	KeyRemindDays     = "plan.remind_days"    // N working days before a deadline
	KeyMinLevel       = "notify.robot_levels" // levels sent to robots: "all" or "warn" (warn and alert)
)

// Channels are the delivery channels besides the in-app inbox.
const (
	ChannelEmail    = "email"
	ChannelWeCom    = "wecom"
	ChannelDingTalk = "dingtalk"
)

// Config is the delivery configuration read from the settings.
type Config struct {
	WeComURL       string
	WeComMarkdown  bool
	DingTalkURL    string
	DingTalkSecret string
	DingMarkdown   bool
	EmailUnits     map[string][]string // unit name → addresses
	EmailRoles     map[string][]string // role → addresses
	RemindDays     int
	RobotWarnOnly  bool
}

// ConfigFrom reads the configuration from the settings map.
func ConfigFrom(settings map[string]string) Config {
	c := Config{
		WeComURL: settings[KeyWeComURL], WeComMarkdown: settings[KeyWeComFormat] == "markdown",
		DingTalkURL: settings[KeyDingTalkURL], DingTalkSecret: settings[KeyDingTalkSecret], DingMarkdown: settings[KeyDingTalkFormat] == "markdown",
		RemindDays: workday.DueSoonWorkdays, RobotWarnOnly: settings[KeyMinLevel] == "warn",
	}
	if n, err := strconv.Atoi(settings[KeyRemindDays]); err == nil && n >= 1 && n <= 30 {
		c.RemindDays = n
	}
	c.EmailUnits, _ = ParseAddressLines(settings[KeyEmailUnits])
	c.EmailRoles, _ = ParseAddressLines(settings[KeyEmailRoles])
	return c
}

// ParseAddressLines reads "名称 邮箱[,邮箱]" lines; a bad address is an
// error naming its line.
func ParseAddressLines(text string) (map[string][]string, error) {
	out := map[string][]string{}
	for i, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		name, rest, ok := strings.Cut(strings.ReplaceAll(line, "\t", " "), " ")
		if !ok || strings.TrimSpace(rest) == "" {
			return out, gongkai.Errorf(gongkai.EINVALID, "邮箱设置第 %d 行应为“名称 邮箱”，收到“%s”", i+1, line)
		}
		for _, a := range strings.FieldsFunc(rest, func(r rune) bool { return r == ',' || r == '，' || r == ';' || r == '；' || r == ' ' }) {
			addr, err := mail.ParseAddress(a)
			if err != nil {
				return out, gongkai.Errorf(gongkai.EINVALID, "邮箱设置第 %d 行的地址“%s”无效", i+1, a)
			}
			out[name] = append(out[name], addr.Address)
		}
	}
	return out, nil
}

// CheckWebhook checks a robot webhook address: http(s) with the query
// parameter the robot needs (key for WeCom, access_token for DingTalk).
func CheckWebhook(channel, raw string) error {
	if raw == "" {
		return nil
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return gongkai.Errorf(gongkai.EINVALID, "机器人地址“%s”无效，应以 https:// 开头", raw)
	}
	param, name := "key", "企业微信"
	if channel == ChannelDingTalk {
		param, name = "access_token", "钉钉"
	}
	if u.Query().Get(param) == "" {
		return gongkai.Errorf(gongkai.EINVALID, "%s机器人地址缺少 %s 参数：请粘贴群机器人设置中的完整 Webhook 地址", name, param)
	}
	return nil
}

// Mask hides a credential for display and audit: the scheme and host stay.
func Mask(raw string) string {
	if raw == "" {
		return ""
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return "******"
	}
	return u.Scheme + "://" + u.Host + u.Path + "?******"
}
