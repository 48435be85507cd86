package plan

import (
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"
)

// LedgerColumns are the ledger's columns: the notice's, then the state of
// the work.
var LedgerColumns = []struct {
	Title string
	Width float64
}{
	{"序号", 6}, {"工作任务", 16}, {"", 16}, {"具体要求", 48}, {"责任单位", 16}, {"完成时限", 12},
	{"状态", 10}, {"责任人", 10}, {"最新进展", 36}, {"佐证链接", 30}, {"佐证文件数", 8}, {"完成日期", 12}, {"逾期天数", 8},
	{"办理页面", 14},
}

// absolute makes a link absolute against base (GONGKAI_BASE_URL): /catalog
// becomes https://gk.example.gov.cn/catalog; absolute links stay.
func absolute(base, link string) string {
	if strings.HasPrefix(link, "/") && !strings.HasPrefix(link, "//") {
		return strings.TrimRight(base, "/") + link
	}
	return link
}

// LedgerXLSX writes the ledger lines (in task order) as a printable
// workbook: the notice's columns plus state, person, last progress,
// evidence links, completion date and overdue days; category cells merged
// over their rows, a frozen header, column widths, landscape A4 fitting the
// width, the header repeated on every printed page.
//
// Links are absolute against base (the site's public address) and
// clickable: the first evidence link of a line is the cell's hyperlink (all
// are listed in it), and 办理页面 opens the assignment in the console.
func LedgerXLSX(title string, lines []Line, base string) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	sh := "台账"
	if err := f.SetSheetName("Sheet1", sh); err != nil {
		return nil, fmt.Errorf("plan: ledger sheet: %w", err)
	}
	last, _ := excelize.ColumnNumberToName(len(LedgerColumns))
	titleStyle, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 16, Family: "方正小标宋简体"},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"}})
	border := []excelize.Border{{Type: "left", Color: "000000", Style: 1}, {Type: "right", Color: "000000", Style: 1},
		{Type: "top", Color: "000000", Style: 1}, {Type: "bottom", Color: "000000", Style: 1}}
	headStyle, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Family: "黑体"}, Border: border,
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9E1F2"}},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}})
	cellStyle, _ := f.NewStyle(&excelize.Style{Border: border, Alignment: &excelize.Alignment{Vertical: "center", WrapText: true}})
	lateStyle, _ := f.NewStyle(&excelize.Style{Border: border, Font: &excelize.Font{Color: "C00000", Bold: true},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"}})

	set := func(col, row int, v any) {
		c, _ := excelize.CoordinatesToCellName(col, row)
		_ = f.SetCellValue(sh, c, v)
	}
	set(1, 1, title)
	_ = f.MergeCell(sh, "A1", last+"1")
	_ = f.SetCellStyle(sh, "A1", last+"1", titleStyle)
	_ = f.SetRowHeight(sh, 1, 32)
	for j, c := range LedgerColumns {
		set(j+1, 2, c.Title)
		name, _ := excelize.ColumnNumberToName(j + 1)
		_ = f.SetColWidth(sh, name, name, c.Width)
	}
	_ = f.MergeCell(sh, "B2", "C2")
	_ = f.SetCellStyle(sh, "A2", last+"2", headStyle)

	row := 3
	type span struct {
		col        string
		start, end int
		value      string
	}
	var spans []span
	extend := func(col string, v string, r int) {
		n := len(spans) - 1
		for ; n >= 0; n-- {
			if spans[n].col == col {
				break
			}
		}
		if n >= 0 && spans[n].value == v && spans[n].end == r-1 && v != "" {
			spans[n].end = r
			return
		}
		spans = append(spans, span{col, r, r, v})
	}
	for _, l := range lines {
		t, a := l.Task, l.Assignment
		set(1, row, t.Seq)
		set(2, row, t.Category)
		set(3, row, t.Subcategory)
		set(4, row, t.Requirement)
		set(5, row, a.UnitName)
		set(6, row, t.Deadline.Label())
		set(7, row, a.Status.Label())
		set(8, row, a.Person)
		set(9, row, l.LastText)
		links := make([]string, len(l.Links))
		for i, u := range l.Links {
			links[i] = absolute(base, u)
		}
		set(10, row, strings.Join(links, "\n"))
		if len(links) > 0 {
			c, _ := excelize.CoordinatesToCellName(10, row)
			_ = f.SetCellHyperLink(sh, c, links[0], "External", excelize.HyperlinkOpts{Tooltip: &links[0]})
		}
		page := absolute(base, fmt.Sprintf("/admin/plan/assignments/%d", a.ID))
		set(14, row, "打开")
		if c, err := excelize.CoordinatesToCellName(14, row); err == nil {
			_ = f.SetCellHyperLink(sh, c, page, "External", excelize.HyperlinkOpts{Tooltip: &page})
		}
		set(11, row, l.FileCount)
		if d := a.DoneDate(); !d.IsZero() {
			set(12, row, d.String())
		}
		if l.Overdue > 0 {
			set(13, row, l.Overdue)
		}
		extend("B", t.Category, row)
		extend("C", t.Category+"\x00"+t.Subcategory, row)
		extend("A", fmt.Sprint(t.ID), row)
		extend("D", fmt.Sprint(t.ID), row)
		extend("F", fmt.Sprint(t.ID), row)
		row++
	}
	if row > 3 {
		_ = f.SetCellStyle(sh, "A3", last+fmt.Sprint(row-1), cellStyle)
		_ = f.SetCellStyle(sh, "M3", "M"+fmt.Sprint(row-1), lateStyle)
		linkStyle, _ := f.NewStyle(&excelize.Style{Border: border, Font: &excelize.Font{Color: "0563C1", Underline: "single"},
			Alignment: &excelize.Alignment{Vertical: "center", WrapText: true}})
		_ = f.SetCellStyle(sh, "J3", "J"+fmt.Sprint(row-1), linkStyle)
		_ = f.SetCellStyle(sh, "N3", "N"+fmt.Sprint(row-1), linkStyle)
	}
	for _, s := range spans {
		if s.end > s.start {
			if err := f.MergeCell(sh, fmt.Sprintf("%s%d", s.col, s.start), fmt.Sprintf("%s%d", s.col, s.end)); err != nil {
				return nil, fmt.Errorf("plan: merge %s: %w", s.col, err)
			}
		}
	}
	if err := f.SetPanes(sh, &excelize.Panes{Freeze: true, YSplit: 2, TopLeftCell: "A3", ActivePane: "bottomLeft"}); err != nil {
		return nil, fmt.Errorf("plan: freeze: %w", err)
	}
	orient, size, fit, one, zero := "landscape", 9, true, 1, 0
	if err := f.SetPageLayout(sh, &excelize.PageLayoutOptions{Orientation: &orient, Size: &size, FitToWidth: &one, FitToHeight: &zero}); err != nil {
		return nil, fmt.Errorf("plan: page layout: %w", err)
	}
	_ = f.SetSheetProps(sh, &excelize.SheetPropsOptions{FitToPage: &fit})
	_ = f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", RefersTo: "'" + sh + "'!$1:$2", Scope: sh})
	_ = f.SetHeaderFooter(sh, &excelize.HeaderFooterOptions{OddFooter: "&C第 &P 页，共 &N 页"})
	if row > 3 {
		_ = f.AutoFilter(sh, "A2:"+last+fmt.Sprint(row-1), nil)
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		return nil, fmt.Errorf("plan: write ledger: %w", err)
	}
	return buf.Bytes(), nil
}
