package disclosure_test

import (
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"gongkai"
	"gongkai/internal/disclosure"
	"gongkai/internal/office"
	"gongkai/internal/workday"
)

func TestParseTimeLimit(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int
	}{
		{"信息形成或者变更之日起20个工作日内", 20},
		{"信息形成或者变更之日起２０个工作日内", 20},
		{"形成后十个工作日内公开", 10},
		{"二十个工作日", 20},
		{"自收到之日起15日内", 0},
		{"长期公开", 0},
		{"", 0},
	} {
		if got := disclosure.ParseTimeLimit(tc.in); got != tc.want {
			t.Errorf("ParseTimeLimit(%q) = %d; want %d", tc.in, got, tc.want)
		}
	}
}

func TestParseChannels(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want string
	}{
		{"■政府网站 □政府公报 ■公开查阅点 □其他", "政府网站、公开查阅点"},
		{"政府网站、公开查阅点", "政府网站、公开查阅点"},
		{"□政府网站", ""},
	} {
		if got := strings.Join(disclosure.ParseChannels(tc.in), "、"); got != tc.want {
			t.Errorf("ParseChannels(%q) = %q; want %q", tc.in, got, tc.want)
		}
	}
}

func TestIndexNumber(t *testing.T) {
	for _, tc := range []struct {
		rule, want, prefix string
	}{
		{"", "JJK/2023-0012", "JJK/2023-"},
		{"{org}-{unit}/{year}-{seq:5}", "YZJT-JJK/2023-00012", "YZJT-JJK/2023-"},
		{"{org}{year}{seq}", "YZJT202312", "YZJT2023"},
	} {
		if got := disclosure.IndexNumber(tc.rule, "JJK", "YZJT", 2023, 12); got != tc.want {
			t.Errorf("IndexNumber(%q) = %q; want %q", tc.rule, got, tc.want)
		}
		if got := disclosure.IndexPrefix(tc.rule, "JJK", "YZJT", 2023); got != tc.prefix {
			t.Errorf("IndexPrefix(%q) = %q; want %q", tc.rule, got, tc.prefix)
		}
	}
	for _, bad := range []string{"{unit}-{seq}", "{unit}/{year}", "{year}{seq}{x}"} {
		if err := disclosure.CheckIndexRule(bad); err == nil {
			t.Errorf("CheckIndexRule(%q) = nil; want an error", bad)
		}
	}
}

func TestTransition(t *testing.T) {
	for _, tc := range []struct {
		name string
		m    disclosure.Move
		want disclosure.Status
		code string
	}{
		{"submit draft", disclosure.Move{From: disclosure.StatusDraft, Action: disclosure.ActSubmit, ActorID: 1, AuthorID: 1}, disclosure.StatusSubmitted, ""},
		{"resubmit returned", disclosure.Move{From: disclosure.StatusReturned, Action: disclosure.ActSubmit, ActorID: 1, AuthorID: 1}, disclosure.StatusSubmitted, ""},
		{"reviewer passes", disclosure.Move{From: disclosure.StatusSubmitted, Action: disclosure.ActPass, ActorID: 2, AuthorID: 1}, disclosure.StatusReviewed, ""},
		{"author reviews own", disclosure.Move{From: disclosure.StatusSubmitted, Action: disclosure.ActPass, ActorID: 1, AuthorID: 1}, "", gongkai.EFORBIDDEN},
		{"return without reason", disclosure.Move{From: disclosure.StatusSubmitted, Action: disclosure.ActReturn, ActorID: 2, AuthorID: 1}, "", gongkai.EINVALID},
		{"return with reason", disclosure.Move{From: disclosure.StatusSubmitted, Action: disclosure.ActReturn, ActorID: 2, AuthorID: 1, Reason: "含身份证号"}, disclosure.StatusReturned, ""},
		{"leader returns", disclosure.Move{From: disclosure.StatusReviewed, Action: disclosure.ActReturn, ActorID: 3, AuthorID: 1, Reason: "补充解读"}, disclosure.StatusReturned, ""},
		{"sign", disclosure.Move{From: disclosure.StatusReviewed, Action: disclosure.ActSign, ActorID: 3, AuthorID: 1, ReviewerID: 2}, disclosure.StatusPublished, ""},
		{"reviewer signs", disclosure.Move{From: disclosure.StatusReviewed, Action: disclosure.ActSign, ActorID: 2, AuthorID: 1, ReviewerID: 2}, "", gongkai.EFORBIDDEN},
		{"sign a draft", disclosure.Move{From: disclosure.StatusDraft, Action: disclosure.ActSign, ActorID: 3, AuthorID: 1}, "", gongkai.ECONFLICT},
		{"pass published", disclosure.Move{From: disclosure.StatusPublished, Action: disclosure.ActPass, ActorID: 2, AuthorID: 1}, "", gongkai.ECONFLICT},
	} {
		got, err := disclosure.Transition(tc.m)
		if got != tc.want || gongkai.ErrorCode(err) != tc.code && !(tc.code == "" && err == nil) {
			t.Errorf("%s: got %q, %v; want %q, code %q", tc.name, got, err, tc.want, tc.code)
		}
	}
}

