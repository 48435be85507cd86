package scan

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

var (
	// 2023.5.6, 2023/05/06, 2023-5-6
	dateSepRe = regexp.MustCompile(`(\d{4})([./-])(\d{1,2})([./-])(\d{1,2})`)
	// 23年5月6日, 2023年05月06日, 2023年05月
	dateCNRe = regexp.MustCompile(`(\d{2,4})年(\d{1,2})月(?:(\d{1,2})日)?`)
	// 二〇二三年五月六日
	dateHanRe = regexp.MustCompile(`([〇零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,2})月([一二三四五六七八九十]{1,3})日`)
)

// FindDates finds dates written in a form GB/T 9704—2012 does not use in a
// formal document, which wants Arabic numerals, the full year and no
// leading zeros: 2023年5月6日. Flagged forms: 2023.5.6, 2023/05/06,
// 2023-05-06; two-digit years (23年5月6日); leading zeros (2023年05月06日,
// 2023年05月); and dates in Chinese numerals (二〇二三年五月六日), which the
// 1999 standard used for the date of issue but the 2012 standard replaced.
// Correct dates and impossible dates (2023.13.45, version numbers) are not
// reported.
func FindDates(text string) []Finding {
	var fs []Finding
	add := func(s, e int, want string) {
		fs = append(fs, newFinding(text, KindDateFormat, s, e,
			fmt.Sprintf("日期“%s”不规范，应写作“%s”（用阿拉伯数字，年份写全，月、日不编虚位）", text[s:e], want)))
	}
	for _, m := range dateSepRe.FindAllStringSubmatchIndex(text, -1) {
		s, e := m[0], m[1]
		if text[m[4]:m[5]] != text[m[8]:m[9]] {
			continue // mixed separators
		}
		if s > 0 && (isDigitByte(text[s-1]) || text[s-1] == '.') {
			continue
		}
		if e < len(text) && (isDigitByte(text[e]) || (e+1 < len(text) && strings.ContainsRune("./-", rune(text[e])) && isDigitByte(text[e+1]))) {
			continue
		}
		y, mo, d := atoi(text[m[2]:m[3]]), atoi(text[m[6]:m[7]]), atoi(text[m[10]:m[11]])
		if !validDate(y, mo, d) {
			continue
		}
		add(s, e, fmt.Sprintf("%d年%d月%d日", y, mo, d))
	}
	for _, m := range dateCNRe.FindAllStringSubmatchIndex(text, -1) {
		s, e := m[0], m[1]
		if s > 0 && isDigitByte(text[s-1]) {
			continue
		}
		ys, ms := text[m[2]:m[3]], text[m[4]:m[5]]
		ds := ""
		if m[6] >= 0 {
			ds = text[m[6]:m[7]]
		}
		if len(ys) == 3 {
			continue
		}
		y, mo, d := atoi(ys), atoi(ms), 1
		if ds != "" {
			d = atoi(ds)
		}
		if len(ys) == 2 {
			if y <= 50 {
				y += 2000
			} else {
				y += 1900
			}
		}
		if !validDate(y, mo, d) {
			continue
		}
		bad := len(ys) == 2 || ms[0] == '0' || (ds != "" && ds[0] == '0')
		if !bad {
			continue
		}
		want := fmt.Sprintf("%d年%d月", y, mo)
		if ds != "" {
			want += strconv.Itoa(d) + "日"
		}
		add(s, e, want)
	}
	for _, m := range dateHanRe.FindAllStringSubmatchIndex(text, -1) {
		y := hanYear(text[m[2]:m[3]])
		mo := hanNumber(text[m[4]:m[5]])
		d := hanNumber(text[m[6]:m[7]])
		if !validDate(y, mo, d) {
			continue
		}
		add(m[0], m[1], fmt.Sprintf("%d年%d月%d日", y, mo, d))
	}
	sortFindings(fs)
	return fs
}

func isDigitByte(c byte) bool { return c >= '0' && c <= '9' }

var hanDigits = map[rune]int{'〇': 0, '零': 0, '一': 1, '二': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9}

func hanYear(s string) int {
	n := 0
	for _, r := range s {
		n = n*10 + hanDigits[r]
	}
	return n
}

// hanNumber converts 1–39 written in Chinese numerals (五, 十, 十二, 二十, 三十一).
// It returns 0 for anything else.
func hanNumber(s string) int {
	rs := []rune(s)
	switch {
	case len(rs) == 1 && rs[0] == '十':
		return 10
	case len(rs) == 1:
		return hanDigits[rs[0]]
	case len(rs) == 2 && rs[0] == '十':
		return 10 + hanDigits[rs[1]]
	case len(rs) == 2 && rs[1] == '十':
		return 10 * hanDigits[rs[0]]
	case len(rs) == 3 && rs[1] == '十':
		return 10*hanDigits[rs[0]] + hanDigits[rs[2]]
	}
	return 0
}
