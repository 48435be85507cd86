package disclosure

import (
	"encoding/json"
	"strings"
	"testing"

	"gongkai"
	"gongkai/internal/auth"
)

func TestFingerprint(t *testing.T) {
	a := Fingerprint(ItemDocument, 7, "mobile", "body", "13812345678")
	for _, same := range []string{"138 1234 5678", "138-1234-5678", "１３８１２３４５６７８", "+86 138 1234 5678"} {
		if got := Fingerprint(ItemDocument, 7, "mobile", "body", same); got != a {
			t.Errorf("Fingerprint(%q) differs from the plain number; want the same finding", same)
		}
	}
	for name, other := range map[string]string{
		"other value":    Fingerprint(ItemDocument, 7, "mobile", "body", "13912345678"),
		"other source":   Fingerprint(ItemDocument, 7, "mobile", "interpretation:3", "13812345678"),
		"other document": Fingerprint(ItemDocument, 8, "mobile", "body", "13812345678"),
		"other item":     Fingerprint(ItemMessage, 7, "mobile", "body", "13812345678"),
	} {
		if other == a {
			t.Errorf("%s: same fingerprint; want a different one", name)
		}
	}
	if strings.Contains(a, "13812345678") || len(a) != 32 {
		t.Errorf("fingerprint %q; want 32 hex characters, not the value", a)
	}
}

func TestMayDismiss(t *testing.T) {
	tests := []struct {
		role          auth.Role
		item          ItemKind
		actor, author int64
		ok            bool
	}{
		{auth.RoleReviewer, ItemDocument, 2, 1, true},
		{auth.RoleReviewer, ItemDocument, 1, 1, false}, // the author
		{auth.RoleLeader, ItemDocument, 3, 1, false},
		{auth.RoleOffice, ItemDocument, 3, 1, false},
		{auth.RoleAdmin, ItemDocument, 3, 1, false},
		{auth.RoleOffice, ItemMessage, 3, 0, true},
		{auth.RoleOffice, ItemComment, 3, 0, true},
		{auth.RoleOffice, ItemAnnualReport, 3, 0, true},
		{auth.RoleReviewer, ItemMessage, 3, 0, false},
		{auth.RoleUnit, ItemComment, 3, 0, false},
		{auth.RoleAuditor, ItemFeedback, 3, 0, false},
	}
	for _, tt := range tests {
		err := MayDismiss(tt.role, tt.item, tt.actor, tt.author)
		if (err == nil) != tt.ok || (err != nil && gongkai.ErrorCode(err) != gongkai.EFORBIDDEN) {
			t.Errorf("MayDismiss(%s, %s, %d, %d) = %v; want ok=%v", tt.role, tt.item, tt.actor, tt.author, err, tt.ok)
		}
	}
}

func TestGateError(t *testing.T) {
	fs := ScanTexts(ItemDocument, 5, []Text{
		{Source: "body", Field: "body", FieldLabel: "正文", Text: "身份证号 370882201001011231，手机 13812345678，证号 370882201001011230"},
		{Source: "attachment:9", Field: "text", FieldLabel: "附件“扫描件.pdf”", Unreadable: true, Note: "PDF 中没有可识别的文字", File: "abc"},
	}, nil)
	if len(fs) != 4 || fs[2].Kind != "suspected_id" || fs[2].Blocking || !fs[3].Blocking || fs[3].Kind != KindUnreadable {
		t.Fatalf("findings = %+v; want ID, mobile, a suspected ID as a warning and the unreadable file", fs)
	}
	fs[1].Dismissed = true
	err := GateError(ItemDocument, "《通知》不能保密审查通过", fs)
	if gongkai.ErrorCode(err) != gongkai.ECONFLICT {
		t.Fatalf("GateError = %v; want ECONFLICT", err)
	}
	msg := gongkai.ErrorMessage(err)
	for _, want := range []string{"《通知》不能保密审查通过", "还有 2 项必须修改的问题", "3708**********1231", "保密审查员"} {
		if !strings.Contains(msg, want) {
			t.Errorf("message %q; want %q", msg, want)
		}
	}
	b, _ := json.Marshal(gongkai.ErrorDetails(err))
	if strings.Contains(string(b), "370882201001011231") || strings.Contains(msg, "370882201001011231") {
		t.Errorf("refusal holds the raw number: %s", b)
	}
	var d struct {
		Findings []map[string]any `json:"findings"`
	}
	json.Unmarshal(b, &d)
	if len(d.Findings) != 2 {
		t.Fatalf("details = %s; want the 2 standing findings", b)
	}
	for _, k := range []string{"source", "field_label", "kind", "label", "value", "message", "blocking", "dismissed", "fingerprint"} {
		if _, ok := d.Findings[0][k]; !ok {
			t.Errorf("finding JSON %v lacks %q", d.Findings[0], k)
		}
	}
	if got := GateFindings(err); len(got) != 2 {
		t.Errorf("GateFindings = %d; want 2", len(got))
	}
	if GateError(ItemDocument, "x", fs[1:2]) != nil || GateFindings(gongkai.Errorf(gongkai.ECONFLICT, "x")) != nil {
		t.Errorf("no standing finding: want no refusal")
	}
}

func TestCheckDismissReason(t *testing.T) {
	if _, err := CheckDismissReason("  误报  "); gongkai.ErrorCode(err) != gongkai.EINVALID {
		t.Errorf("short reason: %v; want EINVALID", err)
	}
	if r, err := CheckDismissReason(" 单位公开的值班电话 "); err != nil || r != "单位公开的值班电话" {
		t.Errorf("reason = %q, %v", r, err)
	}
}

func TestCheckDocumentHistorical(t *testing.T) {
	in := CheckInput{Title: "旧通知", DocNo: "济兖教体字[2019]第08号", WrittenOn: "2019-05-06", Body: "正文"}
	now := CheckDocument(in, 1, nil, nil, nil, false)
	old := CheckDocument(in, 1, nil, nil, nil, true)
	if len(StandingFindings(now.Findings)) < 2 {
		t.Errorf("a new document: %d standing; want the document number and the missing elements", len(StandingFindings(now.Findings)))
	}
	if st := StandingFindings(old.Findings); len(st) != 0 {
		t.Errorf("a historical document: standing %+v; want none (number kept as issued, elements not asked for)", st)
	}
}
