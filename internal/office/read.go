package office

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// Cell is one cell of a table as read from a file.
type Cell struct {
	Text string
	// Merged is true when the value came from a merge (a Word vMerge
	// continuation or gridSpan copy, an Excel merge range) rather than from
	// the cell itself.
	Merged bool
}

// Table is a rectangular-ish grid of cells. Rows may have different lengths.
type Table struct {
	Name     string // sheet name, or "表1", "表2", … for other formats
	Rows     [][]Cell
	Preamble []string // text lines before the table (.txt only)
}

var (
	oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0}
	zipMagic = []byte("PK\x03\x04")
)

const (
	msgEncrypted = "文件已加密或为旧版 .doc/.xls 格式，请另存为 .docx/.xlsx 后再导入"
	msgNoTable   = "文件中没有找到表格"
)

// ReadTables reads every table of a file within DefaultLimits. The format
// is chosen by the extension of filename (.txt .tsv .csv .xlsx .docx,
// case-insensitive). Errors are *Error values with Chinese messages.
func ReadTables(filename string, data []byte) ([]Table, error) {
	return DefaultLimits().ReadTables(filename, data)
}

// ReadTables is ReadTables within l.
func (l Limits) ReadTables(filename string, data []byte) (ts []Table, err error) {
	l = l.withDefaults()
	base := filepath.Base(filename)
	if l.FileSize > 0 && int64(len(data)) > l.FileSize {
		return nil, tooLarge(base, "文件过大（%.1f MB），最大允许 %s", float64(len(data))/(1<<20), mb(l.FileSize))
	}
	ext := strings.ToLower(filepath.Ext(filename))
	switch ext {
	case ".txt", ".tsv", ".csv", ".xlsx", ".docx":
	default:
		shown := ext
		if shown == "" {
			shown = "（无扩展名）"
		}
		return nil, newErr(base, "不支持的文件类型“"+shown+"”，请另存为 .xlsx、.docx、.csv 或 .txt")
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, newErr(base, "文件为空")
	}
	if bytes.HasPrefix(data, oleMagic) {
		return nil, newErr(base, msgEncrypted)
	}
	// Third-party parsers must never take the whole request down.
	defer func() {
		if r := recover(); r != nil {
			ts, err = nil, newErr(base, fmt.Sprintf("文件已损坏，无法读取（%v）", r))
		}
	}()
	switch ext {
	case ".txt", ".tsv":
		if bytes.HasPrefix(data, zipMagic) {
			return nil, newErr(base, "文件内容是 Word/Excel 文档，但扩展名是“"+ext+"”，请改为正确的扩展名")
		}
		text, err := decodeText(base, data)
		if err != nil {
			return nil, err
		}
		if ts, err = readText(base, text, l); err != nil {
			return nil, err
		}
	case ".csv":
		if bytes.HasPrefix(data, zipMagic) {
			return nil, newErr(base, "文件内容是 Word/Excel 文档，但扩展名是“.csv”，请改为正确的扩展名")
		}
		text, err := decodeText(base, data)
		if err != nil {
			return nil, err
		}
		ts, err = readCSV(base, text, l)
		if err != nil {
			return nil, err
		}
	case ".xlsx":
		ts, err = readXLSX(base, data, l)
		if err != nil {
			return nil, err
		}
	case ".docx":
		ts, err = readDocx(base, data, l)
		if err != nil {
			return nil, err
		}
	}
	if len(ts) == 0 {
		return nil, newErr(base, msgNoTable)
	}
	return ts, nil
}

// decodeText turns file bytes into a string: UTF-8 (BOM stripped), UTF-16
// with a BOM (Excel's "Unicode 文本"), or GB18030 when not valid UTF-8.
func decodeText(file string, data []byte) (string, error) {
	var s string
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		s = string(data[3:])
		if !utf8.ValidString(s) {
			return "", newErr(file, "文件编码无法识别：含有无效的 UTF-8 字符，请另存为 UTF-8 编码")
		}
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}):
		s = decodeUTF16(data[2:], false)
	case bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		s = decodeUTF16(data[2:], true)
	case len(data) >= 4 && data[0] != 0 && data[1] == 0 && data[3] == 0:
		s = decodeUTF16(data, false)
	case utf8.Valid(data):
		s = string(data)
	default:
		b, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data)
		if err != nil {
			return "", newErr(file, "文件编码无法识别，请另存为 UTF-8 编码")
		}
		s = string(b)
	}
	if strings.ContainsRune(s, 0) {
		return "", newErr(file, "文件内容不是文本，无法识别为表格")
	}
	return s, nil
}

