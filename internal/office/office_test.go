package office

import (
	"archive/zip"
	"bytes"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func taskSchema() Schema {
	return Schema{Fields: []Field{
		{Key: "seq", Labels: []string{"序号"}},
		{Key: "task", Labels: []string{"工作任务", "重点任务", "任务", "主要任务"}, Levels: 2, FillDown: true},
		{Key: "requirement", Labels: []string{"具体要求", "工作要求", "具体措施", "任务内容"}, Required: true},
		{Key: "units", Labels: []string{"责任单位", "责任科室", "责任部门", "牵头单位", "配合单位"}, FillDown: true},
		{Key: "deadline", Labels: []string{"完成时限", "时限要求", "完成时间"}},
	}}
}

func readFile(t testing.TB, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func mapFile(t testing.TB, name string, data []byte) Mapped {
	t.Helper()
	ts, err := ReadTables(name, data)
	if err != nil {
		t.Fatalf("ReadTables(%s): %v", name, err)
	}
	m, err := MapTables(name, ts, taskSchema())
	if err != nil {
		t.Fatalf("MapTables(%s): %v", name, err)
	}
	return m
}

func val(r Record, key string, level int) string {
	v := r.Values[key]
	if level < len(v) {
		return v[level]
	}
	return ""
}

func TestSeedNotice(t *testing.T) {
	data := readFile(t, "../../testdata/notice-2023-yanzhou-education.txt")
	ts, err := ReadTables("notice-2023-yanzhou-education.txt", data)
	if err != nil {
		t.Fatal(err)
	}
	if got := len(ts); got != 1 {
		t.Fatalf("tables: got %d; want 1", got)
	}
	if got, want := ts[0].Preamble[0], "济宁市兖州区教育和体育局"; got != want {
		t.Errorf("preamble[0]: got %q; want %q", got, want)
	}
	m, err := MapTables("notice-2023-yanzhou-education.txt", ts, taskSchema())
	if err != nil {
		t.Fatal(err)
	}
	if got := len(m.Records); got != 22 {
		t.Fatalf("records: got %d; want 22", got)
	}
	r := m.Records
	reqOf8 := "深化解读内容，充分收集企业群众需求，针对政策中与企业群众生产生活密切相关的具体条款和事项，进行要点拆分、深度解读和综合指引。"
	tests := []struct {
		name string
		got  any
		want any
	}{
		{"header row", m.HeaderRow, 1},
		{"columns", strings.Join(m.Columns, " "), "seq task#1 task#2 requirement units deadline"},
		{"r1 seq", val(r[0], "seq", 0), "1"},
		{"r1 row", r[0].Row, 2},
		{"r1 category", val(r[0], "task", 0), "推进绿色低碳高质量发展信息公开"},
		{"r1 subcategory", val(r[0], "task", 1), "围绕提升群众生活品质强化公开"},
		{"r1 units", val(r[0], "units", 0), "基础教育科\n职教科"},
		{"r1 filled", r[0].Filled["task"], false},
		{"r2 category", val(r[1], "task", 0), "推进绿色低碳高质量发展信息公开"},
		{"r2 subcategory", val(r[1], "task", 1), "围绕提升群众生活品质强化公开"},
		{"r2 filled", r[1].Filled["task"], true},
		{"r2 units not filled", r[1].Filled["units"], false},
		{"r8 requirement", val(r[7], "requirement", 0), reqOf8},
		{"r8 units filled from r7", val(r[7], "units", 0), "各有关科室"},
		{"r8 units filled", r[7].Filled["units"], true},
		{"r10 subcategory own", val(r[9], "task", 1), "持续深化舆情回应"},
		{"r10 category filled", val(r[9], "task", 0), "推进政策发布解读回应提质增效"},
		{"r12 new category", val(r[11], "task", 0), "推进决策公开深化公众参与"},
		{"r17 subcategory", val(r[16], "task", 1), "严格执行政府信息公开审查制度"},
		{"r22 deadline", val(r[21], "deadline", 0), "12月底前"},
		{"r22 units", val(r[21], "units", 0), "办公室\n各有关科室"},
		{"r22 seq", val(r[21], "seq", 0), "22"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %q; want %q", tt.name, tt.got, tt.want)
		}
	}
}

func TestFillDownResetsSecondLevel(t *testing.T) {
	txt := "序号\t工作任务\t\t具体要求\n" +
		"1\t甲类\t甲一\t要求1\n" +
		"2\t\t\t要求2\n" +
		"3\t乙类\t\t要求3\n" +
		"4\t\t乙一\t要求4\n"
	m := mapFile(t, "t.txt", []byte(txt))
	tests := []struct {
		rec      int
		cat, sub string
		wantFill bool
	}{
		{0, "甲类", "甲一", false},
		{1, "甲类", "甲一", true},
		{2, "乙类", "", false},
		{3, "乙类", "乙一", true},
	}
	if got := len(m.Records); got != 4 {
		t.Fatalf("records: got %d; want 4", got)
	}
	for _, tt := range tests {
		r := m.Records[tt.rec]
		if got := val(r, "task", 0) + "/" + val(r, "task", 1); got != tt.cat+"/"+tt.sub {
			t.Errorf("record %d: got %q; want %q", tt.rec+1, got, tt.cat+"/"+tt.sub)
		}
		if got := r.Filled["task"]; got != tt.wantFill {
			t.Errorf("record %d filled: got %v; want %v", tt.rec+1, got, tt.wantFill)
		}
	}
}

func TestCommittedFixtures(t *testing.T) {
	tests := []struct {
		file            string
		records         int
		seq, req, units string
		deadline, cat   string
		extraKey, extra string
	}{
		{"testdata/tasks-reordered.tsv", 2, "1", "更新政务公开目录，\n做到应公开尽公开", "办公室", "6月底前", "", "备注", "重点"},
		{"testdata/tasks-gb18030.csv", 2, "1", "开展政策解读，\"双减\"政策宣传", "办公室", "3月底前", "政策解读", "", ""},
		{"testdata/tasks-merged.docx", 3, "1", "要求一", "办公室\n信息中心", "6月底前", "类别甲", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			m := mapFile(t, tt.file, readFile(t, tt.file))
			if got := len(m.Records); got != tt.records {
				t.Fatalf("records: got %d; want %d (%v)", got, tt.records, m.Columns)
			}
			r := m.Records[0]
			checks := []struct{ name, got, want string }{
				{"seq", val(r, "seq", 0), tt.seq},
				{"requirement", val(r, "requirement", 0), tt.req},
				{"units", val(r, "units", 0), tt.units},
				{"deadline", val(r, "deadline", 0), tt.deadline},
				{"category", val(r, "task", 0), tt.cat},
			}
			if tt.extraKey != "" {
				checks = append(checks, struct{ name, got, want string }{"extra", r.Extra[tt.extraKey], tt.extra})
			}
			for _, c := range checks {
				if c.got != c.want {
					t.Errorf("%s: got %q; want %q", c.name, c.got, c.want)
				}
			}
		})
	}
	// Second rows: fill-down and merges.
	m := mapFile(t, "tasks-reordered.tsv", readFile(t, "testdata/tasks-reordered.tsv"))
	if got, want := val(m.Records[1], "deadline", 0), ""; got != want {
		t.Errorf("tsv row 2 deadline (no fill-down): got %q; want %q", got, want)
	}
	m = mapFile(t, "tasks-gb18030.csv", readFile(t, "testdata/tasks-gb18030.csv"))
	if got, want := val(m.Records[1], "task", 0), "政策解读"; got != want {
		t.Errorf("csv row 2 category: got %q; want %q", got, want)
	}
	m = mapFile(t, "tasks-merged.docx", readFile(t, "testdata/tasks-merged.docx"))
	if got, want := m.HeaderRow, 1; got != want {
		t.Errorf("docx header row: got %d; want %d", got, want)
	}
	r := m.Records[1]
	if got, want := val(r, "task", 0)+"/"+val(r, "task", 1), "类别甲/子项二"; got != want {
		t.Errorf("docx row 2 task: got %q; want %q", got, want)
	}
	if !r.Filled["task"] {
		t.Errorf("docx row 2 task filled: got false; want true")
	}
	if got, want := r.Row, 4; got != want {
		t.Errorf("docx row 2 source row: got %d; want %d", got, want)
	}
}

// mergedDocx builds a table with a two-level header (工作任务 spanning two
// columns over 一级/二级, other header cells merged vertically) and a
// vertically merged category.
func mergedDocx(t testing.TB) []byte {
	w := NewDocxWriter()
	w.Heading(1, "2023年政务公开重点工作任务分解表")
	w.Paragraph("附件")
	hdr := func(s string, span int, vm string) TableCell {
		return TableCell{Text: s, Span: span, VMerge: vm, Bold: true}
	}
	rows := [][]TableCell{
		{hdr("序号", 1, "restart"), hdr("工作任务", 2, ""), hdr("具体要求", 1, "restart"), hdr("责任单位", 1, "restart"), hdr("完成时限", 1, "restart")},
		{hdr("", 1, "continue"), hdr("一级", 1, ""), hdr("二级", 1, ""), hdr("", 1, "continue"), hdr("", 1, "continue"), hdr("", 1, "continue")},
		{{Text: "1"}, {Text: "类别甲", VMerge: "restart"}, {Text: "子项一"}, {Text: "要求一"}, {Text: "办公室\n信息中心"}, {Text: "6月底前"}},
		{{Text: "2"}, {Text: "类别甲", VMerge: "continue"}, {Text: "子项二"}, {Text: "要求二"}, {Text: "办公室"}, {Text: "9月底前"}},
		{{Text: "3"}, {Text: "类别乙"}, {Text: "子项三"}, {Text: "要求三"}, {Text: "各科室"}, {Text: "12月底前"}},
	}
	w.Table(nil, rows)
	data, err := w.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func xlsxFixture(t testing.TB) []byte {
	f := excelize.NewFile()
	defer f.Close()
	sheet := "任务表"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		t.Fatal(err)
	}
	rows := [][]any{
		{"2023年政务公开重点工作任务分解表"},
		{"序号", "工作任务", "", "具体要求*", "责任单位", "完成时限", "备注"},
		{"", "一级", "二级", "", "", "", ""},
		{1, "类别甲", "子项一", "要求一", "办公室", "6月底前", "重点"},
		{2, "", "子项二", "要求二", "", "9月底前"},
		{"序号", "工作任务", "", "具体要求*", "责任单位", "完成时限", "备注"},
		{3, "类别乙", "子项三", "要求三", "各科室", nil},
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(sheet, cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	for _, mr := range [][2]string{{"A1", "G1"}, {"B2", "C2"}, {"A2", "A3"}, {"D2", "D3"}, {"E2", "E3"}, {"F2", "F3"}, {"G2", "G3"}, {"B4", "B5"}, {"E4", "E5"}} {
		if err := f.MergeCell(sheet, mr[0], mr[1]); err != nil {
			t.Fatal(err)
		}
	}
	// A formula without a cached value.
	if err := f.SetCellFormula(sheet, "F7", `"12月"&"底前"`); err != nil {
		t.Fatal(err)
	}
	f.NewSheet("空表")
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestXLSX(t *testing.T) {
	data := xlsxFixture(t)
	ts, err := ReadTables("tasks.XLSX", data)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(ts), 1; got != want {
		t.Fatalf("tables: got %d; want %d", got, want)
	}
	tb := ts[0]
	if got, want := tb.Name, "任务表"; got != want {
		t.Errorf("name: got %q; want %q", got, want)
	}
	if got, want := tb.Rows[0][6], (Cell{Text: "2023年政务公开重点工作任务分解表", Merged: true}); got != want {
		t.Errorf("A1:G1 copy: got %+v; want %+v", got, want)
	}
	if got, want := tb.Rows[0][0].Merged, false; got != want {
		t.Errorf("A1 merged: got %v; want %v", got, want)
	}
	m, err := MapTable("tasks.xlsx", tb, taskSchema())
	if err != nil {
		t.Fatal(err)
	}
	if got, want := m.HeaderRow, 2; got != want {
		t.Errorf("header row: got %d; want %d", got, want)
	}
	if got, want := strings.Join(m.Columns, " "), "seq task#1 task#2 requirement units deadline extra:备注"; got != want {
		t.Errorf("columns: got %q; want %q", got, want)
	}
	if got, want := len(m.Records), 3; got != want {
		t.Fatalf("records: got %d; want %d", got, want)
	}
	tests := []struct{ name, got, want string }{
		{"r1 extra", m.Records[0].Extra["备注"], "重点"},
		{"r2 category (merge)", val(m.Records[1], "task", 0), "类别甲"},
		{"r2 units (merge)", val(m.Records[1], "units", 0), "办公室"},
		{"r3 category", val(m.Records[2], "task", 0), "类别乙"},
		{"r3 deadline (formula)", val(m.Records[2], "deadline", 0), "12月底前"},
		{"r3 seq", val(m.Records[2], "seq", 0), "3"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %q; want %q", tt.name, tt.got, tt.want)
		}
	}
	if got, want := m.Records[2].Row, 7; got != want {
		t.Errorf("r3 row: got %d; want %d", got, want)
	}
}

func TestDocxReadAndText(t *testing.T) {
	data := mergedDocx(t)
	ts, err := ReadTables("a.docx", data)
	if err != nil {
		t.Fatal(err)
	}
	rows := ts[0].Rows
	tests := []struct {
		name      string
		got, want Cell
	}{
		{"gridSpan copy", rows[0][2], Cell{Text: "工作任务", Merged: true}},
		{"gridSpan origin", rows[0][1], Cell{Text: "工作任务"}},
		{"vMerge copy", rows[1][0], Cell{Text: "序号", Merged: true}},
		{"vMerge data", rows[3][1], Cell{Text: "类别甲", Merged: true}},
		{"multi-line", rows[2][4], Cell{Text: "办公室\n信息中心"}},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %+v; want %+v", tt.name, tt.got, tt.want)
		}
	}
	paras, err := DocxText(data)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := paras[0], "2023年政务公开重点工作任务分解表"; got != want {
		t.Errorf("para 0: got %q; want %q", got, want)
	}
	if got, want := paras[4], "1\t类别甲\t子项一\t要求一\t办公室\n信息中心\t6月底前"; got != want {
		t.Errorf("para 4: got %q; want %q", got, want)
	}
}

// handDocx builds a .docx from a hand-written document.xml body.
func handDocx(t testing.TB, body string) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	f, _ := zw.Create("word/document.xml")
	f.Write([]byte(`<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:body>` + body + `</w:body></w:document>`))
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestDocxRunsTabsBreaksNested(t *testing.T) {
	body := `<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="420"/></w:tabs></w:pPr><w:r><w:t>甲</w:t><w:tab/><w:t>乙</w:t><w:br/><w:t>丙</w:t></w:r><w:r><w:delText>删</w:delText><w:instrText>PAGE</w:instrText></w:r></w:p>` +
		`<w:tbl><w:tr><w:tc><w:p><w:r><w:t>序号</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>具体要求</w:t></w:r></w:p></w:tc></w:tr>` +
		`<w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr><w:tc><w:p><w:r><w:t>外</w:t></w:r></w:p><w:tbl><w:tr><w:tc><w:p><w:r><w:t>内</w:t></w:r></w:p></w:tc></w:tr></w:tbl><w:p/></w:tc></w:tr></w:tbl>` +
		`<w:p><w:r><mc:AlternateContent><mc:Choice><w:t>选</w:t></mc:Choice><mc:Fallback><w:t>备</w:t></mc:Fallback></mc:AlternateContent></w:r></w:p>`
	data := handDocx(t, body)
	paras, err := DocxText(data)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := strings.Join(paras, "|"), "甲\t乙\n丙|序号\t具体要求|外\n内|选"; got != want {
		t.Errorf("DocxText: got %q; want %q", got, want)
	}
	ts, err := ReadTables("x.docx", data)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(ts), 1; got != want {
		t.Fatalf("tables: got %d; want %d", got, want)
	}
	if got, want := len(ts[0].Rows[1]), 2; got != want {
		t.Errorf("gridBefore row width: got %d; want %d", got, want)
	}
	if got, want := ts[0].Rows[1][1].Text, "外\n内"; got != want {
		t.Errorf("nested: got %q; want %q", got, want)
	}
}

func TestTextFormats(t *testing.T) {
	tests := []struct {
		name, file, data string
		rows             int
		cell             string // Rows[1][1]
	}{
		{"plain tsv crlf", "a.txt", "序号\t具体要求\r\n1\t要求\r\n", 2, "要求"},
		{"bom", "a.tsv", "\ufeff序号\t具体要求\n1\t要求\n", 2, "要求"},
		{"utf16", "a.txt", "\xff\xfe" + utf16le("序号\t具体要求\r\n1\t要求\r\n"), 2, "要求"},
		{"csv bom quotes", "a.csv", "\ufeff序号,具体要求\n1,\"多\n行\"\n", 2, "多\n行"},
		{"csv lazy quote", "a.csv", "序号,具体要求\n1,说\"明\n", 2, "说\"明"},
		{"csv that is tsv", "a.csv", "序号\t具体要求\n1\t要求\n", 2, "要求"},
		{"tsv unclosed quote", "a.tsv", "序号\t具体要求\n1\t\"开头引号\n", 2, "\"开头引号"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ts, err := ReadTables(tt.file, []byte(tt.data))
			if err != nil {
				t.Fatal(err)
			}
			rows := ts[0].Rows
			if got := len(rows); got != tt.rows {
				t.Fatalf("rows: got %d; want %d (%v)", got, tt.rows, rows)
			}
			if got := rows[1][1].Text; got != tt.cell {
				t.Errorf("cell: got %q; want %q", got, tt.cell)
			}
		})
	}
}

func utf16le(s string) string {
	var b []byte
	for _, r := range s { // BMP only in tests
		b = append(b, byte(r), byte(r>>8))
	}
	return string(b)
}

func TestBadInputs(t *testing.T) {
	big := make([]byte, MaxFileSize+1)
	tests := []struct {
		name, file string
		data       []byte
		want       string
	}{
		{"too big", "a.xlsx", big, "a.xlsx：文件过大"},
		{"unknown ext", "a.doc", []byte("x"), "a.doc：不支持的文件类型“.doc”，请另存为 .xlsx、.docx、.csv 或 .txt"},
		{"empty", "a.csv", nil, "a.csv：文件为空"},
		{"blank", "a.txt", []byte(" \n\n"), "a.txt：文件为空"},
		{"encrypted xlsx", "a.xlsx", []byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest"), "a.xlsx：文件已加密或为旧版 .doc/.xls 格式，请另存为 .docx/.xlsx 后再导入"},
		{"encrypted docx", "a.docx", []byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest"), "a.docx：文件已加密"},
		{"corrupt zip xlsx", "a.xlsx", []byte("PK\x03\x04garbage"), "a.xlsx：文件不是有效的 .xlsx 文件"},
		{"not zip xlsx", "a.xlsx", []byte("hello"), "a.xlsx：文件不是有效的 .xlsx 文件"},
		{"corrupt docx", "a.docx", []byte("PK\x03\x04garbage"), "a.docx：文件不是有效的 .docx 文件"},
		{"xlsx named docx", "a.docx", xlsxFixture(t), "a.docx：这是 Excel 文件"},
		{"docx no table", "a.docx", handDocx(t, `<w:p><w:r><w:t>只有正文</w:t></w:r></w:p>`), "a.docx：文件中没有找到表格"},
		{"bad xml", "a.docx", handDocx(t, `<w:p><w:r><w:t>x</w:p>`), "a.docx：文档内容已损坏"},
		{"txt no table", "a.txt", []byte("只有一行文字\n第二行"), "a.txt：文件中没有找到表格"},
		{"binary txt", "a.txt", []byte("a\x00b\x00c\x00"), "a.txt："},
		{"zip as csv", "a.csv", []byte("PK\x03\x04xx"), "a.csv：文件内容是 Word/Excel 文档"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadTables(tt.file, tt.data)
			if err == nil {
				t.Fatalf("got nil error; want %q", tt.want)
			}
			var e *Error
			if !errors.As(err, &e) {
				t.Errorf("got %T; want *Error", err)
			}
			if !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("got %q; want prefix %q", err.Error(), tt.want)
			}
		})
	}
}

func TestMapErrorsAndWarnings(t *testing.T) {
	noHeader := Table{Name: "Sheet1", Rows: [][]Cell{{{Text: "甲"}, {Text: "乙"}}, {{Text: "1"}, {Text: "2"}}}}
	_, err := MapTable("tasks.xlsx", noHeader, taskSchema())
	if got, want := errString(err), "tasks.xlsx 工作表“Sheet1”：未找到表头：请确认表格第一行包含“序号”“工作任务”“具体要求”“责任单位”“完成时限”等列名"; got != want {
		t.Errorf("no header: got %q; want %q", got, want)
	}
	noRequired := Table{Name: "表1", Rows: [][]Cell{{{Text: "序号"}, {Text: "责任单位"}}, {{Text: "1"}, {Text: "办公室"}}}}
	_, err = MapTable("a.docx", noRequired, taskSchema())
	if got, want := errString(err), "a.docx 表1 第1行：这一行像是表头，但缺少“具体要求”列（也可写作：具体要求、工作要求、具体措施、任务内容）"; got != want {
		t.Errorf("no required: got %q; want %q", got, want)
	}
	_, err = MapTables("a.docx", nil, taskSchema())
	if got, want := errString(err), "a.docx：文件中没有找到表格"; got != want {
		t.Errorf("no tables: got %q; want %q", got, want)
	}

	// Second table matches better; empty requirement warns; a repeated
	// header and an empty row are skipped.
	cells := func(ss ...string) []Cell {
		out := make([]Cell, len(ss))
		for i, s := range ss {
			out[i] = Cell{Text: s}
		}
		return out
	}
	ts := []Table{
		{Name: "表1", Rows: [][]Cell{cells("序号", "任务内容"), cells("1", "x")}},
		{Name: "表2", Rows: [][]Cell{
			cells("序 号", "具体要求：", "责任单位（盖章）", "完成时限"),
			cells("1", "要求", "办公室", "6月"),
			cells("", "", "", ""),
			cells("序号", "具体要求", "责任单位", "完成时限"),
			cells("2", "", "科室", "7月"),
		}},
	}
	m, err := MapTables("a.docx", ts, taskSchema())
	if err != nil {
		t.Fatal(err)
	}
	if got, want := m.Table, "表2"; got != want {
		t.Errorf("table: got %q; want %q", got, want)
	}
	if got, want := len(m.Records), 2; got != want {
		t.Fatalf("records: got %d; want %d", got, want)
	}
	if got, want := val(m.Records[1], "units", 0), "科室"; got != want {
		t.Errorf("units: got %q; want %q", got, want)
	}
	want := []string{"a.docx 表2：未找到“工作任务”列（可用列名：工作任务、重点任务、任务、主要任务）", "a.docx 表2 第5行 第2列：“具体要求”为空"}
	if got := strings.Join(m.Warnings, "\n"); got != strings.Join(want, "\n") {
		t.Errorf("warnings: got %q; want %q", got, want)
	}
}

func errString(err error) string {
	if err == nil {
		return "<nil>"
	}
	return err.Error()
}

func TestErrorFormat(t *testing.T) {
	tests := []struct {
		e    Error
		want string
	}{
		{Error{File: "tasks.xlsx", Sheet: "Sheet1", Row: 5, Col: 3, Msg: "日期无效"}, "tasks.xlsx 工作表“Sheet1” 第5行 第3列：日期无效"},
		{Error{File: "a.docx", Sheet: "表2", Row: 4, Msg: "x"}, "a.docx 表2 第4行：x"},
		{Error{File: "a.csv", Msg: "x"}, "a.csv：x"},
		{Error{Msg: "x"}, "x"},
	}
	for _, tt := range tests {
		if got := tt.e.Error(); got != tt.want {
			t.Errorf("got %q; want %q", got, tt.want)
		}
	}
}

func TestDocxWriterRoundTrip(t *testing.T) {
	w := NewDocxWriter()
	w.Heading(1, "政府信息公开申请答复书")
	w.Runs(ParaStyle{}, Run{Text: "申请人：", Bold: true}, Run{Text: "张三 <&>"})
	w.PageBreak()
	rows := [][]TableCell{{{Text: "甲"}, {Text: "1"}}, {{Text: "甲"}, {Text: "2"}}, {{Text: "合计", Span: 2}}}
	MergeDown(rows, 0)
	w.Table([]string{"类别", "数量"}, rows)
	data, err := w.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
	}
	if got, want := strings.Join(names, " "), "[Content_Types].xml _rels/.rels word/document.xml word/styles.xml word/_rels/document.xml.rels"; got != want {
		t.Errorf("parts: got %q; want %q", got, want)
	}
	paras, err := DocxText(data)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := strings.Join(paras, "|"), "政府信息公开申请答复书|申请人：张三 <&>|类别\t数量|甲\t1|\t2|合计"; got != want {
		t.Errorf("text: got %q; want %q", got, want)
	}
	ts, err := ReadTables("r.docx", data)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := ts[0].Rows[2][0], (Cell{Text: "甲", Merged: true}); got != want {
		t.Errorf("vMerge: got %+v; want %+v", got, want)
	}
	if got, want := ts[0].Rows[3][1], (Cell{Text: "合计", Merged: true}); got != want {
		t.Errorf("gridSpan: got %+v; want %+v", got, want)
	}
	doc := partText(t, data, "word/document.xml")
	for _, want := range []string{`w:eastAsia="仿宋_GB2312"`, `w:eastAsia="宋体"`, `<w:pgSz w:w="11906" w:h="16838"/>`, `<w:br w:type="page"/>`, `<w:b/>`} {
		if !strings.Contains(doc, want) {
			t.Errorf("document.xml: got no %q; want it", want)
		}
	}
}

func partText(t testing.TB, docx []byte, name string) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(docx), int64(len(docx)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if f.Name == name {
			rc, _ := f.Open()
			defer rc.Close()
			var b bytes.Buffer
			b.ReadFrom(rc)
			return b.String()
		}
	}
	t.Fatalf("no part %s", name)
	return ""
}

