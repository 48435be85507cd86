package scan

import (
	"regexp"
	"strings"
	"time"
	"unicode"
)

// digitVal returns the value of an ASCII or full-width digit, or -1.
func digitVal(r rune) int {
	switch {
	case r >= '0' && r <= '9':
		return int(r - '0')
	case r >= '０' && r <= '９':
		return int(r - '０')
	}
	return -1
}

// runeText is text decoded into runes with their byte offsets;
// off[len(rs)] == len(text).
type runeText struct {
	text string
	rs   []rune
	off  []int
}

func decode(text string) runeText {
	t := runeText{text: text}
	for i, r := range text {
		t.rs = append(t.rs, r)
		t.off = append(t.off, i)
	}
	t.off = append(t.off, len(text))
	return t
}

func (t runeText) at(i int) rune {
	if i < 0 || i >= len(t.rs) {
		return 0
	}
	return t.rs[i]
}

// digitRun is a maximal run of digits, in rune offsets.
type digitRun struct {
	s, e   int
	digits string // ASCII digits; for an ID ending in X, the X too
}

func digitRuns(t runeText) []digitRun {
	var runs []digitRun
	for i := 0; i < len(t.rs); {
		if digitVal(t.rs[i]) < 0 {
			i++
			continue
		}
		j := i
		var b strings.Builder
		for j < len(t.rs) && digitVal(t.rs[j]) >= 0 {
			b.WriteByte(byte('0' + digitVal(t.rs[j])))
			j++
		}
		if j-i == 17 && isX(t.at(j)) {
			b.WriteByte('X')
			j++
		}
		runs = append(runs, digitRun{s: i, e: j, digits: b.String()})
		i = j
	}
	return runs
}

func isX(r rune) bool { return r == 'X' || r == 'x' || r == 'Ｘ' || r == 'ｘ' }