func decodeUTF16(b []byte, bigEndian bool) string {
	u := make([]uint16, 0, len(b)/2)
	for i := 0; i+1 < len(b); i += 2 {
		if bigEndian {
			u = append(u, uint16(b[i])<<8|uint16(b[i+1]))
		} else {
			u = append(u, uint16(b[i+1])<<8|uint16(b[i]))
		}
	}
	return string(utf16.Decode(u))
}

func splitLines(s string) []string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	return strings.Split(s, "\n")
}

func isBlank(s string) bool { return strings.TrimSpace(s) == "" }

// readText reads a .txt/.tsv: either the "one cell per line" layout that
// Word produces when a table is copied as text (each cell starts with a TAB,
// continuation lines have none, a blank line ends a row), or plain
// tab-separated rows.
func readText(file, text string, lim Limits) ([]Table, error) {
	lines := splitLines(text)
	cellLines, tsvLines := 0, 0
	for i, l := range lines {
		if len(l) > lim.LineSize {
			return nil, over(file, "", i+1, 0, "这一行超过 %s 上限，请检查文件是否为表格", mb(int64(lim.LineSize)))
		}
		l = strings.TrimRight(l, " \u3000")
		if l == "" {
			continue
		}
		switch {
		case l[0] == '\t' && !strings.Contains(l[1:], "\t"):
			cellLines++
		case strings.Contains(l, "\t"):
			tsvLines++
		}
	}
	var ts []Table
	if cellLines >= 2 && cellLines > tsvLines {
		ts = readCellPerLine(lines, lim)
	} else {
		ts = readTSV(lines, lim)
	}
	return ts, checkTables(file, ts, lim)
}

// checkTables holds tables read from text to the limits on rows, columns,
// cells and cell text.
func checkTables(file string, ts []Table, lim Limits) error {
	cells := 0
	for _, t := range ts {
		if len(t.Rows) > lim.Rows {
			return over(file, t.Name, 0, 0, "超过 %d 行上限，请拆分后再导入", lim.Rows)
		}
		for i, r := range t.Rows {
			if len(r) > lim.Fields {
				return over(file, t.Name, i+1, 0, "超过 %d 列上限，请检查分隔符", lim.Fields)
			}
			if cells += len(r); cells > lim.Cells {
				return over(file, t.Name, 0, 0, "单元格超过 %d 个上限，请拆分后再导入", lim.Cells)
			}
			for j, c := range r {
				if len(c.Text) > lim.CellText { // bytes ≥ characters
					if n := utf8.RuneCountInString(c.Text); n > lim.CellText {
						return over(file, t.Name, i+1, j+1, "%s", cellTextMsg(n, lim.CellText))
					}
				}
			}
		}
	}
	return nil
}

func readCellPerLine(lines []string, lim Limits) []Table {
	var (
		tables   []Table
		preamble []string
		rows     [][]Cell
		row      []Cell
		more     [][]string // continuation lines of each cell of row
		size     int        // bytes in the last cell
	)
	flushRow := func() {
		if len(row) > 0 {
			for i := range row {
				if len(more[i]) > 0 {
					row[i].Text += "\n" + strings.Join(more[i], "\n")
				}
				row[i].Text = strings.TrimSpace(row[i].Text)
			}
			rows = append(rows, row)
			row, more = nil, nil
		}
	}
	flushTable := func() {
		flushRow()
		if len(rows) > 0 {
			tables = append(tables, Table{Name: tableName(len(tables) + 1), Rows: rows, Preamble: preamble})
			rows, preamble = nil, nil
		}
	}
	for _, l := range lines {
		l = strings.TrimRight(l, "\r")
		switch {
		case strings.HasPrefix(l, "\t"):
			row = append(row, Cell{Text: strings.TrimRight(l[1:], " \u3000")})
			more = append(more, nil)
			size = len(l)
		case isBlank(l):
			flushRow()
		case len(row) > 0:
			// A cell far over the text limit stops growing here;
			// checkTables refuses it.
			if size <= 4*lim.CellText {
				more[len(more)-1] = append(more[len(more)-1], strings.TrimSpace(l))
				size += len(l) + 1
			}
		default:
			// Prose outside the table: before the first table it is the
			// preamble; after a table it ends that table.
			if len(rows) > 0 {
				flushTable()
			}
			preamble = append(preamble, strings.TrimSpace(l))
		}
	}
	flushTable()
	return tables
}

