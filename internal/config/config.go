// Package config is the program's configuration: defaults, overridden by
// environment variables (GONGKAI_*), overridden by command-line flags. It
// is passed explicitly; there is no global.
package config

import (
	"fmt"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"gongkai"
)

// Config holds every setting of the program.
type Config struct {
	Addr    string // listen address
	DB      string // SQLite path or postgres:// URL
	BaseURL string // public address, for links in e-mails and feeds

	PublishDir string // static publishing: the portal as files there, updated by the publish job (empty: off)

	SessionIdle     time.Duration // idle timeout of console sessions
	SessionMax      time.Duration // absolute lifetime of a session
	SecureCookies   bool          // set when served over HTTPS
	PasswordMinLen  int
	PasswordClasses int
	LoginMaxFails   int           // failures per login before lockout
	LoginLockout    time.Duration // window and lockout time
	TrustProxy      bool          // take the client address from X-Forwarded-For

	UploadMaxBytes int64 // per uploaded file
	FormMaxBytes   int64 // per form body without files

	// Initial values of the portal's identity (网站名称、网站标识码、主办单位):
	// stored once into a database that has no identity yet, then ignored —
	// the identity lives in the database and is edited in the console.
	// Empty by default, so a forgotten variable never makes a deployment
	// show another body's name.
	SiteName   string
	SiteIDCode string
	OrgName    string

	// BackupPassphrase encrypts the scheduled and console backups (age)
	// when set; kept out of the database it protects (use the _FILE form).
	BackupPassphrase string
	// MetricsAddr, when set, serves /metrics without a token on a separate
	// listen address (bind it to localhost or an internal network).
	MetricsAddr string

	SMTPAddr string // host:port; empty disables e-mail
	SMTPFrom string
	SMTPUser string
	SMTPPass string
}

// Default returns the defaults.
func Default() Config {
	return Config{
		Addr:            "127.0.0.1:8080",
		DB:              "data/gongkai.db",
		BaseURL:         "http://127.0.0.1:8080",
		SessionIdle:     30 * time.Minute,
		SessionMax:      12 * time.Hour,
		PasswordMinLen:  10,
		PasswordClasses: 3,
		LoginMaxFails:   5,
		LoginLockout:    15 * time.Minute,
		UploadMaxBytes:  20 << 20,
		FormMaxBytes:    2 << 20,
	}
}

// Load reads GONGKAI_* variables over the defaults. A variable NAME_FILE
// names a file that holds the value (for secrets).
func Load(getenv func(string) string) (Config, error) {
	c := Default()
	get := func(name string) string {
		if f := getenv(name + "_FILE"); f != "" {
			b, err := os.ReadFile(f)
			if err == nil {
				return strings.TrimSpace(string(b))
			}
		}
		return getenv(name)
	}
	var errs []string
	str := func(name string, dst *string) {
		if v := get(name); v != "" {
			*dst = v
		}
	}
	dur := func(name string, dst *time.Duration) {
		if v := get(name); v != "" {
			d, err := time.ParseDuration(v)
			if err != nil || d <= 0 {
				errs = append(errs, fmt.Sprintf("%s=%q 不是有效的时长（例如 30m、12h）", name, v))
				return
			}
			*dst = d
		}
	}
	num := func(name string, dst *int) {
		if v := get(name); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 {
				errs = append(errs, fmt.Sprintf("%s=%q 不是有效的非负整数", name, v))
				return
			}
			*dst = n
		}
	}
	flag := func(name string, dst *bool) {
		if v := get(name); v != "" {
			b, err := strconv.ParseBool(v)
			if err != nil {
				errs = append(errs, fmt.Sprintf("%s=%q 应为 true 或 false", name, v))
				return
			}
			*dst = b
		}
	}
	str("GONGKAI_ADDR", &c.Addr)
	str("GONGKAI_DB", &c.DB)
	str("GONGKAI_BASE_URL", &c.BaseURL)
	str("GONGKAI_PUBLISH_DIR", &c.PublishDir)
	dur("GONGKAI_SESSION_IDLE", &c.SessionIdle)
	dur("GONGKAI_SESSION_MAX", &c.SessionMax)
	flag("GONGKAI_SECURE_COOKIES", &c.SecureCookies)
	num("GONGKAI_PASSWORD_MIN_LENGTH", &c.PasswordMinLen)
	num("GONGKAI_PASSWORD_CLASSES", &c.PasswordClasses)
	num("GONGKAI_LOGIN_MAX_FAILURES", &c.LoginMaxFails)
	dur("GONGKAI_LOGIN_LOCKOUT", &c.LoginLockout)
	flag("GONGKAI_TRUST_PROXY", &c.TrustProxy)
	var upMB int
	num("GONGKAI_UPLOAD_MAX_MB", &upMB)
	if upMB > 0 {
		c.UploadMaxBytes = int64(upMB) << 20
	}
	str("GONGKAI_SITE_NAME", &c.SiteName)
	str("GONGKAI_SITE_ID_CODE", &c.SiteIDCode)
	str("GONGKAI_ORG_NAME", &c.OrgName)
	str("GONGKAI_BACKUP_PASSPHRASE", &c.BackupPassphrase)
	str("GONGKAI_METRICS_ADDR", &c.MetricsAddr)
	str("GONGKAI_SMTP_ADDR", &c.SMTPAddr)
	str("GONGKAI_SMTP_FROM", &c.SMTPFrom)
	str("GONGKAI_SMTP_USER", &c.SMTPUser)
	str("GONGKAI_SMTP_PASSWORD", &c.SMTPPass)
	if len(errs) > 0 {
		return c, gongkai.Errorf(gongkai.EINVALID, "配置有误：%s", strings.Join(errs, "；"))
	}
	return c, c.Validate()
}

// Validate checks combinations of settings.
func (c Config) Validate() error {
	switch {
	case c.PasswordMinLen < 8:
		return gongkai.Errorf(gongkai.EINVALID, "密码最小长度不能小于 8")
	case c.PasswordClasses < 1 || c.PasswordClasses > 4:
		return gongkai.Errorf(gongkai.EINVALID, "密码字符类别数应在 1 到 4 之间")
	case c.SessionIdle < time.Minute || c.SessionIdle > c.SessionMax:
		return gongkai.Errorf(gongkai.EINVALID, "会话空闲超时应不少于 1 分钟且不大于会话最长时间")
	case c.LoginMaxFails < 1:
		return gongkai.Errorf(gongkai.EINVALID, "登录失败次数上限至少为 1")
	case c.LoginLockout < time.Minute || c.LoginLockout > 24*time.Hour:
		return gongkai.Errorf(gongkai.EINVALID, "登录锁定时间（GONGKAI_LOGIN_LOCKOUT）应在 1 分钟到 24 小时之间")
	case c.UploadMaxBytes < 1<<10:
		return gongkai.Errorf(gongkai.EINVALID, "上传大小上限过小")
	}
	if u, err := url.Parse(c.BaseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || strings.Trim(u.Path, "/") != "" || u.RawQuery != "" {
		return gongkai.Errorf(gongkai.EINVALID, "GONGKAI_BASE_URL=%q 应为网站的公开地址，如 https://gk.example.gov.cn（页面、订阅和网站地图中的完整链接都用它）", c.BaseURL)
	}
	return nil
}
