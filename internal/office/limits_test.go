package office

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strings"
	"testing"

	"gongkai"
	"gongkai/internal/office/bombs"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// zipOf builds a zip from generated parts.
func zipOf(t testing.TB, parts []bombs.Part) []byte {
	t.Helper()
	b, err := bombs.Bytes(parts)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// allocDuring returns the bytes allocated while f runs (the tests here do
// not run in parallel, so the figure is f's own).
func allocDuring(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// refused checks that err is an *Error with code and a message that
// contains want.
func refused(t *testing.T, err error, code, want string) {
	t.Helper()
	if err == nil {
		t.Fatalf("got nil error; want %q", want)
	}
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("got %T %v; want *Error", err, err)
	}
	if got := gongkai.ErrorCode(err); got != code {
		t.Errorf("code: got %q; want %q (%v)", got, code, err)
	}
	if !strings.Contains(err.Error(), want) {
		t.Errorf("message: got %q; want it to contain %q", err.Error(), want)
	}
	if gongkai.ErrorMessage(err) != err.Error() {
		t.Errorf("application message: got %q; want %q", gongkai.ErrorMessage(err), err.Error())
	}
}

const maxAllocForRefusal = 64 << 20 // a bomb is refused before it is inflated

func TestZipBombs(t *testing.T) {
	gb := int64(1) << 30
	thirty := func(name string) bombs.Part {
		p := bombs.Repeated(name, bombs.SheetHead, " ", bombs.SheetTail, 30<<20)
		return p
	}
	noRatio := DefaultLimits()
	noRatio.Ratio = 100_000
	tests := []struct {
		name, file string
		parts      []bombs.Part
		code, want string
	}{
		{"sheet of GBs of cells", "bomb.xlsx", bombs.SheetBomb(1_000_000_000), gongkai.ETOOLARGE,
			"bomb.xlsx：文件中的工作表数据（xl/worksheets/sheet1.xml）解压后超过 32 MB 上限（可能是压缩炸弹）"},
		{"shared strings of GBs", "sst.xlsx", bombs.SharedStringsBomb(gb), gongkai.ETOOLARGE,
			"sst.xlsx：文件中的共享字符串表（xl/sharedStrings.xml）解压后超过 32 MB 上限（可能是压缩炸弹）"},
		{"docx of 2 GB", "bomb.docx", bombs.DocxBomb(2 * gb), gongkai.ETOOLARGE,
			"bomb.docx：文件中的文档正文（word/document.xml）解压后超过 32 MB 上限（可能是压缩炸弹）"},
		{"ratio", "ratio.docx", bombs.DocxBomb(20 << 20), gongkai.ETOOLARGE,
			"ratio.docx：文件中的文档正文（word/document.xml）压缩比超过 200 倍上限（可能是压缩炸弹）"},
		{"lying declared size, docx", "lie.docx", bombs.LyingDocx(2*gb, 4096), gongkai.ETOOLARGE,
			"lie.docx：文件已损坏：文档正文（word/document.xml）解压后的大小与文件中记录的不符（可能是压缩炸弹）"},
		{"lying declared size, xlsx", "lie.xlsx", func() []bombs.Part {
			p := bombs.SheetBomb(gb)
			p[4].DeclaredSize = 1000
			return p
		}(), gongkai.ETOOLARGE, "lie.xlsx：文件已损坏：工作表数据（xl/worksheets/sheet1.xml）解压后的大小与文件中记录的不符"},
		{"styles over the meta limit", "styles.xlsx", append(bombs.XLSX(bombs.Sheet(""), nil),
			bombs.Repeated("xl/styles.xml", "<styleSheet>", "<xf/>", "</styleSheet>", 5<<20)), gongkai.ETOOLARGE,
			"styles.xlsx：文件中的样式表（xl/styles.xml）解压后超过 4 MB 上限"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := zipOf(t, tt.parts)
			if len(data) > 3<<20 {
				t.Fatalf("generated file is %d bytes; want a small one", len(data))
			}
			var err error
			alloc := allocDuring(func() { _, err = ReadTables(tt.file, data) })
			refused(t, err, tt.code, tt.want)
			if alloc > maxAllocForRefusal {
				t.Errorf("allocated %d MB to refuse it; want under %d MB", alloc>>20, maxAllocForRefusal>>20)
			}
		})
	}
	t.Run("parts under the part limit, total over", func(t *testing.T) {
		data := zipOf(t, append(bombs.SheetBomb(1<<20), thirty("xl/worksheets/sheet2.xml"), thirty("xl/worksheets/sheet3.xml"),
			thirty("xl/worksheets/sheet4.xml"), thirty("xl/worksheets/sheet5.xml")))
		_, err := noRatio.ReadTables("many.xlsx", data)
		refused(t, err, gongkai.ETOOLARGE, "many.xlsx：文件解压后超过 100 MB 上限（可能是压缩炸弹）")
	})
}

