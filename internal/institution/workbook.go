package institution

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"gongkai"
	"gongkai/internal/disclosure"
	"gongkai/internal/office"
	"gongkai/internal/workday"
)

// The workbook the office keeps the registry in, imported and exported in
// the same form: one sheet per kind (one row per institution) and one
// sheet per list (收费标准, 年检结果, 奖惩情况), whose rows name their
// institution by its licence number. A list sheet that is absent keeps the
// lists already on record; a list sheet that is present replaces them.

// Sheet names.
const (
	SheetSchools     = "民办学校"
	SheetTraining    = "校外培训机构"
	SheetFees        = "收费标准"
	SheetInspections = "年检结果"
	SheetSanctions   = "奖惩情况"
)

type column struct {
	key    string
	labels []string // the first is written on export
	req    bool
	width  float64
}

var licenceCol = column{"licence_no", []string{"办学许可证号", "许可证号", "办学许可证编号"}, true, 24}

var schoolCols = []column{
	{"name", []string{"学校名称", "名称", "民办学校名称"}, true, 28},
	{"credit_code", []string{"统一社会信用代码", "信用代码"}, true, 22},
	licenceCol,
	{"licence_from", []string{"许可证有效期起", "有效期起", "发证日期"}, false, 14},
	{"licence_until", []string{"许可证有效期止", "有效期止", "有效期至"}, true, 14},
	{"sponsor", []string{"举办者"}, false, 20},
	{"level", []string{"办学层次"}, false, 12},
	{"school_type", []string{"办学类型"}, false, 12},
	{"district", []string{"所在镇街", "镇街", "所在区域"}, false, 12},
	{"address", []string{"办学地址", "地址"}, false, 28},
	{"principal", []string{"校长", "负责人"}, false, 10},
	{"phone", []string{"联系电话", "电话"}, false, 16},
	{"approved_enrolment", []string{"核定招生规模", "招生规模"}, false, 12},
	{"admission_brochure", []string{"招生简章"}, false, 24},
	{"admission_filing_no", []string{"招生简章备案号", "备案号"}, false, 20},
	{"commitment", []string{"公开承诺", "承诺"}, false, 40},
}

var trainingCols = []column{
	{"name", []string{"机构名称", "名称", "培训机构名称"}, true, 28},
	{"credit_code", []string{"统一社会信用代码", "信用代码"}, true, 22},
	licenceCol,
	{"licence_from", []string{"许可证有效期起", "有效期起", "发证日期"}, false, 14},
	{"licence_until", []string{"许可证有效期止", "有效期止", "有效期至"}, true, 14},
	{"category", []string{"培训类别", "类别", "学科类非学科类"}, true, 10},
	{"district", []string{"所在镇街", "镇街", "所在区域"}, false, 12},
	{"address", []string{"培训地址", "地址"}, false, 28},
	{"principal", []string{"负责人", "法定代表人"}, false, 10},
	{"phone", []string{"联系电话", "电话"}, false, 16},
	{"supervision_bank", []string{"预收费监管银行", "监管银行"}, false, 20},
	{"supervision_account", []string{"预收费监管账户", "监管账户", "监管账号"}, false, 24},
	{"list", []string{"名单状态", "白名单黑名单"}, false, 10},
	{"list_date", []string{"列入名单日期", "列入日期"}, false, 14},
	{"list_reason", []string{"列入名单原因", "列入原因"}, false, 30},
	{"commitment", []string{"公开承诺", "承诺"}, false, 40},
}

var feeCols = []column{licenceCol,
	{"item", []string{"收费项目", "项目"}, true, 20},
	{"standard", []string{"收费标准", "标准"}, true, 24},
	{"basis", []string{"批准文件", "收费依据", "批准文件及文号"}, false, 36}}

var inspectionCols = []column{licenceCol,
	{"year", []string{"年度", "年检年度"}, true, 8},
	{"result", []string{"年检结果", "结果"}, true, 12},
	{"date", []string{"年检日期", "日期"}, false, 14},
	{"note", []string{"说明", "备注"}, false, 30}}

