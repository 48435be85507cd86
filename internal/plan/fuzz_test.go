package plan

import (
	"os"
	"testing"
	"time"
)

// FuzzParse feeds arbitrary bytes to the importer under every extension:
// it must return rows or an error, never panic, and every row it returns
// must have requirement text and a sequence number.
func FuzzParse(f *testing.F) {
	for _, name := range []string{"layout-b.txt", "layout-b.tsv", "layout-b.csv", "layout-b.xlsx", "layout-b.docx"} {
		if data, err := os.ReadFile("../../testdata/plan/" + name); err == nil {
			f.Add(data, uint8(len(name)%5))
		}
	}
	f.Add([]byte("序号,具体要求,完成时限\n1,要求,2月30日\n"), uint8(2))
	exts := []string{"x.txt", "x.tsv", "x.csv", "x.xlsx", "x.docx"}
	units := demoUnits()
	f.Fuzz(func(t *testing.T, data []byte, e uint8) {
		var p *Parsed
		var err error
		done := make(chan struct{})
		go func() { p, err = Parse(exts[int(e)%len(exts)], data, 2023, units); close(done) }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			t.Fatalf("Parse(%s) took over 5 s on %q", exts[int(e)%len(exts)], data)
		}
		if err != nil {
			return
		}
		for _, r := range p.Rows {
			if r.Requirement == "" || r.Seq <= 0 {
				t.Fatalf("row without requirement or sequence: %+v", r)
			}
			if r.Deadline.Kind == DeadlineDate && !r.Deadline.Date.IsValid() {
				t.Fatalf("invalid date: %+v", r.Deadline)
			}
		}
	})
}
