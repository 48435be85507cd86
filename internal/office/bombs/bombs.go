// Package bombs writes hostile .xlsx and .docx files for tests and the
// memory benchmark (bench/officemem): zip bombs, a workbook of thousands of
// formula cells, oversized cells and shared-string tables, and a zip entry
// whose declared size lies. Big entries are written by replaying one
// compressed chunk, so a file that inflates to gigabytes is made in
// milliseconds without ever holding the inflated bytes.
package bombs

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"encoding/xml"
	"fmt"
	"hash/crc32"
	"io"
	"strings"
)

// Part is one zip entry. Raw, when set, is written as the entry's deflate
// stream with the declared sizes and CRC given, instead of Data.
type Part struct {
	Name string
	Data []byte

	Raw          []byte
	CRC32        uint32
	Size         uint64 // declared uncompressed size of Raw
	DeclaredSize uint64 // when non-zero, overrides Size in the headers (a lie)
}

// WriteZip writes parts as a zip archive.
func WriteZip(w io.Writer, parts []Part) error {
	zw := zip.NewWriter(w)
	for _, p := range parts {
		if p.Raw == nil {
			f, err := zw.Create(p.Name)
			if err != nil {
				return fmt.Errorf("bombs: create %s: %w", p.Name, err)
			}
			if _, err := f.Write(p.Data); err != nil {
				return fmt.Errorf("bombs: write %s: %w", p.Name, err)
			}
			continue
		}
		size := p.Size
		if p.DeclaredSize != 0 {
			size = p.DeclaredSize
		}
		f, err := zw.CreateRaw(&zip.FileHeader{Name: p.Name, Method: zip.Deflate, CRC32: p.CRC32,
			CompressedSize64: uint64(len(p.Raw)), UncompressedSize64: size})
		if err != nil {
			return fmt.Errorf("bombs: create %s: %w", p.Name, err)
		}
		if _, err := f.Write(p.Raw); err != nil {
			return fmt.Errorf("bombs: write %s: %w", p.Name, err)
		}
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("bombs: close zip: %w", err)
	}
	return nil
}

// Bytes returns the zip of parts.
func Bytes(parts []Part) ([]byte, error) {
	var buf bytes.Buffer
	err := WriteZip(&buf, parts)
	return buf.Bytes(), err
}

// deflateChunk compresses b as non-final, byte-aligned deflate blocks (or
// the final block when last), starting from an empty window, so chunks can
// be concatenated and a chunk replayed any number of times.
func deflateChunk(b []byte, last bool) []byte {
	var buf bytes.Buffer
	fw, _ := flate.NewWriter(&buf, flate.BestCompression)
	fw.Write(b)
	if last {
		fw.Close()
	} else {
		fw.Flush()
	}
	return buf.Bytes()
}

// Repeated returns a zip part whose content is head, then body repeated
// until the content reaches about size bytes, then tail. The compressed
// stream is the compressed body replayed, so it costs about size/1000
// bytes and no memory for the inflated content.
func Repeated(name, head, body, tail string, size int64) Part {
	n := max(int64(1), (size-int64(len(head))-int64(len(tail)))/int64(len(body)))
	// Compress the body in chunks of about 1 MB (fewer, larger replays
	// compress better).
	per := max(int64(1), min(n, (1<<20)/int64(len(body))))
	chunk := []byte(strings.Repeat(body, int(per)))
	zc := deflateChunk(chunk, false)
	var raw bytes.Buffer
	raw.Write(deflateChunk([]byte(head), false))
	crc := crc32.Update(0, crc32.IEEETable, []byte(head))
	total := int64(len(head))
	for left := n; left > 0; {
		if left >= per {
			raw.Write(zc)
			crc = crc32.Update(crc, crc32.IEEETable, chunk)
			total += int64(len(chunk))
			left -= per
			continue
		}
		rest := []byte(strings.Repeat(body, int(left)))
		raw.Write(deflateChunk(rest, false))
		crc = crc32.Update(crc, crc32.IEEETable, rest)
		total += int64(len(rest))
		left = 0
	}
	raw.Write(deflateChunk([]byte(tail), true))
	crc = crc32.Update(crc, crc32.IEEETable, []byte(tail))
	total += int64(len(tail))
	return Part{Name: name, Raw: raw.Bytes(), CRC32: crc, Size: uint64(total)}
}

