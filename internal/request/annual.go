package request

import "fmt"

// Row codes of table 三 besides the 22 outcomes.
const (
	RowNew            = "new"
	RowCarriedOver    = "carried_over"
	RowTotal          = "total"
	RowCarriedForward = "carried_forward"
	ColTotal          = "total"
)

// Table3Row is one row of table 三 with its labels as printed.
type Table3Row struct {
	Code  string
	Group string // rowspan label: 三、本年度办理结果 > （三）不予公开 …; empty for 一、二、四
	Label string
}

// Table3Rows lists the 25 rows in order with their labels verbatim from
// the national format.
var Table3Rows = func() []Table3Row {
	rows := []Table3Row{
		{RowNew, "", "一、本年新收政府信息公开申请数量"},
		{RowCarriedOver, "", "二、上年结转政府信息公开申请数量"},
	}
	for _, o := range Outcomes {
		g := o.Group
		if g == o.Label {
			g = ""
		}
		rows = append(rows, Table3Row{string(o.Code), g, o.Label})
	}
	return append(rows,
		Table3Row{RowTotal, "", "（七）总计"},
		Table3Row{RowCarriedForward, "", "四、结转下年度继续办理"})
}()

// Table3Columns lists the column codes in order (six applicant kinds and
// the total).
var Table3Columns = []string{string(Natural), string(Commercial), string(Research), string(PublicInterest), string(LegalService), string(OtherOrg), ColTotal}

// Table3 is ROW → COLUMN → count.
type Table3 map[string]map[string]int

// NewTable3 returns a table with every cell at zero.
func NewTable3() Table3 {
	t := Table3{}
	for _, r := range Table3Rows {
		t[r.Code] = map[string]int{}
		for _, c := range Table3Columns {
			t[r.Code][c] = 0
		}
	}
	return t
}

// Closure says when a request was finished relative to the report year.
type Closure int

// Closures.
const (
	ClosedBefore Closure = iota // before the year: not in this report
	ClosedDuring                // in the year: counted in its outcome row
	OpenAtEnd                   // open at the end of the year (or closed later): carried forward
)

// Bucket is a count of requests alike for the report: the store groups
// them in SQL so the report over 100,000 requests reads a few rows.
type Bucket struct {
	Applicant   ApplicantType
	Outcome     Outcome // when ClosedDuring
	ReceivedOld bool    // received before the year
	Closure     Closure
	N           int
}

// ComputeTable3 builds table 三 for a year from buckets of requests
// received on or before the year's end. Errors name a bucket the format
// cannot hold (an unknown applicant type or outcome).
func ComputeTable3(buckets []Bucket) (Table3, error) {
	t := NewTable3()
	for _, b := range buckets {
		if !b.Applicant.Valid() {
			return nil, fmt.Errorf("request: annual: unknown applicant type %q", b.Applicant)
		}
		if b.ReceivedOld && b.Closure == ClosedBefore {
			continue
		}
		col := string(b.Applicant)
		if b.ReceivedOld {
			t[RowCarriedOver][col] += b.N
		} else {
			t[RowNew][col] += b.N
		}
		switch b.Closure {
		case ClosedDuring:
			if !b.Outcome.Valid() {
				return nil, fmt.Errorf("request: annual: unknown outcome %q", b.Outcome)
			}
			t[string(b.Outcome)][col] += b.N
			t[RowTotal][col] += b.N
		default:
			t[RowCarriedForward][col] += b.N
		}
	}
	t.fillTotals()
	return t, nil
}

func (t Table3) fillTotals() {
	for _, r := range Table3Rows {
		sum := 0
		for _, c := range Table3Columns[:6] {
			sum += t[r.Code][c]
		}
		t[r.Code][ColTotal] = sum
	}
}

