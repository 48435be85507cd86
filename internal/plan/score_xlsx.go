package plan

import (
	"fmt"

	"github.com/xuri/excelize/v2"
)

// ScorecardXLSX writes a scorecard as a printable workbook.
func ScorecardXLSX(title, footer string, scores []Score) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	sh := "考核结果"
	if err := f.SetSheetName("Sheet1", sh); err != nil {
		return nil, fmt.Errorf("plan: scorecard sheet: %w", err)
	}
	cols := []struct {
		t string
		w float64
	}{{"名次", 6}, {"单位", 28}, {"考核任务", 10}, {"已完成", 8}, {"按时", 8}, {"逾期", 8}, {"退回次数", 10}, {"督查问题", 10}, {"整改逾期", 10}, {"得分", 8}}
	set := func(c, r int, v any) {
		cell, _ := excelize.CoordinatesToCellName(c, r)
		_ = f.SetCellValue(sh, cell, v)
	}
	set(1, 1, title)
	_ = f.MergeCell(sh, "A1", "J1")
	ts, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 16}, Alignment: &excelize.Alignment{Horizontal: "center"}})
	_ = f.SetCellStyle(sh, "A1", "J1", ts)
	border := []excelize.Border{{Type: "left", Color: "000000", Style: 1}, {Type: "right", Color: "000000", Style: 1},
		{Type: "top", Color: "000000", Style: 1}, {Type: "bottom", Color: "000000", Style: 1}}
	hs, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Border: border, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9E1F2"}},
		Alignment: &excelize.Alignment{Horizontal: "center"}})
	cs, _ := f.NewStyle(&excelize.Style{Border: border, Alignment: &excelize.Alignment{Horizontal: "center"}})
	for j, c := range cols {
		set(j+1, 2, c.t)
		name, _ := excelize.ColumnNumberToName(j + 1)
		_ = f.SetColWidth(sh, name, name, c.w)
	}
	_ = f.SetCellStyle(sh, "A2", "J2", hs)
	for i, s := range scores {
		r := i + 3
		var rank any = s.Rank
		if s.Rank == 0 {
			rank = "—" // every score 0: no ranking
		}
		for j, v := range []any{rank, s.UnitName, s.Total, s.Done, s.OnTime, s.Overdue, s.Returns, s.Findings, s.RectLate, s.Score} {
			set(j+1, r, v)
		}
	}
	last := len(scores) + 2
	if len(scores) > 0 {
		_ = f.SetCellStyle(sh, "A3", fmt.Sprintf("J%d", last), cs)
	}
	set(1, last+2, footer)
	_ = f.SetPanes(sh, &excelize.Panes{Freeze: true, YSplit: 2, TopLeftCell: "A3", ActivePane: "bottomLeft"})
	orient, size := "portrait", 9
	_ = f.SetPageLayout(sh, &excelize.PageLayoutOptions{Orientation: &orient, Size: &size})
	buf, err := f.WriteToBuffer()
	if err != nil {
		return nil, fmt.Errorf("plan: write scorecard: %w", err)
	}
	return buf.Bytes(), nil
}
