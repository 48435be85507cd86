package participation

import (
	"gongkai"
	"gongkai/internal/workday"
)

// RiskLevel is the conclusion grade of an opinion-risk assessment.
type RiskLevel string

// RiskLevels lists the grades for forms.
var RiskLevels = []RiskLevel{"low", "medium", "high"}

// Label is the grade's Chinese name.
func (l RiskLevel) Label() string {
	switch l {
	case "low":
		return "低风险"
	case "medium":
		return "中风险"
	case "high":
		return "高风险"
	}
	return string(l)
}

// RiskMethods are the usual assessment methods (free text is allowed too).
var RiskMethods = []string{"舆情监测分析", "问卷调查", "座谈论证", "专家评估", "部门会商"}

// Risk is a social-effect and opinion-risk assessment of a policy document
// before it is issued (seed task 10).
type Risk struct {
	DocumentID    int64
	DocumentTitle string
	AssessedOn    workday.Date
	Method        string
	Findings      string
	Level         RiskLevel
	Conclusion    string
	Assessor      string
}

// Validate checks an assessment and returns it trimmed.
func (r Risk) Validate(today workday.Date) (Risk, error) {
	if r.DocumentID <= 0 {
		return r, gongkai.Errorf(gongkai.EINVALID, "缺少文件编号：请从文件审核页面进入本表")
	}
	if r.AssessedOn.IsZero() {
		return r, gongkai.Errorf(gongkai.EINVALID, "请填写评估日期")
	}
	if r.AssessedOn.After(today) {
		return r, gongkai.Errorf(gongkai.EINVALID, "评估日期（%s）晚于今天，请填写已完成评估的日期", r.AssessedOn)
	}
	var err error
	if r.DocumentTitle, err = checkName("文件标题", r.DocumentTitle, 0, 200); err != nil {
		return r, err
	}
	if r.Method, err = checkText("评估方式", r.Method, 2, 200); err != nil {
		return r, err
	}
	if r.Findings, err = checkText("评估发现", r.Findings, 5, 10000); err != nil {
		return r, err
	}
	if r.Level != "low" && r.Level != "medium" && r.Level != "high" {
		return r, gongkai.Errorf(gongkai.EINVALID, "请选择风险等级：低、中或高")
	}
	if r.Conclusion, err = checkText("评估结论", r.Conclusion, 2, 2000); err != nil {
		return r, err
	}
	if r.Assessor, err = checkText("评估人", r.Assessor, 2, 60); err != nil {
		return r, err
	}
	return r, nil
}
