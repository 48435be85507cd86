package search

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Query is a parsed user query.
//
// Terms holds the user's terms, normalised (width-folded, lower-case);
// a "quoted phrase" (ASCII quotes or “…”) stays one term. Phrases has one
// entry per term: the list of alternatives for that term (the term itself
// first, then its synonyms), each alternative given as its token text
// exactly as Tokens produces it. Every term is required; any one
// alternative of a term satisfies it.
//
// Words has one entry per term: the words the dictionary splits it into
// (双减工作 → 双减 工作; a term that is one word is its only word), and
// WordAlts each word's synonyms. A document holding every term as a
// phrase is an exact match; one holding every word of every unquoted term
// (and every quoted term as a phrase) is a words match.
type Query struct {
	Terms    []string
	Phrases  [][]string
	Quoted   []bool
	Words    [][]string
	WordAlts map[string][]string
	// trimEdge: a single character ending a phrase of several runs is left
	// out of the index expression instead of searched as a prefix (号 of
	// a document number: the prefix 号* reads every word starting with 号);
	// Contains checks it on the hits.
	trimEdge bool
}

// TrimEdge returns the query with a single character that ends a phrase
// of several runs left to Contains (see Query.trimEdge).
func (q Query) TrimEdge() Query {
	q.trimEdge = true
	return q
}

// Empty reports whether the query has nothing to search for.
func (q Query) Empty() bool { return len(q.Phrases) == 0 }

// ParseQuery parses a user query. Terms are split on whitespace, quoted
// phrases are kept whole, and terms without any letters or digits are
// dropped. synonyms widens a term into alternatives and is read both ways:
// with {"双减": {"减负"}} the term 双减 searches 双减 or 减负 and the term
// 减负 searches 减负 or 双减. Operators such as AND, OR, NEAR, -, *, : carry
// no meaning: every term is searched as literal text.
func ParseQuery(q string, synonyms map[string][]string) Query {
	var out Query
	seen := map[string]bool{}
	for _, pt := range splitTerms(Normalize(q)) {
		term := pt.text
		if seen[term] {
			continue
		}
		var alts []string
		altSeen := map[string]bool{}
		for _, a := range append([]string{term}, lookupSynonyms(term, synonyms)...) {
			toks := Tokens(a)
			if strings.Trim(strings.ReplaceAll(toks, Gap, ""), " ") == "" || altSeen[toks] {
				continue
			}
			altSeen[toks] = true
			alts = append(alts, toks)
		}
		if len(alts) == 0 || alts[0] != Tokens(term) {
			continue
		}
		seen[term] = true
		out.Terms = append(out.Terms, term)
		out.Phrases = append(out.Phrases, alts)
		out.Quoted = append(out.Quoted, pt.quoted)
		words := termWords(DefaultDict(), term)
		out.Words = append(out.Words, words)
		for _, w := range words {
			if syn := lookupSynonyms(w, synonyms); len(syn) > 0 {
				if out.WordAlts == nil {
					out.WordAlts = map[string][]string{}
				}
				out.WordAlts[w] = syn
			}
		}
	}
	return out
}

// stopChars are single characters a query's words leave out (关于做好招生
// 工作的通知 asks for 招生, 工作 and 通知, not for 的).
const stopChars = "的地得了着和与及或在对为等之其并把被由从以于向就是也都而且所这那"

