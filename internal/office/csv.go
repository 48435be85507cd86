package office

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// ReadCSV reads a .csv listing as it streams from r, so that a large file
// (the CLI's import of an old site's documents) is never held whole: only
// its cells are kept, each record is held to l.LineSize and l.Fields, each
// cell to l.CellText, and the whole to l.Rows, l.Cells and l.TextSize. The
// encoding is detected from the first 64 KB (UTF-8, UTF-16 with a BOM, or
// GB18030); a file whose first line has TABs and no commas is read as
// tab-separated.
func (l Limits) ReadCSV(filename string, r io.Reader) (ts []Table, err error) {
	l = l.withDefaults()
	base := filepath.Base(filename)
	tr, comma, err := l.openCSV(base, r)
	if err != nil {
		return nil, err
	}
	if ts, err = readCSVRecords(base, tr, comma, l); err == nil && len(ts) == 0 {
		err = newErr(base, msgNoTable)
	}
	return ts, err
}

// readCSVRecords reads comma-separated records into one table, held to
// lim.Rows, lim.Cells and lim.TextSize in all.
func readCSVRecords(file string, r io.Reader, comma rune, lim Limits) ([]Table, error) {
	var (
		rows  [][]Cell
		cells int
		text  int64
	)
	err := eachCSVRecord(file, r, comma, lim, func(line int, row []Cell, size int64) error {
		if len(rows) >= lim.Rows {
			return over(file, "", 0, 0, "超过 %d 行上限，请拆分后再导入", lim.Rows)
		}
		if cells += len(row); cells > lim.Cells {
			return over(file, "", 0, 0, "单元格超过 %d 个上限，请拆分后再导入", lim.Cells)
		}
		if text += size; lim.TextSize > 0 && text > lim.TextSize {
			return tooLarge(file, "文件的文字超过 %s 上限，请拆分后再导入", mb(lim.TextSize))
		}
		rows = append(rows, row)
		return nil
	})
	if err != nil || len(rows) == 0 {
		return nil, err
	}
	return []Table{{Name: tableName(1), Rows: rows}}, nil
}

// StreamCSV reads a .csv listing as it streams from r and hands it to fn
// mapped onto s, chunk rows at a time (each Record.Row is the row in the
// file), so a listing of any length is read in bounded memory: each record
// is held to l.LineSize, l.Fields and l.CellText as by ReadCSV, l.Rows
// bounds the whole file, l.Cells and l.TextSize one chunk. The header is
// looked for in the first chunk.
func (l Limits) StreamCSV(filename string, r io.Reader, s Schema, chunk int, fn func(Mapped) error) error {
	l = l.withDefaults()
	base := filepath.Base(filename)
	chunk = max(chunk, headerScanRows)
	tr, comma, err := l.openCSV(base, r)
	if err != nil {
		return err
	}
	m := newMatcher(s)
	var (
		header []Cell
		rows   [][]Cell
		lines  []int // file row of each table row
		total  int
		cells  int
		text   int64
	)
	flush := func() error {
		if len(rows) == 0 {
			return nil
		}
		t := Table{Name: tableName(1), Rows: rows}
		h := 0
		if header == nil {
			var err error
			if h, _, err = m.findHeader(base, t); err != nil {
				return err
			}
			header = rows[h]
		} else {
			t.Rows = append([][]Cell{header}, rows...)
			lines = append([]int{0}, lines...)
		}
		mapped, err := m.mapFrom(base, t, h)
		if err != nil {
			return err
		}
		for i := range mapped.Records {
			mapped.Records[i].Row = lines[mapped.Records[i].Row-1]
		}
		rows, lines, cells, text = nil, nil, 0, 0
		return fn(mapped)
	}
	err = eachCSVRecord(base, tr, comma, l, func(line int, row []Cell, size int64) error {
		if total++; total > l.Rows {
			return over(base, "", 0, 0, "超过 %d 行上限，请拆分后再导入", l.Rows)
		}
		if cells += len(row); cells > l.Cells {
			return over(base, "", line, 0, "单元格超过 %d 个上限，请检查分隔符", l.Cells)
		}
		if text += size; l.TextSize > 0 && text > l.TextSize {
			return tooLarge(base, "第 %d 行附近的文字超过 %s 上限，请检查引号是否成对", line, mb(l.TextSize))
		}
		rows = append(rows, row)
		lines = append(lines, line)
		if len(rows) >= chunk {
			return flush()
		}
		return nil
	})
	if err != nil {
		return err
	}
	if total == 0 {
		return newErr(base, msgNoTable)
	}
	return flush()
}

