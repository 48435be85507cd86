package notify

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/tls"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

func tlsConfig(host string) *tls.Config {
	return &tls.Config{ServerName: host, MinVersion: tls.VersionTLS12}
}

// Byte limits of the robots' message bodies (reference: robots.md).
const (
	weComTextMax     = 2048
	weComMarkdownMax = 4096
	dingTalkMax      = 18000 // below the 20000 bytes seen in the wild
)

// WeComPayload is the WeCom group-robot body: text (≤ 2048 bytes) or
// markdown (≤ 4096 bytes).
func WeComPayload(n Notification, base string, markdown bool) map[string]any {
	if markdown {
		return map[string]any{"msgtype": "markdown", "markdown": map[string]any{"content": TruncateBytes(Markdown(n, base), weComMarkdownMax)}}
	}
	return map[string]any{"msgtype": "text", "text": map[string]any{"content": TruncateBytes(PlainText(n, base), weComTextMax)}}
}

// DingTalkPayload is the DingTalk custom-robot body: text, or markdown
// with its required title; msgUuid makes a retry idempotent.
func DingTalkPayload(n Notification, base string, markdown bool, uuid string) map[string]any {
	p := map[string]any{"at": map[string]any{"isAtAll": false}}
	if uuid != "" {
		p["msgUuid"] = uuid
	}
	if markdown {
		p["msgtype"] = "markdown"
		p["markdown"] = map[string]any{"title": TruncateBytes(levelLabel(n.Level)+n.Title, 200), "text": TruncateBytes(Markdown(n, base), dingTalkMax)}
	} else {
		p["msgtype"] = "text"
		p["text"] = map[string]any{"content": TruncateBytes(PlainText(n, base), dingTalkMax)}
	}
	return p
}

// DingTalkSign returns the signature of a DingTalk request: base64 of
// HMAC-SHA256(secret, timestamp + "\n" + secret), URL-encoded once.
func DingTalkSign(secret string, tsMillis int64) string {
	h := hmac.New(sha256.New, []byte(secret))
	h.Write([]byte(strconv.FormatInt(tsMillis, 10) + "\n" + secret))
	return url.QueryEscape(base64.StdEncoding.EncodeToString(h.Sum(nil)))
}

// DingTalkURL appends timestamp and sign to the webhook when a secret is set.
func DingTalkURL(webhook, secret string, now time.Time) string {
	if secret == "" {
		return webhook
	}
	ts := now.UnixMilli()
	return webhook + "&timestamp=" + strconv.FormatInt(ts, 10) + "&sign=" + DingTalkSign(secret, ts)
}

// RobotError is an errcode answer from a robot.
type RobotError struct {
	Code int
	Msg  string
}

func (e *RobotError) Error() string { return fmt.Sprintf("robot errcode %d: %s", e.Code, e.Msg) }

// RateLimited reports whether the robot refused for sending too fast.
func (e *RobotError) RateLimited() bool {
	return e.Code == 45009 || e.Code == 130101 || e.Code == 410100
}

// PostRobot posts a JSON body to a robot webhook and checks errcode (both
// robots answer HTTP 200 even on failure).
func PostRobot(ctx context.Context, client *http.Client, webhook string, payload any) error {
	body, err := json.Marshal(payload)
	if err != nil {
		return fmt.Errorf("notify: robot payload: %w", err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, webhook, bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("notify: robot request: %w", err)
	}
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	if client == nil {
		client = &http.Client{Timeout: 15 * time.Second}
	}
	resp, err := client.Do(req)
	if err != nil {
		return fmt.Errorf("notify: robot post: %w", err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("notify: robot http %d: %s", resp.StatusCode, TruncateBytes(string(data), 200))
	}
	var r struct {
		Code int    `json:"errcode"`
		Msg  string `json:"errmsg"`
	}
	if err := json.Unmarshal(data, &r); err != nil {
		return fmt.Errorf("notify: robot answer: %w", err)
	}
	if r.Code != 0 {
		return &RobotError{Code: r.Code, Msg: r.Msg}
	}
	return nil
}