func TestFillTemplate(t *testing.T) {
	// Word splits "{{name}}" across runs with different formatting.
	body := `<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>申请人：{{</w:t></w:r><w:proofErr w:type="spellStart"/><w:r><w:t>na</w:t></w:r><w:r><w:t xml:space="preserve">me}} 先生</w:t></w:r></w:p>` +
		`<w:p><w:r><w:t>{{date}}答复{{unknown}}，{{ body }}</w:t></w:r></w:p>`
	tpl := handDocx(t, body)
	keys, err := TemplateKeys(tpl)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := strings.Join(keys, ","), "name,date,unknown,body"; got != want {
		t.Errorf("keys: got %q; want %q", got, want)
	}
	out, err := FillTemplate(tpl, map[string]string{"name": "张<三>", "date": "2024年1月2日", "body": "第一行\n第二行"})
	if err != nil {
		t.Fatal(err)
	}
	paras, err := DocxText(out)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := strings.Join(paras, "|"), "申请人：张<三> 先生|2024年1月2日答复{{unknown}}，第一行\n第二行"; got != want {
		t.Errorf("filled: got %q; want %q", got, want)
	}
	doc := partText(t, out, "word/document.xml")
	if !strings.Contains(doc, `<w:rPr><w:b/></w:rPr><w:t xml:space="preserve">申请人：张&lt;三&gt;</w:t>`) {
		t.Errorf("replacement not in first run: got %s", doc)
	}
	if _, err := FillTemplate([]byte("nope"), nil); err == nil {
		t.Errorf("bad template: got nil error; want one")
	}
}
