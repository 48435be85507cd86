// Package institution holds the registry of private schools (民办学校) and
// off-campus training institutions (校外培训机构) that seed task 2 asks the
// bureau to disclose: licences, fees with their approving documents,
// admission brochures, yearly inspections, commitments, rewards and
// penalties, and the white and black lists. It is pure: the record, its
// rules (Validate), what changed between two versions (Diff), the texts the
// publication gate checks (Texts), the alarms (alarm.go) and the workbook
// the office imports and exports (workbook.go). Every change is reviewed
// before it is public; the store keeps the versions.
package institution

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"gongkai"
	"gongkai/internal/auth"
	"gongkai/internal/workday"
)

// MayEdit says who may enter, import and withdraw institutions: the office
// (政务公开办), and the program itself (the command line, the demo). What
// they enter is public only after the reviewer passes it.
func MayEdit(a auth.Actor) error {
	if a.Role == auth.RoleOffice || (a.UserID == 0 && a.Role == "") {
		return nil
	}
	return gongkai.Errorf(gongkai.EFORBIDDEN, "只有办公室（政务公开办）可以登记和修改民办学校、校外培训机构信息（您的角色：%s）", a.Role.Label())
}

// Kind is a kind of institution.
type Kind string

const (
	KindSchool   Kind = "school"   // 民办学校
	KindTraining Kind = "training" // 校外培训机构
)

// Kinds lists the kinds.
var Kinds = []Kind{KindSchool, KindTraining}

// Label is the Chinese name of the kind.
func (k Kind) Label() string {
	switch k {
	case KindSchool:
		return "民办学校"
	case KindTraining:
		return "校外培训机构"
	}
	return string(k)
}

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool { return k == KindSchool || k == KindTraining }

// ListStatus is a training institution's place on the lists published by
// the education department.
type ListStatus string

const (
	ListNone  ListStatus = ""      // 未列入
	ListWhite ListStatus = "white" // 白名单
	ListBlack ListStatus = "black" // 黑名单
)

// Label is the Chinese name of the list.
func (l ListStatus) Label() string {
	switch l {
	case ListWhite:
		return "白名单"
	case ListBlack:
		return "黑名单"
	}
	return "未列入"
}

// ParseList reads 白名单 / 黑名单 / 未列入 (or white, black, "").
func ParseList(s string) (ListStatus, bool) {
	switch strings.TrimSpace(s) {
	case "", "未列入", "无", "否":
		return ListNone, true
	case "白名单", "white":
		return ListWhite, true
	case "黑名单", "black":
		return ListBlack, true
	}
	return "", false
}

// Categories of training institutions.
const (
	CategorySubject    = "学科类"
	CategoryNonSubject = "非学科类"
)

// Fee is one charged item with its standard and the document that
// approved it (收费项目、收费标准、批准文件).
type Fee struct {
	Item     string `json:"item"`
	Standard string `json:"standard"`
	Basis    string `json:"basis"`
}

// Inspection is the result of a yearly inspection (年检) or annual report.
type Inspection struct {
	Year   int          `json:"year"`
	Result string       `json:"result"` // 合格 / 基本合格 / 不合格 …
	Date   workday.Date `json:"date"`
	Note   string       `json:"note"`
}

// Sanction is a reward or a penalty.
type Sanction struct {
	Date      workday.Date `json:"date"`
	Kind      string       `json:"kind"` // 奖励 / 处罚
	Content   string       `json:"content"`
	Authority string       `json:"authority"` // 决定机关及文号
}

