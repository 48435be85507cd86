package office

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"gongkai"
	"gongkai/internal/office/bombs"
)

// fuzzLimits are small limits, so that the fuzzer reaches them.
func fuzzLimits() Limits {
	return Limits{UnzipSize: 4 << 20, PartSize: 1 << 20, MetaPartSize: 256 << 10, Entries: 64, Rows: 200, Cells: 2000,
		FormulaCells: 50, FormulaEval: 10, CellText: 500, LineSize: 4 << 10, Fields: 50, TextSize: 1 << 20, XMLDepth: 32}
}

// fuzzRead runs ReadTables (with the default and with small limits) and
// MapTables on arbitrary input; they must never panic, every error must be
// an *Error with an application code, and what is returned must be within
// the limits.
func fuzzRead(t *testing.T, name string, data []byte) {
	for _, lim := range []Limits{DefaultLimits(), fuzzLimits()} {
		ts, err := lim.ReadTables(name, data)
		if err != nil {
			if _, ok := err.(*Error); !ok {
				t.Fatalf("got %T error %v; want *Error", err, err)
			}
			if c := gongkai.ErrorCode(err); c != gongkai.EINVALID && c != gongkai.ETOOLARGE {
				t.Fatalf("error code %q for %v", c, err)
			}
			continue
		}
		checkWithin(t, ts, lim)
		_, _ = MapTables(name, ts, taskSchema())
	}
}

// checkWithin fails when tables hold more than lim allows.
func checkWithin(t *testing.T, ts []Table, lim Limits) {
	for _, tb := range ts {
		if len(tb.Rows) > lim.Rows {
			t.Fatalf("table %s has %d rows; limit %d", tb.Name, len(tb.Rows), lim.Rows)
		}
		cells := 0
		for _, r := range tb.Rows {
			cells += len(r)
			for _, c := range r {
				if n := utf8.RuneCountInString(c.Text); n > lim.CellText {
					t.Fatalf("a cell of %d characters; limit %d", n, lim.CellText)
				}
			}
		}
		if cells > lim.Cells {
			t.Fatalf("table %s has %d cells; limit %d", tb.Name, cells, lim.Cells)
		}
	}
}

// seedZip adds generated hostile files (built small) to a corpus.
func seedZip(f *testing.F, parts []bombs.Part) {
	if b, err := bombs.Bytes(parts); err == nil {
		f.Add(b)
	}
}

func addFile(f *testing.F, path string) {
	if data, err := os.ReadFile(path); err == nil {
		f.Add(data)
	}
}

func FuzzReadText(f *testing.F) {
	addFile(f, "../../testdata/notice-2023-yanzhou-education.txt")
	addFile(f, "testdata/tasks-reordered.tsv")
	f.Add([]byte("序号\t工作任务\t具体要求\n\t1\n\t甲\n\n\t2\n"))
	f.Add([]byte("\xff\xfe\x8f\x5e\x09\x00"))
	f.Fuzz(func(t *testing.T, data []byte) { fuzzRead(t, "f.txt", data) })
}

func FuzzReadCSV(f *testing.F) {
	addFile(f, "testdata/tasks-gb18030.csv")
	f.Add([]byte("序号,具体要求\n1,\"a\"\"b\"\n"))
	f.Add([]byte("a,b\n\"" + strings.Repeat("x\n", 3000)))
	f.Add([]byte("序号\t要求\n1\t公开\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzRead(t, "f.csv", data)
		// The streamed reader, with small limits.
		lim := fuzzLimits()
		lim.FileSize = -1
		ts, err := lim.ReadCSV("f.csv", bytes.NewReader(data))
		if err != nil {
			if _, ok := err.(*Error); !ok {
				t.Fatalf("ReadCSV: got %T error %v; want *Error", err, err)
			}
			return
		}
		checkWithin(t, ts, lim)
	})
}

// xlsxSeeds are the fixture and small hostile workbooks.
func xlsxSeeds(f testing.TB) [][]byte {
	out := [][]byte{xlsxFixture(f)}
	for _, parts := range [][]bombs.Part{
		bombs.FormulaBomb(30),
		bombs.FormulaXLSX(5, func(r int) string { return fmt.Sprintf(`"第"&ROW()&"项"&A%d`, r) }),
		bombs.LongCellXLSX(600, true),
		bombs.LongCellXLSX(600, false),
		bombs.SheetBomb(64 << 10),
		bombs.SharedStringsBomb(64 << 10),
		bombs.XLSX(bombs.Sheet(`<row r="1"><c r="A1" t="inlineStr"><is><t>甲</t></is></c></row></sheetData><mergeCells><mergeCell ref="A1:C3"/></mergeCells><sheetData>`), nil),
	} {
		if b, err := bombs.Bytes(parts); err == nil {
			out = append(out, b)
		}
	}
	return out
}

func FuzzReadXLSX(f *testing.F) {
	for _, s := range xlsxSeeds(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) { fuzzRead(t, "f.xlsx", data) })
}

func FuzzReadDocx(f *testing.F) {
	addFile(f, "testdata/tasks-merged.docx")
	f.Add(handDocx(f, `<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val="3"/><w:vMerge/></w:tcPr><w:p><w:r><w:t>序号</w:t></w:r></w:p></w:tc></w:tr></w:tbl>`))
	seedZip(f, bombs.DocxBomb(64<<10))
	seedZip(f, bombs.LyingDocx(64<<10, 100))
	seedZip(f, bombs.Docx(bombs.DocxBody(strings.Repeat("<w:p>", 40)+strings.Repeat("</w:p>", 40))))
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzRead(t, "f.docx", data)
		_, _ = DocxText(data)
		if _, err := fuzzLimits().DocxText(data); err != nil {
			if _, ok := err.(*Error); !ok {
				t.Fatalf("DocxText: got %T error %v; want *Error", err, err)
			}
		}
		_, _ = FillTemplate(data, map[string]string{"a": "b"})
	})
}
