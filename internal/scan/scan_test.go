package scan

import (
	"fmt"
	"strings"
	"testing"
)

// makeID returns an 18-character ID number with a correct check character.
func makeID(d17 string) string { return d17 + string(IDCheckChar(d17)) }

// wrongCheck returns the ID with a wrong check character.
func wrongCheck(id string) string {
	c := id[17]
	w := byte('0')
	if c == '0' {
		w = '1'
	}
	return id[:17] + string(w)
}

// luhnCard completes digits with a Luhn check digit.
func luhnCard(d string) string {
	for c := byte('0'); c <= '9'; c++ {
		if Luhn(d + string(c)) {
			return d + string(c)
		}
	}
	panic("unreachable")
}

type want struct {
	kind  Kind
	value string
}

func kindsValues(fs []Finding) []want {
	var out []want
	for _, f := range fs {
		out = append(out, want{f.Kind, f.Value})
	}
	return out
}

func TestIDCheckChar(t *testing.T) {
	// GB 11643 example number.
	if got := IDCheckChar("11010519491231002"); got != 'X' {
		t.Errorf("IDCheckChar = %c; want X", got)
	}
	if !ValidID18("11010519491231002x") {
		t.Errorf("ValidID18(lower-case x) = false; want true")
	}
}

func TestPersonalData(t *testing.T) {
	id := makeID("37088219900307123")
	idX := "11010519491231002X"
	card := luhnCard("622202123456789012") // 19 digits
	card16 := luhnCard("621700000000123")
	grouped := card16[0:4] + " " + card16[4:8] + " " + card16[8:12] + " " + card16[12:16]
	tests := []struct {
		name string
		in   string
		want []want
	}{
		{"id", "身份证号" + id + "。", []want{{KindIDNumber, id}}},
		{"id X", "号码：" + idX, []want{{KindIDNumber, idX}}},
		{"id wrong check is suspected", "号码 " + wrongCheck(id), []want{{KindSuspectedID, wrongCheck(id)}}},
		{"id wrong check, Luhn-valid, not a card", "号码 " + luhnWrongID(), []want{{KindSuspectedID, luhnWrongID()}}},
		{"id wrong check X", "号码 " + id[:17] + "X", []want{{KindSuspectedID, id[:17] + "X"}}},
		{"id bad date", "号码 " + makeID("37088219900230123"), nil},
		{"id bad region", "号码 " + makeID("97088219900307123"), nil},
		{"id inside longer run", "编号1" + id, nil},
		{"id glued to letters", "NO" + id, nil},
		{"id full-width", "身份证号" + strings.Map(func(r rune) rune {
			if r >= '0' && r <= '9' {
				return r - '0' + '０'
			}
			return r
		}, id), []want{{KindIDNumber, strings.Map(func(r rune) rune { return r - '0' + '０' }, id)}}},
		{"id15", "老证号370882900307123", []want{{KindIDNumber15, "370882900307123"}}},
		{"id15 bad date", "老证号370882901307123", nil},
		{"18 digits bad date not suspected", "编号 " + makeID("37088219901330123")[:17] + "5", nil},
		{"mobile", "电话13800000000", []want{{KindMobile, "13800000000"}}},
		{"mobile +86", "电话+8613912345678", []want{{KindMobile, "+8613912345678"}}},
		{"mobile 86-", "电话86-13912345678", []want{{KindMobile, "86-13912345678"}}},
		{"mobile +86 space", "电话 +86 139 1234 5678", []want{{KindMobile, "+86 139 1234 5678"}}},
		{"mobile dashes", "电话138-0000-0000。", []want{{KindMobile, "138-0000-0000"}}},
		{"mobile spaces", "电话 138 0000 0000", []want{{KindMobile, "138 0000 0000"}}},
		{"mobile ideographic spaces", "电话 138\u30000000\u30000000", []want{{KindMobile, "138\u30000000\u30000000"}}},
		{"mobile full-width hyphens", "电话１３８－１２３４－５６７８", []want{{KindMobile, "１３８－１２３４－５６７８"}}},
		{"mobile 12x not", "电话12800000000", nil},
		{"mobile in longer run", "订单213800000000", nil},
		{"landline not", "电话0537-3412345", nil},
		{"card", "卡号" + card, []want{{KindBankCard, card}}},
		{"card bad luhn", "卡号" + card[:18] + string('0'+(card[18]-'0'+1)%10), nil},
		{"card grouped", "卡号 " + grouped + " 。", []want{{KindBankCard, grouped}}},
		{"id not also card", "身份证" + luhnID(), []want{{KindIDNumber, luhnID()}}},
		{"email", "邮箱zhang.san@example.com。", []want{{KindEmail, "zhang.san@example.com"}}},
		{"qq email not mobile", "13800000000@qq.com", []want{{KindEmail, "13800000000@qq.com"}}},
		{"name label", "姓名：张三，性别：男", []want{{KindPersonalName, "张三"}}},
		{"name label stop", "姓名：李明华性别男", []want{{KindPersonalName, "李明华"}}},
		{"name before id", "张三，身份证号" + id, []want{{KindPersonalName, "张三"}, {KindIDNumber, id}}},
		{"name glued", "申请人王小明家庭住址：某地", []want{{KindPersonalName, "王小明"}}},
		{"compound surname", "联系人：欧阳娜娜", []want{{KindPersonalName, "欧阳娜娜"}}},
		{"no surname", "本人身份证号码丢失", nil},
		{"not a name", "申请人：对答复不服", nil},
		{"date not id", "2023年5月6日", nil},
	}
	for _, tt := range tests {
		got := kindsValues(PersonalData(tt.in))
		if fmt.Sprint(got) != fmt.Sprint(tt.want) {
			t.Errorf("%s: PersonalData(%q) = %v; want %v", tt.name, tt.in, got, tt.want)
		}
	}
}

