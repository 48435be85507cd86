package main

// The anchor's tokenizer (../shared/searchbench/internal/bg): each CJK (Han)
// run -> overlapping bigrams (a 1-char run -> the char itself); Latin/digit
// runs kept whole (lower-cased); everything else is a separator. No gap
// between runs: the anchor matches across punctuation.

import (
	"os"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

func isHan(r rune) bool { return unicode.Is(unicode.Han, r) }
func isAlnum(r rune) bool {
	return (unicode.IsLetter(r) || unicode.IsDigit(r)) && !isHan(r)
}

// walk calls emit(tok, isToken) for index tokens and (if punct) for separators.
func walk(s string, punct bool, emit func(string, bool)) {
	rs := []rune(s)
	n := len(rs)
	for i := 0; i < n; {
		r := rs[i]
		switch {
		case isHan(r):
			j := i
			for j < n && isHan(rs[j]) {
				j++
			}
			if j-i == 1 {
				emit(string(rs[i]), true)
			} else {
				for k := i; k+1 < j; k++ {
					emit(string(rs[k:k+2]), true)
				}
			}
			i = j
		case isAlnum(r):
			j := i
			for j < n && isAlnum(rs[j]) {
				j++
			}
			emit(string(rs[i:j]), true)
			i = j
		default:
			if punct && !unicode.IsSpace(r) || punct && r == '\n' {
				emit(string(r), false)
			}
			i++
		}
	}
}

// Tokens returns index tokens (lower-cased).
func bgTokens(s string) []string {
	var out []string
	walk(s, false, func(t string, _ bool) { out = append(out, strings.ToLower(t)) })
	return out
}

// TokenText: tokens joined by spaces (fed to PostgreSQL to_tsvector('simple')).
func bgTokenText(s string) string { return strings.Join(bgTokens(s), " ") }

// BigramText: tokens AND punctuation/newlines, space separated, case kept.
// Stored as FTS5 content so snippet() output can be turned back into text.
func bigramText(s string) string {
	var b strings.Builder
	b.Grow(len(s) * 3)
	first := true
	walk(s, true, func(t string, _ bool) {
		if !first {
			b.WriteByte(' ')
		}
		first = false
		b.WriteString(t)
	})
	return b.String()
}

// Debigram turns an FTS5 snippet over BigramText (highlight marks \x02..\x03)
// back into readable text, highlighting with 【】.
func debigram(s string) string {
	var out []rune
	var hl []bool
	in := false
	var prev []rune
	prevCJK := false
	s = strings.ReplaceAll(s, "…", " … ")
	for _, tok := range strings.Split(s, " ") {
		if tok == "" {
			continue
		}
		// strip markers, remember highlight state at token start
		var rs []rune
		tokHL := in
		for _, r := range tok {
			switch r {
			case 2:
				in = true
				if len(rs) == 0 {
					tokHL = true
				}
			case 3:
				in = false
			default:
				rs = append(rs, r)
			}
		}
		if len(rs) == 0 {
			continue
		}
		cjk := isHan(rs[0])
		start := 0
		if cjk && prevCJK && len(prev) == 2 && len(rs) == 2 && prev[1] == rs[0] {
			start = 1
			if tokHL && len(hl) > 0 {
				hl[len(hl)-1] = true
			}
		} else if !cjk && isAlnum(rs[0]) && len(prev) > 0 && isAlnum(prev[len(prev)-1]) {
			out = append(out, ' ')
			hl = append(hl, false)
		}
		for _, r := range rs[start:] {
			out = append(out, r)
			hl = append(hl, tokHL)
		}
		prev = rs
		prevCJK = cjk
	}
	var b strings.Builder
	on := false
	for i, r := range out {
		if hl[i] && !on {
			b.WriteString("【")
			on = true
		} else if !hl[i] && on {
			b.WriteString("】")
			on = false
		}
		b.WriteRune(r)
	}
	if on {
		b.WriteString("】")
	}
	return b.String()
}

var _ = utf8.RuneLen

// procStatus returns a field of /proc/PID/status in KiB (VmRSS, VmHWM).
func procStatus(pid, field string) int64 {
	b, err := os.ReadFile("/proc/" + pid + "/status")
	if err != nil {
		return -1
	}
	for _, l := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(l, field+":") {
			f := strings.Fields(l)
			v, _ := strconv.ParseInt(f[1], 10, 64)
			return v
		}
	}
	return -1
}