func TestCheckSignOff(t *testing.T) {
	for _, tc := range []struct {
		name string
		s    disclosure.SignOff
		ok   bool
	}{
		{"notice without interpretation", disclosure.SignOff{Genre: disclosure.GenreNotice}, true},
		{"normative without interpretation", disclosure.SignOff{Genre: disclosure.GenreNormative}, false},
		{"policy without interpretation", disclosure.SignOff{Genre: disclosure.GenrePolicy}, false},
		{"policy with interpretation", disclosure.SignOff{Genre: disclosure.GenrePolicy, Interpretations: 1}, true},
		{"major without assessment", disclosure.SignOff{Genre: disclosure.GenrePolicy, Interpretations: 1, Major: true}, false},
		{"major with assessment", disclosure.SignOff{Genre: disclosure.GenrePolicy, Interpretations: 1, Major: true, RiskAssessmentDone: true}, true},
	} {
		err := disclosure.CheckSignOff(tc.s)
		if (err == nil) != tc.ok {
			t.Errorf("%s: got %v; want ok=%v", tc.name, err, tc.ok)
		}
	}
}

func TestCheck(t *testing.T) {
	body := "经审核，学生张三，身份证号 370882201001011231，家长电话 13812345678。\n请于2023.5.6前报到。"
	rep := disclosure.Check(disclosure.CheckInput{Title: "关于做好入学工作的通知", DocNo: "济兖教体字[2023]第012号", WrittenOn: "2023-05-06", Issuer: "基础教育科",
		Genre: disclosure.GenreNotice, Topic: "教育", CatalogItemID: 1, Attribute: disclosure.AttrProactive, Body: body}, []string{"内部资料"})
	kinds := map[string]int{}
	for _, f := range rep.Findings {
		kinds[f.Kind]++
		if strings.Contains(f.Masked, "370882201001011231") || strings.Contains(f.Masked, "13812345678") {
			t.Errorf("finding shows the value unmasked: %+v", f)
		}
	}
	for _, k := range []string{"id_number", "mobile", "doc_number", "date_format"} {
		if kinds[k] == 0 {
			t.Errorf("Check found %v; want a %s finding", kinds, k)
		}
	}
	if !rep.Blocking() {
		t.Error("Blocking() = false; want true with an ID number")
	}
	if !strings.Contains(string(rep.BodyMarked), "<mark") {
		t.Errorf("BodyMarked = %q; want marks", rep.BodyMarked)
	}
	empty := disclosure.Check(disclosure.CheckInput{}, nil)
	if len(empty.Findings) < 5 {
		t.Errorf("empty input: %d findings; want the missing elements", len(empty.Findings))
	}
}

func TestDueClock(t *testing.T) {
	cal := workday.Default()
	// 2023-09-25 + 20 working days crosses the Mid-Autumn and National Day
	// holidays (9-29 to 10-6 off, 10-7 and 10-8 worked): due 2023-10-27.
	c, err := disclosure.DueClock(cal, workday.MustDate("2023-09-25"), workday.MustDate("2023-11-01"))
	if err != nil {
		t.Fatal(err)
	}
	if c.Due != workday.MustDate("2023-10-27") || !c.Late || c.Left != -3 {
		t.Errorf("DueClock = %+v; want due 2023-10-27, late by 3", c)
	}
	c, _ = disclosure.DueClock(cal, workday.MustDate("2023-09-25"), workday.MustDate("2023-10-26"))
	if c.Late || c.Left != 1 {
		t.Errorf("DueClock on 10-30 = %+v; want 1 day left", c)
	}
}