func TestDocxTextBomb(t *testing.T) {
	data := zipOf(t, bombs.DocxBomb(2<<30))
	if len(data) > 3<<20 {
		t.Fatalf("docx bomb is %d bytes", len(data))
	}
	var err error
	alloc := allocDuring(func() { _, err = DocxText(data) })
	refused(t, err, gongkai.ETOOLARGE, "文件中的文档正文（word/document.xml）解压后超过 32 MB 上限（可能是压缩炸弹）")
	if alloc > maxAllocForRefusal {
		t.Errorf("allocated %d MB; want under %d MB", alloc>>20, maxAllocForRefusal>>20)
	}
	_, err = FillTemplate(data, map[string]string{"a": "b"})
	refused(t, err, gongkai.ETOOLARGE, "模板：文件中的文档正文（word/document.xml）解压后超过 32 MB 上限")
}

func TestFormulaBomb(t *testing.T) {
	data := zipOf(t, bombs.FormulaBomb(10_000))
	if n := len(data); n < 300<<10 || n > 400<<10 {
		t.Fatalf("formula file is %d KB; want about 363 KB", n>>10)
	}
	var err error
	alloc := allocDuring(func() { _, err = ReadTables("formulas.xlsx", data) })
	refused(t, err, gongkai.EINVALID, "formulas.xlsx 工作表“Sheet1”：含公式的单元格超过 10000 个上限，请复制后“选择性粘贴为数值”再导入")
	if alloc > maxAllocForRefusal {
		t.Errorf("allocated %d MB; want under %d MB", alloc>>20, maxAllocForRefusal>>20)
	}
}

func TestFormulas(t *testing.T) {
	simple := func(n int) []bombs.Part {
		return bombs.FormulaXLSX(n, func(r int) string { return `"要求"&"第"&ROW()&"项"` })
	}
	t.Run("a few plain formulas are calculated", func(t *testing.T) {
		ts, err := ReadTables("a.xlsx", zipOf(t, simple(3)))
		if err != nil {
			t.Fatal(err)
		}
		if got, want := ts[0].Rows[3][1].Text, "要求第4项"; got != want {
			t.Errorf("B4: got %q; want %q", got, want)
		}
	})
	tests := []struct {
		name  string
		parts []bombs.Part
		want  string
	}{
		{"more than FormulaEval without results", simple(101),
			"a.xlsx 工作表“Sheet1” 第2行 第2列：是公式，但文件没有保存计算结果（本表共 101 个这样的单元格）；公式超过 100 个"},
		{"a range", bombs.FormulaXLSX(2, func(r int) string { return "SUM(A2:A3)" }), "第2行 第2列：是公式，但文件没有保存计算结果"},
		{"a name", bombs.FormulaXLSX(2, func(r int) string { return "Total" }), "第2行 第2列：是公式"},
		{"a function that repeats text", bombs.FormulaXLSX(2, func(r int) string { return `REPT("a",1000000000)` }), "第2行 第2列：是公式"},
		{"a chain through formula cells", bombs.FormulaXLSX(20, func(r int) string { return fmt.Sprintf("B%d&B%d", r-1, r-1) }), "第2行 第2列：是公式"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadTables("a.xlsx", zipOf(t, tt.parts))
			refused(t, err, gongkai.EINVALID, tt.want)
		})
	}
	t.Run("saved results are read, not calculated", func(t *testing.T) {
		var b strings.Builder
		b.WriteString(`<row r="1"><c r="A1" t="inlineStr"><is><t>序号</t></is></c><c r="B1" t="inlineStr"><is><t>具体要求</t></is></c></row>`)
		for r := 2; r <= 5001; r++ {
			fmt.Fprintf(&b, `<row r="%d"><c r="A%d"><f>ROW()-1</f><v>%d</v></c><c r="B%d" t="str"><f>SUM(A1:A1000000)&amp;"x"</f><v>要求%d</v></c></row>`, r, r, r-1, r, r)
		}
		ts, err := ReadTables("a.xlsx", zipOf(t, bombs.XLSX(bombs.Sheet(b.String()), nil)))
		if err != nil {
			t.Fatal(err)
		}
		if got, want := ts[0].Rows[5000][1].Text, "要求5001"; got != want {
			t.Errorf("B5001: got %q; want %q", got, want)
		}
	})
}

