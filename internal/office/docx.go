package office

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

const (
	maxDocxSpan    = 64 // gridSpan / gridBefore clamp
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

func readDocx(file string, data []byte, lim Limits) ([]Table, error) {
	p, err := parseDocx(file, data, lim)
	if err != nil {
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

// DocxText returns the body paragraphs of a .docx in order, read within
// DefaultLimits. Tables are flattened to one string per row with the cells
// separated by TABs (a cell's own paragraphs are joined by "\n"). Empty
// paragraphs are left out.
func DocxText(data []byte) ([]string, error) { return DefaultLimits().DocxText(data) }

// DocxText is DocxText within l.
func (l Limits) DocxText(data []byte) ([]string, error) {
	l = l.withDefaults()
	if l.FileSize > 0 && int64(len(data)) > l.FileSize {
		return nil, tooLarge("", "文件过大（%.1f MB），最大允许 %s", float64(len(data))/(1<<20), mb(l.FileSize))
	}
	p, err := parseDocx("", data, l)
	if err != nil {
		return nil, err
	}
	return p.paras, nil
}

// openDocumentXML checks the archive and opens word/document.xml, reading
// at most lim.PartSize bytes of it.
func openDocumentXML(file string, data []byte, lim Limits) (io.ReadCloser, error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, newErr(file, "文件为空")
	}
	if bytes.HasPrefix(data, oleMagic) {
		return nil, newErr(file, msgEncrypted)
	}
	z, err := openZip(file, data, lim, nil)
	if err == errNotZip {
		return nil, newErr(file, docxCorruptMsg)
	}
	if err != nil {
		return nil, err
	}
	doc := z.find("word/document.xml")
	if doc == nil {
		if z.find("xl/workbook.xml") != nil {
			return nil, newErr(file, "这是 Excel 文件，请把扩展名改为 .xlsx")
		}
		return nil, newErr(file, docxCorruptMsg+"（缺少 word/document.xml）")
	}
	return z.open(doc, lim.PartSize)
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
func parseDocx(file string, data []byte, lim Limits) (*docxParsed, error) {
	rc, err := openDocumentXML(file, data, lim)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	w := newXMLWalker(file, rc, lim.XMLDepth)
	corrupt := func(err error) error {
		var e *Error
		if errors.As(err, &e) {
			return e
		}
		return newErr(file, "文档内容已损坏（XML 解析错误），请用 Word 打开后另存为 .docx 再导入")
	}

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
		tok, err := w.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, corrupt(err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "Fallback", "delText", "instrText": // mc:Fallback duplicates mc:Choice
				if err := w.skip(); err != nil {
					return nil, corrupt(err)
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
					if n := utf8.RuneCountInString(cell.text); n > lim.CellText {
						return nil, over(file, tableName(len(out.tables)+1), len(table)+1, len(row)+1, "%s", cellTextMsg(n, lim.CellText))
					}
					cells += cell.span + cell.before
					if cells > lim.Cells {
						return nil, over(file, tableName(len(out.tables)+1), 0, 0, "文档中表格的单元格超过 %d 个上限，请拆分后再导入", lim.Cells)
					}
					row = append(row, *cell)
					cell, cellParas = nil, nil
				}
			case "tr":
				if tblDepth == 1 {
					if len(table) >= lim.Rows {
						return nil, over(file, tableName(len(out.tables)+1), 0, 0, "超过 %d 行上限，请拆分后再导入", lim.Rows)
					}
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
