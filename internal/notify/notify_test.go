package notify

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"mime"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"gongkai/internal/notify/notifytest"
)

var sample = Notification{Key: "plan:a:1:2023-11-30:due-3", UnitID: 9, Level: "warn", Title: "还有 3 个工作日到期：任务序号 1",
	Body: "完成时限：2023-11-30（11月底前）。", Link: "/admin/plan/assignments/1"}

func TestSMTPSend(t *testing.T) {
	srv := notifytest.Start(t)
	m := SMTP{Addr: srv.Addr(), From: "gongkai@example.org", Timeout: 5 * time.Second}
	now := time.Date(2023, 11, 27, 1, 0, 0, 0, time.UTC)
	d := Deliverer{SMTP: m, BaseURL: "https://gk.example.org"}
	if err := d.Deliver(context.Background(), Target{ChannelEmail, "xiaoxue@example.org"}, sample, "u1", now); err != nil {
		t.Fatal(err)
	}
	msgs := srv.Messages()
	if len(msgs) != 1 {
		t.Fatalf("messages: got %d; want 1", len(msgs))
	}
	got := msgs[0]
	if got.From != "gongkai@example.org" || len(got.To) != 1 || got.To[0] != "xiaoxue@example.org" {
		t.Errorf("envelope: got %+v", got)
	}
	head, body, _ := strings.Cut(got.Data, "\r\n\r\n")
	var subject string
	for _, l := range strings.Split(head, "\r\n") {
		if v, ok := strings.CutPrefix(l, "Subject: "); ok {
			subject, _ = new(mime.WordDecoder).DecodeHeader(v)
		}
	}
	if want := "【提醒】" + sample.Title; subject != want {
		t.Errorf("subject: got %q; want %q", subject, want)
	}
	text, err := base64.StdEncoding.DecodeString(strings.ReplaceAll(strings.TrimSpace(body), "\r\n", ""))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(text), "详情：https://gk.example.org/admin/plan/assignments/1") {
		t.Errorf("body: got %q; want the absolute link", text)
	}
	srv.SetFail(true)
	if err := d.Deliver(context.Background(), Target{ChannelEmail, "a@example.org"}, sample, "u2", now); err == nil {
		t.Errorf("deliver with 451: got no error; want one")
	}
}

type hookCall struct {
	Query map[string]string
	Body  map[string]any
	CT    string
}

func startHook(t *testing.T, answer string) (*httptest.Server, func() []hookCall) {
	var mu sync.Mutex
	var calls []hookCall
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		var m map[string]any
		if err := json.Unmarshal(b, &m); err != nil {
			t.Errorf("webhook body is not JSON: %v", err)
		}
		q := map[string]string{}
		for k, v := range r.URL.Query() {
			q[k] = v[0]
		}
		mu.Lock()
		calls = append(calls, hookCall{Query: q, Body: m, CT: r.Header.Get("Content-Type")})
		mu.Unlock()
		io.WriteString(w, answer)
	}))
	t.Cleanup(srv.Close)
	return srv, func() []hookCall { mu.Lock(); defer mu.Unlock(); return append([]hookCall(nil), calls...) }
}