func TestCellLimits(t *testing.T) {
	many := func(n int, cell string) []bombs.Part {
		return bombs.XLSX(bombs.Sheet(`<row r="1">`+strings.Repeat(cell, n)+`</row>`), nil)
	}
	tests := []struct {
		name  string
		parts []bombs.Part
		want  string
	}{
		{"30,000 characters inline", bombs.LongCellXLSX(30_000, false), "a.xlsx 工作表“Sheet1” 第2行 第2列：单元格文字超过 20000 字上限（现有 30000 字），请缩短或拆分后再导入"},
		{"30,000 characters shared", bombs.LongCellXLSX(30_000, true), "a.xlsx 工作表“Sheet1” 第2行 第2列：单元格文字超过 20000 字上限（现有 30000 字）"},
		{"cell elements", many(200_001, `<c/>`), "a.xlsx 工作表“Sheet1”：单元格超过 200000 个上限"},
		{"sparse used range", bombs.XLSX(bombs.Sheet(`<row r="1"><c r="A1" t="inlineStr"><is><t>甲</t></is></c></row><row r="90000"><c r="Z90000" t="inlineStr"><is><t>乙</t></is></c></row>`), nil),
			"a.xlsx 工作表“Sheet1”：单元格超过 200000 个上限（90000 行 × 26 列）"},
		{"rows", bombs.XLSX(bombs.Sheet(`<row r="100001"><c r="A100001"><v>1</v></c></row>`), nil), "a.xlsx 工作表“Sheet1”：超过 100000 行上限"},
		{"shared strings entries", func() []bombs.Part {
			var b strings.Builder
			for i := range 200_001 {
				fmt.Fprintf(&b, `<si><t>%d</t></si>`, i*7919)
			}
			sst := bombs.Part{Data: []byte(`<sst>` + b.String() + `</sst>`)}
			return bombs.XLSX(bombs.Sheet(""), &sst)
		}(), "a.xlsx：共享字符串表的条目超过 200000 个上限"},
		{"nesting", bombs.XLSX(bombs.Sheet(strings.Repeat("<x>", 1000)+strings.Repeat("</x>", 1000)), nil), "a.xlsx：文件结构异常：XML 嵌套超过 128 层"},
		{"text placeholders in a number format", append(bombs.XLSX(bombs.Sheet(""), nil),
			bombs.Part{Name: "xl/styles.xml", Data: []byte(`<styleSheet><numFmts><numFmt numFmtId="176" formatCode="@@@@"/></numFmts></styleSheet>`)}),
			"a.xlsx：文件的单元格数字格式异常"},
		{"overlapping merges", bombs.XLSX(bombs.Sheet(`<row r="1"><c r="A1" t="inlineStr"><is><t>甲</t></is></c></row><row r="400"><c r="CV400" t="inlineStr"><is><t>乙</t></is></c></row>`+
			`</sheetData><mergeCells>`+strings.Repeat(`<mergeCell ref="A1:CV400"/>`, 10)+`</mergeCells><sheetData>`), nil),
			"a.xlsx 工作表“Sheet1”：合并单元格的范围重叠或过大（超过 200000 个单元格）"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadTables("a.xlsx", zipOf(t, tt.parts))
			refused(t, err, gongkai.EINVALID, tt.want)
		})
	}
	t.Run("entries", func(t *testing.T) {
		parts := bombs.XLSX(bombs.Sheet(""), nil)
		for i := range 1000 {
			parts = append(parts, bombs.Part{Name: fmt.Sprintf("x/%d.bin", i)})
		}
		_, err := ReadTables("a.xlsx", zipOf(t, parts))
		refused(t, err, gongkai.ETOOLARGE, "a.xlsx：文件内含 1006 个压缩条目，超过 1000 个上限")
	})
	t.Run("limits are the caller's", func(t *testing.T) {
		lim := DefaultLimits()
		lim.CellText = 40_000
		ts, err := lim.ReadTables("a.xlsx", zipOf(t, bombs.LongCellXLSX(30_000, true)))
		if err != nil {
			t.Fatal(err)
		}
		if got := len([]rune(ts[0].Rows[1][1].Text)); got != 30_000 {
			t.Errorf("cell: got %d characters; want 30000", got)
		}
	})
}

