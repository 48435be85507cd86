package office

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"strings"
)

// Run is a piece of paragraph text with its own formatting.
type Run struct {
	Text string
	Bold bool
}

// ParaStyle controls a paragraph's layout.
type ParaStyle struct {
	Align  string // "left", "center", "right", "both" (justified; default)
	Indent bool   // first-line indent of two characters
}

// TableCell is a cell for DocxWriter.Table.
type TableCell struct {
	Text string
	Bold bool
	// Span is how many grid columns the cell covers (gridSpan); 0 means 1.
	Span int
	// VMerge is "restart" for the first cell of a vertical merge,
	// "continue" for the cells below it, "" otherwise.
	VMerge string
	Align  string // as ParaStyle.Align; default "center"
}

// DocxWriter builds a simple .docx: headings, paragraphs, page breaks and
// tables on A4 pages. The zero value is not usable; call NewDocxWriter.
type DocxWriter struct {
	BodyFont    string // eastAsia font of body text, default 仿宋_GB2312
	HeadingFont string // eastAsia font of headings, default 宋体
	TableFont   string // eastAsia font of table text, default 宋体
	BodySize    int    // half-points, default 32 (三号)
	TableSize   int    // half-points, default 21 (五号)
	body        bytes.Buffer
}

// NewDocxWriter returns a writer with the usual fonts of official documents.
func NewDocxWriter() *DocxWriter {
	return &DocxWriter{BodyFont: "仿宋_GB2312", HeadingFont: "宋体", TableFont: "宋体", BodySize: 32, TableSize: 21}
}

func xmlText(s string) string {
	var b bytes.Buffer
	_ = xml.EscapeText(&b, []byte(strings.Map(func(r rune) rune {
		// Drop characters XML 1.0 cannot carry.
		if r == '\t' || r == '\n' || r == '\r' || r >= 0x20 && r != 0xFFFE && r != 0xFFFF {
			return r
		}
		return -1
	}, s)))
	return b.String()
}

func rPr(font string, size int, bold bool) string {
	var b strings.Builder
	b.WriteString("<w:rPr>")
	if font != "" {
		f := xmlText(font)
		fmt.Fprintf(&b, `<w:rFonts w:ascii="%s" w:hAnsi="%s" w:eastAsia="%s" w:hint="eastAsia"/>`, f, f, f)
	}
	if bold {
		b.WriteString("<w:b/><w:bCs/>")
	}
	if size > 0 {
		fmt.Fprintf(&b, `<w:sz w:val="%d"/><w:szCs w:val="%d"/>`, size, size)
	}
	b.WriteString("</w:rPr>")
	return b.String()
}

// runXML writes a run; "\n" becomes a line break and "\t" a tab.
func runXML(text, props string) string {
	var b strings.Builder
	b.WriteString("<w:r>" + props)
	text = strings.ReplaceAll(text, "\r\n", "\n")
	for i, line := range strings.Split(text, "\n") {
		if i > 0 {
			b.WriteString("<w:br/>")
		}
		for k, part := range strings.Split(line, "\t") {
			if k > 0 {
				b.WriteString("<w:tab/>")
			}
			if part != "" {
				b.WriteString(`<w:t xml:space="preserve">` + xmlText(part) + "</w:t>")
			}
		}
	}
	b.WriteString("</w:r>")
	return b.String()
}

func pPr(style string, ps ParaStyle) string {
	var b strings.Builder
	b.WriteString("<w:pPr>")
	if style != "" {
		b.WriteString(`<w:pStyle w:val="` + style + `"/>`)
	}
	if ps.Indent {
		b.WriteString(`<w:ind w:firstLineChars="200" w:firstLine="640"/>`)
	}
	align := ps.Align
	switch align {
	case "left", "center", "right", "both":
	default:
		align = "both"
	}
	b.WriteString(`<w:jc w:val="` + align + `"/>`)
	b.WriteString("</w:pPr>")
	return b.String()
}