func TestWeCom(t *testing.T) {
	srv, calls := startHook(t, `{"errcode":0,"errmsg":"ok"}`)
	for _, md := range []bool{false, true} {
		d := Deliverer{Config: Config{WeComURL: srv.URL + "/cgi-bin/webhook/send?key=KEY1", WeComMarkdown: md}, BaseURL: "https://gk.example.org"}
		if err := d.Deliver(context.Background(), Target{ChannelWeCom, "group"}, sample, "u", time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	cs := calls()
	if len(cs) != 2 {
		t.Fatalf("calls: got %d; want 2", len(cs))
	}
	if cs[0].Query["key"] != "KEY1" || !strings.HasPrefix(cs[0].CT, "application/json") {
		t.Errorf("request: got key %q, content type %q", cs[0].Query["key"], cs[0].CT)
	}
	if cs[0].Body["msgtype"] != "text" {
		t.Errorf("msgtype: got %v; want text", cs[0].Body["msgtype"])
	}
	content := cs[0].Body["text"].(map[string]any)["content"].(string)
	if !strings.HasPrefix(content, "【提醒】还有 3 个工作日到期") {
		t.Errorf("text content: got %q", content)
	}
	if cs[1].Body["msgtype"] != "markdown" {
		t.Errorf("msgtype: got %v; want markdown", cs[1].Body["msgtype"])
	}
	md := cs[1].Body["markdown"].(map[string]any)["content"].(string)
	if !strings.Contains(md, "[查看详情](https://gk.example.org/admin/plan/assignments/1)") || !strings.HasPrefix(md, "### ") {
		t.Errorf("markdown content: got %q", md)
	}
	if _, ok := cs[1].Body["markdown"].(map[string]any)["mentioned_list"]; ok {
		t.Errorf("markdown has mentioned_list; WeCom markdown has no such field")
	}
}

func TestWeComLimits(t *testing.T) {
	long := sample
	long.Body = strings.Repeat("政务公开", 1000)
	p := WeComPayload(long, "", false)
	c := p["text"].(map[string]any)["content"].(string)
	if len(c) > 2048 || !utf8.ValidString(c) {
		t.Errorf("text content: got %d bytes (valid %v); want ≤ 2048 valid UTF-8", len(c), utf8.ValidString(c))
	}
	p = WeComPayload(long, "", true)
	if c := p["markdown"].(map[string]any)["content"].(string); len(c) > 4096 {
		t.Errorf("markdown content: got %d bytes; want ≤ 4096", len(c))
	}
}

func TestWeComError(t *testing.T) {
	srv, _ := startHook(t, `{"errcode":93000,"errmsg":"invalid webhook url"}`)
	d := Deliverer{Config: Config{WeComURL: srv.URL + "/?key=bad"}}
	err := d.Deliver(context.Background(), Target{ChannelWeCom, "group"}, sample, "u", time.Now())
	re, ok := err.(*RobotError)
	if !ok || re.Code != 93000 {
		t.Fatalf("error: got %v; want errcode 93000", err)
	}
}

func TestDingTalkSign(t *testing.T) {
	// The reference value from robots.md (checked against the Python SDK).
	if got, want := DingTalkSign("SECexample0123456789", 1700000000000), "figG6qqCA%2FlRh0hsGCW2zNtNV5znkAFut5BI0zKhqnQ%3D"; got != want {
		t.Errorf("sign: got %s; want %s", got, want)
	}
}

func TestDingTalk(t *testing.T) {
	srv, calls := startHook(t, `{"errcode":0,"errmsg":"ok"}`)
	now := time.UnixMilli(1700000000000)
	d := Deliverer{Config: Config{DingTalkURL: srv.URL + "/robot/send?access_token=TOK", DingTalkSecret: "SECexample0123456789", DingMarkdown: true}, BaseURL: "https://gk.example.org"}
	if err := d.Deliver(context.Background(), Target{ChannelDingTalk, "group"}, sample, "gongkai-7", now); err != nil {
		t.Fatal(err)
	}
	cs := calls()
	if len(cs) != 1 {
		t.Fatalf("calls: got %d; want 1", len(cs))
	}
	q := cs[0].Query
	// The server decodes the query once: the sign is the base64 itself.
	if q["access_token"] != "TOK" || q["timestamp"] != "1700000000000" || q["sign"] != "figG6qqCA/lRh0hsGCW2zNtNV5znkAFut5BI0zKhqnQ=" {
		t.Errorf("query: got %v", q)
	}
	b := cs[0].Body
	if b["msgtype"] != "markdown" || b["msgUuid"] != "gongkai-7" {
		t.Errorf("body: got %v", b)
	}
	mdb := b["markdown"].(map[string]any)
	if mdb["title"] != "【提醒】"+sample.Title || !strings.Contains(mdb["text"].(string), "https://gk.example.org/admin/plan/assignments/1") {
		t.Errorf("markdown: got %v", mdb)
	}
	if at, ok := b["at"].(map[string]any); !ok || at["isAtAll"] != false {
		t.Errorf("at: got %v", b["at"])
	}
	// errcode 310000 (security check) is an error even with HTTP 200.
	srv2, _ := startHook(t, `{"errcode":310000,"errmsg":"sign not match"}`)
	d.Config.DingTalkURL = srv2.URL + "/robot/send?access_token=TOK"
	if err := d.Deliver(context.Background(), Target{ChannelDingTalk, "group"}, sample, "x", now); err == nil {
		t.Errorf("errcode 310000: got no error; want one")
	}
}

func TestTargetsAndConfig(t *testing.T) {
	set := map[string]string{KeyWeComURL: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k", KeyEmailUnits: "兖州区实验小学 a@example.org, b@example.org",
		KeyEmailRoles: "office bgs@example.org", KeyMinLevel: "warn", KeyRemindDays: "5"}
	c := ConfigFrom(set)
	if c.RemindDays != 5 {
		t.Errorf("remind days: got %d; want 5", c.RemindDays)
	}
	got := c.Targets(sample, "兖州区实验小学", true)
	if len(got) != 3 || got[0].Address != "a@example.org" || got[2].Channel != ChannelWeCom {
		t.Errorf("targets: got %+v", got)
	}
	info := sample
	info.Level = "info"
	if got := c.Targets(info, "兖州区实验小学", false); len(got) != 0 {
		t.Errorf("info with warn-only robots and no smtp: got %+v; want none", got)
	}
	for _, bad := range []string{"ftp://x/?key=1", "https://qyapi.weixin.qq.com/cgi-bin/webhook/send"} {
		if CheckWebhook(ChannelWeCom, bad) == nil {
			t.Errorf("CheckWebhook(%q): got nil; want an error", bad)
		}
	}
	if _, err := ParseAddressLines("单位 not-an-address"); err == nil {
		t.Errorf("bad address: got nil; want an error")
	}
}