var sanctionCols = []column{licenceCol,
	{"date", []string{"日期", "决定日期"}, true, 14},
	{"kind", []string{"类别", "奖惩类别"}, true, 8},
	{"content", []string{"内容", "奖惩内容"}, true, 40},
	{"authority", []string{"决定机关及文号", "决定机关", "文号"}, false, 30}}

func schemaOf(cols []column) office.Schema {
	var s office.Schema
	for _, c := range cols {
		s.Fields = append(s.Fields, office.Field{Key: c.key, Labels: c.labels, Required: c.req})
	}
	return s
}

// Parsed is one institution read from a workbook, with where it came from.
type Parsed struct {
	Record Record
	Sheet  string
	Row    int
	cols   map[string]int
	// Rows of its list entries, for messages.
	FeeRows, InspectionRows, SanctionRows []int
}

// Workbook is what an import read: the institutions, which list sheets
// were present (their lists replace the ones on record), and warnings.
type Workbook struct {
	Institutions []Parsed
	HasFees      bool
	HasInspect   bool
	HasSanctions bool
	Warnings     []string
}

type sheetErr struct {
	file, sheet string
}

func (s sheetErr) at(row, col int, format string, args ...any) error {
	return &office.Error{File: s.file, Sheet: s.sheet, Row: row, Col: col, Msg: fmt.Sprintf(format, args...)}
}