// luhnWrongID returns an ID-shaped number with a wrong check character
// that passes the Luhn check.
func luhnWrongID() string {
	for n := 100; n < 999; n++ {
		id := makeID(fmt.Sprintf("37088219900307%03d", n))
		for c := byte('0'); c <= '9'; c++ {
			w := id[:17] + string(c)
			if c != id[17] && Luhn(w) {
				return w
			}
		}
	}
	panic("none")
}

// luhnID returns a valid ID number that also passes the Luhn check.
func luhnID() string {
	for n := 100; n < 999; n++ {
		id := makeID(fmt.Sprintf("37088219900307%03d", n))
		if id[17] != 'X' && Luhn(id) {
			return id
		}
	}
	panic("no Luhn-valid ID")
}

func TestFindingFields(t *testing.T) {
	id := makeID("37088219900307123")
	text := "第一行\n第二行：身份证号" + id
	fs := PersonalData(text)
	if len(fs) != 1 {
		t.Fatalf("PersonalData = %v; want 1 finding", fs)
	}
	f := fs[0]
	if f.Line != 2 {
		t.Errorf("Line = %d; want 2", f.Line)
	}
	if text[f.Start:f.End] != id {
		t.Errorf("text[Start:End] = %q; want %q", text[f.Start:f.End], id)
	}
	if f.Label != "身份证号码" || !strings.Contains(f.Message, "3708**********") {
		t.Errorf("Label, Message = %q, %q; want 身份证号码 and the masked number", f.Label, f.Message)
	}
}

func TestMask(t *testing.T) {
	tests := []struct {
		kind     Kind
		in, want string
	}{
		{KindIDNumber, "370882199003071234", "3708**********1234"},
		{KindIDNumber, "11010519491231002X", "1101**********002X"},
		{KindIDNumber15, "370882900307123", "3708*******7123"},
		{KindMobile, "13812345678", "138****5678"},
		{KindMobile, "+86 138-1234-5678", "138****5678"},
		{KindBankCard, "6222 0212 3456 7890", "6222********7890"},
		{KindEmail, "zhang@example.com", "z***@example.com"},
		{KindPersonalName, "张三", "张*"},
		{KindPersonalName, "欧阳娜娜", "欧***"},
		{KindSensitiveWord, "敏感词", "敏**"},
		{KindDateFormat, "2023.5.6", "2023.5.6"},
	}
	for _, tt := range tests {
		if got := Mask(tt.kind, tt.in); got != tt.want {
			t.Errorf("Mask(%s, %q) = %q; want %q", tt.kind, tt.in, got, tt.want)
		}
	}
}

func TestSuspectedIDMessage(t *testing.T) {
	bad := wrongCheck(makeID("37088219900307123"))
	fs := PersonalData("身份证号 " + bad)
	if len(fs) != 1 || fs[0].Kind != KindSuspectedID || fs[0].Label != "疑似身份证号" {
		t.Fatalf("PersonalData = %+v; want one 疑似身份证号", fs)
	}
	if !strings.Contains(fs[0].Message, "校验位") || !strings.Contains(fs[0].Message, "3708**********") || strings.Contains(fs[0].Message, bad) {
		t.Errorf("message = %q; want the check-digit hint and the masked number only", fs[0].Message)
	}
}

