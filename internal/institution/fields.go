package institution

import (
	"fmt"
	"strconv"
	"strings"

	"gongkai/internal/disclosure"
	"gongkai/internal/workday"
)

// Field is one field of a record as people see it: its key, its Chinese
// label, whether a kind has it, and its value as text.
type Field struct {
	Key   string
	Label string
	Kinds []Kind // nil: both
	Value func(r Record) string
}

func dateText(d workday.Date) string { return d.String() }

func feesText(fs []Fee) string {
	var parts []string
	for _, f := range fs {
		parts = append(parts, fmt.Sprintf("%s：%s（%s）", f.Item, f.Standard, f.Basis))
	}
	return strings.Join(parts, "；")
}

func inspectionsText(is []Inspection) string {
	var parts []string
	for _, in := range is {
		s := fmt.Sprintf("%d年度：%s", in.Year, in.Result)
		if !in.Date.IsZero() {
			s += "（" + in.Date.String() + "）"
		}
		if in.Note != "" {
			s += " " + in.Note
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, "；")
}

func sanctionsText(ss []Sanction) string {
	var parts []string
	for _, s := range ss {
		p := fmt.Sprintf("%s %s：%s", s.Date, s.Kind, s.Content)
		if s.Authority != "" {
			p += "（" + s.Authority + "）"
		}
		parts = append(parts, p)
	}
	return strings.Join(parts, "；")
}

var onlySchool, onlyTraining = []Kind{KindSchool}, []Kind{KindTraining}

// Fields lists every field in display order.
var Fields = []Field{
	{"name", "名称", nil, func(r Record) string { return r.Name }},
	{"credit_code", "统一社会信用代码", nil, func(r Record) string { return r.CreditCode }},
	{"licence_no", "办学许可证号", nil, func(r Record) string { return r.LicenceNo }},
	{"licence_from", "办学许可证有效期起", nil, func(r Record) string { return dateText(r.LicenceFrom) }},
	{"licence_until", "办学许可证有效期止", nil, func(r Record) string { return dateText(r.LicenceUntil) }},
	{"sponsor", "举办者", onlySchool, func(r Record) string { return r.Sponsor }},
	{"level", "办学层次", onlySchool, func(r Record) string { return r.Level }},
	{"school_type", "办学类型", onlySchool, func(r Record) string { return r.SchoolType }},
	{"category", "培训类别", onlyTraining, func(r Record) string { return r.Category }},
	{"district", "所在镇街", nil, func(r Record) string { return r.District }},
	{"address", "地址", nil, func(r Record) string { return r.Address }},
	{"principal", "校长（负责人）", nil, func(r Record) string { return r.Principal }},
	{"phone", "联系电话", nil, func(r Record) string { return r.Phone }},
	{"approved_enrolment", "核定招生规模", onlySchool, func(r Record) string {
		if r.Enrolment == 0 {
			return ""
		}
		return strconv.Itoa(r.Enrolment) + " 人"
	}},
	{"admission_brochure", "招生简章", onlySchool, func(r Record) string { return r.Brochure }},
	{"admission_filing_no", "招生简章备案号", onlySchool, func(r Record) string { return r.BrochureNo }},
	{"fees", "收费项目和标准", nil, func(r Record) string { return feesText(r.Fees) }},
	{"supervision_bank", "预收费监管银行", onlyTraining, func(r Record) string { return r.SupervisionBank }},
	{"supervision_account", "预收费监管账户", onlyTraining, func(r Record) string { return r.SupervisionAccount }},
	{"list", "名单状态", onlyTraining, func(r Record) string { return r.List.Label() }},
	{"list_date", "列入名单日期", onlyTraining, func(r Record) string { return dateText(r.ListDate) }},
	{"list_reason", "列入名单原因", onlyTraining, func(r Record) string { return r.ListReason }},
	{"inspections", "年检（年度报告）结果", nil, func(r Record) string { return inspectionsText(r.Inspections) }},
	{"commitment", "公开承诺", nil, func(r Record) string { return r.Commitment }},
	{"sanctions", "奖惩情况", nil, func(r Record) string { return sanctionsText(r.Sanctions) }},
}

// Has reports whether records of kind k have the field.
func (f Field) Has(k Kind) bool {
	if f.Kinds == nil {
		return true
	}
	for _, x := range f.Kinds {
		if x == k {
			return true
		}
	}
	return false
}

// FieldLabel is the Chinese label of a field key.
func FieldLabel(key string) string {
	for _, f := range Fields {
		if f.Key == key {
			return f.Label
		}
	}
	return key
}

// Change is one field changed between two versions, for the history.
type Change struct {
	Field  string `json:"field"`
	Label  string `json:"label"`
	Before string `json:"before"`
	After  string `json:"after"`
}

// Diff lists the fields of after that differ from before (a zero before:
// everything after has).
func Diff(before, after Record) []Change {
	var out []Change
	for _, f := range Fields {
		if !f.Has(after.Kind) {
			continue
		}
		b, a := f.Value(before), f.Value(after)
		if before.Kind == "" {
			b = ""
		}
		if a != b {
			out = append(out, Change{Field: f.Key, Label: f.Label, Before: b, After: a})
		}
	}
	return out
}

// Texts are the texts of a record that become public, for the
// publication gate: every field of its kind that holds text.
func Texts(r Record) []disclosure.Text {
	var out []disclosure.Text
	for _, f := range Fields {
		if !f.Has(r.Kind) {
			continue
		}
		switch f.Key {
		case "licence_from", "licence_until", "list_date", "approved_enrolment", "list":
			continue
		}
		if v := f.Value(r); v != "" {
			out = append(out, disclosure.Text{Source: "institution", Field: f.Key, FieldLabel: f.Label, Text: v})
		}
	}
	return out
}

// Summary is what lists show of an institution.
type Summary struct {
	ID     int64
	Status Status
	Record Record
}

// Status is where an institution stands in the registry.
type Status string

const (
	StatusDraft     Status = "draft"     // entered, never passed review: not public
	StatusPublished Status = "published" // public (a later change may wait for review)
	StatusWithdrawn Status = "withdrawn" // taken off the portal
)

// Label is the Chinese name of the status.
func (s Status) Label() string {
	switch s {
	case StatusDraft:
		return "未公开（待审核）"
	case StatusPublished:
		return "已公开"
	case StatusWithdrawn:
		return "已撤下"
	}
	return string(s)
}

// URL is the portal address of institution id.
func URL(id int64) string { return "/institutions/" + strconv.FormatInt(id, 10) }
