package request

import (
	"strings"
	"testing"
)

func TestTable3Labels(t *testing.T) {
	if len(Table3Rows) != 25 {
		t.Fatalf("rows = %d; want 25", len(Table3Rows))
	}
	want := map[string]string{
		"new":                   "一、本年新收政府信息公开申请数量",
		"partial":               "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
		"withheld_security":     "3.危及“三安全一稳定”",
		"unavailable_unclear":   "3.补正后申请内容仍不明确",
		"rejected_confirmation": "5.要求行政机关确认或重新出具已获取信息",
		"other_no_fee":          "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
		"carried_forward":       "四、结转下年度继续办理",
	}
	for _, r := range Table3Rows {
		if w, ok := want[r.Code]; ok && r.Label != w {
			t.Errorf("label of %s = %q; want %q", r.Code, r.Label, w)
		}
	}
}

func TestComputeTable3(t *testing.T) {
	buckets := []Bucket{
		{Applicant: Natural, Outcome: Partial, Closure: ClosedDuring, N: 3},
		{Applicant: Natural, Closure: OpenAtEnd, N: 2},
		{Applicant: Natural, ReceivedOld: true, Outcome: Disclosed, Closure: ClosedDuring, N: 1},
		{Applicant: Natural, ReceivedOld: true, Outcome: Disclosed, Closure: ClosedBefore, N: 9}, // last year's business
		{Applicant: Commercial, Outcome: OtherNoCorrection, Closure: ClosedDuring, N: 1},
		{Applicant: LegalService, ReceivedOld: true, Closure: OpenAtEnd, N: 1},
	}
	tab, err := ComputeTable3(buckets)
	if err != nil {
		t.Fatal(err)
	}
	cells := []struct {
		row, col string
		want     int
	}{
		{"new", "natural", 5}, {"carried_over", "natural", 1}, {"partial", "natural", 3}, {"disclosed", "natural", 1},
		{"total", "natural", 4}, {"carried_forward", "natural", 2},
		{"new", "commercial", 1}, {"other_no_correction", "commercial", 1},
		{"carried_over", "legal_service", 1}, {"carried_forward", "legal_service", 1},
		{"new", "total", 6}, {"total", "total", 5}, {"carried_forward", "total", 3},
	}
	for _, c := range cells {
		if got := tab[c.row][c.col]; got != c.want {
			t.Errorf("table3[%s][%s] = %d; want %d", c.row, c.col, got, c.want)
		}
	}
	if errs := tab.Check(); len(errs) != 0 {
		t.Errorf("Check() = %q; want none", errs)
	}
	tab["partial"]["natural"]++
	tab["total"]["natural"]++
	errs := tab.Check()
	if len(errs) == 0 || !strings.Contains(errs[0], "自然人") {
		t.Errorf("Check() after breaking = %q; want a message about 自然人", errs)
	}
	if _, err := ComputeTable3([]Bucket{{Applicant: "person", N: 1}}); err == nil {
		t.Error("unknown applicant: got no error; want one")
	}
}

func TestComputeTable4(t *testing.T) {
	got := ComputeTable4([]CaseBucket{{Review, Upheld, 2}, {Review, Pending, 1}, {LitigationAfterReview, Corrected, 1}})
	if got.Review.Total != 3 || got.Review.Upheld != 2 || got.Review.Pending != 1 || got.LitigationAfterReview.Corrected != 1 || got.LitigationDirect.Total != 0 {
		t.Errorf("ComputeTable4 = %+v; want review 2 upheld + 1 pending, after-review 1 corrected", got)
	}
}

func TestNumbersCoverEveryCell(t *testing.T) {
	r := AnnualReport{Year: 2023, Table3: NewTable3()}
	r.Table3[RowNew][ColTotal] = 7
	ns := r.Numbers()
	if want := 3*2 + 4 + len(Table3Rows)*len(Table3Columns) + 15; len(ns) != want {
		t.Fatalf("%d numbers; want %d", len(ns), want)
	}
	found := false
	for _, n := range ns {
		if n.Row == "一、本年新收政府信息公开申请数量" && n.Column == "总计" && n.Value == "7" && n.Year == 2023 {
			found = true
		}
	}
	if !found {
		t.Error("the total of new applications is not among the numbers")
	}
}
