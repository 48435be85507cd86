package participation

import (
	"strings"
	"testing"

	"gongkai"
)

func TestCheckComment(t *testing.T) {
	tests := []struct {
		name     string
		c        Comment
		honeypot string
		ok       bool
	}{
		{"fine", Comment{"张三", "建议增加课后服务时长。"}, "", true},
		{"anonymous", Comment{"", "建议增加课后服务时长。"}, "", true},
		{"too short", Comment{"", "好"}, "", false},
		{"too long", Comment{"", strings.Repeat("长", MaxCommentChars+1)}, "", false},
		{"honeypot", Comment{"", "建议增加课后服务时长。"}, "http://spam", false},
		{"long name", Comment{strings.Repeat("名", MaxNameChars+1), "建议增加课后服务时长。"}, "", false},
	}
	for _, tt := range tests {
		_, err := CheckComment(tt.c, tt.honeypot)
		if (err == nil) != tt.ok {
			t.Errorf("%s: CheckComment error = %v; want ok=%v", tt.name, err, tt.ok)
		}
	}
	if _, err := CheckComment(Comment{"", "建议增加课后服务时长。"}, "x"); err != ErrRobot {
		t.Errorf("honeypot error = %v; want ErrRobot", err)
	}
}

func TestCheckMessage(t *testing.T) {
	tests := []struct {
		name string
		m    Message
		ok   bool
	}{
		{"message", Message{Kind: KindMessage, Title: "学区咨询", Content: "请问2024年学区如何划分？"}, true},
		{"error without page", Message{Kind: KindError, Title: "链接失效", Content: "首页的链接打不开了。"}, false},
		{"error with page", Message{Kind: KindError, Title: "链接失效", Content: "首页的链接打不开了。", PageURL: "https://example.gov.cn/a"}, true},
		{"error with javascript page", Message{Kind: KindError, Title: "链接失效", Content: "首页的链接打不开了。", PageURL: "javascript:alert(1)"}, false},
		{"no title", Message{Kind: KindMessage, Content: "请问2024年学区如何划分？"}, false},
		{"unknown kind becomes message", Message{Kind: "x", Title: "学区咨询", Content: "请问2024年学区如何划分？"}, true},
	}
	for _, tt := range tests {
		_, err := CheckMessage(tt.m, "")
		if (err == nil) != tt.ok {
			t.Errorf("%s: CheckMessage error = %v; want ok=%v", tt.name, err, tt.ok)
		}
	}
}

func TestMoves(t *testing.T) {
	if err := CheckMove(StatusDraft, StatusOpen); err != nil {
		t.Errorf("draft → open: %v; want nil", err)
	}
	if err := CheckMove(StatusOpen, StatusPublished); err == nil {
		t.Errorf("open → published: nil; want a refusal")
	}
	if err := CheckMessageMove(MsgPublished, MsgReplied); err == nil {
		t.Errorf("published → replied: nil; want a refusal")
	}
	if err := CheckMessageMove(MsgAssigned, MsgReplied); err != nil {
		t.Errorf("assigned → replied: %v; want nil", err)
	}
}

func TestCheckAnswer(t *testing.T) {
	tests := []struct {
		v      Verdict
		reason string
		ok     bool
	}{
		{Adopted, "", true},
		{Partly, "", false},
		{NotAdopted, "超出本次决策范围", true},
		{"maybe", "x", false},
	}
	for _, tt := range tests {
		_, err := CheckAnswer(tt.v, tt.reason)
		if (err == nil) != tt.ok {
			t.Errorf("CheckAnswer(%s, %q) error = %v; want ok=%v", tt.v, tt.reason, err, tt.ok)
		}
		if err != nil && gongkai.ErrorCode(err) != gongkai.EINVALID {
			t.Errorf("CheckAnswer code = %s; want invalid", gongkai.ErrorCode(err))
		}
	}
}

func TestMediaApplications(t *testing.T) {
	if err := CheckApplication(AppClose, AccountActive, 1); err == nil {
		t.Errorf("close with a pending application: nil; want a refusal")
	}
	if err := CheckApplication(AppChange, AccountClosed, 0); err == nil {
		t.Errorf("change a closed account: nil; want a refusal")
	}
	if got := AfterApproval(AppOpen, AccountPending, true); got != AccountActive {
		t.Errorf("open approved = %s; want active", got)
	}
	if got := AfterApproval(AppClose, AccountActive, true); got != AccountClosed {
		t.Errorf("close approved = %s; want closed", got)
	}
	if got := AfterApproval(AppClose, AccountActive, false); got != AccountActive {
		t.Errorf("close refused = %s; want active", got)
	}
}

func FuzzCheckMessage(f *testing.F) {
	f.Add("标题", "内容内容内容", "https://x.gov.cn/", "error")
	f.Add("", "<script>", "javascript:x", "message")
	f.Fuzz(func(t *testing.T, title, content, page, kind string) {
		m, err := CheckMessage(Message{Kind: MessageKind(kind), Title: title, Content: content, PageURL: page}, "")
		if err == nil && (m.Title == "" || len([]rune(m.Content)) > MaxMessageChars) {
			t.Errorf("accepted an invalid message %+v", m)
		}
	})
}

func TestFeedbackCountsAndSummary(t *testing.T) {
	var c FeedbackCounts
	c.Add(Partly, 1, true)
	c.Add(NotAdopted, 1, true)
	c.Add(Adopted, 8, false)
	if c.Total() != 10 || c.Adopted != 8 || c.Partly != 1 || c.Rejected != 1 || c.Online != 2 || c.Grouped != 8 {
		t.Fatalf("counts = %+v", c)
	}
	if s := c.Sentence(); !strings.Contains(s, "共收到意见10条") || !strings.Contains(s, "采纳8条，部分采纳1条，不予采纳1条") {
		t.Errorf("sentence = %q", s)
	}
	// The demo's old summary: 采纳9条 where 8 are marked.
	err := CheckSummary("征求意见期间共收到网上和来信意见2条，座谈会意见8条，采纳9条，部分采纳1条，不予采纳1条。", c)
	if err == nil || !strings.Contains(err.Error(), "采纳9条") || !strings.Contains(err.Error(), "采纳8条") {
		t.Errorf("CheckSummary(采纳9条) = %v; want a refusal naming 采纳9条 and 8", err)
	}
	for _, ok := range []string{
		"", "座谈会上与会代表普遍支持开展课后服务。",
		"采纳8条，部分采纳1条，不予采纳1条。", "共收到意见10条，采纳八条。", "共10条意见，未采纳1条。",
	} {
		if err := CheckSummary(ok, c); err != nil {
			t.Errorf("CheckSummary(%q) = %v; want nil", ok, err)
		}
	}
	for _, bad := range []string{"部分采纳2条", "不予采纳零条", "共收到意见12条", "采纳十条", "未采纳3条", "采纳 ９ 条"} {
		if err := CheckSummary(bad, c); err == nil {
			t.Errorf("CheckSummary(%q) = nil; want a refusal", bad)
		}
	}
}