func TestMaskPersonal(t *testing.T) {
	id := makeID("37088219900307123")
	fw := strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r - '0' + '０'
		}
		return r
	}, "13812345678")
	card := luhnCard("622202123456789012")
	tests := []struct{ in, want string }{
		{"我的身份证号" + id + "，电话13812345678。", "我的身份证号" + id[:4] + "**********" + id[14:] + "，电话138****5678。"},
		{"电话 138 1234 5678 谢谢", "电话 138****5678 谢谢"},
		{"电话138-1234-5678。", "电话138****5678。"},
		{"电话：" + fw, "电话：138****5678"},
		{"电话 +86 138 1234 5678", "电话 138****5678"},
		{"证号 " + wrongCheck(id), "证号 " + id[:4] + "**********" + wrongCheck(id)[14:]},
		{"卡号" + card + "，邮箱zhang.san@example.com", "卡号" + card[:4] + "***********" + card[15:] + "，邮箱z***@example.com"},
		{"张三，电话13812345678", "张*，电话138****5678"},
		{"学区怎么划分？谢谢。", "学区怎么划分？谢谢。"},
		{"办公电话0537-3412345", "办公电话0537-3412345"},
	}
	for _, tt := range tests {
		got := MaskPersonal(tt.in)
		if got != tt.want {
			t.Errorf("MaskPersonal(%q) = %q; want %q", tt.in, got, tt.want)
		}
		if again := MaskPersonal(got); again != got {
			t.Errorf("MaskPersonal twice = %q; want %q unchanged", again, got)
		}
		for _, f := range PersonalData(got) {
			if IsPersonal(f.Kind) {
				t.Errorf("masked %q still has %s %q", got, f.Kind, f.Value)
			}
		}
	}
}

func FuzzMaskPersonal(f *testing.F) {
	f.Add("电话 138 1234 5678，身份证号" + makeID("37088219900307123"))
	f.Add("１３８－１２３４－５６７８ a@b.cn")
	f.Fuzz(func(t *testing.T, s string) {
		m := MaskPersonal(s)
		for _, x := range PersonalData(m) {
			if x.Kind != KindPersonalName && IsPersonal(x.Kind) {
				t.Fatalf("MaskPersonal(%q) = %q still holds %s %q", s, m, x.Kind, x.Value)
			}
		}
	})
}

func TestSensitiveWords(t *testing.T) {
	tests := []struct {
		text  string
		words []string
		want  []want
	}{
		{"这是机密文件，机密！", []string{"机密", "", "机密"}, []want{{KindSensitiveWord, "机密"}, {KindSensitiveWord, "机密"}}},
		{"内部资料 Internal", []string{"内部", "内部资料", "internal"}, []want{{KindSensitiveWord, "内部资料"}, {KindSensitiveWord, "内部"}, {KindSensitiveWord, "Internal"}}},
		{"没有问题", []string{"机密"}, nil},
	}
	for _, tt := range tests {
		got := kindsValues(SensitiveWords(tt.text, tt.words))
		if fmt.Sprint(got) != fmt.Sprint(tt.want) {
			t.Errorf("SensitiveWords(%q) = %v; want %v", tt.text, got, tt.want)
		}
	}
}

func TestCheckDocNumber(t *testing.T) {
	tests := []struct {
		in      string
		ok      bool
		msgPart string
	}{
		{"济兖教体字〔2023〕12号", true, ""},
		{" 国办发〔2019〕1号 ", true, ""},
		{"济兖教体字[2023]12号", false, "六角括号"},
		{"济兖教体字【2023】12号", false, "“【】”"},
		{"济兖教体字（2023）12号", false, "“（）”"},
		{"济兖教体字(2023)12号", false, "“()”"},
		{"济兖教体字［2023］12号", false, "六角括号"},
		{"济兖教体字〔2023〕第12号", false, "不加“第”"},
		{"济兖教体字〔2023〕012号", false, "“012”应写作“12”"},
		{"济兖教体字〔2023〕12", false, "应加“号”"},
		{"济兖教体字〔23〕12号", false, "年份应写全称"},
		{"〔2023〕12号", false, "缺少机关代字"},
		{"济兖教体字2023年12号", false, "未找到"},
		{"济兖教体字〔２０２３〕12号", false, "半角"},
		{"", false, "为空"},
		{"济兖教体字〔2023〕0号", false, "虚位"},
	}
	for _, tt := range tests {
		ok, msg := CheckDocNumber(tt.in)
		if ok != tt.ok || !strings.Contains(msg, tt.msgPart) {
			t.Errorf("CheckDocNumber(%q) = %v, %q; want %v, containing %q", tt.in, ok, msg, tt.ok, tt.msgPart)
		}
		if !ok && !strings.Contains(msg, "机关代字〔2023〕12号") {
			t.Errorf("CheckDocNumber(%q) message %q; want the correct form in it", tt.in, msg)
		}
	}
}

func TestDocNumbers(t *testing.T) {
	text := "根据（济政办字〔2023〕41号）和济兖政办字[2023]第030号要求"
	got := kindsValues(DocNumbers(text))
	w := []want{{KindDocNumber, "济兖政办字[2023]第030号"}}
	if fmt.Sprint(got) != fmt.Sprint(w) {
		t.Errorf("DocNumbers = %v; want %v", got, w)
	}
}

