// Package site holds the portal's identity — the facts the national rules
// require every government site to show (网站名称、网站标识码、主办单位、
// 承办单位、ICP 备案号、公安机关备案号、党政机关网站标识、联系方式) — and the
// 信息公开指南 with the elements 条例第十二条 requires. Pure rules, no I/O:
// the store keeps them, the portal shows them, the inspection checks them.
package site

import (
	"net/mail"
	"net/url"
	"regexp"
	"strings"
	"unicode/utf8"

	"gongkai"
)

// Identity is the portal's identity and contact.
type Identity struct {
	SiteName     string `json:"site_name"`     // 网站名称
	SiteIDCode   string `json:"site_id_code"`  // 网站标识码 (10 digits)
	Organiser    string `json:"organiser"`     // 主办单位
	Operator     string `json:"operator"`      // 承办单位
	ICP          string `json:"icp"`           // ICP 备案号, e.g. 鲁ICP备05001910号-1
	PoliceRecord string `json:"police_record"` // 公安机关备案号 as shown, e.g. 鲁公网安备 37088202000001号
	PoliceNumber string `json:"police_number"` // its number, for the query link
	PartyMarkURL string `json:"party_mark_url"`
	Address      string `json:"address"`  // 办公地址
	Postcode     string `json:"postcode"` // 邮政编码
	Phone        string `json:"phone"`    // 联系电话
	Fax          string `json:"fax"`      // 传真
	Email        string `json:"email"`    // 电子邮箱
	Hours        string `json:"hours"`    // 办公时间
}

// Field is one identity field with its Chinese label, for forms, the
// banner and the inspection.
type Field struct {
	Key, Label string
	Required   bool // shown in the footer by the national rules; missing = a finding
	Value      func(Identity) string
}

// Fields lists the identity's fields in the order of the form.
var Fields = []Field{
	{"site_name", "网站名称", true, func(i Identity) string { return i.SiteName }},
	{"site_id_code", "网站标识码", true, func(i Identity) string { return i.SiteIDCode }},
	{"organiser", "主办单位", true, func(i Identity) string { return i.Organiser }},
	{"operator", "承办单位", true, func(i Identity) string { return i.Operator }},
	{"icp", "ICP备案号", true, func(i Identity) string { return i.ICP }},
	{"police_record", "公安机关备案号", true, func(i Identity) string { return i.PoliceRecord }},
	{"police_number", "公安机关备案编号（数字）", true, func(i Identity) string { return i.PoliceNumber }},
	{"party_mark_url", "党政机关网站标识链接", true, func(i Identity) string { return i.PartyMarkURL }},
	{"address", "办公地址", true, func(i Identity) string { return i.Address }},
	{"postcode", "邮政编码", true, func(i Identity) string { return i.Postcode }},
	{"phone", "联系电话", true, func(i Identity) string { return i.Phone }},
	{"fax", "传真", true, func(i Identity) string { return i.Fax }},
	{"email", "电子邮箱", true, func(i Identity) string { return i.Email }},
	{"hours", "办公时间", true, func(i Identity) string { return i.Hours }},
}

// Set reports whether the identity names the site at all: a site name, its
// 网站标识码 and its 主办单位. A database without them has no identity (a
// real deployment that was never configured).
func (i Identity) Set() bool {
	return i.SiteName != "" && i.SiteIDCode != "" && i.Organiser != ""
}

// Missing lists the labels of the footer's required fields that are empty.
func (i Identity) Missing() []string {
	var out []string
	for _, f := range Fields {
		if f.Required && strings.TrimSpace(f.Value(i)) == "" {
			out = append(out, f.Label)
		}
	}
	return out
}

// DisplayName is the site's name for page titles: the set name, or a
// neutral one while none is set (never another body's name).
func (i Identity) DisplayName() string {
	if i.SiteName != "" {
		return i.SiteName
	}
	return "政府信息公开（网站名称未设置）"
}

// PoliceURL is the query link of the 公安机关备案号.
func (i Identity) PoliceURL() string {
	if i.PoliceNumber == "" {
		return ""
	}
	return "https://beian.mps.gov.cn/#/query/webSearch?code=" + url.QueryEscape(i.PoliceNumber)
}

// ICPURL is the query site of ICP 备案号.
const ICPURL = "https://beian.miit.gov.cn/"

var (
	idCodeRe   = regexp.MustCompile(`^[0-9]{10}$`)
	postcodeRe = regexp.MustCompile(`^[0-9]{6}$`)
	policeNoRe = regexp.MustCompile(`^[0-9]{10,16}$`)
	phoneRe    = regexp.MustCompile(`^[0-9０-９()（）+\- 、，,转/]{7,60}$`)
	icpRe      = regexp.MustCompile(`ICP(备|证)[0-9]{4,}号(-[0-9]+)?`)

	policeInRecordRe = regexp.MustCompile(`[0-9]{10,16}`)
)

