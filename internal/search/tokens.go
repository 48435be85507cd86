// Package search turns Chinese (and mixed) text into index tokens and user
// queries into full-text expressions for SQLite FTS5 (tokenize='unicode61')
// and PostgreSQL (to_tsvector('simple', …)).
//
// Indexing rules (Tokens):
//
//   - The text is normalised: full-width ASCII (！–～) becomes half-width,
//     the ideographic space becomes a space, and everything is lower-cased.
//   - The text is split into runs. A CJK run is a maximal sequence of Han
//     characters (plus 〇); a word run is a maximal sequence of other letters
//     and digits. Everything else (punctuation, spaces, symbols) separates runs,
//     and so does the boundary between a CJK run and a word run.
//   - A CJK run becomes its overlapping bigrams (信息公开 → 信息 息公 公开);
//     a single CJK character stays a unigram. A word run stays whole.
//   - Between two runs the gap token Gap is emitted, so that the last token of
//     one run and the first of the next are never adjacent: a phrase query can
//     therefore never match across punctuation (入学区 does not match
//     “入学、学区划分”).
//
// A query term is tokenised by the same rules and searched as a phrase. Two
// refinements keep recall at the edges of a phrase (see phraseParts):
// a single CJK character at the end of a multi-run phrase becomes a prefix
// token (号 → 号*, so “12号” also matches “12号文件”, where 号 is part of the
// bigram 号文), and a single CJK character at the start of a multi-run phrase
// is dropped from the index expression (it may be the tail of a longer run,
// which bigrams cannot express); Contains then verifies the exact text on the
// top hits. A query of a single CJK character matches where the character
// starts a run or stands alone.
package search

import (
	"strings"
	"unicode"
)

// Gap is the token emitted between two runs of text.
const Gap = "qqgap"

// foldRune applies NFKC-like width folding and lower-casing to one rune.
// It maps one rune to one rune, so rune offsets are preserved.
func foldRune(r rune) rune {
	switch {
	case r >= 0xFF01 && r <= 0xFF5E:
		r -= 0xFEE0
	case r == 0x3000:
		r = ' '
	}
	return unicode.ToLower(r)
}

// Normalize folds full-width ASCII to half-width and lower-cases text.
func Normalize(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		b.WriteRune(foldRune(r))
	}
	return b.String()
}

type runeClass uint8

const (
	classSep runeClass = iota
	classCJK
	classWord
)

// isCJK reports whether r is a Chinese character: a Han letter (not a
// radical or another symbol of the Han script, such as ⽠) or 〇.
func isCJK(r rune) bool {
	return r >= 0x4E00 && r <= 0x9FFF || r == '〇' || unicode.Is(unicode.Han, r) && unicode.IsLetter(r)
}

func classify(r rune) runeClass {
	switch {
	case r < 0x80:
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
			return classWord
		}
		return classSep
	case isCJK(r):
		return classCJK
	case unicode.IsLetter(r) || unicode.IsNumber(r):
		return classWord
	}
	return classSep
}

// run is a maximal sequence of one class of runes in a folded rune slice.
type run struct {
	start, end int // rune offsets, end exclusive
	cjk        bool
}

// splitRuns returns the runs of the folded runes rs.
func splitRuns(rs []rune) []run {
	var out []run
	i := 0
	for i < len(rs) {
		c := classify(rs[i])
		if c == classSep {
			i++
			continue
		}
		j := i + 1
		for j < len(rs) && classify(rs[j]) == c {
			j++
		}
		out = append(out, run{start: i, end: j, cjk: c == classCJK})
		i = j
	}
	return out
}

// TokenLen returns how many full-text tokens text has (gaps not
// counted): a run of n Chinese characters n-1 bigrams (one character
// itself), a word run one.
func TokenLen(text string) int {
	n := 0
	for _, r := range splitRuns(foldRunes(text)) {
		if r.cjk && r.end-r.start > 1 {
			n += r.end - r.start - 1
		} else {
			n++
		}
	}
	return n
}

func foldRunes(s string) []rune {
	rs := []rune(s)
	for i, r := range rs {
		rs[i] = foldRune(r)
	}
	return rs
}

// runTokens appends the tokens of one run.
func runTokens(dst []string, rs []rune, r run) []string {
	if !r.cjk || r.end-r.start == 1 {
		return append(dst, string(rs[r.start:r.end]))
	}
	for i := r.start; i+1 < r.end; i++ {
		dst = append(dst, string(rs[i:i+2]))
	}
	return dst
}

// tokenList returns the tokens of s, with Gap between runs.
func tokenList(s string) []string {
	rs := foldRunes(s)
	runs := splitRuns(rs)
	var toks []string
	for i, r := range runs {
		if i > 0 {
			toks = append(toks, Gap)
		}
		toks = runTokens(toks, rs, r)
	}
	return toks
}

// Tokens returns the index text of s: space-separated tokens, Gap between
// runs. Store it next to the original text and index it with FTS5
// unicode61 or to_tsvector('simple', …).
func Tokens(text string) string {
	rs := foldRunes(text)
	runs := splitRuns(rs)
	var b strings.Builder
	b.Grow(len(text) * 2)
	for i, r := range runs {
		if i > 0 {
			b.WriteString(" " + Gap)
		}
		if !r.cjk || r.end-r.start == 1 {
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			for _, c := range rs[r.start:r.end] {
				b.WriteRune(c)
			}
			continue
		}
		for k := r.start; k+1 < r.end; k++ {
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteRune(rs[k])
			b.WriteRune(rs[k+1])
		}
	}
	return b.String()
}

// Similarity returns the Jaccard index of the token sets (CJK bigrams and
// whole words, gaps excluded) of a and b, from 0 (nothing shared) to 1.
// Two texts without any tokens have similarity 0.
func Similarity(a, b string) float64 { return NewTokenSet(a).Similarity(b) }

// TokenSet is the set of tokens of a text, to compare it with many others.
type TokenSet map[string]struct{}

// NewTokenSet returns the token set of s.
func NewTokenSet(s string) TokenSet { return TokenSet(tokenSet(s)) }

// Similarity returns the Jaccard index of the set and the tokens of b.
func (sa TokenSet) Similarity(b string) float64 {
	sb := tokenSet(b)
	if len(sa) == 0 || len(sb) == 0 {
		return 0
	}
	inter := 0
	for t := range sb {
		if _, ok := sa[t]; ok {
			inter++
		}
	}
	union := len(sa) + len(sb) - inter
	return float64(inter) / float64(union)
}

func tokenSet(s string) map[string]struct{} {
	toks := tokenList(s)
	m := make(map[string]struct{}, len(toks))
	for _, t := range toks {
		if t != Gap {
			m[t] = struct{}{}
		}
	}
	return m
}