func isASCIILetter(r rune) bool { return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' }

// ValidID18 reports whether id is an 18-character resident ID number with
// a region code starting 1–8, a real birth date in 1900–2099 and a correct
// GB 11643 check character.
func ValidID18(id string) bool {
	if len(id) != 18 {
		return false
	}
	for i := 0; i < 17; i++ {
		if id[i] < '0' || id[i] > '9' {
			return false
		}
	}
	if id[0] < '1' || id[0] > '8' {
		return false
	}
	if !validDate(atoi(id[6:10]), atoi(id[10:12]), atoi(id[12:14])) {
		return false
	}
	c := id[17]
	if c == 'x' {
		c = 'X'
	}
	return IDCheckChar(id[:17]) == c
}

// IDCheckChar returns the GB 11643 check character of 17 digits.
func IDCheckChar(d17 string) byte {
	weights := [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for i := 0; i < 17 && i < len(d17); i++ {
		sum += int(d17[i]-'0') * weights[i]
	}
	return "10X98765432"[sum%11]
}

// looksLikeID18 reports whether d has the shape of an ID number (region
// and birth date plausible), whatever its check character: such a number
// is never reported as a bank card.
func looksLikeID18(d string) bool {
	return len(d) == 18 && d[0] >= '1' && d[0] <= '8' && isASCIIDigits(d[:17]) &&
		validDate(atoi(d[6:10]), atoi(d[10:12]), atoi(d[12:14]))
}

// validID15 checks an old 15-digit ID: region 1–8 and a real 19yy date.
func validID15(id string) bool {
	return len(id) == 15 && id[0] >= '1' && id[0] <= '8' &&
		validDate(1900+atoi(id[6:8]), atoi(id[8:10]), atoi(id[10:12]))
}

func validDate(y, m, d int) bool {
	if y < 1900 || y > 2099 || m < 1 || m > 12 || d < 1 {
		return false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	return t.Day() == d && int(t.Month()) == m
}

func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

// Luhn reports whether the digits pass the Luhn check.
func Luhn(digits string) bool {
	if digits == "" {
		return false
	}
	sum := 0
	double := false
	for i := len(digits) - 1; i >= 0; i-- {
		c := digits[i]
		if c < '0' || c > '9' {
			return false
		}
		v := int(c - '0')
		if double {
			v *= 2
			if v > 9 {
				v -= 9
			}
		}
		sum += v
		double = !double
	}
	return sum%10 == 0
}

func isMobile(d string) bool {
	return len(d) == 11 && d[0] == '1' && d[1] >= '3' && d[1] <= '9'
}

// isSep reports whether r separates digit groups: a space or hyphen,
// also the full-width and no-break forms people paste from Word.
func isSep(r rune) bool {
	switch r {
	case ' ', '-', '\u00a0', '\u3000', '－', '‐', '‑':
		return true
	}
	return false
}

// PersonalData finds personal data in text:
//
//   - 18-digit ID numbers with a valid check character, birth date and region,
//     and old 15-digit ID numbers with a valid date;
//   - 18-character numbers with a plausible region and birth date but a
//     wrong check character (疑似身份证号: a mistyped ID is still personal
//     data; callers grade it a warning);
//   - mobile numbers 1[3-9]xxxxxxxxx, also as +86 / 86- prefixed and
//     written 138-0000-0000 or 138 0000 0000;
//   - bank card numbers of 16–19 digits passing the Luhn check, also in
//     groups of four separated by spaces or hyphens, unless they are an ID;
//   - e-mail addresses;
//   - personal names next to personal-data keywords (see names.go).
//
// Digit sequences are only taken whole: a number inside a longer run of
// digits, or glued to Latin letters (order or serial numbers), is not
// reported.
func PersonalData(text string) []Finding {
	t := decode(text)
	var fs []Finding
	emails := emailRe.FindAllStringIndex(text, -1)
	for _, m := range emails {
		fs = append(fs, newFinding(text, KindEmail, m[0], m[1],
			"发现电子邮箱，如非单位公开的联系邮箱，请删除或改为“"+Mask(KindEmail, text[m[0]:m[1]])+"”"))
	}
	inEmail := func(s, e int) bool {
		for _, m := range emails {
			if s < m[1] && m[0] < e {
				return true
			}
		}
		return false
	}
	add := func(kind Kind, s, e int) { // rune offsets
		bs, be := t.off[s], t.off[e]
		if inEmail(bs, be) {
			return
		}
		v := text[bs:be]
		var msg string
		switch kind {
		case KindIDNumber, KindIDNumber15:
			msg = "发现" + Labels[kind] + "，公开前请删除或改为“" + Mask(kind, v) + "”"
		case KindSuspectedID:
			msg = "疑似身份证号（出生日期和地区码像身份证号，但校验位不符，可能是抄错的号码），请核实；如是身份证号，公开前请删除或改为“" + Mask(kind, v) + "”"
		case KindMobile:
			msg = "发现手机号码，如非单位公开的联系电话，请删除或改为“" + Mask(kind, v) + "”"
		case KindBankCard:
			msg = "发现银行卡号，公开前请删除或改为“" + Mask(kind, v) + "”"
		}
		fs = append(fs, newFinding(text, kind, bs, be, msg))
	}
	// glued reports whether rune offsets s..e touch Latin letters.
	glued := func(s, e int) bool {
		return isASCIILetter(t.at(s-1)) || isASCIILetter(t.at(e))
	}

	runs := digitRuns(t)
	for i := 0; i < len(runs); i++ {
		r := runs[i]
		// adjacent reports whether runs[k] and runs[k+1] are separated by
		// exactly one separator rune sep.
		adjacent := func(k int, sep rune) bool {
			return k+1 < len(runs) && runs[k+1].s == runs[k].e+1 && t.rs[runs[k].e] == sep
		}
		// Grouped card: 4 4 4 4 [1–4], one kind of separator.
		if len(r.digits) == 4 && r.e < len(t.rs) && isSep(t.rs[r.e]) {
			sep := t.rs[r.e]
			j, total := i, 4
			for adjacent(j, sep) && len(runs[j].digits) == 4 {
				j++
				total += len(runs[j].digits)
				if len(runs[j].digits) != 4 {
					break
				}
			}
			if j-i >= 3 && total >= 16 && total <= 19 && !(adjacent(j, sep) && len(runs[j].digits) == 4) {
				var d strings.Builder
				for k := i; k <= j; k++ {
					d.WriteString(runs[k].digits)
				}
				if Luhn(d.String()) && !glued(r.s, runs[j].e) {
					add(KindBankCard, r.s, runs[j].e)
					i = j
					continue
				}
			}
		}
		// Prefix 86 / +86 before a mobile number.
		start := r.s
		first := i
		if r.digits == "86" && r.e < len(t.rs) && isSep(t.rs[r.e]) && adjacent(i, t.rs[r.e]) {
			first = i + 1
		}
		if first != i || len(r.digits) == 13 && strings.HasPrefix(r.digits, "86") {
			if t.at(start-1) == '+' {
				start--
			}
		}
		// Grouped mobile: 3 4 4.
		if f := runs[first]; len(f.digits) == 3 && f.e < len(t.rs) && isSep(t.rs[f.e]) {
			sep := t.rs[f.e]
			if adjacent(first, sep) && adjacent(first+1, sep) &&
				len(runs[first+1].digits) == 4 && len(runs[first+2].digits) == 4 &&
				!adjacent(first+2, sep) &&
				isMobile(f.digits+runs[first+1].digits+runs[first+2].digits) &&
				!glued(start, runs[first+2].e) {
				add(KindMobile, start, runs[first+2].e)
				i = first + 2
				continue
			}
		}
		if first != i && isMobile(runs[first].digits) && !glued(start, runs[first].e) {
			add(KindMobile, start, runs[first].e)
			i = first
			continue
		}
		if glued(r.s, r.e) {
			continue
		}
		d := r.digits
		switch {
		case len(d) == 18 && ValidID18(d):
			add(KindIDNumber, r.s, r.e)
		case looksLikeID18(d):
			add(KindSuspectedID, r.s, r.e)
		case len(d) == 15 && validID15(d):
			add(KindIDNumber15, r.s, r.e)
		case isMobile(d):
			add(KindMobile, r.s, r.e)
		case len(d) == 13 && strings.HasPrefix(d, "86") && isMobile(d[2:]):
			add(KindMobile, start, r.e)
		case len(d) >= 16 && len(d) <= 19 && Luhn(d) && !looksLikeID18(d):
			add(KindBankCard, r.s, r.e)
		}
	}
	fs = append(fs, personalNames(t)...)
	sortFindings(fs)
	return fs
}

var emailRe = regexp.MustCompile(`[A-Za-z0-9][A-Za-z0-9._%+\-]*@[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}`)

// isHan reports whether r is a Han character.
func isHan(r rune) bool { return unicode.Is(unicode.Han, r) }