// Validate trims the identity and checks the form of what is filled in
// (empty fields are allowed: Missing says what is still to do). The
// message says which field and what to write.
func (i Identity) Validate() (Identity, error) {
	t := func(s string) string { return strings.TrimSpace(strings.ReplaceAll(s, "\u3000", " ")) }
	i = Identity{SiteName: t(i.SiteName), SiteIDCode: strings.ToUpper(t(i.SiteIDCode)), Organiser: t(i.Organiser), Operator: t(i.Operator),
		ICP: t(i.ICP), PoliceRecord: t(i.PoliceRecord), PoliceNumber: t(i.PoliceNumber), PartyMarkURL: t(i.PartyMarkURL),
		Address: t(i.Address), Postcode: t(i.Postcode), Phone: t(i.Phone), Fax: t(i.Fax), Email: t(i.Email), Hours: t(i.Hours)}
	long := func(label, v string, n int) error {
		if utf8.RuneCountInString(v) > n {
			return gongkai.Errorf(gongkai.EINVALID, "%s最多 %d 个字，现有 %d 个", label, n, utf8.RuneCountInString(v))
		}
		if strings.ContainsAny(v, "<>\n\r") {
			return gongkai.Errorf(gongkai.EINVALID, "%s不能包含尖括号或换行", label)
		}
		return nil
	}
	for _, f := range Fields {
		if err := long(f.Label, f.Value(i), 200); err != nil {
			return i, err
		}
	}
	if i.PoliceRecord != "" && i.PoliceNumber == "" {
		i.PoliceNumber = policeInRecordRe.FindString(i.PoliceRecord) // the number is the record's digits
	}
	switch {
	case i.SiteIDCode != "" && !idCodeRe.MatchString(i.SiteIDCode):
		return i, gongkai.Errorf(gongkai.EINVALID, "网站标识码应为 10 位数字（如 3708120001），现为“%s”", i.SiteIDCode)
	case i.ICP != "" && !icpRe.MatchString(i.ICP):
		return i, gongkai.Errorf(gongkai.EINVALID, "ICP备案号应写成“鲁ICP备12345678号”或“鲁ICP备12345678号-1”，现为“%s”", i.ICP)
	case i.PoliceNumber != "" && !policeNoRe.MatchString(i.PoliceNumber):
		return i, gongkai.Errorf(gongkai.EINVALID, "公安机关备案编号应为备案号中的数字（如 37088202000001），现为“%s”", i.PoliceNumber)
	case i.PoliceRecord != "" && i.PoliceNumber != "" && !strings.Contains(strings.ReplaceAll(i.PoliceRecord, " ", ""), i.PoliceNumber):
		return i, gongkai.Errorf(gongkai.EINVALID, "公安机关备案号“%s”中没有备案编号 %s，请核对", i.PoliceRecord, i.PoliceNumber)
	case i.PoliceRecord != "" && i.PoliceNumber == "":
		return i, gongkai.Errorf(gongkai.EINVALID, "请填写公安机关备案编号（备案号中的数字），用于链接到备案查询")
	case i.Postcode != "" && !postcodeRe.MatchString(i.Postcode):
		return i, gongkai.Errorf(gongkai.EINVALID, "邮政编码应为 6 位数字，现为“%s”", i.Postcode)
	case i.Phone != "" && !phoneRe.MatchString(i.Phone):
		return i, gongkai.Errorf(gongkai.EINVALID, "联系电话“%s”的格式不对，请写成 0537-3412345 这样的号码", i.Phone)
	case i.Fax != "" && !phoneRe.MatchString(i.Fax):
		return i, gongkai.Errorf(gongkai.EINVALID, "传真“%s”的格式不对，请写成 0537-3412346 这样的号码", i.Fax)
	}
	if i.Email != "" {
		if a, err := mail.ParseAddress(i.Email); err != nil || a.Address != i.Email {
			return i, gongkai.Errorf(gongkai.EINVALID, "电子邮箱“%s”的格式不对，请写成 yzjtj@example.gov.cn 这样的地址", i.Email)
		}
	}
	if i.PartyMarkURL != "" {
		u, err := url.Parse(i.PartyMarkURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return i, gongkai.Errorf(gongkai.EINVALID, "党政机关网站标识链接应以 http:// 或 https:// 开头，现为“%s”", i.PartyMarkURL)
		}
	}
	return i, nil
}