// Heading adds a heading (level 1 centred, 2 and 3 left-aligned and bold).
func (w *DocxWriter) Heading(level int, text string) {
	level = min(max(level, 1), 3)
	align := "left"
	size := w.BodySize
	if level == 1 {
		align, size = "center", 44 // 二号
	}
	w.body.WriteString("<w:p>" + pPr(fmt.Sprintf("Heading%d", level), ParaStyle{Align: align}) +
		runXML(text, rPr(w.HeadingFont, size, true)) + "</w:p>")
}

// Paragraph adds a justified body paragraph with a two-character
// first-line indent.
func (w *DocxWriter) Paragraph(text string) {
	w.Runs(ParaStyle{Align: "both", Indent: true}, Run{Text: text})
}

// Runs adds a paragraph made of runs, some of which may be bold.
func (w *DocxWriter) Runs(ps ParaStyle, runs ...Run) {
	w.body.WriteString("<w:p>" + pPr("", ps))
	for _, r := range runs {
		w.body.WriteString(runXML(r.Text, rPr(w.BodyFont, w.BodySize, r.Bold)))
	}
	w.body.WriteString("</w:p>")
}

// PageBreak starts a new page.
func (w *DocxWriter) PageBreak() {
	w.body.WriteString(`<w:p><w:r><w:br w:type="page"/></w:r></w:p>`)
}

// Table adds a bordered table: a bold header row (repeated on every page)
// and data rows whose cells may span columns or merge vertically. The grid
// width is the widest row.
func (w *DocxWriter) Table(header []string, rows [][]TableCell) {
	all := make([][]TableCell, 0, len(rows)+1)
	if len(header) > 0 {
		hr := make([]TableCell, len(header))
		for i, h := range header {
			hr[i] = TableCell{Text: h, Bold: true}
		}
		all = append(all, hr)
	}
	all = append(all, rows...)
	cols := 0
	for _, r := range all {
		n := 0
		for _, c := range r {
			n += max(1, c.Span)
		}
		cols = max(cols, n)
	}
	if cols == 0 {
		return
	}
	const total = 8800 // twips, text width of an A4 page with official margins
	colW := total / cols
	b := &w.body
	b.WriteString(`<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="5000" w:type="pct"/><w:jc w:val="center"/>`)
	b.WriteString(`<w:tblBorders>`)
	for _, side := range []string{"top", "left", "bottom", "right", "insideH", "insideV"} {
		fmt.Fprintf(b, `<w:%s w:val="single" w:sz="4" w:space="0" w:color="000000"/>`, side)
	}
	b.WriteString(`</w:tblBorders><w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid>`)
	for range cols {
		fmt.Fprintf(b, `<w:gridCol w:w="%d"/>`, colW)
	}
	b.WriteString(`</w:tblGrid>`)
	for i, r := range all {
		b.WriteString("<w:tr>")
		if i == 0 && len(header) > 0 {
			b.WriteString(`<w:trPr><w:tblHeader/></w:trPr>`)
		}
		used := 0
		for _, c := range r {
			span := max(1, c.Span)
			if used+span > cols {
				span = cols - used
			}
			if span <= 0 {
				break
			}
			used += span
			fmt.Fprintf(b, `<w:tc><w:tcPr><w:tcW w:w="%d" w:type="dxa"/>`, colW*span)
			if span > 1 {
				fmt.Fprintf(b, `<w:gridSpan w:val="%d"/>`, span)
			}
			switch c.VMerge {
			case "restart":
				b.WriteString(`<w:vMerge w:val="restart"/>`)
			case "continue":
				b.WriteString(`<w:vMerge/>`)
			}
			b.WriteString(`<w:vAlign w:val="center"/></w:tcPr>`)
			align := c.Align
			if align == "" {
				align = "center"
			}
			b.WriteString("<w:p>" + pPr("", ParaStyle{Align: align}))
			if c.VMerge != "continue" && c.Text != "" {
				b.WriteString(runXML(c.Text, rPr(w.TableFont, w.TableSize, c.Bold)))
			}
			b.WriteString("</w:p></w:tc>")
		}
		// Pad short rows so that every row covers the grid.
		for ; used < cols; used++ {
			fmt.Fprintf(b, `<w:tc><w:tcPr><w:tcW w:w="%d" w:type="dxa"/></w:tcPr><w:p/></w:tc>`, colW)
		}
		b.WriteString("</w:tr>")
	}
	b.WriteString("</w:tbl>")
	// Word needs a paragraph between a table and what follows.
	b.WriteString("<w:p/>")
}