// ReadWorkbook reads the registry's workbook (.xlsx, read through
// internal/office within its limits), checks every row and returns the
// institutions. Any error names the sheet, the row and the column, and
// nothing is returned with it: an import is all or nothing.
func ReadWorkbook(filename string, data []byte, today workday.Date) (Workbook, error) {
	var wb Workbook
	file := baseName(filename)
	if !strings.HasSuffix(strings.ToLower(filename), ".xlsx") {
		return wb, gongkai.Errorf(gongkai.EINVALID, "%s：请上传 Excel 工作簿（.xlsx），工作表为“%s”“%s”，可附“%s”“%s”“%s”；可先导出现有登记信息作为模板", file, SheetSchools, SheetTraining, SheetFees, SheetInspections, SheetSanctions)
	}
	tables, err := office.ReadTables(filename, data)
	if err != nil {
		return wb, err
	}
	byName := map[string]office.Table{}
	for _, t := range tables {
		byName[strings.TrimSpace(t.Name)] = t
	}
	byLicence := map[string]int{}
	for _, sh := range []struct {
		name string
		kind Kind
		cols []column
	}{{SheetSchools, KindSchool, schoolCols}, {SheetTraining, KindTraining, trainingCols}} {
		t, ok := byName[sh.name]
		if !ok {
			continue
		}
		m, err := office.MapTable(filename, t, schemaOf(sh.cols))
		if err != nil {
			return Workbook{}, err
		}
		wb.Warnings = append(wb.Warnings, m.Warnings...)
		se := sheetErr{file, sh.name}
		col := columnsOf(m)
		for _, rec := range m.Records {
			p := Parsed{Record: Record{Kind: sh.kind}, Sheet: sh.name, Row: rec.Row, cols: col}
			get := func(k string) string { return strings.TrimSpace(strings.Join(rec.Values[k], "")) }
			if get("name") == "" && get("licence_no") == "" && get("credit_code") == "" {
				continue
			}
			if err := fillRecord(&p.Record, get, func(k, format string, args ...any) error {
				return se.at(rec.Row, col[k], format, args...)
			}); err != nil {
				return Workbook{}, err
			}
			if p.Record.LicenceNo == "" {
				return Workbook{}, se.at(rec.Row, col["licence_no"], "请填写办学许可证号")
			}
			if prev, dup := byLicence[p.Record.LicenceNo]; dup {
				o := wb.Institutions[prev]
				return Workbook{}, se.at(rec.Row, col["licence_no"], "办学许可证号“%s”与工作表“%s”第%d行重复，一个许可证号只能登记一个机构", p.Record.LicenceNo, o.Sheet, o.Row)
			}
			byLicence[p.Record.LicenceNo] = len(wb.Institutions)
			wb.Institutions = append(wb.Institutions, p)
		}
	}
	if len(wb.Institutions) == 0 {
		return Workbook{}, gongkai.Errorf(gongkai.EINVALID, "%s：没有找到工作表“%s”或“%s”中的机构，请按导出的模板填写（表头含 名称、统一社会信用代码、办学许可证号）", file, SheetSchools, SheetTraining)
	}
	lists := []struct {
		name string
		cols []column
		has  *bool
		add  func(p *Parsed, row int, get func(string) string, at func(k, format string, args ...any) error) error
	}{
		{SheetFees, feeCols, &wb.HasFees, addFee},
		{SheetInspections, inspectionCols, &wb.HasInspect, addInspection},
		{SheetSanctions, sanctionCols, &wb.HasSanctions, addSanction},
	}
	for _, l := range lists {
		t, ok := byName[l.name]
		if !ok {
			continue
		}
		*l.has = true
		m, err := office.MapTable(filename, t, schemaOf(l.cols))
		if err != nil {
			return Workbook{}, err
		}
		wb.Warnings = append(wb.Warnings, m.Warnings...)
		se := sheetErr{file, l.name}
		col := columnsOf(m)
		for _, rec := range m.Records {
			get := func(k string) string { return strings.TrimSpace(strings.Join(rec.Values[k], "")) }
			lic := get("licence_no")
			at := func(k, format string, args ...any) error { return se.at(rec.Row, col[k], format, args...) }
			if lic == "" {
				if rowBlank(rec) {
					continue
				}
				return Workbook{}, at("licence_no", "请填写办学许可证号，指明属于哪个机构")
			}
			i, ok := byLicence[lic]
			if !ok {
				return Workbook{}, at("licence_no", "办学许可证号“%s”不在工作表“%s”或“%s”中，请先在那里登记该机构", lic, SheetSchools, SheetTraining)
			}
			if err := l.add(&wb.Institutions[i], rec.Row, get, at); err != nil {
				return Workbook{}, err
			}
		}
	}
	for i := range wb.Institutions {
		p := &wb.Institutions[i]
		if err := Normalize(&p.Record, today); err != nil {
			return Workbook{}, p.Locate(file, err)
		}
	}
	return wb, nil
}

// Locate turns a rule broken by a parsed record (a *FieldError from
// Normalize or the store) into an error naming its sheet, row and column.
func (p Parsed) Locate(file string, err error) error {
	fe, ok := err.(*FieldError)
	if !ok {
		return err
	}
	sheet, row, col := p.Sheet, p.Row, p.cols[fe.Field]
	pick := func(name string, rows []int) {
		if fe.Index > 0 && fe.Index <= len(rows) {
			sheet, row, col = name, rows[fe.Index-1], 0
		}
	}
	switch fe.Field {
	case "fees":
		pick(SheetFees, p.FeeRows)
	case "inspections":
		pick(SheetInspections, p.InspectionRows)
	case "sanctions":
		pick(SheetSanctions, p.SanctionRows)
	}
	return &office.Error{File: file, Sheet: sheet, Row: row, Col: col, Msg: fe.Msg}
}

