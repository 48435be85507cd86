package office

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"strconv"
	"strings"
)

const (
	maxDocxXML     = 200 << 20 // decompressed document.xml
	maxDocxSpan    = 64        // gridSpan / gridBefore clamp
	maxDocxCells   = 2_000_000
	docxCorruptMsg = "文件不是有效的 .docx 文件，可能已损坏，或是改了扩展名的其他格式"
)

type docxCell struct {
	text   string
	span   int
	vMerge int // 0 none, 1 restart, 2 continue
	before int // empty grid columns before this cell (w:gridBefore)
}

type docxParsed struct {
	tables [][][]docxCell
	paras  []string
}

func readDocx(file string, data []byte) ([]Table, error) {
	p, err := parseDocx(data)
	if err != nil {
		var e *Error
		if errors.As(err, &e) {
			e.File = file
		}
		return nil, err
	}
	var out []Table
	for _, t := range p.tables {
		rows, err := expandDocxTable(t)
		if err != nil {
			return nil, &Error{File: file, Sheet: tableName(len(out) + 1), Msg: err.Error()}
		}
		if len(rows) > 0 {
			out = append(out, Table{Name: tableName(len(out) + 1), Rows: rows})
		}
	}
	return out, nil
}

// DocxText returns the body paragraphs of a .docx in order. Tables are
// flattened to one string per row with the cells separated by TABs (a
// cell's own paragraphs are joined by "\n"). Empty paragraphs are left out.
func DocxText(data []byte) ([]string, error) {
	if len(data) > MaxFileSize {
		return nil, newErr("", "文件过大，最大允许 20 MB")
	}
	if bytes.HasPrefix(data, oleMagic) {
		return nil, newErr("", msgEncrypted)
	}
	p, err := parseDocx(data)
	if err != nil {
		return nil, err
	}
	return p.paras, nil
}

func openDocumentXML(data []byte) (io.ReadCloser, error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, newErr("", "文件为空")
	}
	if bytes.HasPrefix(data, oleMagic) {
		return nil, newErr("", msgEncrypted)
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, newErr("", docxCorruptMsg)
	}
	var doc *zip.File
	isXLSX := false
	for _, f := range zr.File {
		switch f.Name {
		case "word/document.xml":
			doc = f
		case "xl/workbook.xml":
			isXLSX = true
		}
	}
	if doc == nil {
		if isXLSX {
			return nil, newErr("", "这是 Excel 文件，请把扩展名改为 .xlsx")
		}
		return nil, newErr("", docxCorruptMsg+"（缺少 word/document.xml）")
	}
	rc, err := doc.Open()
	if err != nil {
		return nil, newErr("", docxCorruptMsg)
	}
	return rc, nil
}

type limitedReader struct {
	r io.Reader
	n int64
}

var errTooBig = errors.New("too big")

func (l *limitedReader) Read(p []byte) (int, error) {
	if l.n <= 0 {
		return 0, errTooBig
	}
	if int64(len(p)) > l.n {
		p = p[:l.n]
	}
	n, err := l.r.Read(p)
	l.n -= int64(n)
	return n, err
}

func attr(se xml.StartElement, local string) (string, bool) {
	for _, a := range se.Attr {
		if a.Name.Local == local {
			return a.Value, true
		}
	}
	return "", false
}

func atoiClamp(s string, lo, hi int) int {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || n < lo {
		return lo
	}
	return min(n, hi)
}

