package search

import (
	"encoding/binary"
	"errors"
	"sort"
	"strings"
	"unicode/utf8"
)

// A document's word bag is what the word index keeps of it: how many
// words its title and body have (the lengths BM25 normalises by) and, for
// every index word, how often it occurs in each. Index words are the
// dictionary split's words of two or more characters and their parts
// (SubWords), and Latin words and numbers; single characters count
// towards the lengths only.

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
	b := DocBag{Words: map[string]Counts{}}
	sub := map[string][]string{} // SubWords, once per distinct word
	count := func(text string, inTitle bool) int {
		n := 0
		for _, w := range d.Words(text) {
			n++
			if !indexWord(w.Text) {
				continue
			}
			parts, ok := sub[w.Text]
			if !ok {
				parts = d.SubWords(w.Text)
				sub[w.Text] = parts
			}
			for _, x := range append([]string{w.Text}, parts...) {
				c := b.Words[x]
				if inTitle {
					c.Title++
				} else {
					c.Body++
				}
				b.Words[x] = c
			}
		}
		return n
	}
	b.TitleLen = count(title, true)
	b.BodyLen = count(body, false)
	return b
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
