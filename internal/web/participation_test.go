package web_test

import (
	"bytes"
	"context"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"gongkai/internal/participation"
	"gongkai/internal/store"
	"gongkai/internal/webtest"
	"gongkai/internal/workday"
)

func pGet(t *testing.T, c *http.Client, u string) (int, string) {
	t.Helper()
	resp, err := c.Get(u)
	if err != nil {
		t.Fatalf("GET %s: %v", u, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func pPost(t *testing.T, c *http.Client, u string, v url.Values) (int, string) {
	t.Helper()
	resp, err := c.PostForm(u, v)
	if err != nil {
		t.Fatalf("POST %s: %v", u, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func pOpenConsultation(t *testing.T, st *store.Store) store.Consultation {
	t.Helper()
	list, err := st.Consultations(context.Background(), store.ConsultationFilter{Status: participation.StatusOpen})
	if err != nil || len(list) == 0 {
		t.Fatalf("demo open consultation: %v (%d)", err, len(list))
	}
	return list[0]
}

// TestPublicForms checks the public comment and message forms: escaping,
// moderation before display, the honeypot, size and rate limits.
func TestPublicForms(t *testing.T) {
	for _, pg := range []bool{false, true} {
		name := "sqlite"
		if pg {
			name = "postgres"
		}
		t.Run(name, func(t *testing.T) {
			env := webtest.StartWith(t, webtest.Options{Postgres: pg})
			c := env.Client()
			cons := pOpenConsultation(t, env.Store)
			base := env.URL + "/consultations/" + pID(cons.ID)
			if code, body := pGet(t, c, base); code != 200 || !strings.Contains(body, cons.Title) {
				t.Fatalf("consultation page: %d", code)
			}
			evil := "<script>alert(1)</script>建议增加课后服务"
			code, _ := pPost(t, c, base+"/comments", url.Values{"name": {"<b>x</b>"}, "content": {evil}})
			if code != http.StatusSeeOther {
				t.Fatalf("comment: status %d; want 303", code)
			}
			_, body := pGet(t, c, base)
			if strings.Contains(body, "alert(1)") {
				t.Errorf("an unmoderated comment is shown on the portal")
			}
			// Approve it as the office and check it is escaped.
			office := env.Client()
			env.Login(t, office, "bangongshi")
			comments, _ := env.Store.Comments(context.Background(), cons.ID, false)
			var cid int64
			for _, k := range comments {
				if strings.Contains(k.Content, "alert(1)") {
					cid = k.ID
				}
			}
			if cid == 0 {
				t.Fatalf("comment not stored")
			}
			if code, _ := pPost(t, office, env.URL+"/admin/participation/consultations/"+pID(cons.ID)+"/comments/"+pID(cid)+"/moderate", url.Values{"decision": {"approve"}}); code != http.StatusSeeOther {
				t.Fatalf("approve: status %d", code)
			}
			_, body = pGet(t, c, base)
			if strings.Contains(body, "<script>alert(1)") || !strings.Contains(body, "&lt;script&gt;alert(1)&lt;/script&gt;建议增加课后服务") {
				t.Errorf("approved comment not shown escaped")
			}
			// Honeypot: answered like a success, nothing stored.
			before, _ := env.Store.Comments(context.Background(), cons.ID, false)
			pPost(t, c, base+"/comments", url.Values{"content": {"机器人提交的内容"}, participation.HoneypotField: {"http://spam"}})
			after, _ := env.Store.Comments(context.Background(), cons.ID, false)
			if len(after) != len(before) {
				t.Errorf("honeypot submission stored: %d → %d comments", len(before), len(after))
			}
			// Too long.
			if code, body := pPost(t, c, base+"/comments", url.Values{"content": {strings.Repeat("长", participation.MaxCommentChars+1)}}); code != 400 || !strings.Contains(body, "最多 2000 个字") {
				t.Errorf("long comment: status %d; want 400 with the limit", code)
			}
			// Rate limit: 5 per 10 minutes per address (1 used above, the
			// honeypot and the refused one are not counted).
			for i := 0; i < 4; i++ {
				pPost(t, c, base+"/comments", url.Values{"content": {"第" + pID(int64(i)) + "条测试意见内容"}})
			}
			if code, body := pPost(t, c, base+"/comments", url.Values{"content": {"第六条测试意见内容"}}); code != http.StatusTooManyRequests || !strings.Contains(body, "提交过于频繁") {
				t.Errorf("sixth comment: status %d; want 429", code)
			}
			// Error report needs the page address.
			if code, body := pPost(t, c, env.URL+"/messages", url.Values{"kind": {"error"}, "title": {"链接失效"}, "content": {"附件链接打不开了。"}}); code != 400 || !strings.Contains(body, "出错页面的网址") {
				t.Errorf("error report without page: status %d; want 400", code)
			}
			if code, body := pGet(t, c, env.URL+"/messages/new?kind=error"); code != 200 || !strings.Contains(body, "我为政府网站找错") || !strings.Contains(body, `name="page_url"`) {
				t.Errorf("error form: status %d", code)
			}
			req, _ := http.NewRequest("GET", env.URL+"/messages/new?kind=error", nil)
			req.Header.Set("Referer", env.URL+"/consultations")
			if resp, err := c.Do(req); err == nil {
				b, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if !strings.Contains(string(b), `value="`+env.URL+`/consultations"`) {
					t.Errorf("error form does not prefill the page the footer link was clicked on")
				}
			}
			if code, body := pPost(t, c, env.URL+"/messages", url.Values{"kind": {"error"}, "title": {"链接失效"}, "content": {"附件链接打不开了。"}, "page_url": {"https://x.gov.cn/a"}}); code != 200 || !strings.Contains(body, "提交成功") {
				t.Errorf("error report: status %d; want 200 with 提交成功", code)
			}
		})
	}
}

// TestUnitScope checks that a unit user sees only its own unit's items.
func TestUnitScope(t *testing.T) {
	env := webtest.Start(t)
	c := env.Client()
	env.Login(t, c, "xiaoxue") // 兖州区实验小学: owns none of the demo items
	cons := pOpenConsultation(t, env.Store)
	if code, _ := pGet(t, c, env.URL+"/admin/participation/consultations/"+pID(cons.ID)); code != http.StatusForbidden {
		t.Errorf("unit user on another unit's consultation: status %d; want 403", code)
	}
	if code, body := pGet(t, c, env.URL+"/admin/participation/consultations"); code != 200 || strings.Contains(body, cons.Title) {
		t.Errorf("unit user's list shows another unit's consultation (status %d)", code)
	}
	if code, _ := pGet(t, c, env.URL+"/admin/participation/risk/new?document_id="+pID(unitDoc(t, env.Store, "xiaoxue"))); code != 200 {
		t.Errorf("risk form for a unit user: status %d; want 200", code)
	}
	anon := env.Client()
	if code, _ := pGet(t, anon, env.URL+"/admin/participation/"); code != http.StatusSeeOther {
		t.Errorf("anonymous console: status %d; want redirect to login", code)
	}
}

// TestConsolePages renders every console page of the area for the office.
func TestConsolePages(t *testing.T) {
	env := webtest.Start(t)
	c := env.Client()
	env.Login(t, c, "bangongshi")
	pages := map[string]string{
		"/admin/participation/":                        "需要关注的时限",
		"/admin/participation/consultations":           "新建征求意见",
		"/admin/participation/messages":                "超过3个月未答复",
		"/admin/participation/opinion":                 "登记舆情",
		"/admin/participation/risk":                    "评估记录",
		"/admin/participation/risk/new?document_id=12": "填写风险评估",
		"/admin/participation/evaluations":             "年完成情况",
		"/admin/participation/media":                   "超过2周未更新",
		"/consultations":                               "征求意见",
		"/messages":                                    "留言答复公开",
		"/evaluations":                                 "政策评价结果",
		"/admin/":                                      "公众参与待办",
	}
	published, _ := env.Store.Consultations(context.Background(), store.ConsultationFilter{Status: participation.StatusPublished})
	if len(published) != 1 {
		t.Fatalf("demo published consultations = %d; want 1", len(published))
	}
	pages["/consultations/"+pID(published[0].ID)] = "不予采纳"
	pages["/admin/participation/consultations/"+pID(published[0].ID)] = "意见采纳情况反馈（已公开）"
	msgs, _ := env.Store.Messages(context.Background(), store.MessageFilter{PublicOnly: true})
	if len(msgs) != 1 {
		t.Fatalf("demo published messages = %d; want 1", len(msgs))
	}
	pages["/messages/"+pID(msgs[0].ID)] = "答复部门"
	for p, want := range pages {
		code, body := pGet(t, c, env.URL+p)
		if code != 200 || !strings.Contains(body, want) {
			t.Errorf("GET %s: status %d, contains %q = %v; want 200 and true", p, code, want, strings.Contains(body, want))
		}
	}
	// The demo's published feedback states the figures of the marked
	// opinions (8 adopted in the symposium group, 1 partly, 1 not).
	_, fb := pGet(t, c, env.URL+"/consultations/"+pID(published[0].ID))
	if !strings.Contains(fb, "共收到意见10条") || !strings.Contains(fb, "其中采纳8条，部分采纳1条，不予采纳1条") || strings.Contains(fb, "采纳9条") {
		t.Errorf("demo feedback on the portal does not state the marked figures (采纳8条):\n%s", fb)
	}
	// A bad date order is refused with a message and nothing saved.
	before, _ := env.Store.Consultations(context.Background(), store.ConsultationFilter{})
	code, body := pPost(t, c, env.URL+"/admin/participation/consultations", url.Values{"title": {"测试征求意见稿"}, "unit_id": {"3"}, "opens": {"2023-03-10"}, "closes": {"2023-03-01"},
		"major": {"0"}, "channels": {"website"}, "draft": {"第一条 测试草案内容。"}, "explanation": {"起草说明：测试用的起草背景和依据。"}})
	after, _ := env.Store.Consultations(context.Background(), store.ConsultationFilter{})
	if code != 400 || !strings.Contains(body, "早于开始日期") || len(after) != len(before) {
		t.Errorf("closing before opening: status %d, saved %d → %d; want 400 and nothing saved", code, len(before), len(after))
	}
}

func pID(n int64) string { return strconv.FormatInt(n, 10) }

// TestEvaluationQuotaScope: the notice asks the bureau for two policy
// evaluations a year, so by default the quota counts the bureau as a
// whole and the demo (two evaluations) raises no alarm, even in December;
// the thresholds are stated on the page. Per department, when chosen, the
// departments without one are red.
func TestEvaluationQuotaScope(t *testing.T) {
	env := webtest.StartWith(t, webtest.Options{Now: time.Date(2025, 12, 3, 2, 0, 0, 0, time.UTC)})
	c := env.Client()
	env.Login(t, c, "bangongshi")
	_, home := pGet(t, c, env.URL+"/admin/participation/")
	if strings.Contains(home, "政策评价</td>") || strings.Contains(home, "应不少于") {
		t.Errorf("participation home on the demo shows an evaluation alarm:\n%s", home)
	}
	// The rules listed on the overview state the quota as set, not per 科室.
	if !strings.Contains(home, "全局（各科室合计）每年开展政策评价不少于 2 次") || strings.Contains(home, "每个科室每年") {
		t.Errorf("participation home does not state the bureau's quota of 2 (or still says 每个科室)")
	}
	_, page := pGet(t, c, env.URL+"/admin/participation/evaluations")
	for _, want := range []string{"全局（各科室合计）每年开展政策评价不少于 2 次", "7–11 月仍未达到为“进度落后”", "12 月起及年度结束后仍未达到为“逾期”", "全局合计</td><td class=\"num\">2</td>", "已完成"} {
		if !strings.Contains(page, want) {
			t.Errorf("evaluations page lacks %q", want)
		}
	}
	if _, table, _ := strings.Cut(page, "年完成情况"); strings.Contains(strings.SplitN(table, "</table>", 2)[0], "badge bad") {
		t.Error("evaluations page on the demo shows a red state")
	}
	if st, _ := pPost(t, c, env.URL+"/admin/participation/evaluations/settings", url.Values{"evaluation_quota": {"1"}, "evaluation_scope": {"department"}}); st != http.StatusSeeOther {
		t.Fatalf("save scope: status %d", st)
	}
	_, home = pGet(t, c, env.URL+"/admin/participation/")
	if !strings.Contains(home, "职教科") || !strings.Contains(home, "应不少于 1 次") {
		t.Errorf("per department: the home shows no alarm for 职教科 (no evaluation this year)")
	}
	if !strings.Contains(home, "每个科室每年开展政策评价不少于 1 次") {
		t.Errorf("per department: the home does not state the quota as set (每个科室, 1)")
	}
	if st, body := pPost(t, c, env.URL+"/admin/participation/evaluations/settings", url.Values{"evaluation_quota": {"0"}, "evaluation_scope": {"bureau"}}); st != http.StatusBadRequest || !strings.Contains(body, "1 到 50") {
		t.Errorf("quota 0: status %d; want 400 naming the range", st)
	}
}

// TestParticipationAPI checks the JSON routes.
func TestParticipationAPI(t *testing.T) {
	env := webtest.Start(t)
	c := env.Client()
	env.Login(t, c, "bangongshi")
	code, body := pGet(t, c, env.URL+"/api/v1/participation/consultations")
	if code != 200 || !strings.Contains(body, `"feedback_clock"`) {
		t.Errorf("consultations: %d %s", code, body)
	}
	code, body = pGet(t, c, env.URL+"/api/v1/participation/messages")
	if code != 200 || !strings.Contains(body, `"unanswered_over_3_months":true`) || strings.Contains(body, "138****") {
		t.Errorf("messages: %d; want the stale demo message and no contacts", code)
	}
	code, body = pGet(t, c, env.URL+"/api/v1/participation/risk?document_id=9")
	if code != 200 || !strings.Contains(body, `"done":false`) {
		t.Errorf("risk: %d %s", code, body)
	}
	accounts, _ := env.Store.MediaAccounts(context.Background(), 0)
	req, _ := http.NewRequest("POST", env.URL+"/api/v1/participation/media/"+pID(accounts[0].ID)+"/last-post", strings.NewReader(`{"date":"2999-01-01"}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Origin", env.URL)
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 400 {
		t.Errorf("last post in the future: status %d; want 400", resp.StatusCode)
	}
}

// TestCalendarHookRecomputesMessages checks that a holiday added by the
// admin moves the reply deadline of an open message.
func TestCalendarHookRecomputesMessages(t *testing.T) {
	env := webtest.Start(t)
	ctx := context.Background()
	m, err := env.Store.SubmitMessage(ctx, participation.Message{Kind: participation.KindMessage, Title: "转学咨询", Content: "请问如何办理转学手续？"}, "")
	if err != nil {
		t.Fatal(err)
	}
	cal, _ := env.Store.Calendar(ctx)
	first := cal.NextWorkday(m.Received.AddDays(1)) // a working day inside the span
	c := env.Client()
	env.Login(t, c, "admin")
	if code, _ := pPost(t, c, env.URL+"/admin/system/holidays", url.Values{"date": {first.String()}, "kind": {"holiday"}, "name": {"测试假日"}}); code != http.StatusSeeOther {
		t.Fatalf("add holiday: status %d", code)
	}
	got, _ := env.Store.Message(ctx, m.ID)
	cal, _ = env.Store.Calendar(ctx)
	want, _ := participation.ReplyDue(cal, m.Received, participation.DefaultReplyWorkdays)
	if got.Due != want.Due || got.Due == m.Due {
		t.Errorf("due after the new holiday on %s = %s (was %s); want %s", first, got.Due, m.Due, want.Due)
	}
}

// TestRiskFormFromReview records an assessment from the form the document
// review links to and checks the contract the review relies on.
func TestRiskFormFromReview(t *testing.T) {
	env := webtest.Start(t)
	c := env.Client()
	env.Login(t, c, "bangongshi")
	req, _ := http.NewRequest("GET", env.URL+"/admin/participation/risk/new?document_id=77", nil)
	req.Header.Set("Referer", env.URL+"/admin/docs/d/77")
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(b), `name="next" value="/admin/docs/d/77"`) {
		t.Errorf("risk form does not return to the document page")
	}
	form := url.Values{"document_id": {"77"}, "document_title": {"课后服务收费办法"}, "assessed_on": {"2999-01-01"}, "method": {"舆情监测分析"},
		"findings": {"家长关注收费标准和减免政策。"}, "risk_level": {"medium"}, "conclusion": {"风险可控"}, "assessor": {"王主任"}, "next": {"/admin/docs/d/77"}}
	if code, body := pPost(t, c, env.URL+"/admin/participation/risk", form); code != 400 || !strings.Contains(body, "晚于今天") {
		t.Errorf("assessment dated in the future: status %d; want 400", code)
	}
	if done, _ := env.Store.RiskAssessmentDone(context.Background(), 77); done {
		t.Fatalf("a refused assessment counts as done")
	}
	form.Set("assessed_on", workday.DateOf(env.Store.Now()).String())
	resp, err = c.PostForm(env.URL+"/admin/participation/risk", form)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/admin/docs/d/77" {
		t.Errorf("save: status %d to %q; want 303 to /admin/docs/d/77", resp.StatusCode, resp.Header.Get("Location"))
	}
	if done, err := env.Store.RiskAssessmentDone(context.Background(), 77); err != nil || !done {
		t.Errorf("RiskAssessmentDone(77) = %v, %v; want true", done, err)
	}
}

// TestMediaImport uploads last-post dates through the console form.
func TestMediaImport(t *testing.T) {
	env := webtest.Start(t)
	c := env.Client()
	env.Login(t, c, "bangongshi")
	today := workday.DateOf(env.Store.Now())
	upload := func(name, content string) (int, string) {
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		fw, _ := mw.CreateFormFile("file", name)
		fw.Write([]byte(content))
		mw.Close()
		req, _ := http.NewRequest("POST", env.URL+"/admin/participation/media/import", &buf)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if code, body := upload("posts.csv", "账号ID,最近发布日期\nyzjtfb,"+today.String()+"\nnope,"+today.String()+"\n"); code != 400 || !strings.Contains(body, "第 3 行") {
		t.Errorf("unknown account: status %d; want 400 naming row 3", code)
	}
	accounts, _ := env.Store.MediaAccounts(context.Background(), 0)
	for _, a := range accounts {
		if a.AccountID == "yzjtfb" && a.LastPost == today {
			t.Errorf("a refused import changed the last post")
		}
	}
	if code, _ := upload("posts.csv", "账号ID,最近发布日期\nyzjtfb,"+today.String()+"\n"); code != http.StatusSeeOther {
		t.Errorf("import: status %d; want 303", code)
	}
	accounts, _ = env.Store.MediaAccounts(context.Background(), 0)
	for _, a := range accounts {
		if a.AccountID == "yzjtfb" && (a.LastPost != today || a.Freshness(today) != participation.StateOpen) {
			t.Errorf("after import: last post %s, freshness %s; want today and open", a.LastPost, a.Freshness(today))
		}
	}
}