// openCSV detects the encoding of a .csv/.txt from its first 64 KB (UTF-8,
// UTF-16 with a BOM, or GB18030) and its separator from the first line
// (TAB when it has TABs and no commas).
func (l Limits) openCSV(base string, r io.Reader) (*bufio.Reader, rune, error) {
	if l.FileSize > 0 {
		r = &capReader{r: r, n: l.FileSize, err: tooLarge(base, "文件超过 %s 上限", mb(l.FileSize))}
	}
	br := bufio.NewReaderSize(r, 64<<10)
	head, _ := br.Peek(64 << 10)
	if len(bytes.TrimSpace(head)) == 0 {
		return nil, 0, newErr(base, "文件为空")
	}
	if bytes.HasPrefix(head, zipMagic) || bytes.HasPrefix(head, oleMagic) {
		return nil, 0, newErr(base, "文件内容是 Word/Excel 文档，但扩展名是“"+filepath.Ext(base)+"”，请改为正确的扩展名")
	}
	var text io.Reader = br
	switch {
	case bytes.HasPrefix(head, []byte{0xEF, 0xBB, 0xBF}):
		br.Discard(3)
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}):
		text = transform.NewReader(br, unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder())
	case bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		text = transform.NewReader(br, unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM).NewDecoder())
	case len(head) >= 4 && head[0] != 0 && head[1] == 0 && head[3] == 0:
		text = transform.NewReader(br, unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM).NewDecoder())
	case validUTF8Prefix(head):
	default:
		text = transform.NewReader(br, simplifiedchinese.GB18030.NewDecoder())
	}
	// Peek at the first non-blank line (decoded) for the separator.
	tr := bufio.NewReaderSize(text, 64<<10)
	comma := ','
	first, _ := tr.Peek(64 << 10)
	for _, line := range bytes.Split(first, []byte("\n")) {
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		if !bytes.ContainsAny(line, ",，") && bytes.Contains(line, []byte("\t")) {
			comma = '\t'
		}
		break
	}
	return tr, comma, nil
}

// validUTF8Prefix reports whether b is UTF-8, allowing a rune cut at the end.
func validUTF8Prefix(b []byte) bool {
	for i := 0; i < utf8.UTFMax && len(b) > 0; i++ {
		if utf8.Valid(b) {
			return true
		}
		b = b[:len(b)-1]
	}
	return utf8.Valid(b)
}

// errRecordTooLong stops encoding/csv from buffering a record over the
// limit (a missing closing quote turns the rest of the file into one field).
var errRecordTooLong = errors.New("office: csv record over the limit")

// recordLimiter fails a read once more than max bytes have been read
// since the start of the current record (csv.Reader.InputOffset after the
// last whole record), so a quoted field cannot grow without bound.
type recordLimiter struct {
	r     io.Reader
	read  int64
	start int64 // input offset of the record being read
	max   int64
}

func (l *recordLimiter) Read(p []byte) (int, error) {
	if l.read-l.start > l.max {
		return 0, errRecordTooLong
	}
	n, err := l.r.Read(p)
	l.read += int64(n)
	return n, err
}

// eachCSVRecord reads comma-separated records and calls fn with each (its
// line in the file, its cells trimmed, the size of its text), holding each
// record to lim.LineSize, lim.Fields and lim.CellText.
func eachCSVRecord(file string, r io.Reader, comma rune, lim Limits, fn func(line int, row []Cell, size int64) error) error {
	lr := &recordLimiter{r: r, max: int64(lim.LineSize)}
	cr := csv.NewReader(lr)
	cr.Comma = comma
	cr.LazyQuotes = true
	cr.FieldsPerRecord = -1
	firstField := true
	n := 0
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		line := n + 1
		if err != nil {
			var pe *csv.ParseError
			var e *Error
			switch {
			case errors.As(err, &e):
				return e
			case errors.Is(err, errRecordTooLong):
				return over(file, "", line, 0, "这一行超过 %s 上限（可能是引号没有成对），请检查文件", mb(int64(lim.LineSize)))
			case errors.As(err, &pe):
				return &Error{File: file, Row: pe.Line, Col: pe.Column, Msg: "CSV 格式错误，请检查引号是否成对"}
			}
			return newErr(file, "CSV 格式错误，无法读取")
		}
		n++
		if line, _ = cr.FieldPos(0); line == 0 {
			line = n
		}
		if len(rec) > lim.Fields {
			return over(file, "", line, 0, "超过 %d 列上限，请检查分隔符", lim.Fields)
		}
		row := make([]Cell, len(rec))
		var size int64
		for i, f := range rec {
			if firstField {
				f, firstField = strings.TrimPrefix(f, "\ufeff"), false
			}
			if n := utf8.RuneCountInString(f); n > lim.CellText {
				return over(file, "", line, i+1, "%s", cellTextMsg(n, lim.CellText))
			}
			if !utf8.ValidString(f) {
				return over(file, "", line, i+1, "含有无效的 UTF-8 字符，请把文件另存为 UTF-8 编码")
			}
			if strings.IndexByte(f, 0) >= 0 {
				return newErr(file, "文件内容不是文本，无法识别为表格")
			}
			size += int64(len(f))
			row[i] = Cell{Text: strings.TrimSpace(f)}
		}
		if err := fn(line, row, size); err != nil {
			return err
		}
		lr.start = cr.InputOffset()
	}
}