func TestDocxLimits(t *testing.T) {
	cell := func(s string) string { return `<w:tc><w:p><w:r><w:t>` + s + `</w:t></w:r></w:p></w:tc>` }
	long := `<w:tbl><w:tr>` + cell("序号") + cell("具体要求") + `</w:tr><w:tr>` + cell("1") + cell(strings.Repeat("公", 30_000)) + `</w:tr></w:tbl>`
	_, err := ReadTables("a.docx", zipOf(t, bombs.Docx(bombs.DocxBody(long))))
	refused(t, err, gongkai.EINVALID, "a.docx 表1 第2行 第2列：单元格文字超过 20000 字上限（现有 30000 字）")

	deep := strings.Repeat("<w:p>", 500) + strings.Repeat("</w:p>", 500)
	_, err = DocxText(zipOf(t, bombs.Docx(bombs.DocxBody(deep))))
	refused(t, err, gongkai.EINVALID, "文件结构异常：XML 嵌套超过 128 层")

	fallback := `<w:p><w:r><mc:AlternateContent xmlns:mc="m"><mc:Fallback>` + strings.Repeat("<a>", 500) + strings.Repeat("</a>", 500) + `</mc:Fallback></mc:AlternateContent></w:r></w:p>`
	_, err = DocxText(zipOf(t, bombs.Docx(bombs.DocxBody(fallback))))
	refused(t, err, gongkai.EINVALID, "XML 嵌套超过 128 层")
}

func TestTextLimits(t *testing.T) {
	lim := DefaultLimits()
	lim.LineSize = 1 << 10
	lim.Fields = 10
	tests := []struct {
		name, file, data, want string
	}{
		{"long line", "a.txt", "序号\t要求\n1\t" + strings.Repeat("x", 2000) + "\n", "a.txt 第2行：这一行超过 1 KB 上限"},
		{"fields", "a.tsv", "a\tb\n" + strings.Repeat("x\t", 11) + "\n", "a.tsv 表1 第2行：超过 10 列上限"},
		{"cell per line", "a.txt", "\t序号\n\t要求\n\n\t1\n\t" + strings.Repeat("长文\n", 12_000) + "\n", "a.txt 表1 第2行 第2列：单元格文字超过 20000 字上限"},
		{"csv fields", "a.csv", "a,b\n" + strings.Repeat("x,", 11) + "\n", "a.csv 第2行：超过 10 列上限"},
		{"csv quote never closed", "a.csv", "a,b\n\"" + strings.Repeat("很长的内容\n", 500), "a.csv 第2行：这一行超过 1 KB 上限（可能是引号没有成对）"},
		{"csv long cell", "a.csv", "a,b\n1,\"" + strings.Repeat("公", 900) + "\"\n", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := lim.ReadTables(tt.file, []byte(tt.data))
			if tt.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			refused(t, err, gongkai.EINVALID, tt.want)
		})
	}
}

// rowsReader generates a large csv without holding it.
type rowsReader struct {
	n, i int
	buf  bytes.Buffer
}

