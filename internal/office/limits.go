package office

import (
	"fmt"

	"gongkai"
)

// Limits bound what reading one file may cost, so that no file — a zip
// bomb, a sheet of millions of cells, thousands of formulas, one giant cell
// — can exhaust the server. Every limit is checked before the expensive
// step it guards (declared sizes before inflating, a streaming scan of the
// XML before excelize parses it) and again while reading (the bytes
// actually inflated are counted). A refusal is an *Error naming what was
// too large and the limit, in Chinese.
//
// A zero field means the default (DefaultLimits); a negative FileSize or
// TextSize means no limit (the CLI streams a large .csv listing).
type Limits struct {
	// FileSize is the size of the file itself: 20 MB.
	FileSize int64
	// UnzipSize is the sum of all entries of a .xlsx/.docx, decompressed,
	// both as declared in the zip directory and as actually inflated:
	// 100 MB.
	UnzipSize int64
	// PartSize is one content part decompressed: a worksheet, the shared
	// strings table, word/document.xml: 32 MB.
	PartSize int64
	// MetaPartSize is any other XML part that is parsed whole (styles,
	// workbook, relationships, content types): 4 MB.
	MetaPartSize int64
	// Entries is the number of entries in the zip: 1,000.
	Entries int
	// Ratio is the largest decompressed/compressed ratio of an entry that
	// decompresses to more than 1 MB: 200 (real Office parts compress
	// 5–30×, a deflate bomb about 1,000×).
	Ratio int
	// Rows is the number of rows of one table (the last row's number for a
	// sheet): 100,000.
	Rows int
	// Cells is the number of cells of one table as held in memory (rows ×
	// columns of the used range, merge copies included), and the number of
	// cell elements of one sheet: 200,000.
	Cells int
	// FormulaCells is the number of formula cells in a workbook: 10,000.
	FormulaCells int
	// FormulaEval is the number of formula cells a workbook may have for
	// those without a saved result to be calculated: 100. A workbook with
	// more formulas, or with formulas that refer to ranges or names, is
	// never calculated; a formula cell without a saved result then refuses
	// the file (save it in Excel/WPS, or paste values).
	FormulaEval int
	// CellText is the number of characters in one cell: 20,000 (a task's
	// requirement is a few hundred; Excel itself stops at 32,767).
	CellText int
	// LineSize is the size of one record of a .csv/.txt (a line, or the
	// lines of one quoted field): 1 MB.
	LineSize int
	// Fields is the number of fields in one .csv/.txt line: 1,000.
	Fields int
	// TextSize is the total text of the cells of a file (a shared string
	// counted once per cell that refers to it, as excelize copies it for
	// each), and of a streamed .csv: 64 MB.
	TextSize int64
	// XMLDepth is the nesting depth of an XML part: 128.
	XMLDepth int
}

// DefaultLimits returns the limits every reader uses unless told otherwise.
func DefaultLimits() Limits {
	return Limits{
		FileSize:     MaxFileSize,
		UnzipSize:    100 << 20,
		PartSize:     32 << 20,
		MetaPartSize: 4 << 20,
		Entries:      1000,
		Ratio:        200,
		Rows:         100_000,
		Cells:        200_000,
		FormulaCells: 10_000,
		FormulaEval:  100,
		CellText:     20_000,
		LineSize:     1 << 20,
		Fields:       1000,
		TextSize:     64 << 20,
		XMLDepth:     128,
	}
}

// withDefaults fills zero fields from DefaultLimits.
func (l Limits) withDefaults() Limits {
	d := DefaultLimits()
	set64 := func(v *int64, def int64) {
		if *v == 0 {
			*v = def
		}
	}
	set := func(v *int, def int) {
		if *v == 0 {
			*v = def
		}
	}
	set64(&l.FileSize, d.FileSize)
	set64(&l.UnzipSize, d.UnzipSize)
	set64(&l.PartSize, d.PartSize)
	set64(&l.MetaPartSize, d.MetaPartSize)
	set(&l.Entries, d.Entries)
	set(&l.Ratio, d.Ratio)
	set(&l.Rows, d.Rows)
	set(&l.Cells, d.Cells)
	set(&l.FormulaCells, d.FormulaCells)
	set(&l.FormulaEval, d.FormulaEval)
	set(&l.CellText, d.CellText)
	set(&l.LineSize, d.LineSize)
	set(&l.Fields, d.Fields)
	set64(&l.TextSize, d.TextSize)
	set(&l.XMLDepth, d.XMLDepth)
	return l
}

// mb formats a byte limit for a message: "100 MB", or "512 KB" below 1 MB.
func mb(n int64) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MB", n>>20)
	}
	if n >= 1<<20 {
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%d KB", max(1, n>>10))
}

// tooLarge is a size-limit refusal (HTTP 413).
func tooLarge(file, format string, args ...any) *Error {
	return &Error{File: file, Msg: fmt.Sprintf(format, args...), Code: gongkai.ETOOLARGE}
}

// over is a content-limit refusal (HTTP 400) at a place in a table.
func over(file, sheet string, row, col int, format string, args ...any) *Error {
	return &Error{File: file, Sheet: sheet, Row: row, Col: col, Msg: fmt.Sprintf(format, args...)}
}

// cellTextMsg is the refusal of a cell with n characters.
func cellTextMsg(n, limit int) string {
	return fmt.Sprintf("单元格文字超过 %d 字上限（现有 %d 字），请缩短或拆分后再导入", limit, n)
}

// cellsMsg is the refusal of a table of rows × cols cells.
func cellsMsg(rows, cols, limit int) string {
	return fmt.Sprintf("单元格超过 %d 个上限（%d 行 × %d 列），请删除多余的空行空列或拆分后再导入", limit, rows, cols)
}
