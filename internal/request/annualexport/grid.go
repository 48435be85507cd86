// Package annualexport lays out the annual report (年度报告) in the national
// format of 2021 and writes it as HTML, .docx and .xlsx.
package annualexport

import (
	"strconv"

	"gongkai/internal/request"
)

// Cell is one cell of a laid-out table. A cell covered by a row span above
// it is present with Covered set (and the origin's ColSpan), so every row
// has the full width for writers that need it (docx vMerge).
type Cell struct {
	Text    string
	ColSpan int
	RowSpan int
	Header  bool
	Covered bool
	Left    bool // left-aligned label
}

// Grid is a table: rows of cells.
type Grid [][]Cell

func h(text string, colspan, rowspan int) Cell {
	return Cell{Text: text, ColSpan: max(colspan, 1), RowSpan: max(rowspan, 1), Header: true}
}
func cov(colspan int) Cell {
	return Cell{ColSpan: max(colspan, 1), RowSpan: 1, Covered: true, Header: true}
}
func num(n int) Cell { return Cell{Text: strconv.Itoa(n), ColSpan: 1, RowSpan: 1} }
func txt(s string, colspan int) Cell {
	return Cell{Text: s, ColSpan: max(colspan, 1), RowSpan: 1}
}
func label(s string, colspan, rowspan int) Cell {
	return Cell{Text: s, ColSpan: max(colspan, 1), RowSpan: max(rowspan, 1), Left: true}
}
func lcov(colspan int) Cell {
	return Cell{ColSpan: max(colspan, 1), RowSpan: 1, Covered: true, Left: true}
}

// Table2 lays out section 二's four blocks on a grid of four columns.
func Table2(t request.Table2) Grid {
	fees := t.FeesWan
	if fees == "" {
		fees = "0"
	}
	return Grid{
		{h("第二十条第（一）项", 4, 1)},
		{h("信息内容", 1, 1), h("本年制发件数", 1, 1), h("本年废止件数", 1, 1), h("现行有效件数", 1, 1)},
		{label("规章", 1, 1), num(t.Rules.Made), num(t.Rules.Repealed), num(t.Rules.InForce)},
		{label("行政规范性文件", 1, 1), num(t.Normative.Made), num(t.Normative.Repealed), num(t.Normative.InForce)},
		{h("第二十条第（五）项", 4, 1)},
		{h("信息内容", 1, 1), h("本年处理决定数量", 3, 1)},
		{label("行政许可", 1, 1), txt(strconv.Itoa(t.Permits), 3)},
		{h("第二十条第（六）项", 4, 1)},
		{h("信息内容", 1, 1), h("本年处理决定数量", 3, 1)},
		{label("行政处罚", 1, 1), txt(strconv.Itoa(t.Penalties), 3)},
		{label("行政强制", 1, 1), txt(strconv.Itoa(t.Enforcement), 3)},
		{h("第二十条第（八）项", 4, 1)},
		{h("信息内容", 1, 1), h("本年收费金额（单位：万元）", 3, 1)},
		{label("行政事业性收费", 1, 1), txt(fees, 3)},
	}
}

// Table3 lays out section 三's table: three label columns and seven
// numbers, labels verbatim.
func Table3(t request.Table3) Grid {
	g := Grid{
		{h(request.Table3Note, 3, 3), h("申请人情况", 7, 1)},
		{cov(3), h("自然人", 1, 2), h("法人或其他组织", 5, 1), h("总计", 1, 2)},
		{cov(3), cov(1), h("商业企业", 1, 1), h("科研机构", 1, 1), h("社会公益组织", 1, 1), h("法律服务机构", 1, 1), h("其他", 1, 1), cov(1)},
	}
	nums := func(row string) []Cell {
		out := make([]Cell, 0, 7)
		for _, c := range request.Table3Columns {
			out = append(out, num(t[row][c]))
		}
		return out
	}
	groupSize := map[string]int{}
	for _, r := range request.Table3Rows {
		if r.Group != "" {
			groupSize[r.Group]++
		}
	}
	resultRows := 0
	for _, r := range request.Table3Rows {
		if r.Code != request.RowNew && r.Code != request.RowCarriedOver && r.Code != request.RowCarriedForward {
			resultRows++
		}
	}
	first, prevGroup := true, ""
	for _, r := range request.Table3Rows {
		var row []Cell
		switch r.Code {
		case request.RowNew, request.RowCarriedOver, request.RowCarriedForward:
			row = []Cell{label(r.Label, 3, 1)}
		default:
			if first {
				row = append(row, label("三、本年度办理结果", 1, resultRows))
				first = false
			} else {
				row = append(row, lcov(1))
			}
			switch {
			case r.Group == "":
				row = append(row, label(r.Label, 2, 1))
			case r.Group != prevGroup:
				row = append(row, label(r.Group, 1, groupSize[r.Group]), label(r.Label, 1, 1))
			default:
				row = append(row, lcov(1), label(r.Label, 1, 1))
			}
			prevGroup = r.Group
		}
		g = append(g, append(row, nums(r.Code)...))
	}
	return g
}

// Table4 lays out section 四's table of 15 numbers.
func Table4(t request.Table4) Grid {
	res := []string{"结果维持", "结果纠正", "其他结果", "尚未审结", "总计"}
	row2 := []Cell{}
	for _, r := range res {
		row2 = append(row2, h(r, 1, 2))
	}
	row2 = append(row2, h("未经复议直接起诉", 5, 1), h("复议后起诉", 5, 1))
	row3 := []Cell{cov(1), cov(1), cov(1), cov(1), cov(1)}
	for range 2 {
		for _, r := range res {
			row3 = append(row3, h(r, 1, 1))
		}
	}
	var data []Cell
	for _, c := range []request.CaseCounts{t.Review, t.LitigationDirect, t.LitigationAfterReview} {
		data = append(data, num(c.Upheld), num(c.Corrected), num(c.Other), num(c.Pending), num(c.Total))
	}
	return Grid{{h("行政复议", 5, 1), h("行政诉讼", 10, 1)}, row2, row3, data}
}