// readTSV reads tab-separated rows. A field that starts with a double quote
// and has a matching closing quote followed by a TAB or line end is quoted
// the way Excel writes it ("" is a quote; newlines allowed). Leading lines
// without any TAB are the preamble.
func readTSV(lines []string, lim Limits) []Table {
	start := 0
	var preamble []string
	for start < len(lines) && !strings.Contains(lines[start], "\t") {
		if !isBlank(lines[start]) {
			preamble = append(preamble, strings.TrimSpace(lines[start]))
		}
		start++
	}
	if start == len(lines) {
		// No tabs at all: a one-column table of non-blank lines is not
		// a table we can use.
		return nil
	}
	text := strings.Join(lines[start:], "\n")
	var rows [][]Cell
	var row []Cell
	i := 0
	for i <= len(text) {
		// Parse one field starting at i.
		var field string
		if i < len(text) && text[i] == '"' {
			if val, next, ok := quotedField(text, i, lim.LineSize); ok {
				field, i = val, next
				goto delim
			}
		}
		{
			j := strings.IndexAny(text[i:], "\t\n")
			if j < 0 {
				field, i = text[i:], len(text)
			} else {
				field, i = text[i:i+j], i+j
			}
		}
	delim:
		row = append(row, Cell{Text: strings.TrimSpace(field)})
		if i < len(text) && text[i] == '\t' {
			i++
			continue
		}
		// End of line or of text.
		if !(len(row) == 1 && row[0].Text == "") {
			rows = append(rows, row)
		}
		row = nil
		i++
	}
	if len(rows) == 0 {
		return nil
	}
	return []Table{{Name: tableName(1), Rows: rows, Preamble: preamble}}
}

// quotedField parses an Excel-style quoted field at text[i] == '"'.
// It reports ok=false if there is no closing quote followed by a delimiter
// within maxLen bytes.
func quotedField(text string, i, maxLen int) (string, int, bool) {
	var b strings.Builder
	for j := i + 1; j < len(text) && j-i <= maxLen; j++ {
		if text[j] != '"' {
			b.WriteByte(text[j])
			continue
		}
		if j+1 < len(text) && text[j+1] == '"' {
			b.WriteByte('"')
			j++
			continue
		}
		if j+1 == len(text) || text[j+1] == '\t' || text[j+1] == '\n' {
			return b.String(), j + 1, true
		}
		return "", 0, false
	}
	return "", 0, false
}

func readCSV(file, text string, lim Limits) ([]Table, error) {
	// A ".csv" that is really tab-separated (a common mislabel).
	for i := 0; i < len(text); {
		j := strings.IndexByte(text[i:], '\n')
		if j < 0 {
			j = len(text) - i
		}
		l := text[i : i+j]
		i += j + 1
		if isBlank(l) {
			continue
		}
		if !strings.Contains(l, ",") && !strings.Contains(l, "，") && strings.Contains(l, "\t") {
			lines := splitLines(text)
			for i, l := range lines {
				if len(l) > lim.LineSize {
					return nil, over(file, "", i+1, 0, "这一行超过 %s 上限，请检查文件是否为表格", mb(int64(lim.LineSize)))
				}
			}
			ts := readTSV(lines, lim)
			return ts, checkTables(file, ts, lim)
		}
		break
	}
	return readCSVRecords(file, strings.NewReader(text), ',', lim)
}
