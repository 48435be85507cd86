package office

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"
)

const (
	maxXLSXCells   = 2_000_000 // cells per sheet after merge expansion
	maxFormulaCalc = 10_000    // CalcCellValue calls per file
	maxFormulaScan = 200_000   // empty cells checked for a formula per file
)

func readXLSX(file string, data []byte) ([]Table, error) {
	if !bytes.HasPrefix(data, zipMagic) {
		return nil, newErr(file, "文件不是有效的 .xlsx 文件，可能已损坏，或是改了扩展名的其他格式")
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		UnzipSizeLimit:    200 << 20,
		UnzipXMLSizeLimit: 32 << 20,
		ShortDatePattern:  "yyyy/m/d",
		CultureInfo:       excelize.CultureNameZhCN,
		MaxCalcIterations: 100,
	})
	if err != nil {
		if strings.Contains(err.Error(), "encrypt") || strings.Contains(err.Error(), "password") {
			return nil, newErr(file, msgEncrypted)
		}
		return nil, newErr(file, "文件不是有效的 .xlsx 文件，可能已损坏（"+err.Error()+"）")
	}
	defer f.Close()
	calcBudget, scanBudget := maxFormulaCalc, maxFormulaScan
	var tables []Table
	for _, sheet := range f.GetSheetList() {
		rows, err := readSheet(f, sheet, &calcBudget, &scanBudget)
		if err != nil {
			return nil, &Error{File: file, Sheet: sheet, Msg: err.Error()}
		}
		if len(rows) > 0 {
			tables = append(tables, Table{Name: sheet, Rows: rows})
		}
	}
	return tables, nil
}

func readSheet(f *excelize.File, sheet string, calcBudget, scanBudget *int) ([][]Cell, error) {
	raw, err := f.GetRows(sheet)
	if err != nil {
		return nil, fmt.Errorf("无法读取工作表（%v）", err)
	}
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
	merges, err := f.GetMergeCells(sheet)
	if err != nil {
		return nil, fmt.Errorf("无法读取合并单元格（%v）", err)
	}
	type rect struct{ r1, c1, r2, c2 int }
	var rects []rect
	for _, m := range merges {
		c1, r1, err1 := excelize.CellNameToCoordinates(m.GetStartAxis())
		c2, r2, err2 := excelize.CellNameToCoordinates(m.GetEndAxis())
		if err1 != nil || err2 != nil {
			continue
		}
		if r1 > r2 {
			r1, r2 = r2, r1
		}
		if c1 > c2 {
			c1, c2 = c2, c1
		}
		rects = append(rects, rect{r1, c1, r2, c2})
		// A merge range whose top-left holds text extends the table.
		if r1 <= nRows && c1 <= nCols && strings.TrimSpace(m.GetCellValue()) != "" {
			nRows = max(nRows, r2)
			nCols = max(nCols, c2)
		}
	}
	// Formula cells that sit beyond the cached values' extent are rare;
	// the extent is taken from cached values and merges.
	if nRows == 0 || nCols == 0 {
		return nil, nil
	}
	if nRows*nCols > maxXLSXCells {
		return nil, fmt.Errorf("表格过大（%d 行 × %d 列），请删除空行空列后再导入", nRows, nCols)
	}
	grid := make([][]Cell, nRows)
	for i := range grid {
		grid[i] = make([]Cell, nCols)
		if i < len(raw) {
			for j := 0; j < nCols && j < len(raw[i]); j++ {
				grid[i][j].Text = strings.TrimSpace(raw[i][j])
			}
		}
	}
	// Formula cells without a cached value (files written by programs
	// that do not calculate).
	for i := range grid {
		for j := range grid[i] {
			if grid[i][j].Text != "" || *calcBudget <= 0 || *scanBudget <= 0 {
				continue
			}
			*scanBudget--
			name, _ := excelize.CoordinatesToCellName(j+1, i+1)
			if fm, err := f.GetCellFormula(sheet, name); err == nil && fm != "" {
				*calcBudget--
				if v, err := f.CalcCellValue(sheet, name); err == nil {
					grid[i][j].Text = strings.TrimSpace(v)
				}
			}
		}
	}
	for _, m := range rects {
		if m.r1 > nRows || m.c1 > nCols {
			continue
		}
		text := grid[m.r1-1][m.c1-1].Text
		for r := m.r1; r <= min(m.r2, nRows); r++ {
			for c := m.c1; c <= min(m.c2, nCols); c++ {
				if r == m.r1 && c == m.c1 {
					continue
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
