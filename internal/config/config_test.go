package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestLoad(t *testing.T) {
	secret := filepath.Join(t.TempDir(), "pw")
	os.WriteFile(secret, []byte("s3cret\n"), 0o600)
	env := map[string]string{
		"GONGKAI_DB":                 "postgres://x@y/z",
		"GONGKAI_SESSION_IDLE":       "45m",
		"GONGKAI_SMTP_PASSWORD_FILE": secret,
		"GONGKAI_UPLOAD_MAX_MB":      "5",
	}
	c, err := Load(func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	if c.DB != "postgres://x@y/z" || c.SessionIdle != 45*time.Minute || c.SMTPPass != "s3cret" || c.UploadMaxBytes != 5<<20 {
		t.Errorf("config = %+v", c)
	}
	for k, v := range map[string]string{"GONGKAI_SESSION_IDLE": "soon", "GONGKAI_PASSWORD_MIN_LENGTH": "4", "GONGKAI_SECURE_COOKIES": "maybe"} {
		_, err := Load(func(name string) string {
			if name == k {
				return v
			}
			return ""
		})
		if err == nil || !strings.Contains(err.Error(), "") {
			t.Errorf("%s=%s accepted", k, v)
		}
	}
}
