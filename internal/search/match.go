package search

import (
	"html"
	"sort"
	"strings"
)

// seg is one run of an alternative, rebuilt from its tokens.
type seg struct {
	text []rune
	cjk  bool
}

// segsOf rebuilds the runs of an alternative from its token text: tokens
// between two Gaps form one run; overlapping CJK bigrams are joined again.
func segsOf(tokText string) []seg {
	var out []seg
	var cur []string
	flush := func() {
		if len(cur) == 0 {
			return
		}
		first := []rune(cur[0])
		s := seg{text: first, cjk: len(first) > 0 && isCJK(first[0])}
		if s.cjk {
			for _, t := range cur[1:] {
				rs := []rune(t)
				s.text = append(s.text, rs[len(rs)-1])
			}
		} else {
			for _, t := range cur[1:] { // not produced by Tokens; be lenient
				s.text = append(s.text, []rune(t)...)
			}
		}
		out = append(out, s)
		cur = cur[:0]
	}
	for _, t := range strings.Fields(tokText) {
		if t == Gap {
			flush()
			continue
		}
		cur = append(cur, t)
	}
	flush()
	return out
}

type span struct{ start, end int } // rune offsets into the text

func runesEqual(a, b []rune) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// indexRunes returns every offset at which sub occurs in s.
func indexRunes(s, sub []rune) []int {
	var out []int
	if len(sub) == 0 {
		return nil
	}
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i] == sub[0] && runesEqual(s[i:i+len(sub)], sub) {
			out = append(out, i)
		}
	}
	return out
}

// matchAlt returns the spans at which the runs segs occur in the folded
// text rs with runs trs: a single CJK run anywhere inside a CJK run, a
// word run as a whole word, and several runs as consecutive text runs,
// the first CJK run ending its text run and the last starting its one.
func matchAlt(rs []rune, trs []run, segs []seg) []span {
	var out []span
	if len(segs) == 0 {
		return nil
	}
	if len(segs) == 1 {
		s := segs[0]
		for _, tr := range trs {
			if tr.cjk != s.cjk {
				continue
			}
			body := rs[tr.start:tr.end]
			if !s.cjk {
				if runesEqual(body, s.text) {
					out = append(out, span{tr.start, tr.end})
				}
				continue
			}
			for _, off := range indexRunes(body, s.text) {
				out = append(out, span{tr.start + off, tr.start + off + len(s.text)})
			}
		}
		return out
	}
	k := len(segs)
	for j := 0; j+k <= len(trs); j++ {
		ok := true
		for i, s := range segs {
			tr := trs[j+i]
			body := rs[tr.start:tr.end]
			if tr.cjk != s.cjk {
				ok = false
				break
			}
			switch {
			case i == 0 && s.cjk:
				ok = len(body) >= len(s.text) && runesEqual(body[len(body)-len(s.text):], s.text)
			case i == k-1 && s.cjk:
				ok = len(body) >= len(s.text) && runesEqual(body[:len(s.text)], s.text)
			default:
				ok = runesEqual(body, s.text)
			}
			if !ok {
				break
			}
		}
		if ok {
			first, last := trs[j], trs[j+k-1]
			start := first.start
			if segs[0].cjk {
				start = first.end - len(segs[0].text)
			}
			end := last.end
			if segs[k-1].cjk {
				end = last.start + len(segs[k-1].text)
			}
			out = append(out, span{start, end})
		}
	}
	return out
}

// termSpans returns, for each term of q, the spans of all its alternatives.
func termSpans(rs []rune, q Query) [][]span {
	trs := splitRuns(rs)
	out := make([][]span, len(q.Phrases))
	for i, alts := range q.Phrases {
		for _, a := range alts {
			out[i] = append(out[i], matchAlt(rs, trs, segsOf(a))...)
		}
	}
	return out
}

// Contains reports whether text, normalised like the index, really contains
// every term of q (any one alternative per term). Use it to verify the top
// hits of an index search. An empty query is contained nowhere.
func Contains(text string, q Query) bool {
	if q.Empty() {
		return false
	}
	for _, spans := range termSpans(foldRunes(text), q) {
		if len(spans) == 0 {
			return false
		}
	}
	return true
}

