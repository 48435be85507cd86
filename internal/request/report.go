package request

import "time"

// Table2 is the table of section 二 (主动公开政府信息情况). Rules and
// normative documents come from the documents; the other rows are
// entered by hand (the system holds no data on them).
type Table2 struct {
	Rules       DocRow `json:"rules"`       // 规章
	Normative   DocRow `json:"normative"`   // 行政规范性文件
	Permits     int    `json:"permits"`     // 行政许可 本年处理决定数量
	Penalties   int    `json:"penalties"`   // 行政处罚
	Enforcement int    `json:"enforcement"` // 行政强制
	FeesWan     string `json:"fees_wan"`    // 行政事业性收费 本年收费金额（单位：万元）
}

// DocRow is 本年制发件数 / 本年废止件数 / 现行有效件数.
type DocRow struct {
	Made     int `json:"made"`
	Repealed int `json:"repealed"`
	InForce  int `json:"in_force"`
}

// Sections are the narrative parts edited in the console.
type Sections struct {
	One  string `json:"one"`  // 一、总体情况
	Five string `json:"five"` // 五、存在的主要问题及改进情况
	Six  string `json:"six"`  // 六、其他需要报告的事项
}

// CheckResult says whether the report passes the cross-check.
type CheckResult struct {
	OK     bool     `json:"ok"`
	Errors []string `json:"errors"`
}

// AnnualReport is the whole report of a year.
type AnnualReport struct {
	Year        int         `json:"year"`
	Table2      Table2      `json:"table2"`
	Table3      Table3      `json:"table3"`
	Table4      Table4      `json:"table4"`
	Sections    Sections    `json:"sections"`
	Check       CheckResult `json:"check"`
	PublishedAt *time.Time  `json:"published_at,omitempty"`
	PublishedBy string      `json:"published_by,omitempty"`
}

// RunCheck fills Check from Table3.
func (r *AnnualReport) RunCheck() {
	errs := r.Table3.Check()
	r.Check = CheckResult{OK: len(errs) == 0, Errors: errs}
	if r.Check.Errors == nil {
		r.Check.Errors = []string{}
	}
}

// Section titles of the national format, in order.
var SectionTitles = []string{
	"一、总体情况",
	"二、主动公开政府信息情况",
	"三、收到和处理政府信息公开申请情况",
	"四、政府信息公开行政复议、行政诉讼情况",
	"五、存在的主要问题及改进情况",
	"六、其他需要报告的事项",
}

// Table3Note is the corner cell of table 三.
const Table3Note = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
