package institution

import (
	"errors"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"gongkai"
	"gongkai/internal/office"
	"gongkai/internal/workday"
)

var today = workday.MustDate("2023-08-15")

func school() Record {
	return Record{Kind: KindSchool, Name: "兖州区博文学校", CreditCode: WithCheckChar("52370812MJE00001X"), LicenceNo: "教民137081270000011号",
		LicenceFrom: workday.MustDate("2019-09-01"), LicenceUntil: workday.MustDate("2024-08-31"), Sponsor: "济宁博文教育有限公司", Level: "九年一贯制",
		Fees:        []Fee{{Item: "学费", Standard: "6800元/学期", Basis: "济价费发〔2021〕12号"}},
		Inspections: []Inspection{{Year: 2022, Result: "合格", Date: workday.MustDate("2023-04-20")}}}
}

func training() Record {
	return Record{Kind: KindTraining, Name: "兖州区启航艺术培训学校", CreditCode: WithCheckChar("52370812MJE00002X"), LicenceNo: "教民137081270000021号",
		LicenceUntil: workday.MustDate("2025-12-31"), Category: CategoryNonSubject, District: "鼓楼街道",
		Fees: []Fee{{Item: "美术课", Standard: "80元/课时", Basis: "兖教体发〔2022〕8号（备案）"}}, List: ListWhite, ListDate: workday.MustDate("2023-03-01"), ListReason: "年检合格，资金监管到位"}
}

func TestNormalizeRefusesWithTheReason(t *testing.T) {
	for _, r := range []Record{school(), training()} {
		if err := Normalize(&r, today); err != nil {
			t.Fatalf("%s: %v", r.Name, err)
		}
	}
	tests := []struct {
		name  string
		edit  func(r *Record)
		field string
		msg   string
	}{
		{"dates out of order", func(r *Record) { r.LicenceFrom = workday.MustDate("2025-01-01") }, "licence_until", "早于起始日期"},
		{"fee without approving document", func(r *Record) { r.Fees[0].Basis = " " }, "fees", "缺少批准文件"},
		{"fee without standard", func(r *Record) { r.Fees[0].Standard = "" }, "fees", "缺少收费标准"},
		{"bad credit code", func(r *Record) { r.CreditCode = r.CreditCode[:17] + wrongCheck(r.CreditCode[17]) }, "credit_code", "校验位"},
		{"short credit code", func(r *Record) { r.CreditCode = "1234" }, "credit_code", "18 位"},
		{"no licence", func(r *Record) { r.LicenceNo = "" }, "licence_no", "办学许可证号"},
		{"no expiry", func(r *Record) { r.LicenceUntil = workday.Date{} }, "licence_until", "有效期"},
		{"inspection twice", func(r *Record) { r.Inspections = append(r.Inspections, Inspection{Year: 2022, Result: "合格"}) }, "inspections", "重复"},
		{"inspection in the future", func(r *Record) { r.Inspections = []Inspection{{Year: 2024, Result: "合格"}} }, "inspections", "年度"},
		{"penalty without date", func(r *Record) { r.Sanctions = []Sanction{{Kind: "处罚", Content: "超标准收费"}} }, "sanctions", "日期"},
		{"penalty odd kind", func(r *Record) { r.Sanctions = []Sanction{{Date: today, Kind: "通报", Content: "x"}} }, "sanctions", "奖励"},
	}
	for _, tt := range tests {
		r := school()
		tt.edit(&r)
		err := Normalize(&r, today)
		var fe *FieldError
		if !errors.As(err, &fe) || fe.Field != tt.field || !strings.Contains(fe.Msg, tt.msg) || gongkai.ErrorCode(err) != gongkai.EINVALID {
			t.Errorf("%s: %v; want %s refused mentioning %q", tt.name, err, tt.field, tt.msg)
		}
	}
	r := training()
	r.ListReason = ""
	if err := Normalize(&r, today); err == nil || !strings.Contains(err.Error(), "原因") {
		t.Errorf("white list without reason: %v", err)
	}
	r = training()
	r.Category = "文化课"
	if err := Normalize(&r, today); err == nil {
		t.Error("category 文化课 accepted")
	}
}

func TestAlarmsAtTheirThresholds(t *testing.T) {
	r := school() // licence until 2024-08-31, 2022 inspection on record
	r.Inspections = append(r.Inspections, Inspection{Year: 2023, Result: "合格"})
	list := []Summary{{ID: 7, Status: StatusPublished, Record: r}}
	keys := func(day string) []string {
		var out []string
		for _, a := range Alarms(list, workday.MustDate(day)) {
			out = append(out, a.Key)
		}
		return out
	}
	if k := keys("2024-07-31"); len(k) != 0 {
		t.Errorf("31 days before: %v; want none", k)
	}
	if k := keys("2024-08-01"); len(k) != 1 || k[0] != "inst:7:licence:2024-08-31:30" {
		t.Errorf("30 days before: %v", k)
	}
	if k := keys("2024-09-01"); len(k) != 1 || k[0] != "inst:7:licence:2024-08-31:expired" {
		t.Errorf("the day after: %v", k)
	}
	// 2023's inspection is due by 2024-06-30.
	list[0].Record.LicenceUntil = workday.MustDate("2030-08-31")
	list[0].Record.Inspections = list[0].Record.Inspections[:1]
	if k := keys("2024-06-30"); len(k) != 0 {
		t.Errorf("on the due day: %v; want none", k)
	}
	if k := keys("2024-07-01"); len(k) != 1 || k[0] != "inst:7:inspection:2023" {
		t.Errorf("the day after the due day: %v", k)
	}
	list[0].Record.Inspections = append(list[0].Record.Inspections, Inspection{Year: 2023, Result: "合格"})
	if k := keys("2024-07-01"); len(k) != 0 {
		t.Errorf("with the 2023 inspection: %v", k)
	}
	list[0].Status = StatusWithdrawn
	list[0].Record.Inspections = nil
	if k := keys("2024-07-01"); len(k) != 0 {
		t.Errorf("withdrawn: %v", k)
	}
}