// parseDocx walks word/document.xml once, collecting the outer tables and
// the body paragraphs.
func parseDocx(data []byte) (*docxParsed, error) {
	rc, err := openDocumentXML(data)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	dec := xml.NewDecoder(&limitedReader{r: rc, n: maxDocxXML})
	dec.Strict = true

	out := &docxParsed{}
	var (
		tblDepth, pDepth, runDepth int
		inText                     bool
		para                       strings.Builder
		cellParas                  []string
		cell                       *docxCell
		row                        []docxCell
		rowBefore                  int
		table                      [][]docxCell
		cells                      int
	)
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			if errors.Is(err, errTooBig) {
				return nil, newErr("", "文档内容过大，无法读取")
			}
			return nil, newErr("", "文档内容已损坏（XML 解析错误），请用 Word 打开后另存为 .docx 再导入")
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "Fallback": // mc:Fallback duplicates mc:Choice
				if err := dec.Skip(); err != nil {
					return nil, newErr("", "文档内容已损坏（XML 解析错误）")
				}
			case "delText", "instrText":
				if err := dec.Skip(); err != nil {
					return nil, newErr("", "文档内容已损坏（XML 解析错误）")
				}
			case "p":
				if pDepth == 0 {
					para.Reset()
				}
				pDepth++
			case "r":
				runDepth++
			case "t":
				inText = runDepth > 0 || pDepth > 0
			case "tab":
				if runDepth > 0 {
					para.WriteByte('\t')
				}
			case "br", "cr":
				if runDepth > 0 {
					para.WriteByte('\n')
				}
			case "tbl":
				tblDepth++
				if tblDepth == 1 {
					table = nil
				}
			case "tr":
				if tblDepth == 1 {
					row, rowBefore = nil, 0
				}
			case "gridBefore":
				if tblDepth == 1 && cell == nil {
					v, _ := attr(t, "val")
					rowBefore = atoiClamp(v, 0, maxDocxSpan)
				}
			case "tc":
				if tblDepth == 1 {
					cell = &docxCell{span: 1}
					cellParas = nil
					if len(row) == 0 {
						cell.before = rowBefore
					}
				}
			case "gridSpan":
				if tblDepth == 1 && cell != nil {
					v, _ := attr(t, "val")
					cell.span = atoiClamp(v, 1, maxDocxSpan)
				}
			case "vMerge":
				if tblDepth == 1 && cell != nil {
					if v, _ := attr(t, "val"); v == "restart" {
						cell.vMerge = 1
					} else {
						cell.vMerge = 2
					}
				}
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "t":
				inText = false
			case "r":
				runDepth = max(0, runDepth-1)
			case "p":
				pDepth = max(0, pDepth-1)
				if pDepth > 0 {
					break
				}
				text := strings.TrimRight(para.String(), " \u3000\t")
				para.Reset()
				if tblDepth > 0 {
					cellParas = append(cellParas, text)
				} else if strings.TrimSpace(text) != "" {
					out.paras = append(out.paras, text)
				}
			case "tc":
				if tblDepth == 1 && cell != nil {
					cell.text = strings.TrimSpace(strings.Join(cellParas, "\n"))
					cells += cell.span + cell.before
					if cells > maxDocxCells {
						return nil, newErr("", "文档中的表格过大，无法读取")
					}
					row = append(row, *cell)
					cell, cellParas = nil, nil
				}
			case "tr":
				if tblDepth == 1 {
					table = append(table, row)
					row = nil
				}
			case "tbl":
				tblDepth = max(0, tblDepth-1)
				if tblDepth == 0 {
					if len(table) > 0 {
						out.tables = append(out.tables, table)
						for _, r := range table {
							texts := make([]string, len(r))
							nonEmpty := false
							for i, c := range r {
								texts[i] = c.text
								nonEmpty = nonEmpty || c.text != ""
							}
							if nonEmpty {
								out.paras = append(out.paras, strings.Join(texts, "\t"))
							}
						}
					}
					table = nil
				}
			}
		case xml.CharData:
			if inText {
				para.Write(t)
			}
		}
	}
	return out, nil
}

// expandDocxTable turns cells with gridSpan/vMerge into a grid: a spanned
// cell repeats across its columns, a vMerge continuation copies the text
// from the row above; both copies are marked Merged.
func expandDocxTable(t [][]docxCell) ([][]Cell, error) {
	var grid [][]Cell
	for _, r := range t {
		var out []Cell
		for _, c := range r {
			for k := 0; k < c.before; k++ {
				out = append(out, Cell{})
			}
			col := len(out)
			for k := 0; k < c.span; k++ {
				cell := Cell{Text: c.text, Merged: k > 0}
				if c.vMerge == 2 {
					cell = Cell{Merged: true}
					if len(grid) > 0 && col+k < len(grid[len(grid)-1]) {
						cell.Text = grid[len(grid)-1][col+k].Text
					}
				}
				out = append(out, cell)
			}
		}
		grid = append(grid, out)
	}
	for len(grid) > 0 && rowEmpty(grid[len(grid)-1]) {
		grid = grid[:len(grid)-1]
	}
	return grid, nil
}
