package scan

import (
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"
)

var docNumberRe = regexp.MustCompile(`^(.+)〔(\d{4})〕([1-9]\d*)号$`)

// docNumberLoose splits something that looks like a document number into
// agency code, opening bracket, year, closing bracket, 第, sequence and 号.
var docNumberLoose = regexp.MustCompile(`^(.*?)([〔\[【(（［〖{｛<《])\s*([^〔〕\[\]【】()（）［］〖〗{}｛｝<>《》]*?)\s*([〕\]】)）］〗}｝>》])\s*(第?)\s*(.*?)\s*(号?)$`)

const docNumberHelp = "发文字号应写作“机关代字〔2023〕12号”：年份用六角括号〔〕括入，序号不加“第”、不编虚位"

// CheckDocNumber checks a document number (发文字号) against GB/T 9704—2012:
// agency code, the full year in hexagonal brackets 〔〕, the sequence number
// without 第 and without leading zeros, then 号 — 济兖教体字〔2023〕12号.
// It returns ok, or a Chinese message saying what is wrong and how to
// write it.
func CheckDocNumber(s string) (ok bool, msg string) {
	s = strings.TrimSpace(s)
	if s == "" {
		return false, "发文字号为空。" + docNumberHelp
	}
	if m := docNumberRe.FindStringSubmatch(s); m != nil && strings.TrimSpace(m[1]) == m[1] && !strings.ContainsAny(m[1], "〔〕") {
		return true, ""
	}
	var reasons []string
	m := docNumberLoose.FindStringSubmatch(s)
	if m == nil {
		return false, "未找到用六角括号〔〕括入的年份。" + docNumberHelp
	}
	agency, open, year, closing, di, seq, hao := m[1], m[2], m[3], m[4], m[5], m[6], m[7]
	if strings.TrimSpace(agency) == "" {
		reasons = append(reasons, "缺少机关代字")
	}
	if open != "〔" || closing != "〕" {
		reasons = append(reasons, fmt.Sprintf("年份应使用六角括号〔〕，不能使用“%s%s”", open, closing))
	}
	switch {
	case isASCIIDigits(year) && len(year) == 4:
	case isASCIIDigits(year) && len(year) == 2:
		reasons = append(reasons, "年份应写全称，如“2023”不能写作“23”")
	case hasFullWidthDigit(year):
		reasons = append(reasons, "年份和序号应使用半角阿拉伯数字")
	default:
		reasons = append(reasons, "年份应为四位阿拉伯数字")
	}
	if di != "" {
		reasons = append(reasons, "序号前不加“第”")
	}
	switch {
	case seq == "":
		reasons = append(reasons, "缺少序号")
	case isASCIIDigits(seq) && seq[0] == '0':
		reasons = append(reasons, fmt.Sprintf("序号不编虚位，“%s”应写作“%s”", seq, trimZeros(seq)))
	case isASCIIDigits(seq):
	case hasFullWidthDigit(seq):
		reasons = append(reasons, "年份和序号应使用半角阿拉伯数字")
	default:
		reasons = append(reasons, "序号应为阿拉伯数字")
	}
	if hao == "" {
		reasons = append(reasons, "序号后应加“号”")
	}
	if len(reasons) == 0 {
		reasons = append(reasons, "格式不规范")
	}
	return false, strings.Join(dedupe(reasons), "；") + "。" + docNumberHelp
}

func dedupe(list []string) []string {
	var out []string
	for _, s := range list {
		out = appendUnique(out, s)
	}
	return out
}

func isASCIIDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func hasFullWidthDigit(s string) bool {
	for _, r := range s {
		if r >= '０' && r <= '９' {
			return true
		}
	}
	return false
}

func trimZeros(s string) string {
	t := strings.TrimLeft(s, "0")
	if t == "" {
		return "0"
	}
	return t
}

// leadWords are words often written right before a document number.
var leadWords = []string{"根据", "按照", "依据", "依照", "参照", "以及", "印发", "转发", "和", "及", "与", "按", "据", "经"}

// trimLeadWords moves start past lead words while the agency code keeps
// at least two characters before its bracket.
func trimLeadWords(text string, start, end int) int {
	br := strings.IndexAny(text[start:end], "〔[【(（［") + start
	for changed := true; changed; {
		changed = false
		for _, w := range leadWords {
			if strings.HasPrefix(text[start:br], w) && utf8.RuneCountInString(text[start+len(w):br]) >= 2 {
				start += len(w)
				changed = true
			}
		}
	}
	return start
}

// docNumberInText finds document-number-like strings in running text: up
// to 8 Han characters, a bracketed 2–4 digit year, an optional 第, digits
// and an optional 号.
var docNumberInText = regexp.MustCompile(`\p{Han}{1,8}[〔\[【(（［]\d{2,4}[〕\]】)）］]第?\d+号?`)

// DocNumbers finds the document numbers in text that CheckDocNumber
// rejects (wrong brackets, 第, leading zeros, missing 号, 2-digit years).
// The agency code is taken as the up to 8 Han characters before the
// bracket, so it may include a preceding word such as 根据; the message
// is about the bracket, year and number, which is what needs fixing.
func DocNumbers(text string) []Finding {
	var fs []Finding
	for _, m := range docNumberInText.FindAllStringIndex(text, -1) {
		m[0] = trimLeadWords(text, m[0], m[1])
		v := text[m[0]:m[1]]
		if ok, msg := CheckDocNumber(v); !ok {
			fs = append(fs, newFinding(text, KindDocNumber, m[0], m[1], msg))
		}
	}
	return fs
}
