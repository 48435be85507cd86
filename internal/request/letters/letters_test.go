package letters

import (
	"strings"
	"testing"

	"gongkai/internal/office"
	"gongkai/internal/request"
	"gongkai/internal/workday"
)

func TestDraftEveryOutcome(t *testing.T) {
	for _, o := range request.Outcomes {
		if !o.Code.ByReply() {
			continue
		}
		body, err := Draft(o.Code, Data{Applicant: "张明", Code: "YSQ2023-ABC", Received: "2023年9月27日", Description: "招生划片", Info: "见附件。"})
		if err != nil {
			t.Fatalf("%s: %v", o.Code, err)
		}
		if !strings.HasPrefix(body, "张明：") || !strings.Contains(body, "YSQ2023-ABC") || !strings.Contains(body, "行政复议") {
			t.Errorf("%s: body = %q; want salutation, code and remedies", o.Code, body)
		}
	}
	// Each outcome quotes the clause that prescribes its reply.
	for o, clause := range map[request.Outcome]string{
		request.UnavailableNotHeld: "经检索没有所申请公开信息的，告知申请人该政府信息不存在",
		request.RejectedDuplicate:  "告知申请人不予重复处理",
		request.Partial:            "第三十七条",
		request.WithheldInternal:   "第三十六条第（三）项",
	} {
		if body, _ := Draft(o, Data{Applicant: "张明"}); !strings.Contains(body, clause) || strings.Contains(body, "\n\n") {
			t.Errorf("%s: body = %q; want the clause %q (and no empty line)", o, body, clause)
		}
	}
	if body, _ := Draft(request.Other, Data{Applicant: "张明"}); strings.Contains(body, "\n\n") || strings.Contains(body, "（《") {
		t.Errorf("other: body = %q; want no clause and no empty line", body)
	}
	body, _ := Draft(request.WithheldThirdParty, Data{Applicant: "张明"})
	if !strings.Contains(body, "保护第三方合法权益") || !strings.Contains(body, "第十五条") {
		t.Errorf("withheld_third_party body = %q; want its reason and basis", body)
	}
}

func TestDOCX(t *testing.T) {
	b, err := DOCX("某教育局", "YSQ2023-ABC", workday.MustDate("2023-11-10"), "张明：\n第一段<正文>")
	if err != nil {
		t.Fatal(err)
	}
	paras, err := office.DocxText(b)
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(paras, "|")
	for _, want := range []string{"某教育局|政府信息公开申请答复书", "第一段<正文>", "2023年11月10日"} {
		if !strings.Contains(got, want) {
			t.Errorf("docx text %q lacks %q", got, want)
		}
	}
}

func TestConsultationDOCX(t *testing.T) {
	for _, tt := range []struct {
		party request.Party
		want  string
	}{{request.ThirdParty, "第三十二条"}, {request.Agency, "视为同意公开"}} {
		b, err := ConsultationDOCX("某教育局", "YSQ2023-ABC", tt.party, "投标文件", workday.MustDate("2023-03-15"), workday.MustDate("2023-04-06"))
		if err != nil {
			t.Fatal(err)
		}
		paras, err := office.DocxText(b)
		if err != nil {
			t.Fatal(err)
		}
		got := strings.Join(paras, "|")
		for _, w := range []string{"政府信息公开征求意见书", tt.want, "2023年4月6日前", "投标文件"} {
			if !strings.Contains(got, w) {
				t.Errorf("%s letter %q lacks %q", tt.party, got, w)
			}
		}
	}
}
