package participation

import (
	"slices"

	"gongkai"
	"gongkai/internal/workday"
)

// DefaultEvaluationQuota is the yearly minimum of policy evaluations per
// department.
const DefaultEvaluationQuota = 2

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
