package exchange

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"gongkai"
)

// Pushed deliveries are signed the way webhooks usually are: the header
// X-Gongkai-Signature holds "sha256=" and the hex HMAC-SHA256, keyed by the
// subscriber's secret, of the timestamp (X-Gongkai-Timestamp, Unix
// seconds), a dot and the body. The receiver recomputes it with the
// secret, compares in constant time, and refuses an old timestamp (a
// replay).

// Headers of a pushed delivery.
const (
	HeaderSignature = "X-Gongkai-Signature"
	HeaderTimestamp = "X-Gongkai-Timestamp"
	HeaderDelivery  = "X-Gongkai-Delivery"
)

// Sign returns the signature header value of body sent at ts.
func Sign(secret string, ts time.Time, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(strconv.FormatInt(ts.Unix(), 10)))
	m.Write([]byte("."))
	m.Write(body)
	return "sha256=" + hex.EncodeToString(m.Sum(nil))
}

// Verify checks a delivery as a receiver does: the signature over the
// timestamp header and the body, and a timestamp within tolerance of now.
func Verify(secret, signature, timestamp string, body []byte, now time.Time, tolerance time.Duration) bool {
	sec, err := strconv.ParseInt(timestamp, 10, 64)
	if err != nil {
		return false
	}
	ts := time.Unix(sec, 0)
	if d := now.Sub(ts); d > tolerance || d < -tolerance {
		return false
	}
	return hmac.Equal([]byte(Sign(secret, ts, body)), []byte(signature))
}

// NewSecret returns a random signing secret.
func NewSecret() string {
	b := make([]byte, 24)
	if _, err := rand.Read(b); err != nil {
		panic("exchange: crypto/rand failed: " + err.Error())
	}
	return "whsec_" + base64.RawURLEncoding.EncodeToString(b)
}

// MinSecret is the shortest secret a subscriber may choose.
const MinSecret = 16

// CheckSubscriber checks a subscriber's name, address and secret: an
// absolute http or https address with a host and without a password, a
// secret of at least MinSecret characters (or none: one is made).
func CheckSubscriber(name, address, secret string) (string, string, error) {
	name, address, secret = strings.TrimSpace(name), strings.TrimSpace(address), strings.TrimSpace(secret)
	if name == "" || utf8.RuneCountInString(name) > 50 {
		return "", "", gongkai.Errorf(gongkai.EINVALID, "请填写订阅方名称（50 字以内），如“兖州区政府网站集约化平台”")
	}
	u, err := url.Parse(address)
	if err != nil || address == "" {
		return "", "", gongkai.Errorf(gongkai.EINVALID, "推送地址“%s”不是有效的网址，应以 http:// 或 https:// 开头", address)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return "", "", gongkai.Errorf(gongkai.EINVALID, "推送地址只能是 http:// 或 https:// 网址，现为“%s”", address)
	}
	if u.Host == "" || u.Hostname() == "" {
		return "", "", gongkai.Errorf(gongkai.EINVALID, "推送地址“%s”缺少主机名", address)
	}
	if u.User != nil {
		return "", "", gongkai.Errorf(gongkai.EINVALID, "推送地址中不能包含用户名或密码，请用签名密钥验证来源")
	}
	if len(address) > 500 {
		return "", "", gongkai.Errorf(gongkai.EINVALID, "推送地址过长（最多 500 个字符）")
	}
	if secret != "" && utf8.RuneCountInString(secret) < MinSecret {
		return "", "", gongkai.Errorf(gongkai.EINVALID, "签名密钥至少 %d 个字符；留空则由系统生成", MinSecret)
	}
	if len(secret) > 200 {
		return "", "", gongkai.Errorf(gongkai.EINVALID, "签名密钥过长（最多 200 个字符）")
	}
	return name, u.String(), nil
}
