package search

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"math"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

// The segmenter splits a run of Chinese characters into words the way
// jieba's precise mode does without its HMM: every dictionary word that
// starts at a character is an edge of a DAG over the run, and the path
// with the highest product of word probabilities wins. The dictionary is
// compact and embedded (dict/words.txt.gz: the 138,000 entries of jieba's
// dictionary (MIT) with a frequency of at least 5, made by mkdict, plus
// dict/domain.txt: words of 政务公开 and of an education bureau), loaded
// on first use in about 0.1 s into about 10 MB.

//go:embed dict/words.txt.gz
var wordsGz []byte

//go:embed dict/domain.txt
var domainWords string

// domainFreq is the frequency given to a domain word: high enough to win
// over its parts (校外|培训|机构 → 校外培训机构), low enough not to steal
// a character from a common word next to it (双|减少, not 双减|少).
const domainFreq = 2000

// maxWordRunes is the longest dictionary word, in characters.
const maxWordRunes = 12

// Dict is a segmentation dictionary: the log probability of each word,
// and every proper prefix of a word with the value isPrefix so a lookup can
// stop early.
type Dict struct {
	logP    map[string]float32
	unknown float32 // log probability of a character not in the dictionary
}

// isPrefix marks a proper prefix that is not a word itself (a log
// probability is never positive).
const isPrefix = 1

var (
	defaultDict     *Dict
	defaultDictOnce sync.Once
)

// DefaultDict returns the embedded dictionary, loading it on first use.
func DefaultDict() *Dict {
	defaultDictOnce.Do(func() {
		d, err := LoadDict(wordsGz, domainWords)
		if err != nil {
			panic("search: embedded dictionary: " + err.Error())
		}
		defaultDict = d
	})
	return defaultDict
}

// LoadDict builds a dictionary from gzip-compressed "word freq" lines and
// extra words (one per line, "#" starts a comment), which get domainFreq.
func LoadDict(gz []byte, extra string) (*Dict, error) {
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return nil, err
	}
	freq := make(map[string]uint32, 150_000)
	var total float64
	sc := bufio.NewScanner(zr)
	for sc.Scan() {
		line := sc.Text()
		i := strings.IndexByte(line, ' ')
		if i <= 0 {
			continue
		}
		n, err := strconv.ParseUint(line[i+1:], 10, 32)
		if err != nil {
			continue
		}
		freq[line[:i]] = uint32(n)
		total += float64(n)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	for line := range strings.SplitSeq(extra, "\n") {
		w := Normalize(strings.TrimSpace(line))
		if w == "" || strings.HasPrefix(w, "#") {
			continue
		}
		if freq[w] < domainFreq {
			total += domainFreq
			freq[w] = domainFreq
		}
	}
	logTotal := math.Log(total)
	d := &Dict{logP: make(map[string]float32, len(freq)*4/3), unknown: float32(-logTotal)}
	for w, n := range freq {
		if utf8.RuneCountInString(w) > maxWordRunes {
			continue
		}
		d.logP[w] = float32(math.Log(float64(n)) - logTotal)
		for i := range w {
			if _, ok := d.logP[w[:i]]; i > 0 && !ok {
				d.logP[w[:i]] = isPrefix
			}
		}
	}
	return d, nil
}

// Has reports whether w is a dictionary word.
func (d *Dict) Has(w string) bool {
	p, ok := d.logP[w]
	return ok && p != isPrefix
}