func baseName(p string) string {
	if i := strings.LastIndexAny(p, `/\`); i >= 0 {
		return p[i+1:]
	}
	return p
}

func columnsOf(m office.Mapped) map[string]int {
	col := map[string]int{}
	for j, c := range m.Columns {
		if _, ok := col[c]; !ok {
			col[c] = j + 1
		}
	}
	return col
}

func rowBlank(rec office.Record) bool {
	for _, v := range rec.Values {
		if strings.TrimSpace(strings.Join(v, "")) != "" {
			return false
		}
	}
	return true
}

func parseDate(v string) (workday.Date, error) {
	if v == "" {
		return workday.Date{}, nil
	}
	d, err := disclosure.ParseLooseDate(v)
	if err != nil {
		return d, err
	}
	return d, nil
}

// fillRecord reads the main sheet's cells into r.
func fillRecord(r *Record, get func(string) string, at func(k, format string, args ...any) error) error {
	r.Name, r.CreditCode, r.LicenceNo = get("name"), get("credit_code"), get("licence_no")
	r.Sponsor, r.Level, r.SchoolType, r.Category = get("sponsor"), get("level"), get("school_type"), get("category")
	r.District, r.Address, r.Principal, r.Phone = get("district"), get("address"), get("principal"), get("phone")
	r.Brochure, r.BrochureNo, r.Commitment = get("admission_brochure"), get("admission_filing_no"), get("commitment")
	r.SupervisionBank, r.SupervisionAccount, r.ListReason = get("supervision_bank"), get("supervision_account"), get("list_reason")
	for _, d := range []struct {
		key string
		dst *workday.Date
	}{{"licence_from", &r.LicenceFrom}, {"licence_until", &r.LicenceUntil}, {"list_date", &r.ListDate}} {
		v, err := parseDate(get(d.key))
		if err != nil {
			return at(d.key, "%s：%v", FieldLabel(d.key), err)
		}
		*d.dst = v
	}
	if v := get("approved_enrolment"); v != "" {
		n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSuffix(v, "人"), " "))
		if err != nil {
			return at("approved_enrolment", "核定招生规模应为人数（整数），现为“%s”", v)
		}
		r.Enrolment = n
	}
	l, ok := ParseList(get("list"))
	if !ok {
		return at("list", "名单状态应为“白名单”“黑名单”或留空，现为“%s”", get("list"))
	}
	r.List = l
	return nil
}

func addFee(p *Parsed, row int, get func(string) string, at func(k, format string, args ...any) error) error {
	f := Fee{Item: get("item"), Standard: get("standard"), Basis: get("basis")}
	if f.Basis == "" {
		return at("basis", "收费项目“%s”缺少批准文件（收费须有批准或备案文件），请填写文件名称和文号", f.Item)
	}
	p.Record.Fees = append(p.Record.Fees, f)
	p.FeeRows = append(p.FeeRows, row)
	return nil
}

func addInspection(p *Parsed, row int, get func(string) string, at func(k, format string, args ...any) error) error {
	v := strings.TrimSuffix(strings.TrimSuffix(get("year"), "年度"), "年")
	y, err := strconv.Atoi(v)
	if err != nil {
		return at("year", "年度应为四位年份（如 2022），现为“%s”", get("year"))
	}
	d, err := parseDate(get("date"))
	if err != nil {
		return at("date", "年检日期：%v", err)
	}
	p.Record.Inspections = append(p.Record.Inspections, Inspection{Year: y, Result: get("result"), Date: d, Note: get("note")})
	p.InspectionRows = append(p.InspectionRows, row)
	return nil
}

func addSanction(p *Parsed, row int, get func(string) string, at func(k, format string, args ...any) error) error {
	d, err := parseDate(get("date"))
	if err != nil {
		return at("date", "日期：%v", err)
	}
	p.Record.Sanctions = append(p.Record.Sanctions, Sanction{Date: d, Kind: get("kind"), Content: get("content"), Authority: get("authority")})
	p.SanctionRows = append(p.SanctionRows, row)
	return nil
}

// WorkbookXLSX writes records as the registry's workbook, in the form
// ReadWorkbook reads (so an export can be edited and imported again).
func WorkbookXLSX(records []Record) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	border := []excelize.Border{{Type: "left", Color: "000000", Style: 1}, {Type: "right", Color: "000000", Style: 1},
		{Type: "top", Color: "000000", Style: 1}, {Type: "bottom", Color: "000000", Style: 1}}
	head, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Family: "黑体"}, Border: border,
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9E1F2"}}, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}})
	body, _ := f.NewStyle(&excelize.Style{Border: border, Alignment: &excelize.Alignment{Vertical: "center", WrapText: true}})
	text, _ := f.NewStyle(&excelize.Style{Border: border, NumFmt: 49, Alignment: &excelize.Alignment{Vertical: "center", WrapText: true}})
	sheet := func(name string, cols []column, rows [][]string) error {
		if _, err := f.NewSheet(name); err != nil {
			return fmt.Errorf("institution: sheet %s: %w", name, err)
		}
		for j, c := range cols {
			cell, _ := excelize.CoordinatesToCellName(j+1, 1)
			_ = f.SetCellStr(name, cell, c.labels[0])
			cn, _ := excelize.ColumnNumberToName(j + 1)
			_ = f.SetColWidth(name, cn, cn, c.width)
		}
		last, _ := excelize.CoordinatesToCellName(len(cols), 1)
		_ = f.SetCellStyle(name, "A1", last, head)
		for i, r := range rows {
			for j, v := range r {
				cell, _ := excelize.CoordinatesToCellName(j+1, i+2)
				_ = f.SetCellStr(name, cell, v) // text, so codes and numbers keep their form
			}
			if len(r) > 0 {
				a, _ := excelize.CoordinatesToCellName(1, i+2)
				b, _ := excelize.CoordinatesToCellName(len(cols), i+2)
				_ = f.SetCellStyle(name, a, b, body)
			}
		}
		cn, _ := excelize.ColumnNumberToName(len(cols))
		_ = f.SetCellStyle(name, "A2", fmt.Sprintf("%s%d", cn, len(rows)+1), text)
		return f.SetPanes(name, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})
	}
	val := func(r Record, key string) string {
		for _, fd := range Fields {
			if fd.Key == key {
				if key == "list" && r.List == ListNone {
					return ""
				}
				if key == "approved_enrolment" {
					if r.Enrolment == 0 {
						return ""
					}
					return strconv.Itoa(r.Enrolment)
				}
				return fd.Value(r)
			}
		}
		return ""
	}
	var schools, training, fees, insp, sanc [][]string
	for _, r := range records {
		cols := schoolCols
		if r.Kind == KindTraining {
			cols = trainingCols
		}
		row := make([]string, len(cols))
		for j, c := range cols {
			row[j] = val(r, c.key)
		}
		if r.Kind == KindTraining {
			training = append(training, row)
		} else {
			schools = append(schools, row)
		}
		for _, x := range r.Fees {
			fees = append(fees, []string{r.LicenceNo, x.Item, x.Standard, x.Basis})
		}
		for _, x := range r.Inspections {
			insp = append(insp, []string{r.LicenceNo, strconv.Itoa(x.Year), x.Result, x.Date.String(), x.Note})
		}
		for _, x := range r.Sanctions {
			sanc = append(sanc, []string{r.LicenceNo, x.Date.String(), x.Kind, x.Content, x.Authority})
		}
	}
	for _, s := range []struct {
		name string
		cols []column
		rows [][]string
	}{{SheetSchools, schoolCols, schools}, {SheetTraining, trainingCols, training}, {SheetFees, feeCols, fees},
		{SheetInspections, inspectionCols, insp}, {SheetSanctions, sanctionCols, sanc}} {
		if err := sheet(s.name, s.cols, s.rows); err != nil {
			return nil, err
		}
	}
	if err := f.DeleteSheet("Sheet1"); err != nil {
		return nil, fmt.Errorf("institution: %w", err)
	}
	f.SetActiveSheet(0)
	buf, err := f.WriteToBuffer()
	if err != nil {
		return nil, fmt.Errorf("institution: write workbook: %w", err)
	}
	return buf.Bytes(), nil
}
