package request

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"gongkai"
	"gongkai/internal/sanitize"
	"gongkai/internal/scan"
)

// Limits of an application's text fields (runes).
const (
	MaxName        = 100
	MaxAddress     = 200
	MaxDescription = 2000
	MaxPurpose     = 500
)

// Applicant is who applies (条例第二十九条（一）).
type Applicant struct {
	Type     ApplicantType `json:"type"`
	Name     string        `json:"name"`
	IDNumber string        `json:"id_number"` // 身份证号码 or 统一社会信用代码
	Phone    string        `json:"phone"`
	Email    string        `json:"email"`
	Address  string        `json:"address"`
	Contact  string        `json:"contact,omitempty"` // organisations: the person to contact
}

// Form is the form in which the information is wanted (第二十九条（三）).
type Form string

// Forms.
var Forms = []struct {
	Code  Form
	Label string
}{
	{"paper", "纸质文本"},
	{"email", "电子邮件"},
	{"disk", "光盘或其他存储介质"},
	{"collect", "当面领取"},
	{"view", "现场查阅、抄录"},
	{"post", "邮寄"},
}

// Valid reports whether f is a known form.
func (f Form) Valid() bool { return f.Label() != string(f) }

// Label is the form's name.
func (f Form) Label() string {
	for _, x := range Forms {
		if x.Code == f {
			return x.Label
		}
	}
	return string(f)
}

// Application is what an applicant submits.
type Application struct {
	Applicant   Applicant `json:"applicant"`
	Description string    `json:"description"`
	Purpose     string    `json:"purpose,omitempty"`
	Form        Form      `json:"form"`
	Channel     Channel   `json:"channel"`
}

var (
	mobileRe = regexp.MustCompile(`^1[3-9]\d{9}$`)
	phoneRe  = regexp.MustCompile(`^(\+?86-?)?(0\d{2,3}-?)?\d{7,8}(-\d{1,6})?$`)
	emailRe  = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._%+\-]*@[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}$`)
	// 统一社会信用代码 (GB 32100-2015): 18 characters without I, O, S, V, Z.
	creditRe = regexp.MustCompile(`^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$`)
)

// Normalize trims the fields and upper-cases identity numbers.
func (a *Application) Normalize() {
	p := &a.Applicant
	p.Name = strings.TrimSpace(p.Name)
	p.IDNumber = strings.ToUpper(strings.TrimSpace(p.IDNumber))
	p.Phone = strings.ReplaceAll(strings.TrimSpace(p.Phone), " ", "")
	p.Email = strings.TrimSpace(p.Email)
	p.Address = strings.TrimSpace(p.Address)
	p.Contact = strings.TrimSpace(p.Contact)
	a.Description = strings.TrimSpace(a.Description)
	a.Purpose = strings.TrimSpace(a.Purpose)
}

// FieldError is one invalid field of an application.
type FieldError struct {
	Field, Message string
}

// Validate checks an application (after Normalize) and returns every
// problem, each naming its field in Chinese.
func (a Application) Validate() []FieldError {
	var errs []FieldError
	add := func(f, m string) { errs = append(errs, FieldError{f, m}) }
	p := a.Applicant
	if !p.Type.Valid() {
		add("applicant.type", "请选择申请人类型：自然人，或法人或其他组织（商业企业、科研机构、社会公益组织、法律服务机构、其他）")
	}
	switch n := utf8.RuneCountInString(p.Name); {
	case n == 0:
		add("applicant.name", "请填写申请人姓名或名称")
	case n > MaxName:
		add("applicant.name", "申请人姓名或名称过长（最多100字）")
	default:
		if err := sanitize.CheckName("申请人姓名或名称", p.Name); err != nil {
			add("applicant.name", gongkai.ErrorMessage(err))
		}
	}
	if err := sanitize.CheckName("联系人", p.Contact); err != nil {
		add("applicant.contact", gongkai.ErrorMessage(err))
	}
	if err := sanitize.CheckName("通信地址", p.Address); err != nil {
		add("applicant.address", gongkai.ErrorMessage(err))
	}
	switch {
	case p.IDNumber == "":
		add("applicant.id_number", "请填写身份证明：自然人填写居民身份证号码，法人或其他组织填写统一社会信用代码")
	case p.Type == Natural && !scan.ValidID18(p.IDNumber):
		add("applicant.id_number", "居民身份证号码格式或校验位不正确，请核对18位号码")
	case p.Type.IsOrg() && !creditRe.MatchString(p.IDNumber):
		add("applicant.id_number", "统一社会信用代码应为18位数字或大写字母（不含I、O、S、V、Z），请核对")
	}
	if p.Phone == "" && p.Email == "" {
		add("applicant.phone", "请至少填写一种联系方式：电话或电子邮箱")
	}
	if p.Phone != "" && !mobileRe.MatchString(p.Phone) && !phoneRe.MatchString(p.Phone) {
		add("applicant.phone", "联系电话格式不正确：手机填写11位号码，固定电话如 0537-3412345")
	}
	if p.Email != "" && (len(p.Email) > 254 || !emailRe.MatchString(p.Email)) {
		add("applicant.email", "电子邮箱格式不正确，例如 name@example.com")
	}
	if utf8.RuneCountInString(p.Address) > MaxAddress {
		add("applicant.address", "通信地址过长（最多200字）")
	}
	if utf8.RuneCountInString(p.Contact) > MaxName {
		add("applicant.contact", "联系人过长（最多100字）")
	}
	switch n := utf8.RuneCountInString(a.Description); {
	case n == 0:
		add("description", "请描述所需政府信息：名称、文号或便于查询的其他特征")
	case n > MaxDescription:
		add("description", "所需信息描述过长（最多2000字），请精简或分多件申请")
	}
	if utf8.RuneCountInString(a.Purpose) > MaxPurpose {
		add("purpose", "用途说明过长（最多500字）")
	}
	if !a.Form.Valid() {
		add("form", "请选择获取信息的形式：纸质文本、电子邮件、光盘或其他存储介质、当面领取、现场查阅、邮寄")
	}
	if !a.Channel.Valid() {
		add("channel", "申请渠道无效：online（在线）、in_person（当面）、registered_post（邮寄签收）、post（平常信函）、fax（传真）")
	}
	if (a.Form == "email") && p.Email == "" {
		add("applicant.email", "选择电子邮件获取时请填写电子邮箱")
	}
	return errs
}
