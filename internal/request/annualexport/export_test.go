package annualexport

import (
	"strings"
	"testing"

	"gongkai/internal/office"
	"gongkai/internal/request"
)

func sample() request.AnnualReport {
	t3, _ := request.ComputeTable3([]request.Bucket{{Applicant: request.Natural, Outcome: request.Partial, Closure: request.ClosedDuring, N: 2}})
	rep := request.AnnualReport{Year: 2023, Table3: t3, Table2: request.Table2{Permits: 4, FeesWan: "1.5"},
		Table4: request.Table4{Review: request.CaseCounts{Upheld: 1, Total: 1}}, Sections: request.Sections{One: "第一段\n第二段<b>"}}
	rep.RunCheck()
	return rep
}

func TestGridWidths(t *testing.T) {
	grids := map[string]struct {
		g     Grid
		width int
		rows  int
	}{
		"table2": {Table2(sample().Table2), 4, 14},
		"table3": {Table3(sample().Table3), 10, 28},
		"table4": {Table4(sample().Table4), 15, 4},
	}
	for name, tt := range grids {
		if len(tt.g) != tt.rows {
			t.Errorf("%s rows = %d; want %d", name, len(tt.g), tt.rows)
		}
		for i, row := range tt.g {
			w := 0
			for _, c := range row {
				w += c.ColSpan
			}
			if w != tt.width {
				t.Errorf("%s row %d width = %d; want %d", name, i, w, tt.width)
			}
		}
	}
}

func TestExports(t *testing.T) {
	rep := sample()
	h, err := HTML("兖州区教育和体育局", rep)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"三、收到和处理政府信息公开申请情况", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "四、结转下年度继续办理", "第二段&lt;b&gt;", "本年收费金额（单位：万元）"} {
		if !strings.Contains(string(h), want) {
			t.Errorf("HTML lacks %q", want)
		}
	}
	d, err := DOCX("兖州区教育和体育局", rep)
	if err != nil {
		t.Fatal(err)
	}
	paras, err := office.DocxText(d)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"兖州区教育和体育局2023年政府信息公开工作年度报告", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "复议后起诉"} {
		if !strings.Contains(strings.Join(paras, "\n"), want) {
			t.Errorf("DOCX lacks %q", want)
		}
	}
	x, err := XLSX("兖州区教育和体育局", rep)
	if err != nil {
		t.Fatal(err)
	}
	tables, err := office.ReadTables("r.xlsx", x)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, tb := range tables {
		for _, row := range tb.Rows {
			if len(row) > 3 && strings.HasPrefix(row[1].Text, "（二）部分公开") && row[3].Text == "2" {
				found = true
			}
		}
	}
	if !found {
		t.Error("XLSX: no row （二）部分公开 with 2 under 自然人")
	}
}