// Check verifies the format's cross-checks and returns one Chinese message
// per broken rule (none: the table may be published):
// 一 + 二 = （七）总计 + 四 per column; （七）总计 = the 22 leaf rows;
// 总计 column = the six applicant columns; no negative cell.
func (t Table3) Check() []string {
	var errs []string
	label := map[string]string{}
	for _, c := range ApplicantTypes {
		label[string(c.Code)] = c.Label
	}
	label[ColTotal] = "总计"
	for _, c := range Table3Columns {
		for _, r := range Table3Rows {
			if t[r.Code][c] < 0 {
				errs = append(errs, fmt.Sprintf("“%s”行“%s”列为负数", r.Label, label[c]))
			}
		}
		in := t[RowNew][c] + t[RowCarriedOver][c]
		out := t[RowTotal][c] + t[RowCarriedForward][c]
		if in != out {
			errs = append(errs, fmt.Sprintf("“%s”列：一（%d）+ 二（%d）= %d，不等于（七）总计（%d）+ 四（%d）= %d",
				label[c], t[RowNew][c], t[RowCarriedOver][c], in, t[RowTotal][c], t[RowCarriedForward][c], out))
		}
		leaves := 0
		for _, o := range Outcomes {
			leaves += t[string(o.Code)][c]
		}
		if leaves != t[RowTotal][c] {
			errs = append(errs, fmt.Sprintf("“%s”列：（七）总计 %d 不等于各项办理结果之和 %d", label[c], t[RowTotal][c], leaves))
		}
	}
	for _, r := range Table3Rows {
		sum := 0
		for _, c := range Table3Columns[:6] {
			sum += t[r.Code][c]
		}
		if sum != t[r.Code][ColTotal] {
			errs = append(errs, fmt.Sprintf("“%s”行：总计列 %d 不等于六类申请人之和 %d", r.Label, t[r.Code][ColTotal], sum))
		}
	}
	return errs
}

// CaseKind is the kind of a challenge against a reply (table 四).
type CaseKind string

// Case kinds.
const (
	Review                CaseKind = "review"                  // 行政复议
	LitigationDirect      CaseKind = "litigation_direct"       // 未经复议直接起诉
	LitigationAfterReview CaseKind = "litigation_after_review" // 复议后起诉
)

// CaseKinds lists the kinds with their labels.
var CaseKinds = []struct {
	Code  CaseKind
	Label string
}{
	{Review, "行政复议"},
	{LitigationDirect, "行政诉讼（未经复议直接起诉）"},
	{LitigationAfterReview, "行政诉讼（复议后起诉）"},
}

// Valid reports whether k is a known kind.
func (k CaseKind) Valid() bool {
	return k == Review || k == LitigationDirect || k == LitigationAfterReview
}

// Label is the kind's name.
func (k CaseKind) Label() string {
	for _, c := range CaseKinds {
		if c.Code == k {
			return c.Label
		}
	}
	return string(k)
}

// CaseResult is how a case ended.
type CaseResult string

// Results; Pending while undecided.
const (
	Upheld    CaseResult = "upheld"    // 结果维持
	Corrected CaseResult = "corrected" // 结果纠正
	OtherRes  CaseResult = "other"     // 其他结果
	Pending   CaseResult = "pending"   // 尚未审结
)

// CaseResults lists the results with their labels (table 四 columns).
var CaseResults = []struct {
	Code  CaseResult
	Label string
}{
	{Upheld, "结果维持"}, {Corrected, "结果纠正"}, {OtherRes, "其他结果"}, {Pending, "尚未审结"},
}

// Valid reports whether r is a known result.
func (r CaseResult) Valid() bool {
	return r == Upheld || r == Corrected || r == OtherRes || r == Pending
}

// Label is the result's name.
func (r CaseResult) Label() string {
	for _, c := range CaseResults {
		if c.Code == r {
			return c.Label
		}
	}
	return string(r)
}

// CaseCounts is one block of table 四.
type CaseCounts struct {
	Upheld    int `json:"upheld"`
	Corrected int `json:"corrected"`
	Other     int `json:"other"`
	Pending   int `json:"pending"`
	Total     int `json:"total"`
}

// Table4 is table 四: 15 numbers in three blocks.
type Table4 struct {
	Review                CaseCounts `json:"review"`
	LitigationDirect      CaseCounts `json:"litigation_direct"`
	LitigationAfterReview CaseCounts `json:"litigation_after_review"`
}

// CaseBucket counts cases of one kind with one result as of the year's end.
type CaseBucket struct {
	Kind   CaseKind
	Result CaseResult // Pending when undecided at the end of the year
	N      int
}

// ComputeTable4 builds table 四 from cases filed in the year.
func ComputeTable4(buckets []CaseBucket) Table4 {
	var t Table4
	for _, b := range buckets {
		var c *CaseCounts
		switch b.Kind {
		case Review:
			c = &t.Review
		case LitigationDirect:
			c = &t.LitigationDirect
		case LitigationAfterReview:
			c = &t.LitigationAfterReview
		default:
			continue
		}
		switch b.Result {
		case Upheld:
			c.Upheld += b.N
		case Corrected:
			c.Corrected += b.N
		case OtherRes:
			c.Other += b.N
		default:
			c.Pending += b.N
		}
		c.Total += b.N
	}
	return t
}