func TestKeptUpState(t *testing.T) {
	cal := workday.Default()
	sh := time.FixedZone("CST", 8*3600)
	for _, tc := range []struct {
		name string
		pub  time.Time
		want string
	}{
		{"in time", time.Date(2023, 10, 27, 10, 0, 0, 0, sh), "ok"},
		{"late", time.Date(2023, 10, 30, 10, 0, 0, 0, sh), "late"},
		{"none", time.Time{}, "empty"},
	} {
		if got := disclosure.KeptUpState(cal, 20, false, tc.pub, workday.MustDate("2023-09-25")).State; got != tc.want {
			t.Errorf("%s: KeptUpState = %s; want %s", tc.name, got, tc.want)
		}
	}
}

func TestCatalogRowsFromStandardTable(t *testing.T) {
	data, err := os.ReadFile("../../testdata/docs/catalog-yiwu.tsv")
	if err != nil {
		t.Fatal(err)
	}
	tables, err := office.ReadTables("catalog-yiwu.tsv", data)
	if err != nil {
		t.Fatal(err)
	}
	m, err := office.MapTables("catalog-yiwu.tsv", tables, disclosure.CatalogSchema)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := disclosure.CatalogRows("catalog-yiwu.tsv", m)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 20 {
		t.Fatalf("rows = %d; want 20", len(rows))
	}
	first := rows[1]
	if strings.Join(first.Path, "/") != "政策文件/规范性文件" || first.Item.LimitDays != 20 || first.Item.Channels != "政府网站、公开查阅点" || first.Item.Audience != "全社会" {
		t.Errorf("row 2 = %+v; want 政策文件/规范性文件, 20 days, two channels, 全社会", first)
	}
	last := rows[19]
	if strings.Join(last.Path, "/") != "校园安全" {
		t.Errorf("last row path = %v; want [校园安全]", last.Path)
	}
}

func FuzzParseTimeLimit(f *testing.F) {
	for _, s := range []string{"信息形成或者变更之日起20个工作日内", "十五个工作日", "九十九个工作日", "0个工作日"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if n := disclosure.ParseTimeLimit(s); n < 0 {
			t.Errorf("ParseTimeLimit(%q) = %d; want >= 0", s, n)
		}
	})
}

func FuzzCheck(f *testing.F) {
	f.Add("身份证号 370882201001011231", "济兖教体字〔2023〕12号")
	f.Add("2023.5.6 电话13812345678", "济兖教体字[2023]第012号")
	f.Fuzz(func(t *testing.T, body, docNo string) {
		rep := disclosure.Check(disclosure.CheckInput{Title: "t", DocNo: docNo, Body: body, Partial: true}, []string{"秘密"})
		for _, fd := range rep.Findings {
			text := body
			if fd.Field == "doc_no" {
				text = strings.TrimSpace(docNo)
			}
			if fd.Field == "title" {
				text = "t"
			}
			if fd.Start < 0 || fd.End > len(text) || fd.Start > fd.End {
				t.Fatalf("finding %+v out of range of %q", fd, text)
			}
		}
	})
}

// TestCatalogFromDocxWithMergedCells reads a catalogue table from Word
// where the first-level item is merged vertically over its second-level
// items, as bureaus publish it.
func TestCatalogFromDocxWithMergedCells(t *testing.T) {
	w := office.NewDocxWriter()
	c := func(s string) office.TableCell { return office.TableCell{Text: s} }
	w.Table([]string{"序号", "一级事项", "二级事项", "公开内容（要素）", "公开时限", "公开渠道和载体", "公开对象", "公开方式"}, [][]office.TableCell{
		{c("1"), {Text: "招生管理", VMerge: "restart"}, c("招生政策"), c("各校招生工作实施方案"), c("信息形成或者变更之日起20个工作日内"), c("■政府网站 □政府公报"), c("全社会"), c("主动")},
		{c(""), {VMerge: "continue"}, c("招生范围"), c("招生范围、学区划分详细情况"), c("信息形成或者变更之日起20个工作日内"), c("■政府网站 ■公开查阅点"), c("全社会"), c("主动")},
		{c("2"), {Text: "学生管理", VMerge: "restart"}, c("学籍管理"), c("休学、复学、转学"), c("十个工作日内"), c("■政府网站"), c("特定群体"), c("依申请")},
	})
	data, err := w.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	items, _, err := disclosure.ParseCatalogFile("目录.docx", data)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, it := range items {
		got = append(got, strings.Join(it.Path, "/")+":"+it.Item.Channels+":"+strconv.Itoa(it.Item.LimitDays)+":"+it.Item.Mode)
	}
	want := []string{"招生管理/招生政策:政府网站:20:主动", "招生管理/招生范围:政府网站、公开查阅点:20:主动", "学生管理/学籍管理:政府网站:10:依申请"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("items = %v; want %v", got, want)
	}
}
