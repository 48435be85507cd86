package office

import (
	"os"
	"testing"
)

// fuzzRead runs ReadTables and MapTables on arbitrary input; they must
// never panic, and every error must be an *Error.
func fuzzRead(t *testing.T, name string, data []byte) {
	ts, err := ReadTables(name, data)
	if err != nil {
		if _, ok := err.(*Error); !ok {
			t.Fatalf("got %T error %v; want *Error", err, err)
		}
		return
	}
	_, _ = MapTables(name, ts, taskSchema())
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
	f.Fuzz(func(t *testing.T, data []byte) { fuzzRead(t, "f.csv", data) })
}

func FuzzReadXLSX(f *testing.F) {
	f.Add(xlsxFixture(f))
	f.Fuzz(func(t *testing.T, data []byte) { fuzzRead(t, "f.xlsx", data) })
}

func FuzzReadDocx(f *testing.F) {
	addFile(f, "testdata/tasks-merged.docx")
	f.Add(handDocx(f, `<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val="3"/><w:vMerge/></w:tcPr><w:p><w:r><w:t>序号</w:t></w:r></w:p></w:tc></w:tr></w:tbl>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzRead(t, "f.docx", data)
		_, _ = DocxText(data)
		_, _ = FillTemplate(data, map[string]string{"a": "b"})
	})
}
