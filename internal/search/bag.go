package search

import (
	"encoding/binary"
	"errors"
	"sort"
	"strings"
	"unicode/utf8"
)

// A document's word bag is what the word index keeps of it: how long its
// title and body are and, for every index word, how often it occurs in
// each. The lengths (what BM25 normalises by) are counted in full-text
// tokens (TokenLen: a run of n Chinese characters is n-1 bigrams), as
// SQLite FTS5 counts them. Index words are the dictionary split's words of
// two or more characters and their parts (SubWords), two single
// characters standing together that are not stop characters (退|费 → 退费:
// a word the dictionary lacks still gets counted), and Latin words and
// years.

// Counts is how often a word occurs in a document's title and body.
type Counts struct{ Title, Body int }

// DocBag is the word bag of one document.
type DocBag struct {
	TitleLen, BodyLen int
	Words             map[string]Counts
}

// indexWord reports whether a word of the split is an index word: a
// Chinese word of two or more characters, a Latin word (up to 20
// letters), or a year (1900–2099). Other numbers (counts, amounts,
// telephone numbers) are matched by the full-text index but not ranked.
func indexWord(w string) bool {
	n := utf8.RuneCountInString(w)
	r, _ := utf8.DecodeRuneInString(w)
	if isCJK(r) {
		return n >= 2
	}
	if n > 20 {
		return false
	}
	digits := true
	for _, c := range w {
		if c < '0' || c > '9' {
			digits = false
			break
		}
	}
	if digits {
		return n == 4 && (strings.HasPrefix(w, "19") || strings.HasPrefix(w, "20"))
	}
	return true
}

// Bag returns the word bag of a document's title and body.
func (d *Dict) Bag(title, body string) DocBag {
	b := DocBag{Words: map[string]Counts{}, TitleLen: TokenLen(title), BodyLen: TokenLen(body)}
	sub := map[string][]string{} // SubWords, once per distinct word
	add := func(w string, inTitle bool) {
		c := b.Words[w]
		if inTitle {
			c.Title++
		} else {
			c.Body++
		}
		b.Words[w] = c
	}
	count := func(text string, inTitle bool) {
		d.eachIndexWord(text, func(w string) {
			parts, ok := sub[w]
			if !ok {
				parts = d.SubWords(w)
				sub[w] = parts
			}
			add(w, inTitle)
			for _, x := range parts {
				add(x, inTitle)
			}
		})
	}
	count(title, true)
	count(body, false)
	return b
}

// eachIndexWord calls fn for each index word of the split of text, in
// order, without the parts of longer words: the words indexWord keeps, and
// two single characters standing together that are not stop characters.
func (d *Dict) eachIndexWord(text string, fn func(w string)) {
	var prev Word // the previous word, when a lone character
	for _, w := range d.Words(text) {
		if loneChar(w) {
			if prev.Text != "" && prev.End == w.Start {
				fn(prev.Text + w.Text)
			}
			prev = w
			continue
		}
		prev = Word{}
		if indexWord(w.Text) {
			fn(w.Text)
		}
	}
}

// loneChar reports whether a word of the split is a single Chinese
// character that is not a stop character.
func loneChar(w Word) bool {
	r, n := utf8.DecodeRuneInString(w.Text)
	return n == len(w.Text) && isCJK(r) && !strings.ContainsRune(stopChars, r)
}

// IndexParts returns the index words a document holding w as its text
// would count, without the parts of longer words: what the word index can
// rank a query word by when no document holds it as a word (兖州区 →
// 兖州; 办理退费 → 办理 退费).
func (d *Dict) IndexParts(w string) []string {
	var out []string
	d.eachIndexWord(w, func(x string) { out = append(out, x) })
	return out
}

// packTF packs the counts of a word into one byte: the title's (up to 3)
// in the top two bits, the body's (up to 63) below.
func packTF(c Counts) byte {
	return byte(min(c.Title, 3)<<6 | min(c.Body, 63))
}

func unpackTF(b byte) (title, body int) { return int(b >> 6), int(b & 63) }

// Encode writes the bag with each word replaced by its number (id, which
// must give a distinct non-zero number for each word): the two lengths,
// then for each word, by increasing number, the difference from the
// previous number and one byte of counts.
func (b DocBag) Encode(id func(string) uint32) []byte {
	type e struct {
		id uint32
		tf byte
	}
	es := make([]e, 0, len(b.Words))
	for w, c := range b.Words {
		es = append(es, e{id(w), packTF(c)})
	}
	sort.Slice(es, func(i, j int) bool { return es[i].id < es[j].id })
	out := make([]byte, 0, 8+len(es)*3)
	out = binary.AppendUvarint(out, uint64(b.TitleLen))
	out = binary.AppendUvarint(out, uint64(b.BodyLen))
	prev := uint32(0)
	for _, x := range es {
		out = binary.AppendUvarint(out, uint64(x.id-prev))
		out = append(out, x.tf)
		prev = x.id
	}
	return out
}

var errBadBag = errors.New("search: malformed word bag")

// decodeBag calls fn for every word number and counts byte of an encoded
// bag and returns the lengths.
func decodeBag(p []byte, fn func(id uint32, tf byte)) (titleLen, bodyLen int, err error) {
	t, n := binary.Uvarint(p)
	if n <= 0 {
		return 0, 0, errBadBag
	}
	p = p[n:]
	bl, n := binary.Uvarint(p)
	if n <= 0 {
		return 0, 0, errBadBag
	}
	p = p[n:]
	id := uint32(0)
	for len(p) > 0 {
		d, n := binary.Uvarint(p)
		if n <= 0 || n >= len(p) {
			return 0, 0, errBadBag
		}
		id += uint32(d)
		fn(id, p[n])
		p = p[n+1:]
	}
	return int(t), int(bl), nil
}