// Highlight returns an HTML-escaped snippet of text around the first match
// of q, with every match inside the snippet wrapped in <mark>…</mark>. The
// snippet has at most maxRunes visible characters, counting the “…” put
// at each end that was cut. Without a match it is the start of the text.
// maxRunes <= 0 means no limit.
func Highlight(text string, q Query, maxRunes int) string {
	orig := []rune(text)
	folded := make([]rune, len(orig))
	for i, r := range orig {
		folded[i] = foldRune(r)
	}
	var spans []span
	for _, ts := range termSpans(folded, q) {
		spans = append(spans, ts...)
	}
	sort.Slice(spans, func(i, j int) bool {
		if spans[i].start != spans[j].start {
			return spans[i].start < spans[j].start
		}
		return spans[i].end > spans[j].end
	})
	// merge overlapping or touching spans
	var merged []span
	for _, s := range spans {
		if n := len(merged); n > 0 && s.start <= merged[n-1].end {
			if s.end > merged[n-1].end {
				merged[n-1].end = s.end
			}
			continue
		}
		merged = append(merged, s)
	}

	from, to := 0, len(orig)
	cutL, cutR := false, false
	if maxRunes > 0 && len(orig) > maxRunes {
		budget := maxRunes
		anchor := 0
		if len(merged) > 0 {
			anchor = merged[0].start
		}
		// first guess: a little context before the match
		lead := budget / 4
		from = max(anchor-lead, 0)
		cutL = from > 0
		if cutL {
			budget--
		}
		to = from + budget
		if to < len(orig) {
			cutR = true
			to--
		}
		if to > len(orig) {
			to = len(orig)
		}
		// if the end reached the text end, pull the start back
		if !cutR && cutL {
			from = max(len(orig)-(maxRunes-1), 0)
			if from == 0 {
				cutL = false
			}
		}
		if to < from {
			to = from
		}
	}

	var b strings.Builder
	if cutL {
		b.WriteString("…")
	}
	pos := from
	for _, s := range merged {
		st, en := max(s.start, from), min(s.end, to)
		if st >= en {
			continue
		}
		b.WriteString(html.EscapeString(string(orig[pos:st])))
		b.WriteString("<mark>")
		b.WriteString(html.EscapeString(string(orig[st:en])))
		b.WriteString("</mark>")
		pos = en
	}
	b.WriteString(html.EscapeString(string(orig[pos:to])))
	if cutR {
		b.WriteString("…")
	}
	return b.String()
}

// Proximity says how close together the terms of a query stand in a text.
type Proximity struct {
	Span        int  // characters from the start of the first to the end of the last term in the closest group; 0 when a term is missing
	OneSentence bool // some sentence (up to 。！？； or a line break) holds every term
}

// Factor is a ranking factor in (0, 1]: 1 for terms side by side, 1/2 for
// terms 50 characters apart, lower further.
func (p Proximity) Factor() float64 {
	if p.Span <= 0 {
		return 0.25
	}
	return 50 / (50 + float64(p.Span))
}

func sentenceEnd(r rune) bool {
	switch r {
	case '。', '!', '?', ';', '\n', '！', '？', '；':
		return true
	}
	return false
}

// Near measures how close together the terms of q stand in text.
func Near(text string, q Query) Proximity {
	rs := foldRunes(text)
	per := termSpans(rs, q)
	type occ struct{ start, end, term int }
	var all []occ
	for t, spans := range per {
		if len(spans) == 0 {
			return Proximity{}
		}
		for _, s := range spans {
			all = append(all, occ{s.start, s.end, t})
		}
	}
	sort.Slice(all, func(i, j int) bool { return all[i].start < all[j].start })
	// the shortest window holding every term, and whether one holds them
	// all without a sentence end inside
	ends := make([]int, len(rs)+1) // sentence ends before each offset
	for i, r := range rs {
		ends[i+1] = ends[i]
		if sentenceEnd(r) {
			ends[i+1]++
		}
	}
	count := make([]int, len(per))
	have, lo := 0, 0
	best := Proximity{}
	for hi := range all {
		if count[all[hi].term] == 0 {
			have++
		}
		count[all[hi].term]++
		for have == len(per) {
			end := 0
			for k := lo; k <= hi; k++ {
				end = max(end, all[k].end)
			}
			span := end - all[lo].start
			if best.Span == 0 || span < best.Span {
				best.Span = span
			}
			if ends[end] == ends[all[lo].start] {
				best.OneSentence = true
			}
			count[all[lo].term]--
			if count[all[lo].term] == 0 {
				have--
			}
			lo++
		}
	}
	return best
}