func TestFindDates(t *testing.T) {
	tests := []struct {
		in   string
		want []string // values
		msg  string   // suggested form in the first message
	}{
		{"于2023年5月6日印发", nil, ""},
		{"于2023.5.6印发", []string{"2023.5.6"}, "2023年5月6日"},
		{"于2023/05/06印发", []string{"2023/05/06"}, "2023年5月6日"},
		{"于2023-05-06印发", []string{"2023-05-06"}, "2023年5月6日"},
		{"于23年5月6日印发", []string{"23年5月6日"}, "2023年5月6日"},
		{"于2023年05月06日印发", []string{"2023年05月06日"}, "2023年5月6日"},
		{"2023年05月起", []string{"2023年05月"}, "2023年5月"},
		{"二〇二三年五月六日", []string{"二〇二三年五月六日"}, "2023年5月6日"},
		{"二〇二三年十二月三十一日", []string{"二〇二三年十二月三十一日"}, "2023年12月31日"},
		{"版本1.2023.5.6", nil, ""},
		{"2023.13.45", nil, ""},
		{"2023/5-6", nil, ""},
		{"123年5月6日", nil, ""},
	}
	for _, tt := range tests {
		fs := FindDates(tt.in)
		var got []string
		for _, f := range fs {
			got = append(got, f.Value)
			if f.Kind != KindDateFormat || tt.in[f.Start:f.End] != f.Value {
				t.Errorf("FindDates(%q) finding %+v inconsistent", tt.in, f)
			}
		}
		if fmt.Sprint(got) != fmt.Sprint(tt.want) {
			t.Errorf("FindDates(%q) = %q; want %q", tt.in, got, tt.want)
		}
		if len(fs) > 0 && !strings.Contains(fs[0].Message, "“"+tt.msg+"”") {
			t.Errorf("FindDates(%q) message %q; want it to suggest %q", tt.in, fs[0].Message, tt.msg)
		}
	}
}

func TestHighlight(t *testing.T) {
	text := "<b>张三</b>的电话13800000000"
	fs := []Finding{
		{Kind: KindPersonalName, Label: "个人姓名", Start: 3, End: 9},
		{Kind: KindSensitiveWord, Label: "敏感词", Start: 6, End: 12}, // overlaps name and </b>
		{Kind: KindMobile, Label: "手机号码", Start: 22, End: 33},
		{Kind: KindMobile, Start: 4, End: 5},   // not on a rune boundary: ignored
		{Kind: KindMobile, Start: 30, End: 99}, // out of range: ignored
	}
	got := Highlight(text, fs)
	want := `&lt;b&gt;<mark class="finding finding-personal_name" title="个人姓名">张</mark>` +
		`<mark class="finding finding-personal_name finding-sensitive_word" title="个人姓名、敏感词">三</mark>` +
		`<mark class="finding finding-sensitive_word" title="敏感词">&lt;/b</mark>&gt;的电话` +
		`<mark class="finding finding-mobile" title="手机号码">13800000000</mark>`
	if got != want {
		t.Errorf("Highlight =\n%s\nwant\n%s", got, want)
	}
	if got := Highlight("<a>&", nil); got != "&lt;a&gt;&amp;" {
		t.Errorf("Highlight without findings = %q; want escaped text", got)
	}
}

func FuzzPersonalData(f *testing.F) {
	for _, s := range []string{
		"姓名：张三，身份证号" + makeID("37088219900307123"),
		"电话 +86 139 1234 5678，卡号6222 0212 3456 7890",
		"a@b.cn 13800000000@qq.com",
		"\xff１２３４５６７８９０１２３４５６７８",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		fs := PersonalData(s)
		fs = append(fs, FindDates(s)...)
		fs = append(fs, DocNumbers(s)...)
		fs = append(fs, SensitiveWords(s, []string{"机密", "a"})...)
		for _, x := range fs {
			if x.Start < 0 || x.End > len(s) || x.Start >= x.End {
				t.Fatalf("finding %+v out of bounds for len %d", x, len(s))
			}
			if s[x.Start:x.End] != x.Value {
				t.Fatalf("Value %q != text[Start:End] %q", x.Value, s[x.Start:x.End])
			}
		}
		_ = Highlight(s, fs)
	})
}

func FuzzCheckDocNumber(f *testing.F) {
	for _, s := range []string{"济兖教体字〔2023〕12号", "x[23]第01", "〔〕号", "【2023】"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ok, msg := CheckDocNumber(s)
		if ok != (msg == "") {
			t.Fatalf("CheckDocNumber(%q) = %v, %q", s, ok, msg)
		}
		if ok && !docNumberRe.MatchString(strings.TrimSpace(s)) {
			t.Fatalf("CheckDocNumber(%q) ok but does not match the standard form", s)
		}
	})
}