// Cut splits a run of CJK characters into words and returns the rune
// offsets where each word ends. whole=false forbids the edge that spans
// the entire run, which splits a word into its parts (民政局 → 民政 局).
func (d *Dict) Cut(run []rune, whole bool) []int {
	n := len(run)
	if n == 0 {
		return nil
	}
	s := string(run)
	off := make([]int, n+1) // byte offset of each rune
	for i, b := 0, 0; i < n; i++ {
		off[i] = b
		b += utf8.RuneLen(run[i])
		off[i+1] = b
	}
	best := make([]float32, n+1)
	next := make([]int, n+1)
	for i := n - 1; i >= 0; i-- {
		// a single character is always an edge
		p, ok := d.logP[s[off[i]:off[i+1]]]
		if !ok || p == isPrefix {
			p = d.unknown
		}
		best[i], next[i] = p+best[i+1], i+1
		for j := i + 2; j <= n && j-i <= maxWordRunes; j++ {
			p, ok := d.logP[s[off[i]:off[j]]]
			if !ok {
				break // no word starts with this prefix
			}
			if p == isPrefix || (!whole && i == 0 && j == n) {
				continue
			}
			if p += best[j]; p > best[i] {
				best[i], next[i] = p, j
			}
		}
	}
	var ends []int
	for i := 0; i < n; i = next[i] {
		ends = append(ends, next[i])
	}
	return ends
}

// Word is one word of a text: its folded form and its rune offsets in the
// text given to Words.
type Word struct {
	Text       string
	Start, End int
}

// Words splits text into words: CJK runs by the dictionary, other runs
// (Latin words, numbers) whole. Single CJK characters are included; the
// caller decides what to do with them. Offsets are in runes of text.
func (d *Dict) Words(text string) []Word {
	rs := foldRunes(text)
	var out []Word
	for _, r := range splitRuns(rs) {
		if !r.cjk {
			out = append(out, Word{string(rs[r.start:r.end]), r.start, r.end})
			continue
		}
		start := r.start
		for _, e := range d.Cut(rs[r.start:r.end], true) {
			out = append(out, Word{string(rs[start : r.start+e]), start, r.start + e})
			start = r.start + e
		}
	}
	return out
}

// SubWords returns the parts of a word of three or more characters that
// are words of two or more characters themselves, and their parts in turn
// (人民政府 → 人民 政府; 民政局 → 民政; 政府信息公开 → 政府 信息公开 信息
// 公开): the index also counts a long word's parts, so that 民政 finds
// 民政局 but not 人民政府, whose parts are 人民 and 政府.
func (d *Dict) SubWords(w string) []string {
	return d.subWords([]rune(w), nil)
}

func (d *Dict) subWords(rs []rune, out []string) []string {
	if len(rs) < 3 || !isCJK(rs[0]) {
		return out
	}
	start := 0
	for _, e := range d.Cut(rs, false) {
		if e-start >= 2 {
			out = append(out, string(rs[start:e]))
			out = d.subWords(rs[start:e], out)
		}
		start = e
	}
	return out
}

// bagRules is the version of the rules that make a word bag (indexWord,
// SubWords, Bag): change it with them, and every document is indexed again.
const bagRules = "2"

// DictVersion identifies the embedded dictionary and the bag rules: the
// stored word bags were made with this version, and are made again when
// it changes (store.EnsureSearchIndex).
func DictVersion() string {
	h := sha256.New()
	h.Write([]byte(bagRules))
	h.Write(wordsGz)
	h.Write([]byte(domainWords))
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// RareWords returns up to n distinct words of two or more Chinese
// characters of text, the least frequent (by the dictionary) first: the
// words that best tell what a short text is about (学区划分 before 方案).
func (d *Dict) RareWords(text string, n int) []string {
	type cand struct {
		w string
		p float32
	}
	var cs []cand
	seen := map[string]bool{}
	for _, w := range d.Words(text) {
		if utf8.RuneCountInString(w.Text) < 2 || !isCJK(firstRune(w.Text)) || seen[w.Text] {
			continue
		}
		seen[w.Text] = true
		cs = append(cs, cand{w.Text, d.logP[w.Text]})
	}
	sort.SliceStable(cs, func(i, j int) bool { return cs[i].p < cs[j].p })
	out := make([]string, 0, min(n, len(cs)))
	for _, c := range cs[:min(n, len(cs))] {
		out = append(out, c.w)
	}
	return out
}