func (r *rowsReader) Read(p []byte) (int, error) {
	for r.buf.Len() < len(p) && r.i <= r.n {
		if r.i == 0 {
			r.buf.WriteString("标题,文号,发布日期,正文\n")
		} else {
			fmt.Fprintf(&r.buf, "关于第%d项工作的通知,教发〔2023〕%d号,2023-05-06,%s\n", r.i, r.i, strings.Repeat("正文内容", 20))
		}
		r.i++
	}
	if r.buf.Len() == 0 {
		return 0, io.EOF
	}
	return r.buf.Read(p)
}

func TestReadCSVStream(t *testing.T) {
	lim := DefaultLimits()
	lim.FileSize = -1
	src := &rowsReader{n: 200_000} // about 40 MB: over FileSize, under the cell limits set below
	lim.Rows, lim.Cells, lim.TextSize = 300_000, 1_000_000, 256<<20
	ts, err := lim.ReadCSV("big.csv", src)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(ts[0].Rows), 200_001; got != want {
		t.Fatalf("rows: got %d; want %d", got, want)
	}
	if got, want := ts[0].Rows[200_000][1].Text, "教发〔2023〕200000号"; got != want {
		t.Errorf("last row: got %q; want %q", got, want)
	}
	lim.Cells = 100_000
	_, err = lim.ReadCSV("big.csv", &rowsReader{n: 200_000})
	refused(t, err, gongkai.EINVALID, "big.csv：单元格超过 100000 个上限")

	lim = DefaultLimits()
	lim.Rows, lim.Cells = 300_000, 1_000_000
	_, err = lim.ReadCSV("big.csv", &rowsReader{n: 200_000})
	refused(t, err, gongkai.ETOOLARGE, "big.csv：文件超过 20 MB 上限")

	gb, _ := gbEncode("序号,要求\n1,公开\n")
	ts, err = DefaultLimits().ReadCSV("gb.csv", bytes.NewReader(gb))
	if err != nil {
		t.Fatal(err)
	}
	if got := ts[0].Rows[1][1].Text; got != "公开" {
		t.Errorf("GB18030: got %q; want 公开", got)
	}
	ts, err = DefaultLimits().ReadCSV("t.csv", strings.NewReader("序号\t要求\n1\t公开\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got := ts[0].Rows[1][1].Text; got != "公开" {
		t.Errorf("tab-separated: got %q; want 公开", got)
	}
}

func gbEncode(s string) ([]byte, error) {
	return simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(s))
}

// One long shared string referred to by many cells: excelize copies it for
// each, so the text is counted per reference.
func TestSharedStringReferences(t *testing.T) {
	var rows strings.Builder
	for r := 1; r <= 1200; r++ {
		fmt.Fprintf(&rows, `<row r="%d"><c r="A%d" t="s"><v>0</v></c></row>`, r, r)
	}
	sst := bombs.Part{Data: []byte(`<sst><si><t>` + strings.Repeat("公", 20_000) + `</t></si></sst>`)}
	data := zipOf(t, bombs.XLSX(bombs.Sheet(rows.String()), &sst))
	var err error
	alloc := allocDuring(func() { _, err = ReadTables("a.xlsx", data) })
	refused(t, err, gongkai.ETOOLARGE, "a.xlsx 工作表“Sheet1”：单元格的文字合计超过 64 MB 上限")
	if alloc > maxAllocForRefusal {
		t.Errorf("allocated %d MB; want under %d MB", alloc>>20, maxAllocForRefusal>>20)
	}
}

// A long cell filled down a long table is refused before the records
// repeat it.
func TestFillDownCopies(t *testing.T) {
	long := strings.Repeat("公", 20_000)
	tb := Table{Name: "Sheet1", Rows: [][]Cell{{{Text: "序号"}, {Text: "工作任务"}, {Text: "具体要求"}}}}
	for i := 1; i <= 1200; i++ {
		cat := ""
		if i == 1 {
			cat = long
		}
		tb.Rows = append(tb.Rows, []Cell{{Text: fmt.Sprint(i)}, {Text: cat}, {Text: "要求"}})
	}
	_, err := MapTable("a.xlsx", tb, taskSchema())
	refused(t, err, gongkai.EINVALID, "a.xlsx 工作表“Sheet1” 第1121行：合并单元格或向下填充重复的文字合计超过 64 MB 上限")
}