func TestWorkbookRoundTrip(t *testing.T) {
	s, tr := school(), training()
	s.Sanctions = []Sanction{{Date: workday.MustDate("2023-05-10"), Kind: "奖励", Content: "市级文明校园", Authority: "济宁市教育局"}}
	for _, r := range []*Record{&s, &tr} {
		if err := Normalize(r, today); err != nil {
			t.Fatal(err)
		}
	}
	data, err := WorkbookXLSX([]Record{s, tr})
	if err != nil {
		t.Fatal(err)
	}
	wb, err := ReadWorkbook("机构.xlsx", data, today)
	if err != nil {
		t.Fatal(err)
	}
	if !wb.HasFees || !wb.HasInspect || !wb.HasSanctions || len(wb.Institutions) != 2 {
		t.Fatalf("workbook %+v", wb)
	}
	for i, want := range []Record{s, tr} {
		if d := Diff(want, wb.Institutions[i].Record); len(d) != 0 {
			t.Errorf("%s changed on the round trip: %+v", want.Name, d)
		}
	}
}

// workbook builds an .xlsx with the given sheets (first row the header).
func workbook(t *testing.T, sheets map[string][][]string) []byte {
	t.Helper()
	f := excelize.NewFile()
	for name, rows := range sheets {
		if _, err := f.NewSheet(name); err != nil {
			t.Fatal(err)
		}
		for i, r := range rows {
			for j, v := range r {
				c, _ := excelize.CoordinatesToCellName(j+1, i+1)
				_ = f.SetCellStr(name, c, v)
			}
		}
	}
	_ = f.DeleteSheet("Sheet1")
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestImportErrorsNameRowAndColumn(t *testing.T) {
	head := []string{"机构名称", "统一社会信用代码", "办学许可证号", "许可证有效期起", "许可证有效期止", "培训类别", "所在镇街", "名单状态", "列入名单日期", "列入名单原因"}
	good := []string{"启航艺术", WithCheckChar("52370812MJE00002X"), "教民1号", "2021-01-01", "2025-12-31", "非学科类", "鼓楼街道", "白名单", "2023-03-01", "年检合格"}
	row := func(i int, v string) []string { r := append([]string(nil), good...); r[i] = v; return r }
	tests := []struct {
		name   string
		sheets map[string][][]string
		want   []string
	}{
		{"dates out of order", map[string][][]string{SheetTraining: {head, row(3, "2026-01-01")}}, []string{"工作表“校外培训机构”", "第2行", "第5列", "早于起始日期"}},
		{"not a date", map[string][][]string{SheetTraining: {head, row(4, "明年")}}, []string{"第2行", "第5列", "不是日期"}},
		{"duplicate licence", map[string][][]string{SheetTraining: {head, good, row(0, "另一家")}}, []string{"第3行", "第3列", "重复"}},
		{"fee without approving document", map[string][][]string{SheetTraining: {head, good}, SheetFees: {{"办学许可证号", "收费项目", "收费标准", "批准文件"}, {"教民1号", "美术课", "80元/课时", ""}}},
			[]string{"工作表“收费标准”", "第2行", "第4列", "批准文件"}},
		{"list row of unknown licence", map[string][][]string{SheetTraining: {head, good}, SheetInspections: {{"办学许可证号", "年度", "年检结果"}, {"教民9号", "2022", "合格"}}},
			[]string{"工作表“年检结果”", "第2行", "第1列", "不在"}},
		{"bad list status", map[string][][]string{SheetTraining: {head, row(7, "灰名单")}}, []string{"第2行", "第8列", "名单状态"}},
		{"no sheets", map[string][][]string{"Sheet2": {{"a"}}}, []string{"没有找到"}},
	}
	for _, tt := range tests {
		_, err := ReadWorkbook("机构.xlsx", workbook(t, tt.sheets), today)
		msg := gongkai.ErrorMessage(err)
		for _, w := range tt.want {
			if !strings.Contains(msg, w) {
				t.Errorf("%s: %q; want it to say %q", tt.name, msg, w)
			}
		}
	}
	if _, err := ReadWorkbook("机构.csv", []byte("a,b"), today); err == nil || !strings.Contains(err.Error(), ".xlsx") {
		t.Errorf(".csv: %v", err)
	}
	var oe *office.Error
	_, err := ReadWorkbook("机构.xlsx", []byte("PK\x03\x04 not a zip"), today)
	if !errors.As(err, &oe) {
		t.Errorf("a broken file: %v; want an office error", err)
	}
}

func wrongCheck(c byte) string {
	if c == '0' {
		return "1"
	}
	return "0"
}
