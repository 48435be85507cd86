package office

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

func readXLSX(file string, data []byte, lim Limits) ([]Table, error) {
	z, err := openZip(file, data, lim, isMetaPart)
	if err == errNotZip {
		return nil, newErr(file, "文件不是有效的 .xlsx 文件，可能已损坏，或是改了扩展名的其他格式")
	}
	if err != nil {
		return nil, err
	}
	scan, err := scanWorkbook(z)
	if err != nil {
		return nil, err
	}
	// Every part is now known to be within the limits; excelize's own
	// limits are set to match, as a second guard.
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		UnzipSizeLimit:    lim.UnzipSize,
		UnzipXMLSizeLimit: min(lim.PartSize, lim.UnzipSize, 16<<20),
		ShortDatePattern:  "yyyy/m/d",
		CultureInfo:       excelize.CultureNameZhCN,
		MaxCalcIterations: 1,
	})
	if err != nil {
		if strings.Contains(err.Error(), "encrypt") || strings.Contains(err.Error(), "password") {
			return nil, newErr(file, msgEncrypted)
		}
		return nil, newErr(file, "文件不是有效的 .xlsx 文件，可能已损坏（"+err.Error()+"）")
	}
	defer f.Close()
	var tables []Table
	for _, sheet := range f.GetSheetList() {
		rows, err := readSheet(f, file, sheet, scan)
		if err != nil {
			return nil, err
		}
		if len(rows) > 0 {
			tables = append(tables, Table{Name: sheet, Rows: rows})
		}
	}
	return tables, nil
}

// readSheet reads one sheet's values with excelize's streaming row
// iterator, then expands merges and calculates the few formulas that may
// be. The limits are checked again on what excelize returns (formatting
// can lengthen a value).
func readSheet(f *excelize.File, file, sheet string, scan *workbookScan) ([][]Cell, error) {
	lim := scan.lim
	sc := scan.sheets[sheet]
	if sc == nil {
		sc = &sheetScan{}
	}
	fail := func(err error) error {
		return &Error{File: file, Sheet: sheet, Msg: fmt.Sprintf("无法读取工作表（%v）", err)}
	}
	it, err := f.Rows(sheet)
	if err != nil {
		return nil, fail(err)
	}
	var raw [][]string
	held := 0
	for it.Next() {
		cols, err := it.Columns()
		if err != nil {
			it.Close()
			return nil, fail(err)
		}
		if len(raw) >= lim.Rows {
			it.Close()
			return nil, over(file, sheet, 0, 0, "超过 %d 行上限，请删除多余的空行或拆分后再导入", lim.Rows)
		}
		if held += len(cols); held > lim.Cells {
			it.Close()
			return nil, over(file, sheet, 0, 0, "单元格超过 %d 个上限，请删除多余的内容或拆分后再导入", lim.Cells)
		}
		for j, v := range cols {
			if n := utf8.RuneCountInString(v); n > lim.CellText {
				it.Close()
				return nil, over(file, sheet, len(raw)+1, j+1, "%s", cellTextMsg(n, lim.CellText))
			}
		}
		raw = append(raw, cols)
	}
	if err := it.Close(); err != nil {
		return nil, fail(err)
	}
	if err := it.Error(); err != nil {
		return nil, fail(err)
	}
	// The used range: cells with text, merges whose first cell has text,
	// and formula cells without a saved result.
	nRows, nCols := 0, 0
	for i, r := range raw {
		for j := len(r) - 1; j >= 0; j-- {
			if strings.TrimSpace(r[j]) != "" {
				nRows = i + 1
				nCols = max(nCols, j+1)
				break
			}
		}
	}
	textAt := func(r, c int) string {
		if r <= len(raw) && c <= len(raw[r-1]) {
			return strings.TrimSpace(raw[r-1][c-1])
		}
		return ""
	}
	for _, m := range sc.merges {
		if m.r1 <= nRows && m.c1 <= nCols && textAt(m.r1, m.c1) != "" {
			nRows = max(nRows, m.r2)
			nCols = max(nCols, m.c2)
		}
	}
	for _, fc := range sc.uncached {
		nRows = max(nRows, fc.row)
		nCols = max(nCols, fc.col)
	}
	if nRows == 0 || nCols == 0 {
		return nil, nil
	}
	if nRows > lim.Rows || nRows*nCols > lim.Cells {
		return nil, over(file, sheet, 0, 0, "%s", cellsMsg(nRows, nCols, lim.Cells))
	}
	grid := make([][]Cell, nRows)
	for i := range grid {
		grid[i] = make([]Cell, nCols)
		for j := range grid[i] {
			grid[i][j].Text = textAt(i+1, j+1)
		}
	}
	if sc.nUncache > 0 {
		if !scan.calculable {
			fc := sc.uncached[0]
			return nil, over(file, sheet, fc.row, fc.col,
				"是公式，但文件没有保存计算结果（本表共 %d 个这样的单元格）；公式超过 %d 个，或引用了区域、名称或其他公式时，系统不代为计算。请用 Excel 或 WPS 打开后保存，或复制后“选择性粘贴为数值”，再导入",
				sc.nUncache, lim.FormulaEval)
		}
		for _, fc := range sc.uncached {
			name, _ := excelize.CoordinatesToCellName(fc.col, fc.row)
			v, err := f.CalcCellValue(sheet, name)
			if err != nil {
				continue
			}
			if n := utf8.RuneCountInString(v); n > lim.CellText {
				return nil, over(file, sheet, fc.row, fc.col, "%s", cellTextMsg(n, lim.CellText))
			}
			grid[fc.row-1][fc.col-1].Text = strings.TrimSpace(v)
		}
	}
	// Merges: each copy is counted, so overlapping ranges cannot make the
	// expansion quadratic.
	copies := 0
	for _, m := range sc.merges {
		if m.r1 > nRows || m.c1 > nCols {
			continue
		}
		text := grid[m.r1-1][m.c1-1].Text
		for r := m.r1; r <= min(m.r2, nRows); r++ {
			for c := m.c1; c <= min(m.c2, nCols); c++ {
				if r == m.r1 && c == m.c1 {
					continue
				}
				if copies++; copies > lim.Cells {
					return nil, over(file, sheet, 0, 0, "合并单元格的范围重叠或过大（超过 %d 个单元格），请取消合并后再导入", lim.Cells)
				}
				grid[r-1][c-1] = Cell{Text: text, Merged: true}
			}
		}
	}
	return trimGrid(grid), nil
}

// trimGrid drops fully empty trailing rows and columns.
func trimGrid(grid [][]Cell) [][]Cell {
	for len(grid) > 0 && rowEmpty(grid[len(grid)-1]) {
		grid = grid[:len(grid)-1]
	}
	w := 0
	for _, r := range grid {
		for j := len(r) - 1; j >= w; j-- {
			if r[j].Text != "" {
				w = j + 1
				break
			}
		}
	}
	for i := range grid {
		if len(grid[i]) > w {
			grid[i] = grid[i][:w]
		}
	}
	return grid
}

func rowEmpty(r []Cell) bool {
	for _, c := range r {
		if c.Text != "" {
			return false
		}
	}
	return true
}
