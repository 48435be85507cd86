package disclosure

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"gongkai"
)

// DefaultIndexRule is the index-number rule unless the office sets
// another: the issuing unit's code, the year, a 4-digit sequence.
const DefaultIndexRule = "{unit}/{year}-{seq:4}"

var ruleToken = regexp.MustCompile(`\{(unit|org|year|seq)(?::(\d))?\}`)

// CheckIndexRule validates a rule: it must contain {year} and {seq} so
// that the numbers are unique within a year.
func CheckIndexRule(rule string) error {
	if !strings.Contains(rule, "{seq") || !strings.Contains(rule, "{year}") {
		return gongkai.Errorf(gongkai.EINVALID, "索引号规则须包含 {year} 和 {seq}，如 %s（可用 {unit} 单位编码、{org} 机关编码、{seq:4} 补零位数）", DefaultIndexRule)
	}
	rest := ruleToken.ReplaceAllString(rule, "")
	if strings.ContainsAny(rest, "{}") {
		return gongkai.Errorf(gongkai.EINVALID, "索引号规则中有无法识别的占位符；可用 {unit} {org} {year} {seq} {seq:4}")
	}
	return nil
}

// IndexNumber formats an index number by rule.
func IndexNumber(rule, unitCode, orgCode string, year, seq int) string {
	if rule == "" {
		rule = DefaultIndexRule
	}
	return ruleToken.ReplaceAllStringFunc(rule, func(tok string) string {
		m := ruleToken.FindStringSubmatch(tok)
		switch m[1] {
		case "unit":
			return unitCode
		case "org":
			return orgCode
		case "year":
			return strconv.Itoa(year)
		}
		w, _ := strconv.Atoi(m[2])
		return fmt.Sprintf("%0*d", w, seq)
	})
}

// IndexPrefix is the part of an index number before the sequence, used
// to find the numbers already given in a year.
func IndexPrefix(rule, unitCode, orgCode string, year int) string {
	if rule == "" {
		rule = DefaultIndexRule
	}
	i := strings.Index(rule, "{seq")
	if i < 0 {
		i = len(rule)
	}
	return IndexNumber(rule[:i], unitCode, orgCode, year, 0)
}
