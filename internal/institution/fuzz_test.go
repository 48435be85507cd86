package institution

import "testing"

// FuzzReadWorkbook: whatever the bytes, the import answers with
// institutions or an error, never a panic, and what it returns passes the
// rules.
func FuzzReadWorkbook(f *testing.F) {
	s, tr := school(), training()
	data, err := WorkbookXLSX([]Record{s, tr})
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data)
	f.Add([]byte("PK\x03\x04"))
	f.Fuzz(func(t *testing.T, b []byte) {
		wb, err := ReadWorkbook("x.xlsx", b, today)
		if err != nil {
			return
		}
		for _, p := range wb.Institutions {
			r := p.Record
			if err := Normalize(&r, today); err != nil {
				t.Fatalf("returned a record that breaks the rules: %v", err)
			}
		}
	})
}