// termWords splits a term into the words a document must hold for a
// words match. Single characters that are not stop characters and stand
// together are one word (退费, which the dictionary lacks); such a word,
// or a single character, joins the word before it in the same run, or
// else the one after it (入学区 stays 入学区: a words match never splits a
// character off a word); after a number a single character is a unit
// (2023年) and is dropped. A term that leaves no word is its own only word.
func termWords(d *Dict, term string) []string {
	ws := d.Words(term)
	type piece struct {
		text       string
		start, end int
		cjk        bool
	}
	var ps []piece
	var pending piece // single characters waiting for the next word
	flush := func() {
		if pending.text != "" {
			ps = append(ps, pending)
			pending = piece{}
		}
	}
	for i, w := range ws {
		r, _ := utf8.DecodeRuneInString(w.Text)
		cjk := isCJK(r)
		single := cjk && utf8.RuneCountInString(w.Text) == 1
		if !single {
			p := piece{w.Text, w.Start, w.End, cjk}
			if pending.text != "" && cjk && pending.end == w.Start {
				p.text, p.start = pending.text+p.text, pending.start
				pending = piece{}
			}
			flush()
			ps = append(ps, p)
			continue
		}
		if strings.ContainsRune(stopChars, r) {
			continue
		}
		if i > 0 && !isCJK(firstRune(ws[i-1].Text)) && ws[i-1].End == w.Start {
			continue // a unit after a number
		}
		if n := len(ps); n > 0 && ps[n-1].cjk && ps[n-1].end == w.Start && pending.text == "" {
			ps[n-1].text += w.Text
			ps[n-1].end = w.End
			continue
		}
		if pending.text != "" && pending.end == w.Start {
			pending.text += w.Text
			pending.end = w.End
			continue
		}
		flush()
		pending = piece{w.Text, w.Start, w.End, true}
	}
	flush()
	var out []string
	seen := map[string]bool{}
	for _, p := range ps {
		if !seen[p.text] {
			seen[p.text] = true
			out = append(out, p.text)
		}
	}
	if len(out) == 0 {
		return []string{term}
	}
	return out
}

func firstRune(s string) rune {
	r, _ := utf8.DecodeRuneInString(s)
	return r
}

// ExactOnly reports whether the words of the query find nothing beyond its
// exact matches: every term is quoted or is one word.
func (q Query) ExactOnly() bool {
	for i, ws := range q.Words {
		if !q.Quoted[i] && len(ws) > 1 {
			return false
		}
	}
	return true
}

// Exact returns the query with every term quoted: matched as a phrase
// only (a document number is not split into words).
func (q Query) Exact() Query {
	q.Quoted = make([]bool, len(q.Terms))
	for i := range q.Quoted {
		q.Quoted[i] = true
	}
	return q
}

// SingleWords reports whether every term is one word, so that the word
// index alone tells the exact matches.
func (q Query) SingleWords() bool {
	for _, ws := range q.Words {
		if len(ws) != 1 {
			return false
		}
	}
	return true
}

// WordsQuery returns the query for a words match: one term per word of an
// unquoted term (with the word's synonyms as alternatives), quoted terms
// as they are. Highlight and Contains take it like any query.
func (q Query) WordsQuery() Query {
	var out Query
	for i, term := range q.Terms {
		if q.Quoted[i] || len(q.Words[i]) <= 1 {
			out.Terms = append(out.Terms, term)
			out.Phrases = append(out.Phrases, q.Phrases[i])
			out.Quoted = append(out.Quoted, q.Quoted[i])
			out.Words = append(out.Words, q.Words[i])
			continue
		}
		for _, w := range q.Words[i] {
			alts := []string{Tokens(w)}
			for _, a := range q.WordAlts[w] {
				alts = append(alts, Tokens(a))
			}
			out.Terms = append(out.Terms, w)
			out.Phrases = append(out.Phrases, alts)
			out.Quoted = append(out.Quoted, false)
			out.Words = append(out.Words, []string{w})
		}
	}
	out.WordAlts = q.WordAlts
	return out
}

// IndexWords returns, for each word the word index must find, the word
// and its synonyms: every word of every term.
func (q Query) IndexWords() [][]string {
	var out [][]string
	for _, ws := range q.Words {
		for _, w := range ws {
			out = append(out, append([]string{w}, q.WordAlts[w]...))
		}
	}
	return out
}

type parsedTerm struct {
	text   string
	quoted bool
}

// splitTerms splits normalised query text on whitespace, keeping quoted
// phrases together. An unclosed quote extends to the end.
func splitTerms(s string) []parsedTerm {
	var terms []parsedTerm
	var cur strings.Builder
	var closing rune // non-zero while inside quotes
	flush := func() {
		t := strings.Join(strings.Fields(cur.String()), " ")
		if t != "" {
			terms = append(terms, parsedTerm{t, closing != 0})
		}
		cur.Reset()
	}
	for _, r := range s {
		switch {
		case closing != 0:
			if r == closing || (closing == '”' && r == '"') {
				flush()
				closing = 0
			} else {
				cur.WriteRune(r)
			}
		case r == '"':
			flush()
			closing = '"'
		case r == '“':
			flush()
			closing = '”'
		case unicode.IsSpace(r):
			flush()
		default:
			cur.WriteRune(r)
		}
	}
	flush()
	return terms
}

