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

// commonWords lists common words in which a short search term can occur
// without meaning itself. "|" marks the boundaries of the words a word is
// made of: an occurrence of a term counts as embedded when the text around
// it spells one of these words and the term starts or ends strictly inside
// one of its parts (民政 in 人民|政府, 学区 in 大学|区, 民生 in 居民|生活).
// A term that covers whole parts is not embedded: 政府 in 人民|政府 and 民政
// in 民政|局 keep the full score, because the word there really is a
// 民政 bureau.
var commonWords = []string{
	"人民|政府", "中华|人民|共和国", "人民|群众", "人民|法院", "人民|检察院",
	"人民|代表|大会", "人民|代表", "人民|银行", "人民|生活", "人民|至上",
	"人民|币", "人民|调解", "人民|防空", "人民|武装部", "人民|团体",
	"政府|信息", "政府|办公室", "政府|工作|报告", "政府|采购", "政府|网站",
	"教育|局", "教体|局", "教育|和|体育|局", "民政|局", "公安|局", "财政|局",
	"大学|区", "大学|城", "大学|生", "中学|生", "小学|生", "学生|会",
	"学区|房", "学区|划分", "入学|登记", "义务|教育", "招生|计划",
	"居民|生活", "农民|生产", "居民|生产", "农民|工", "市民|生活", "居民|生计",
	"办公|安排", "办公|安全", "办公|用房", "办公|开支", "办公|场所",
	"理财|政策", "工资|金额", "工资|金", "加工|资金", "公交|通勤",
	"通信|访问", "收入|学生", "不动产|权", "产权|证书", "行政|务实",
	"社会|保障", "社会|保险", "社会|救助", "社会|组织", "最低|生活|保障",
	"医疗|保障", "医疗|保险", "养老|保险", "养老|金", "失业|保险",
	"国家|机关", "国有|资产", "国有|企业", "行政|机关", "行政|许可",
	"行政|处罚", "行政|复议", "行政|诉讼", "行政|区划", "依|申请|公开",
	"主动|公开", "不予|公开", "公开|指南", "公开|目录", "信息|公开",
	"工作|人员", "工作|报告", "年度|报告", "规范性|文件", "红头|文件",
	"中国|共产党", "党|委员会", "常务|委员会", "居民|委员会", "村民|委员会",
	"街道|办事处", "乡镇|人民|政府", "城乡|居民", "农村|居民", "流动|人口",
	"户籍|人口", "残疾|人", "老年|人", "未成年|人", "法定|代表|人",
	"代理|人", "申请|人", "当事|人", "联系|人", "负责|人",
	"生态|环境", "自然|资源", "交通|运输", "安全|生产", "应急|管理",
	"市场|监管", "住房|保障", "公共|服务", "公共|资源", "公共|卫生",
	"卫生|健康", "文化|旅游", "发展|改革", "营商|环境", "疫情|防控",
}

type commonWord struct {
	text   []rune
	bounds map[int]bool
}

var parsedCommonWords = func() []commonWord {
	out := make([]commonWord, 0, len(commonWords))
	for _, w := range commonWords {
		cw := commonWord{bounds: map[int]bool{0: true}}
		for part := range strings.SplitSeq(w, "|") {
			cw.text = append(cw.text, []rune(part)...)
			cw.bounds[len(cw.text)] = true
		}
		out = append(out, cw)
	}
	return out
}()

// embeddedAt reports whether the term occurrence rs[p:p+len(term)] lies
// inside one of the common words, cutting one of its parts.
func embeddedAt(rs []rune, p int, term []rune) bool {
	m := len(term)
	for _, w := range parsedCommonWords {
		if len(w.text) <= m {
			continue
		}
		for _, k := range indexRunes(w.text, term) {
			if w.bounds[k] && w.bounds[k+m] {
				continue
			}
			s := p - k
			if s < 0 || s+len(w.text) > len(rs) {
				continue
			}
			if runesEqual(rs[s:s+len(w.text)], w.text) {
				return true
			}
		}
	}
	return false
}

// EmbeddedPenalty returns a ranking factor in (0, 1] for text and q. For
// every term that is one run of CJK characters, the share of its
// occurrences that sit inside a longer common word (see commonWords)
// lowers the factor: a term whose every occurrence is embedded contributes
// 0.3, a term with no embedded occurrence 1. The factors of the terms are
// multiplied. Terms of other shapes, and terms not found, contribute 1.
func EmbeddedPenalty(text string, q Query) float64 {
	rs := foldRunes(text)
	factor := 1.0
	for _, alts := range q.Phrases {
		total, embedded := 0, 0
		for _, a := range alts {
			segs := segsOf(a)
			if len(segs) != 1 || !segs[0].cjk || len(segs[0].text) < 2 {
				continue
			}
			for _, p := range indexRunes(rs, segs[0].text) {
				total++
				if embeddedAt(rs, p, segs[0].text) {
					embedded++
				}
			}
		}
		if total > 0 {
			factor *= 1 - 0.7*float64(embedded)/float64(total)
		}
	}
	return factor
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
