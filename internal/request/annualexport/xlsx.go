package annualexport

import (
	"bytes"
	"fmt"
	"strconv"

	"github.com/xuri/excelize/v2"

	"gongkai/internal/request"
)

func writeGrid(f *excelize.File, sheet string, g Grid) error {
	for i, row := range g {
		col := 1
		for _, c := range row {
			if !c.Covered {
				cell, _ := excelize.CoordinatesToCellName(col, i+1)
				var v any = c.Text
				if n, err := strconv.Atoi(c.Text); err == nil && !c.Header {
					v = n
				}
				if err := f.SetCellValue(sheet, cell, v); err != nil {
					return err
				}
				if c.ColSpan > 1 || c.RowSpan > 1 {
					end, _ := excelize.CoordinatesToCellName(col+c.ColSpan-1, i+c.RowSpan)
					if err := f.MergeCell(sheet, cell, end); err != nil {
						return err
					}
				}
			}
			col += c.ColSpan
		}
	}
	return nil
}

// XLSX writes the three tables, one sheet each, and the narrative sections.
func XLSX(org string, rep request.AnnualReport) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	sheets := []struct {
		name string
		g    Grid
	}{
		{"二、主动公开", Table2(rep.Table2)},
		{"三、依申请公开", Table3(rep.Table3)},
		{"四、复议诉讼", Table4(rep.Table4)},
	}
	for i, s := range sheets {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", s.name); err != nil {
				return nil, err
			}
		} else if _, err := f.NewSheet(s.name); err != nil {
			return nil, err
		}
		if err := writeGrid(f, s.name, s.g); err != nil {
			return nil, fmt.Errorf("annualexport: sheet %s: %w", s.name, err)
		}
	}
	if _, err := f.NewSheet("正文"); err != nil {
		return nil, err
	}
	texts := [][2]string{{Title(org, rep.Year), ""}, {request.SectionTitles[0], rep.Sections.One}, {request.SectionTitles[4], rep.Sections.Five}, {request.SectionTitles[5], rep.Sections.Six}}
	for i, t := range texts {
		f.SetCellValue("正文", fmt.Sprintf("A%d", i+1), t[0])
		f.SetCellValue("正文", fmt.Sprintf("B%d", i+1), t[1])
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, fmt.Errorf("annualexport: xlsx: %w", err)
	}
	return buf.Bytes(), nil
}