// Record is one institution as the office enters it and the portal shows
// it. Fields marked school or training belong to that kind only.
type Record struct {
	Kind         Kind         `json:"kind"`
	Name         string       `json:"name"`
	CreditCode   string       `json:"credit_code"` // 统一社会信用代码
	LicenceNo    string       `json:"licence_no"`  // 办学许可证号
	LicenceFrom  workday.Date `json:"licence_from"`
	LicenceUntil workday.Date `json:"licence_until"`
	Sponsor      string       `json:"sponsor"`     // 举办者 (school)
	Level        string       `json:"level"`       // 办学层次 (school)
	SchoolType   string       `json:"school_type"` // 办学类型 (school)
	Category     string       `json:"category"`    // 学科类 / 非学科类 (training)
	District     string       `json:"district"`    // 所在镇街
	Address      string       `json:"address"`
	Principal    string       `json:"principal"` // 校长 / 负责人
	Phone        string       `json:"phone"`
	Enrolment    int          `json:"approved_enrolment"` // 核定招生规模 (school)
	Fees         []Fee        `json:"fees"`
	Brochure     string       `json:"admission_brochure"` // 招生简章 (school)
	BrochureNo   string       `json:"admission_filing_no"`
	Inspections  []Inspection `json:"inspections"`
	Commitment   string       `json:"commitment"` // 公开承诺
	Sanctions    []Sanction   `json:"sanctions"`
	// Pre-paid fees supervision (training): the bank and the account into
	// which fees must be paid (预收费资金监管).
	SupervisionBank    string       `json:"supervision_bank"`
	SupervisionAccount string       `json:"supervision_account"`
	List               ListStatus   `json:"list"`
	ListDate           workday.Date `json:"list_date"`
	ListReason         string       `json:"list_reason"`
}

// trim trims every text field of r.
func (r *Record) trim() {
	for _, p := range []*string{&r.Name, &r.CreditCode, &r.LicenceNo, &r.Sponsor, &r.Level, &r.SchoolType, &r.Category, &r.District,
		&r.Address, &r.Principal, &r.Phone, &r.Brochure, &r.BrochureNo, &r.Commitment, &r.SupervisionBank, &r.SupervisionAccount, &r.ListReason} {
		*p = strings.TrimSpace(*p)
	}
	r.CreditCode = strings.ToUpper(r.CreditCode)
	for i := range r.Fees {
		f := &r.Fees[i]
		f.Item, f.Standard, f.Basis = strings.TrimSpace(f.Item), strings.TrimSpace(f.Standard), strings.TrimSpace(f.Basis)
	}
	for i := range r.Inspections {
		r.Inspections[i].Result, r.Inspections[i].Note = strings.TrimSpace(r.Inspections[i].Result), strings.TrimSpace(r.Inspections[i].Note)
	}
	for i := range r.Sanctions {
		s := &r.Sanctions[i]
		s.Kind, s.Content, s.Authority = strings.TrimSpace(s.Kind), strings.TrimSpace(s.Content), strings.TrimSpace(s.Authority)
	}
}

// FieldError is a rule broken by one field of a record, with the field's
// key (for the workbook's column) and a Chinese message saying what to fix.
type FieldError struct {
	Field string // the key of the field: "licence_until", "fees", …
	Index int    // 1-based entry of a list field (fees, inspections, sanctions); 0 otherwise
	Msg   string
}

func (e *FieldError) Error() string { return e.Msg }

// Unwrap makes it an invalid-input error.
func (e *FieldError) Unwrap() error { return &gongkai.Error{Code: gongkai.EINVALID, Message: e.Msg} }

func ferr(field string, index int, format string, args ...any) error {
	return &FieldError{Field: field, Index: index, Msg: fmt.Sprintf(format, args...)}
}

func tooLong(field, label, v string, n int) error {
	if c := utf8.RuneCountInString(v); c > n {
		return ferr(field, 0, "%s最多 %d 个字，现为 %d 个字", label, n, c)
	}
	return nil
}