// MergeDown turns runs of equal, non-empty texts in column col of rows
// into a vertical merge. It assumes one TableCell per grid column.
func MergeDown(rows [][]TableCell, col int) {
	for i := 0; i < len(rows); {
		if col >= len(rows[i]) || rows[i][col].Text == "" {
			i++
			continue
		}
		j := i + 1
		for j < len(rows) && col < len(rows[j]) && rows[j][col].Text == rows[i][col].Text {
			j++
		}
		if j-i > 1 {
			rows[i][col].VMerge = "restart"
			for k := i + 1; k < j; k++ {
				rows[k][col].VMerge = "continue"
			}
		}
		i = j
	}
}

const (
	nsW          = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"`
	contentTypes = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/></Types>`
	rootRels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`
	docRels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`
	// A4, margins of official documents (GB/T 9704): top 37 mm, bottom
	// 35 mm, left 28 mm, right 26 mm.
	sectPr = `<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1588" w:header="851" w:footer="992" w:gutter="0"/><w:cols w:space="425"/><w:docGrid w:type="lines" w:linePitch="579"/></w:sectPr>`
)

func (w *DocxWriter) styles() string {
	body := xmlText(w.BodyFont)
	head := xmlText(w.HeadingFont)
	heading := func(n, size int) string {
		return fmt.Sprintf(`<w:style w:type="paragraph" w:styleId="Heading%d"><w:name w:val="heading %d"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before="240" w:after="240"/><w:outlineLvl w:val="%d"/></w:pPr><w:rPr><w:rFonts w:ascii="%s" w:hAnsi="%s" w:eastAsia="%s"/><w:b/><w:sz w:val="%d"/><w:szCs w:val="%d"/></w:rPr></w:style>`,
			n, n, n-1, head, head, head, size, size)
	}
	return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles ` + nsW + `><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="` + body + `" w:hAnsi="` + body + `" w:eastAsia="` + body + `" w:cs="Times New Roman"/><w:sz w:val="` + fmt.Sprint(w.BodySize) + `"/><w:szCs w:val="` + fmt.Sprint(w.BodySize) + `"/><w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:line="560" w:lineRule="exact"/></w:pPr></w:pPrDefault></w:docDefaults>` +
		`<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>` +
		heading(1, 44) + heading(2, w.BodySize) + heading(3, w.BodySize) +
		`<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>` +
		`<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/><w:basedOn w:val="TableNormal"/><w:pPr><w:spacing w:line="240" w:lineRule="auto"/></w:pPr><w:tblPr><w:tblBorders><w:top w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:left w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:bottom w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:right w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:insideH w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:insideV w:val="single" w:sz="4" w:space="0" w:color="auto"/></w:tblBorders></w:tblPr></w:style>` +
		`</w:styles>`
}

// Bytes returns the finished .docx file.
func (w *DocxWriter) Bytes() ([]byte, error) {
	doc := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document ` + nsW + `><w:body>` + w.body.String() + sectPr + `</w:body></w:document>`
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, part := range []struct{ name, body string }{
		{"[Content_Types].xml", contentTypes},
		{"_rels/.rels", rootRels},
		{"word/document.xml", doc},
		{"word/styles.xml", w.styles()},
		{"word/_rels/document.xml.rels", docRels},
	} {
		f, err := zw.Create(part.name)
		if err != nil {
			return nil, err
		}
		if _, err := f.Write([]byte(part.body)); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
