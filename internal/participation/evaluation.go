package participation

import (
	"fmt"
	"slices"

	"gongkai"
	"gongkai/internal/workday"
)

// DefaultEvaluationQuota is the yearly minimum of policy evaluations (seed
// tasks 15–16: «部门每年开展专题性政策评价原则上不少于2次»).
const DefaultEvaluationQuota = 2

// QuotaScope is what the yearly quota counts. The notice asks it of the
// 部门 — the bureau as a whole — so that is the default; a bureau that
// wants each 科室 to evaluate its own policies chooses per department.
type QuotaScope string

// The scopes.
const (
	ScopeBureau     QuotaScope = "bureau"     // 全局合计 (default)
	ScopeDepartment QuotaScope = "department" // 每个科室
)

// QuotaScopes lists the scopes for forms.
var QuotaScopes = []QuotaScope{ScopeBureau, ScopeDepartment}

// Label is the Chinese name.
func (s QuotaScope) Label() string {
	if s == ScopeDepartment {
		return "每个科室分别计算"
	}
	return "全局合计（各科室的评价合计）"
}

// Valid reports whether s is a known scope.
func (s QuotaScope) Valid() bool { return s == ScopeBureau || s == ScopeDepartment }

// BureauRow is the name of the one row of the bureau scope.
const BureauRow = "全局合计"

// QuotaRule states the quota and its warning thresholds as QuotaState
// applies them, for the page.
func QuotaRule(quota int, scope QuotaScope, year int) string {
	who := "全局（各科室合计）"
	if scope == ScopeDepartment {
		who = "每个科室"
	}
	return fmt.Sprintf("%s每年开展政策评价不少于 %d 次，结果在年底前公开。状态：达到 %d 次为“已完成”；%d 年 1–6 月未达到为“进行中”；7–11 月仍未达到为“进度落后”（黄色提醒）；12 月起及年度结束后仍未达到为“逾期”（红色警示）。",
		who, quota, quota, year)
}

// Aspects are what a policy evaluation looks at.
var Aspects = []string{"执行标准", "适用范围", "使用情况", "取得成效", "存在问题"}

// EvalMethods are the ways a policy is evaluated.
var EvalMethods = []string{"政府开放日", "征集调查", "专题座谈", "重点访谈", "舆情监测", "网络问政"}

// Evaluation is one policy evaluation of a department.
type Evaluation struct {
	UnitID   int64
	Year     int
	Policy   string
	Aspects  []string
	Methods  []string
	Findings string
	Measures string
}

// Validate checks an evaluation and returns it trimmed.
func (e Evaluation) Validate() (Evaluation, error) {
	if e.UnitID == 0 {
		return e, gongkai.Errorf(gongkai.EINVALID, "请选择开展评价的科室")
	}
	if e.Year < 2000 || e.Year > 2100 {
		return e, gongkai.Errorf(gongkai.EINVALID, "年度“%d”无效", e.Year)
	}
	var err error
	if e.Policy, err = checkName("评价的政策", e.Policy, 4, 200); err != nil {
		return e, err
	}
	if len(e.Aspects) == 0 {
		return e, gongkai.Errorf(gongkai.EINVALID, "请至少勾选一个评价方面（执行标准、适用范围、使用情况、取得成效、存在问题）")
	}
	for _, a := range e.Aspects {
		if !slices.Contains(Aspects, a) {
			return e, gongkai.Errorf(gongkai.EINVALID, "未知的评价方面“%s”", a)
		}
	}
	if len(e.Methods) == 0 {
		return e, gongkai.Errorf(gongkai.EINVALID, "请至少勾选一种评价方式")
	}
	for _, m := range e.Methods {
		if !slices.Contains(EvalMethods, m) {
			return e, gongkai.Errorf(gongkai.EINVALID, "未知的评价方式“%s”", m)
		}
	}
	if e.Findings, err = checkText("评价发现", e.Findings, 5, 10000); err != nil {
		return e, err
	}
	if e.Measures, err = checkText("改进措施", e.Measures, 2, 10000); err != nil {
		return e, err
	}
	return e, nil
}

// QuotaState is a department's standing against the yearly quota on a day:
// met, behind (warn) while the year runs, overdue after 1 December (the
// results must be published before the year ends).
func QuotaState(done, quota int, year int, today workday.Date) State {
	if quota <= 0 {
		quota = DefaultEvaluationQuota
	}
	if done >= quota {
		return StateMet
	}
	if today.Year > year || (today.Year == year && today.Month == 12) {
		return StateOverdue
	}
	if today.Year == year && today.Month >= 7 {
		return StateDueSoon
	}
	return StateOpen
}
