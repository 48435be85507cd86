package request

import "strconv"

// Number is one figure of a published annual report, for open data: the
// table (二、三、四), the row and the column as the national format labels
// them, and the value.
type Number struct {
	Year   int    `json:"year"`
	Table  string `json:"table"`
	Row    string `json:"row"`
	Column string `json:"column"`
	Value  string `json:"value"`
}

// Numbers lists every figure of the report's tables 二, 三 and 四 in the
// national format's order.
func (r AnnualReport) Numbers() []Number {
	var out []Number
	add := func(table, row, col string, v string) {
		out = append(out, Number{Year: r.Year, Table: table, Row: row, Column: col, Value: v})
	}
	n := strconv.Itoa
	const t2 = "二、主动公开政府信息情况"
	for _, d := range []struct {
		row string
		v   DocRow
	}{{"规章", r.Table2.Rules}, {"行政规范性文件", r.Table2.Normative}} {
		add(t2, d.row, "本年制发件数", n(d.v.Made))
		add(t2, d.row, "本年废止件数", n(d.v.Repealed))
		add(t2, d.row, "现行有效件数", n(d.v.InForce))
	}
	add(t2, "行政许可", "本年处理决定数量", n(r.Table2.Permits))
	add(t2, "行政处罚", "本年处理决定数量", n(r.Table2.Penalties))
	add(t2, "行政强制", "本年处理决定数量", n(r.Table2.Enforcement))
	add(t2, "行政事业性收费", "本年收费金额（单位：万元）", r.Table2.FeesWan)
	const t3 = "三、收到和处理政府信息公开申请情况"
	for _, row := range Table3Rows {
		label := row.Label
		if row.Group != "" {
			label = row.Group + " " + row.Label
		}
		for _, c := range Table3Columns {
			col := "总计"
			if c != ColTotal {
				col = ApplicantType(c).Label()
			}
			add(t3, label, col, n(r.Table3[row.Code][c]))
		}
	}
	const t4 = "四、政府信息公开行政复议、行政诉讼情况"
	for _, b := range []struct {
		row string
		c   CaseCounts
	}{{"行政复议", r.Table4.Review}, {"行政诉讼 未经复议直接起诉", r.Table4.LitigationDirect}, {"行政诉讼 复议后起诉", r.Table4.LitigationAfterReview}} {
		add(t4, b.row, "结果维持", n(b.c.Upheld))
		add(t4, b.row, "结果纠正", n(b.c.Corrected))
		add(t4, b.row, "其他结果", n(b.c.Other))
		add(t4, b.row, "尚未审结", n(b.c.Pending))
		add(t4, b.row, "总计", n(b.c.Total))
	}
	return out
}