// lookupSynonyms returns the synonyms of term, reading the map both ways
// and including the other members of the same group.
func lookupSynonyms(term string, synonyms map[string][]string) []string {
	var out []string
	for k, vs := range synonyms {
		nk := strings.TrimSpace(Normalize(k))
		group := []string{nk}
		hit := nk == term
		for _, v := range vs {
			nv := strings.TrimSpace(Normalize(v))
			group = append(group, nv)
			if nv == term {
				hit = true
			}
		}
		if !hit {
			continue
		}
		for _, g := range group {
			if g != term && g != "" {
				out = append(out, g)
			}
		}
	}
	// map iteration order is random: keep the result deterministic.
	sortStrings(out)
	return out
}

func sortStrings(s []string) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}

// isLoneCJK reports whether tok is a single CJK character.
func isLoneCJK(tok string) bool {
	r, n := utf8.DecodeRuneInString(tok)
	return n == len(tok) && isCJK(r)
}

// phraseParts turns the token text of one alternative into the tokens of
// the index phrase and whether its last token is a prefix. See the package
// documentation for why edge unigrams are treated this way.
func phraseParts(tokText string, trimEdge bool) (toks []string, prefix bool) {
	toks = strings.Fields(tokText)
	if len(toks) == 0 {
		return nil, false
	}
	multi := false
	for _, t := range toks {
		if t == Gap {
			multi = true
			break
		}
	}
	if multi && len(toks) >= 3 && isLoneCJK(toks[0]) && toks[1] == Gap {
		toks = toks[1:]
	}
	if isLoneCJK(toks[len(toks)-1]) {
		if trimEdge && multi && len(toks) >= 3 && toks[len(toks)-2] == Gap {
			return toks[:len(toks)-2], false
		}
		prefix = true
	}
	return toks, prefix
}

// safeToken keeps only letters and digits, so a token can never carry
// syntax into a query expression.
func safeToken(t string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsNumber(r) {
			return r
		}
		return -1
	}, t)
}

// FTS5 returns an SQLite FTS5 MATCH expression: the terms joined with AND,
// each term's alternatives OR'ed, each alternative a quoted phrase of its
// tokens, e.g. ("双减" OR "减负") AND "信息 息公 公开". It returns "" for an
// empty query (check Empty first: MATCH ” is an error).
func (q Query) FTS5() string {
	var terms []string
	for _, alts := range q.Phrases {
		var parts []string
		for _, a := range alts {
			toks, prefix := phraseParts(a, q.trimEdge)
			var clean []string
			for _, t := range toks {
				if t = safeToken(t); t != "" {
					clean = append(clean, t)
				}
			}
			if len(clean) == 0 {
				continue
			}
			p := `"` + strings.ReplaceAll(strings.Join(clean, " "), `"`, `""`) + `"`
			if prefix {
				p += "*"
			}
			parts = append(parts, p)
		}
		switch len(parts) {
		case 0:
		case 1:
			terms = append(terms, parts[0])
		default:
			terms = append(terms, "("+strings.Join(parts, " OR ")+")")
		}
	}
	return strings.Join(terms, " AND ")
}

// TSQuery returns text for PostgreSQL to_tsquery('simple', …): phrases with
// <->, alternatives with |, terms with &, every token single-quoted and
// restricted to letters and digits, e.g.
// ('双减' | '减负') & '信息' <-> '息公' <-> '公开'. A trailing single CJK
// character is a prefix ('号':*). It returns "" for an empty query.
func (q Query) TSQuery() string {
	var terms []string
	for _, alts := range q.Phrases {
		var parts []string
		for _, a := range alts {
			toks, prefix := phraseParts(a, q.trimEdge)
			var clean []string
			for _, t := range toks {
				if t = safeToken(t); t != "" {
					clean = append(clean, "'"+t+"'")
				}
			}
			if len(clean) == 0 {
				continue
			}
			if prefix {
				clean[len(clean)-1] += ":*"
			}
			p := strings.Join(clean, " <-> ")
			if len(clean) > 1 {
				p = "(" + p + ")"
			}
			parts = append(parts, p)
		}
		switch len(parts) {
		case 0:
		case 1:
			terms = append(terms, parts[0])
		default:
			terms = append(terms, "("+strings.Join(parts, " | ")+")")
		}
	}
	return strings.Join(terms, " & ")
}