// Normalize trims r and checks it against the rules, as of today: a name
// and a licence number; a valid unified social credit code; the licence's
// dates in order; every fee with its standard and approving document;
// inspections one per year; rewards and penalties dated, not in the
// future; a training institution's category, and a white or black list
// entry with its date and reason. The error is a *FieldError.
func Normalize(r *Record, today workday.Date) error {
	r.trim()
	if !r.Kind.Valid() {
		return ferr("kind", 0, "类别应为“民办学校”或“校外培训机构”")
	}
	if r.Name == "" {
		return ferr("name", 0, "请填写%s名称", r.Kind.Label())
	}
	for _, c := range []struct {
		key, label, v string
		n             int
	}{
		{"name", "名称", r.Name, 100}, {"licence_no", "办学许可证号", r.LicenceNo, 50}, {"sponsor", "举办者", r.Sponsor, 200},
		{"level", "办学层次", r.Level, 50}, {"school_type", "办学类型", r.SchoolType, 50}, {"district", "所在镇街", r.District, 50},
		{"address", "地址", r.Address, 200}, {"principal", "校长（负责人）", r.Principal, 50}, {"phone", "联系电话", r.Phone, 50},
		{"admission_brochure", "招生简章", r.Brochure, 200}, {"admission_filing_no", "招生简章备案号", r.BrochureNo, 100},
		{"commitment", "公开承诺", r.Commitment, 5000}, {"supervision_bank", "预收费监管银行", r.SupervisionBank, 100},
		{"supervision_account", "预收费监管账户", r.SupervisionAccount, 50}, {"list_reason", "列入名单的原因", r.ListReason, 500},
	} {
		if err := tooLong(c.key, c.label, c.v, c.n); err != nil {
			return err
		}
	}
	if r.LicenceNo == "" {
		return ferr("licence_no", 0, "请填写办学许可证号")
	}
	if r.CreditCode == "" {
		return ferr("credit_code", 0, "请填写统一社会信用代码（18 位）")
	}
	if err := CheckCreditCode(r.CreditCode); err != nil {
		return ferr("credit_code", 0, "%s", err.Error())
	}
	if r.LicenceUntil.IsZero() {
		return ferr("licence_until", 0, "请填写办学许可证有效期（截止日期）")
	}
	if !r.LicenceFrom.IsZero() && r.LicenceFrom.After(r.LicenceUntil) {
		return ferr("licence_until", 0, "办学许可证有效期的截止日期（%s）早于起始日期（%s），请检查先后", r.LicenceUntil, r.LicenceFrom)
	}
	if r.Enrolment < 0 || r.Enrolment > 1000000 {
		return ferr("approved_enrolment", 0, "核定招生规模应为 0 到 1000000 的整数")
	}
	for i, f := range r.Fees {
		n := i + 1
		switch {
		case f.Item == "":
			return ferr("fees", n, "第 %d 项收费缺少收费项目名称", n)
		case f.Standard == "":
			return ferr("fees", n, "收费项目“%s”缺少收费标准", f.Item)
		case f.Basis == "":
			return ferr("fees", n, "收费项目“%s”缺少批准文件（收费须有价格主管部门或教育部门的批准或备案文件），请填写文件名称和文号", f.Item)
		}
		if err := tooLong("fees", "收费项目", f.Item+f.Standard+f.Basis, 500); err != nil {
			return err
		}
	}
	seen := map[int]bool{}
	for i, in := range r.Inspections {
		n := i + 1
		if in.Year < 1990 || in.Year > today.Year {
			return ferr("inspections", n, "年检年度“%d”不对，应为 1990 到 %d 之间的年份", in.Year, today.Year)
		}
		if seen[in.Year] {
			return ferr("inspections", n, "%d 年度的年检结果重复，每年只填一条", in.Year)
		}
		seen[in.Year] = true
		if in.Result == "" {
			return ferr("inspections", n, "%d 年度的年检缺少结果（如：合格、基本合格、不合格）", in.Year)
		}
		if !in.Date.IsZero() && in.Date.Year < in.Year {
			return ferr("inspections", n, "%d 年度的年检日期 %s 早于该年度，请检查先后", in.Year, in.Date)
		}
		if !in.Date.IsZero() && in.Date.After(today) {
			return ferr("inspections", n, "%d 年度的年检日期 %s 晚于今天", in.Year, in.Date)
		}
	}
	for i, s := range r.Sanctions {
		n := i + 1
		if s.Date.IsZero() {
			return ferr("sanctions", n, "第 %d 条奖惩缺少日期", n)
		}
		if s.Date.After(today) {
			return ferr("sanctions", n, "第 %d 条奖惩的日期 %s 晚于今天", n, s.Date)
		}
		if s.Kind != "奖励" && s.Kind != "处罚" {
			return ferr("sanctions", n, "第 %d 条奖惩的类别应为“奖励”或“处罚”，现为“%s”", n, s.Kind)
		}
		if s.Content == "" {
			return ferr("sanctions", n, "第 %d 条奖惩缺少内容", n)
		}
	}
	if r.Kind == KindSchool {
		r.Category, r.SupervisionBank, r.SupervisionAccount, r.List, r.ListDate, r.ListReason = "", "", "", ListNone, workday.Date{}, ""
		return nil
	}
	r.Sponsor, r.Level, r.SchoolType, r.Enrolment, r.Brochure, r.BrochureNo = "", "", "", 0, "", ""
	if r.Category != CategorySubject && r.Category != CategoryNonSubject {
		return ferr("category", 0, "培训类别应为“学科类”或“非学科类”，现为“%s”", r.Category)
	}
	switch r.List {
	case ListNone:
		r.ListDate, r.ListReason = workday.Date{}, ""
	case ListWhite, ListBlack:
		if r.ListDate.IsZero() {
			return ferr("list_date", 0, "列入%s须填写日期", r.List.Label())
		}
		if r.ListDate.After(today) {
			return ferr("list_date", 0, "列入%s的日期 %s 晚于今天", r.List.Label(), r.ListDate)
		}
		if r.ListReason == "" {
			return ferr("list_reason", 0, "列入%s须写明原因或依据", r.List.Label())
		}
	default:
		return ferr("list", 0, "名单状态应为“白名单”“黑名单”或“未列入”")
	}
	return nil
}

