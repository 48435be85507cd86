package participation

import (
	"strings"
	"testing"

	"gongkai"
)

func TestPublicNamesRefuseHiddenCharacters(t *testing.T) {
	m := Message{Kind: KindMessage, Title: "关于招生\u202e的咨询", Content: "请问今年的划片范围"}
	if _, err := CheckMessage(m, ""); gongkai.ErrorCode(err) != gongkai.EINVALID || !strings.Contains(gongkai.ErrorMessage(err), "“标题”") {
		t.Errorf("title with U+202E: %v", err)
	}
	m.Title, m.Name = "关于招生的咨询", "王\u200b"
	if _, err := CheckMessage(m, ""); !strings.Contains(gongkai.ErrorMessage(err), "“姓名或称呼”") {
		t.Errorf("name with U+200B: %v", err)
	}
	m.Name, m.Content = "王先生", "第一行\n第二行"
	if _, err := CheckMessage(m, ""); err != nil {
		t.Errorf("content with a line break: %v", err)
	}
	if _, err := CheckComment(Comment{Name: "李\u2067", Content: "赞成这个办法"}, ""); !strings.Contains(gongkai.ErrorMessage(err), "“称呼”") {
		t.Errorf("comment name with U+2067: %v", err)
	}
	if _, err := (Account{Platform: "微信", Name: "兖州教育\ufeff", AccountID: "x", UnitID: 1, Person: "李明", Purpose: "发布"}).Validate(); !strings.Contains(gongkai.ErrorMessage(err), "“账号名称”") {
		t.Errorf("account name with U+FEFF: %v", err)
	}
}
