package inspect

import (
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"

	"gongkai/internal/office"
)

// Title is the heading of an exported report.
func Title(org string) string {
	if org == "" {
		return "网站自查报告"
	}
	return org + "网站自查报告"
}

// summary is the report's conclusion in one sentence.
func summary(r Report) string {
	at := r.InspectedAt.In(cst).Format("2006年1月2日 15:04")
	if r.Passed {
		return fmt.Sprintf("检查时间：%s。结论：单项否决指标均未触发（%d 项不合格的扣分指标见下表）。", at, r.Failures())
	}
	var labels []string
	for _, c := range r.Vetoes {
		labels = append(labels, Def(c).Label)
	}
	return fmt.Sprintf("检查时间：%s。结论：不合格，触发单项否决指标 %d 项：%s。", at, len(r.Vetoes), strings.Join(labels, "、"))
}

func findingsText(it Item) string {
	if len(it.Findings) == 0 {
		return "无"
	}
	var b strings.Builder
	for i, f := range it.Findings {
		if i > 0 {
			b.WriteByte('\n')
		}
		fmt.Fprintf(&b, "%d. %s", i+1, f.Detail)
		if f.URL != "" {
			fmt.Fprintf(&b, "（%s）", f.URL)
		}
	}
	return b.String()
}

// XLSX writes the report as a workbook: one row per item in the national
// order (指标、类型、检查规则、结果、问题及页面).
func XLSX(org string, r Report) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	sh := "网站自查"
	if err := f.SetSheetName("Sheet1", sh); err != nil {
		return nil, fmt.Errorf("inspect: sheet: %w", err)
	}
	set := func(c, row int, v any) {
		cell, _ := excelize.CoordinatesToCellName(c, row)
		_ = f.SetCellValue(sh, cell, v)
	}
	set(1, 1, Title(org))
	_ = f.MergeCell(sh, "A1", "F1")
	set(1, 2, summary(r))
	_ = f.MergeCell(sh, "A2", "F2")
	ts, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 16}, Alignment: &excelize.Alignment{Horizontal: "center"}})
	_ = f.SetCellStyle(sh, "A1", "F1", ts)
	border := []excelize.Border{{Type: "left", Color: "000000", Style: 1}, {Type: "right", Color: "000000", Style: 1},
		{Type: "top", Color: "000000", Style: 1}, {Type: "bottom", Color: "000000", Style: 1}}
	hs, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Border: border, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9E1F2"}},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"}})
	cs, _ := f.NewStyle(&excelize.Style{Border: border, Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}})
	bad, _ := f.NewStyle(&excelize.Style{Border: border, Font: &excelize.Font{Bold: true, Color: "C00000"}, Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}})
	cols := []struct {
		t string
		w float64
	}{{"序号", 6}, {"检查指标", 16}, {"类型", 10}, {"检查规则", 40}, {"结果", 16}, {"发现的问题及页面", 80}}
	for j, c := range cols {
		set(j+1, 3, c.t)
		name, _ := excelize.ColumnNumberToName(j + 1)
		_ = f.SetColWidth(sh, name, name, c.w)
	}
	_ = f.SetCellStyle(sh, "A3", "F3", hs)
	for i, it := range r.Items {
		row := i + 4
		kind := "扣分指标"
		if it.Veto {
			kind = "单项否决"
		}
		set(1, row, i+1)
		set(2, row, it.Label)
		set(3, row, kind)
		set(4, row, Def(it.Code).Rule)
		set(5, row, it.State())
		set(6, row, findingsText(it))
		a, _ := excelize.CoordinatesToCellName(1, row)
		z, _ := excelize.CoordinatesToCellName(6, row)
		_ = f.SetCellStyle(sh, a, z, cs)
		if it.Failed() {
			e, _ := excelize.CoordinatesToCellName(5, row)
			_ = f.SetCellStyle(sh, e, e, bad)
		}
	}
	_ = f.SetPageLayout(sh, &excelize.PageLayoutOptions{Orientation: strPtr("landscape")})
	buf, err := f.WriteToBuffer()
	if err != nil {
		return nil, fmt.Errorf("inspect: xlsx: %w", err)
	}
	return buf.Bytes(), nil
}

func strPtr(s string) *string { return &s }

// DOCX writes the report as a document for the bureau's 自查报告: the
// conclusion, a table of the items in the national order, then each
// failed item's findings.
func DOCX(org string, r Report) ([]byte, error) {
	w := office.NewDocxWriter()
	w.Heading(1, Title(org))
	w.Paragraph(summary(r))
	w.Paragraph("依据：《政府网站与政务新媒体检查指标》（国办秘函〔2019〕19号）。")
	rows := make([][]office.TableCell, 0, len(r.Items))
	for i, it := range r.Items {
		kind := "扣分指标"
		if it.Veto {
			kind = "单项否决"
		}
		rows = append(rows, []office.TableCell{{Text: fmt.Sprint(i + 1)}, {Text: it.Label, Align: "left"}, {Text: kind},
			{Text: it.State(), Bold: it.Failed()}, {Text: fmt.Sprint(len(it.Findings))}})
	}
	w.Table([]string{"序号", "检查指标", "类型", "结果", "问题数"}, rows)
	n := 0
	for _, it := range r.Items {
		if len(it.Findings) == 0 {
			continue
		}
		n++
		w.Heading(2, fmt.Sprintf("%s、%s（%s）", cnNum(n), it.Label, it.State()))
		for j, f := range it.Findings {
			if j == 200 {
				w.Paragraph(fmt.Sprintf("……共 %d 条，其余见电子表格。", len(it.Findings)))
				break
			}
			line := fmt.Sprintf("%d. %s", j+1, f.Detail)
			if f.URL != "" {
				line += "（" + f.URL + "）"
			}
			w.Paragraph(line)
		}
	}
	return w.Bytes()
}

func cnNum(n int) string {
	digits := []string{"零", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"}
	if n <= 10 {
		return digits[n]
	}
	if n < 20 {
		return "十" + digits[n-10]
	}
	return fmt.Sprint(n)
}
