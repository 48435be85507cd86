// Package scan checks a document before publication: personal data
// (ID numbers, mobile numbers, bank cards, e-mail addresses, names next to
// personal-data keywords), sensitive words, the form of document numbers
// (发文字号) and dates under GB/T 9704—2012.
//
// All functions are pure. Offsets in a Finding are byte offsets into the
// input, so text[f.Start:f.End] == f.Value always holds.
package scan

import (
	"fmt"
	"html"
	"sort"
	"strings"
	"unicode/utf8"
)

// Kind is the kind of a finding.
type Kind string

// Kinds of findings.
const (
	KindIDNumber       Kind = "id_number"
	KindIDNumber15     Kind = "id_number_15"
	KindSuspectedID    Kind = "suspected_id" // ID-shaped, wrong check character
	KindMobile         Kind = "mobile"
	KindBankCard       Kind = "bank_card"
	KindEmail          Kind = "email"
	KindPersonalName   Kind = "personal_name"
	KindSensitiveWord  Kind = "sensitive_word"
	KindDocNumber      Kind = "doc_number"
	KindDateFormat     Kind = "date_format"
	KindMissingElement Kind = "missing_element"
)

// Labels are the Chinese names of the kinds, shown to users.
var Labels = map[Kind]string{
	KindIDNumber:       "身份证号码",
	KindIDNumber15:     "15位身份证号码",
	KindSuspectedID:    "疑似身份证号",
	KindMobile:         "手机号码",
	KindBankCard:       "银行卡号",
	KindEmail:          "电子邮箱",
	KindPersonalName:   "个人姓名",
	KindSensitiveWord:  "敏感词",
	KindDocNumber:      "发文字号",
	KindDateFormat:     "日期格式",
	KindMissingElement: "缺少要素",
}

// Finding is one problem found in a text.
type Finding struct {
	Kind    Kind
	Label   string // Chinese name of the kind, e.g. 身份证号码
	Start   int    // byte offset of the first byte
	End     int    // byte offset after the last byte
	Line    int    // 1-based line of Start
	Value   string // text[Start:End]
	Masked  string // Value masked for display, e.g. 3708**********1234
	Message string // Chinese, says what to do
}

// newFinding builds a finding for text[start:end].
func newFinding(text string, kind Kind, start, end int, msg string) Finding {
	v := text[start:end]
	return Finding{
		Kind:    kind,
		Label:   Labels[kind],
		Start:   start,
		End:     end,
		Line:    1 + strings.Count(text[:start], "\n"),
		Value:   v,
		Masked:  Mask(kind, v),
		Message: msg,
	}
}

func sortFindings(fs []Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		if fs[i].Start != fs[j].Start {
			return fs[i].Start < fs[j].Start
		}
		return fs[i].End > fs[j].End
	})
}

// digitsOf returns the ASCII digits (and a final X) of s, folding
// full-width digits.
func digitsOf(s string) string {
	var b strings.Builder
	for _, r := range s {
		if v := digitVal(r); v >= 0 {
			b.WriteByte(byte('0' + v))
		} else if r == 'X' || r == 'x' || r == 'Ｘ' || r == 'ｘ' {
			b.WriteByte('X')
		}
	}
	return b.String()
}

func stars(n int) string {
	if n <= 0 {
		return ""
	}
	return strings.Repeat("*", n)
}

// Mask returns value masked for display: the middle digits of ID, mobile
// and card numbers, the local part of e-mail addresses, and all but the
// first character of names and sensitive words become *. Other kinds are
// returned unchanged.
func Mask(kind Kind, value string) string {
	switch kind {
	case KindIDNumber, KindIDNumber15, KindSuspectedID, KindBankCard:
		d := digitsOf(value)
		if len(d) <= 8 {
			return stars(len(d))
		}
		return d[:4] + stars(len(d)-8) + d[len(d)-4:]
	case KindMobile:
		d := digitsOf(value)
		if len(d) == 13 && strings.HasPrefix(d, "86") {
			d = d[2:]
		}
		if len(d) != 11 {
			return stars(len(d))
		}
		return d[:3] + "****" + d[7:]
	case KindEmail:
		at := strings.LastIndexByte(value, '@')
		if at <= 0 {
			return stars(utf8.RuneCountInString(value))
		}
		r, _ := utf8.DecodeRuneInString(value)
		return string(r) + "***" + value[at:]
	case KindPersonalName, KindSensitiveWord:
		n := utf8.RuneCountInString(value)
		if n == 0 {
			return ""
		}
		r, _ := utf8.DecodeRuneInString(value)
		return string(r) + stars(n-1)
	}
	return value
}

// SensitiveWords finds every occurrence of each of words in text. Empty
// words are ignored; occurrences of different words may overlap. Latin
// letters are matched case-insensitively.
func SensitiveWords(text string, words []string) []Finding {
	var fs []Finding
	lower := asciiLower(text) // same byte offsets as text
	seen := map[string]bool{}
	for _, w := range words {
		w = asciiLower(strings.TrimSpace(w))
		if w == "" || seen[w] {
			continue
		}
		seen[w] = true
		for off := 0; ; {
			i := strings.Index(lower[off:], w)
			if i < 0 {
				break
			}
			s := off + i
			e := s + len(w)
			fs = append(fs, newFinding(text, KindSensitiveWord, s, e,
				fmt.Sprintf("含敏感词“%s”，请核实后修改或删除", text[s:e])))
			off = e
		}
	}
	sortFindings(fs)
	return fs
}

func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 32
		}
	}
	return string(b)
}

// Highlight returns text HTML-escaped, with every finding wrapped in
// <mark class="finding finding-KIND" title="LABEL">…</mark>. Where findings
// overlap, the overlapping part is one mark listing all their kinds and
// labels, so the marks never nest. Findings with offsets outside text or
// not on character boundaries are ignored.
func Highlight(text string, fs []Finding) string {
	var valid []Finding
	points := []int{0, len(text)}
	for _, f := range fs {
		if f.Start < 0 || f.End > len(text) || f.Start >= f.End {
			continue
		}
		if !boundary(text, f.Start) || !boundary(text, f.End) {
			continue
		}
		valid = append(valid, f)
		points = append(points, f.Start, f.End)
	}
	sort.Ints(points)
	var b strings.Builder
	var openKey string // cover key of the open mark, "" if none
	for k := 0; k+1 < len(points); k++ {
		s, e := points[k], points[k+1]
		if s == e {
			continue
		}
		var kinds, labels []string
		for _, f := range valid {
			if f.Start <= s && e <= f.End {
				kinds = appendUnique(kinds, "finding-"+string(f.Kind))
				label := f.Label
				if label == "" {
					label = Labels[f.Kind]
				}
				labels = appendUnique(labels, label)
			}
		}
		key := strings.Join(kinds, " ") + "\x00" + strings.Join(labels, "、")
		if len(kinds) == 0 {
			key = ""
		}
		if key != openKey {
			if openKey != "" {
				b.WriteString("</mark>")
			}
			if key != "" {
				b.WriteString(`<mark class="finding ` + html.EscapeString(strings.Join(kinds, " ")) +
					`" title="` + html.EscapeString(strings.Join(labels, "、")) + `">`)
			}
			openKey = key
		}
		b.WriteString(html.EscapeString(text[s:e]))
	}
	if openKey != "" {
		b.WriteString("</mark>")
	}
	return b.String()
}

func boundary(s string, i int) bool {
	return i == len(s) || utf8.RuneStart(s[i])
}

func appendUnique(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}
