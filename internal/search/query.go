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
type Query struct {
	Terms   []string
	Phrases [][]string
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
	for _, term := range splitTerms(Normalize(q)) {
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
	}
	return out
}

// splitTerms splits normalised query text on whitespace, keeping quoted
// phrases together. An unclosed quote extends to the end.
func splitTerms(s string) []string {
	var terms []string
	var cur strings.Builder
	flush := func() {
		t := strings.Join(strings.Fields(cur.String()), " ")
		if t != "" {
			terms = append(terms, t)
		}
		cur.Reset()
	}
	var closing rune // non-zero while inside quotes
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
func phraseParts(tokText string) (toks []string, prefix bool) {
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
			toks, prefix := phraseParts(a)
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
			toks, prefix := phraseParts(a)
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
