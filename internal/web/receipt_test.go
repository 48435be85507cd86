package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"gongkai/internal/config"
	"gongkai/internal/notify/notifytest"
	"gongkai/internal/webtest"
)

var (
	codeRe   = regexp.MustCompile(`id="(?:tracking|message)-code" class="code">([A-Z0-9-]+)<`)
	secretRe = regexp.MustCompile(`id="(?:tracking|message)-secret" class="code">([A-Z0-9-]+)<`)
)

func find(t *testing.T, re *regexp.Regexp, page string) string {
	t.Helper()
	m := re.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("%s not found in the page:\n%s", re, page)
	}
	return m[1]
}

// The receipt goes by e-mail when asked, from both doors (portal form,
// API), with the code and the secret that then opens the tracking page; a
// staff registration answers with the receipt to print; messages and error
// reports get a code and a lookup page.
func TestReceiptMailAndMessageCodes(t *testing.T) {
	mail := notifytest.Start(t)
	env := webtest.StartWith(t, webtest.Options{Now: time.Date(2023, 11, 15, 2, 0, 0, 0, time.UTC), Config: func(c *config.Config) {
		c.SMTPAddr, c.SMTPFrom, c.BaseURL = mail.Addr(), "gongkai@yanzhou.example", "https://zwgk.example.gov.cn"
	}})
	c := env.Client()

	// 1. The portal form with send_receipt.
	form := url.Values{"type": {"natural"}, "name": {"陈静"}, "id_number": {"370882199003071238"}, "email": {"chenjing@example.com"},
		"description": {"兖州区2023年秋季学期课后服务收费标准"}, "form": {"email"}, "send_receipt": {"1"}}
	st, page := post(t, c, env.URL+"/apply", form)
	if st != http.StatusCreated || !strings.Contains(page, "<h1>申请回执</h1>") || !strings.Contains(page, "回执已发送至 c") {
		t.Fatalf("apply: status %d; want 201, the receipt and the mail sent:\n%s", st, page)
	}
	code, secret := find(t, codeRe, page), find(t, secretRe, page)
	msgs := mail.Messages()
	if len(msgs) != 1 || len(msgs[0].To) != 1 || msgs[0].To[0] != "chenjing@example.com" {
		t.Fatalf("mail: %+v; want one message to chenjing@example.com", msgs)
	}
	body := msgs[0].Body()
	for _, want := range []string{code, secret, "第三十三条", "2023-12-13", "https://zwgk.example.gov.cn/apply/track?code=" + code, "济宁市兖州区教育和体育局"} {
		if !strings.Contains(body, want) {
			t.Errorf("receipt mail lacks %q:\n%s", want, body)
		}
	}
	if strings.Contains(body, "370882199003071238") {
		t.Error("receipt mail holds the ID number")
	}
	// The mailed secret opens the tracking page, typed any way.
	st, page = post(t, c, env.URL+"/apply/track", url.Values{"code": {strings.ToLower(code)}, "secret": {strings.ReplaceAll(strings.ToLower(secret), "-", "")}})
	if st != http.StatusOK || !strings.Contains(page, `id="track-state"`) || !strings.Contains(page, secret) {
		t.Errorf("track with the mailed code and secret: status %d; want the progress and the receipt again", st)
	}

	// 2. The API door, mail on.
	app := application("370882199003071238")
	app["send_receipt"] = true
	r := call(t, "POST", env.URL+"/api/v1/requests", "", app)
	if r.Status != http.StatusCreated || r.Body["receipt_mailed"] != true || !strings.Contains(r.Raw, "due_if_confirmed_today") || !strings.Contains(r.Raw, "第三十一条") {
		t.Fatalf("API application: %d %s; want 201 with the receipt mailed and its counting", r.Status, r.Raw)
	}
	if n := len(mail.Messages()); n != 2 || mail.Messages()[1].To[0] != "cj@example.com" || !strings.Contains(mail.Messages()[1].Body(), r.Body["secret"].(string)) {
		t.Errorf("API receipt mail: %d messages; want the second to cj@example.com with the secret", n)
	}
	// The server refusing the mail: the application stands, the page says so.
	mail.SetFail(true)
	st, page = post(t, c, env.URL+"/apply", form)
	if st != http.StatusCreated || !strings.Contains(page, "回执邮件未能发出") || !strings.Contains(page, `id="tracking-code"`) {
		t.Errorf("apply with the mail refused: status %d; want 201, the receipt and a note that the mail failed", st)
	}
	mail.SetFail(false)

	// 3. A staff registration answers with the receipt to print.
	env.Login(t, c, "bangongshi")
	st, page = post(t, c, env.URL+"/admin/requests/", url.Values{"channel": {"in_person"}, "received_on": {"2023-11-14"}, "type": {"natural"},
		"name": {"王强"}, "id_number": {"370882199003071238"}, "phone": {"13805371111"}, "description": {"2023年学区划分方案"}, "form": {"paper"}})
	if st != http.StatusCreated || !strings.Contains(page, "申请回执") || !strings.Contains(page, "2023-12-12") || !strings.Contains(page, `data-print`) {
		t.Errorf("staff registration: status %d; want 201 with the printable receipt due 2023-12-12", st)
	}

	// 4. A message gets a code and a secret, and a lookup page.
	anon := env.Client()
	st, page = post(t, anon, env.URL+"/messages", url.Values{"kind": {"message"}, "title": {"课后服务报名时间"}, "content": {"请问课后服务什么时候报名？我的手机13805372222。"}, "name": {"李女士"}})
	if st != http.StatusOK {
		t.Fatalf("message: status %d", st)
	}
	mcode, msecret := find(t, codeRe, page), find(t, secretRe, page)
	if !strings.HasPrefix(mcode, "LY2023-") || len(msecret) != 11 {
		t.Errorf("message code %q secret %q; want LY2023-… and XXXXX-XXXXX", mcode, msecret)
	}
	st, page = post(t, anon, env.URL+"/messages/track", url.Values{"code": {strings.ToLower(mcode)}, "secret": {msecret}})
	if st != http.StatusOK || !strings.Contains(page, `id="message-state"`) || !strings.Contains(page, "课后服务报名时间") {
		t.Errorf("message lookup: status %d; want the state", st)
	}
	if strings.Contains(page, "13805372222") || strings.Contains(page, "李女士") {
		t.Error("message lookup shows the mobile number or the name unmasked")
	}
	st, page = post(t, anon, env.URL+"/messages/track", url.Values{"code": {mcode}, "secret": {"AAAAA-AAAAA"}})
	if st != http.StatusNotFound || !strings.Contains(page, "查询码或查询密码不正确") {
		t.Errorf("message lookup with a wrong secret: status %d; want 404 with a Chinese message", st)
	}
	// An error report's code says so.
	st, page = post(t, anon, env.URL+"/messages", url.Values{"kind": {"error"}, "title": {"附件打不开"}, "content": {"招生公告的附件链接失效了。"}, "page_url": {env.URL + "/docs/1"}})
	if ecode := find(t, codeRe, page); st != http.StatusOK || !strings.HasPrefix(ecode, "ZC2023-") {
		t.Errorf("error report: status %d code %q; want ZC2023-…", st, ecode)
	}
}