const (
	contentTypes = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`
	rootRels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`
	workbook = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`
	workbookRels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`
	// SheetHead and SheetTail wrap a worksheet's rows.
	SheetHead = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`
	SheetTail = `</sheetData></worksheet>`
	sstHead   = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`
	sstTail = `</sst>`

	docHead = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>`
	docTail = `</w:body></w:document>`
)

// XLSX returns the parts of a one-sheet workbook ("Sheet1") with the given
// worksheet and shared-strings parts (sst may be nil).
func XLSX(sheet Part, sst *Part) []Part {
	sheet.Name = "xl/worksheets/sheet1.xml"
	parts := []Part{
		{Name: "[Content_Types].xml", Data: []byte(contentTypes)},
		{Name: "_rels/.rels", Data: []byte(rootRels)},
		{Name: "xl/workbook.xml", Data: []byte(workbook)},
		{Name: "xl/_rels/workbook.xml.rels", Data: []byte(workbookRels)},
		sheet,
	}
	if sst != nil {
		s := *sst
		s.Name = "xl/sharedStrings.xml"
		parts = append(parts, s)
	} else {
		parts = append(parts, Part{Name: "xl/sharedStrings.xml", Data: []byte(sstHead + sstTail)})
	}
	return parts
}

// Sheet returns a worksheet part holding rows (each already "<row>…</row>").
func Sheet(rows string) Part {
	return Part{Data: []byte(SheetHead + rows + SheetTail)}
}

// Docx returns the parts of a .docx with the given word/document.xml.
func Docx(doc Part) []Part {
	doc.Name = "word/document.xml"
	return []Part{
		{Name: "[Content_Types].xml", Data: []byte(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`)},
		{Name: "_rels/.rels", Data: []byte(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`)},
		doc,
	}
}

// DocxBody returns a word/document.xml part with body inside <w:body>.
func DocxBody(body string) Part {
	return Part{Data: []byte(docHead + body + docTail)}
}

// SheetBomb is a workbook whose one sheet inflates to about size bytes of
// repeated inline-string cells.
func SheetBomb(size int64) []Part {
	return XLSX(Repeated("", SheetHead+`<row r="1">`, `<c/>`, `</row>`+SheetTail, size), nil)
}

// SharedStringsBomb is a workbook whose shared-strings table inflates to
// about size bytes of tiny items (millions of entries).
func SharedStringsBomb(size int64) []Part {
	sst := Repeated("", sstHead, `<si><t>a</t></si>`, sstTail, size)
	return XLSX(Sheet(`<row r="1"><c r="A1" t="s"><v>0</v></c></row>`), &sst)
}

// DocxBomb is a .docx whose word/document.xml inflates to about size
// bytes: one paragraph whose run repeats one letter (deflate's best case,
// about 1,000:1, so 2 GB take about 2 MB).
func DocxBomb(size int64) []Part {
	return Docx(Repeated("", docHead+`<w:p><w:r><w:t>`, "a", `</w:t></w:r></w:p>`+docTail, size))
}

// LyingDocx is a .docx whose word/document.xml declares declared bytes
// but inflates to about size bytes.
func LyingDocx(size int64, declared uint64) []Part {
	parts := DocxBomb(size)
	parts[len(parts)-1].DeclaredSize = declared
	return parts
}

// FormulaXLSX is a task table (header 序号/具体要求/责任单位/完成时限) of
// rows rows after the header: column A holds the row's number, and each
// formula in formulas (given the row number) fills one more column,
// without a cached value — what a program that does not calculate writes.
func FormulaXLSX(rows int, formulas ...func(r int) string) []Part {
	var b strings.Builder
	b.WriteString(`<row r="1"><c r="A1" t="inlineStr"><is><t>序号</t></is></c><c r="B1" t="inlineStr"><is><t>具体要求</t></is></c><c r="C1" t="inlineStr"><is><t>责任单位</t></is></c><c r="D1" t="inlineStr"><is><t>完成时限</t></is></c></row>`)
	for r := 2; r <= rows+1; r++ {
		fmt.Fprintf(&b, `<row r="%d"><c r="A%d"><v>%d</v></c>`, r, r, r-1)
		for c, f := range formulas {
			fmt.Fprintf(&b, `<c r="%c%d"><f>%s</f></c>`, 'B'+c, r, xmlEscape(f(r)))
		}
		b.WriteString(`</row>`)
	}
	return XLSX(Sheet(b.String()), nil)
}

func xmlEscape(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}

// FormulaBomb is the file a tester measured at 1.8 GB in the reader before
// limits: rows × 2 = 20,000 formula cells without saved results (for
// rows = 10,000; about 363 KB). Column B of each row is the 1,000-cell
// array $A$2:$A$1001, column C sums B of its row and appends a label, so
// a reader that calculates builds and caches a 1,000-cell matrix per row.
func FormulaBomb(rows int) []Part {
	x := uint32(1)
	return FormulaXLSX(rows,
		func(r int) string { return "$A$2:$A$1001" },
		func(r int) string {
			var label strings.Builder
			for range 4 {
				x = x*1664525 + 1013904223
				fmt.Fprintf(&label, "%08x", x)
			}
			return fmt.Sprintf(`SUM(B%d)&"项%s"`, r, label.String()[:31])
		})
}

// LongCellXLSX is a task table whose row 2, column 2 (具体要求) holds n
// characters, inline or through the shared-strings table.
func LongCellXLSX(n int, shared bool) []Part {
	text := strings.Repeat("公", n)
	head := `<row r="1"><c r="A1" t="inlineStr"><is><t>序号</t></is></c><c r="B1" t="inlineStr"><is><t>具体要求</t></is></c><c r="C1" t="inlineStr"><is><t>责任单位</t></is></c></row>`
	if !shared {
		return XLSX(Sheet(head+`<row r="2"><c r="A2"><v>1</v></c><c r="B2" t="inlineStr"><is><t>`+text+`</t></is></c><c r="C2" t="inlineStr"><is><t>办公室</t></is></c></row>`), nil)
	}
	sst := Part{Data: []byte(sstHead + `<si><t>` + text + `</t></si>` + sstTail)}
	return XLSX(Sheet(head+`<row r="2"><c r="A2"><v>1</v></c><c r="B2" t="s"><v>0</v></c><c r="C2" t="inlineStr"><is><t>办公室</t></is></c></row>`), &sst)
}