// creditChars are the characters of a unified social credit code (GB
// 32100-2015: digits and capital letters without I, O, Z, S, V).
const creditChars = "0123456789ABCDEFGHJKLMNPQRTUWXY"

var creditWeights = [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}

// CreditCheckChar returns the check character of the first 17 characters
// of a unified social credit code.
func CreditCheckChar(first17 string) (byte, bool) {
	if len(first17) != 17 {
		return 0, false
	}
	sum := 0
	for i := 0; i < 17; i++ {
		v := strings.IndexByte(creditChars, first17[i])
		if v < 0 {
			return 0, false
		}
		sum += v * creditWeights[i]
	}
	c := 31 - sum%31
	if c == 31 {
		c = 0
	}
	return creditChars[c], true
}

// CheckCreditCode checks a unified social credit code: 18 characters of
// the code's alphabet with the right check character.
func CheckCreditCode(code string) error {
	if utf8.RuneCountInString(code) != 18 {
		return fmt.Errorf("统一社会信用代码应为 18 位，“%s”为 %d 位", code, utf8.RuneCountInString(code))
	}
	for _, r := range code {
		if !strings.ContainsRune(creditChars, r) {
			return fmt.Errorf("统一社会信用代码“%s”含有不允许的字符“%c”（只能是数字和除 I、O、Z、S、V 以外的大写字母）", code, r)
		}
	}
	want, _ := CreditCheckChar(code[:17])
	if code[17] != want {
		return fmt.Errorf("统一社会信用代码“%s”的校验位不对，请核对（按 GB 32100 计算应为 %c）", code, want)
	}
	return nil
}

// WithCheckChar completes the first 17 characters of a unified social
// credit code with its check character (for demo data and tests).
func WithCheckChar(first17 string) string {
	c, ok := CreditCheckChar(first17)
	if !ok {
		return first17
	}
	return first17 + string(c)
}
