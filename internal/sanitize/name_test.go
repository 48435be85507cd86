package sanitize

import (
	"strings"
	"testing"
	"unicode/utf8"

	"gongkai"
)

func TestCheckName(t *testing.T) {
	good := []string{"", "李老师", "实验小学（东校区）", "O'Brien-Smith", "a b", "张\u00b7三"}
	for _, s := range good {
		if err := CheckName("姓名", s); err != nil {
			t.Errorf("CheckName(%q) = %v; want nil", s, err)
		}
	}
	bad := map[string]string{
		"tab":          "李\t老师",
		"newline":      "李\n老师",
		"nul":          "li\x00",
		"del":          "li\x7f",
		"c1":           "li\u0085",
		"zwsp":         "李\u200b老师",
		"rlm":          "li\u200f",
		"rlo":          "invoice\u202egpj.exe",
		"lre":          "\u202aname",
		"isolate":      "a\u2066b\u2069",
		"bom":          "\ufeffname",
		"invalid utf8": "li\xff",
	}
	for what, s := range bad {
		err := CheckName("姓名", s)
		if gongkai.ErrorCode(err) != gongkai.EINVALID || !strings.Contains(gongkai.ErrorMessage(err), "“姓名”") {
			t.Errorf("%s: CheckName(%q) = %v; want invalid naming the field", what, s, err)
		}
	}
	if err := CheckName("单位名称", "实验\u202e小学"); !strings.Contains(gongkai.ErrorMessage(err), "U+202E") || !strings.Contains(gongkai.ErrorMessage(err), "第 3 个字符") {
		t.Errorf("message = %q; want the code point and position", gongkai.ErrorMessage(err))
	}
	if err := CheckText("内容", "第一行\n\t第二行\r\n"); err != nil {
		t.Errorf("CheckText with line breaks: %v", err)
	}
	if err := CheckText("内容", "第一行\u202e"); err == nil {
		t.Error("CheckText accepted U+202E")
	}
	if err := CheckNames("登录名", "li", "姓名", "李\u200d"); err == nil || !strings.Contains(err.Error(), "姓名") {
		t.Errorf("CheckNames = %v; want the second field refused", err)
	}
}

func TestFileName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"通知.pdf", "通知.pdf"},
		{`C:\Users\li\Desktop\佐证 材料.docx`, "佐证 材料.docx"},
		{"/tmp/x/../报告.xlsx", "报告.xlsx"},
		{"  空格.pdf  ", "空格.pdf"},
	}
	for _, tt := range tests {
		got, err := FileName("附件", tt.in)
		if err != nil || got != tt.want {
			t.Errorf("FileName(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
	long := strings.Repeat("长", 300) + ".docx"
	got, err := FileName("附件", long)
	if err != nil || utf8.RuneCountInString(got) != MaxFileNameChars || !strings.HasSuffix(got, ".docx") {
		t.Errorf("long name: %d chars %q, %v; want %d ending .docx", utf8.RuneCountInString(got), got[len(got)-10:], err, MaxFileNameChars)
	}
	noExt := strings.Repeat("x", 250)
	if got, _ := FileName("附件", noExt); len(got) != MaxFileNameChars {
		t.Errorf("long name without extension: %d chars", len(got))
	}
	for _, bad := range []string{"", "  ", ".", "..", "dir/", "invoice\u202efdp.exe", "a\u200bb.pdf", "a\nb.pdf", "\ufeffa.pdf"} {
		if _, err := FileName("佐证材料", bad); gongkai.ErrorCode(err) != gongkai.EINVALID || !strings.Contains(gongkai.ErrorMessage(err), "佐证材料") {
			t.Errorf("FileName(%q) = %v; want invalid naming 佐证材料", bad, err)
		}
	}
}
