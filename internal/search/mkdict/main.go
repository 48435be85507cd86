// Command mkdict derives the segmenter's compact dictionary
// (internal/search/dict/words.txt.gz) from jieba's dictionary (MIT licence,
// shipped as jieba.dict.utf8 by github.com/yanyiwu/gojieba and as
// dict.txt by Debian's python3-jieba): every entry made only of Han
// characters, single characters always, longer words from a frequency of
// -min upwards, written as "word freq" lines, sorted, gzip-compressed.
//
//	go run ./internal/search/mkdict -src $(go env GOMODCACHE)/github.com/yanyiwu/gojieba@v1.4.6/deps/cppjieba/dict/jieba.dict.utf8
package main

import (
	"bufio"
	"compress/gzip"
	"flag"
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

func main() {
	src := flag.String("src", "", "jieba dictionary (word freq [tag] per line)")
	out := flag.String("out", "internal/search/dict/words.txt.gz", "output")
	minFreq := flag.Int("min", 5, "lowest frequency kept for words of two or more characters")
	maxLen := flag.Int("maxlen", 8, "longest word kept, in characters")
	flag.Parse()
	f, err := os.Open(*src)
	if err != nil {
		fail(err)
	}
	defer f.Close()
	type entry struct {
		w string
		f int
	}
	var es []entry
	seen := map[string]bool{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fs := strings.Fields(sc.Text())
		if len(fs) < 2 {
			continue
		}
		w := fs[0]
		n, err := strconv.Atoi(fs[1])
		if err != nil || n <= 0 || seen[w] {
			continue
		}
		k := utf8.RuneCountInString(w)
		if k > *maxLen || (k > 1 && n < *minFreq) || !allHan(w) {
			continue
		}
		seen[w] = true
		es = append(es, entry{w, n})
	}
	if err := sc.Err(); err != nil {
		fail(err)
	}
	sort.Slice(es, func(i, j int) bool { return es[i].w < es[j].w })
	o, err := os.Create(*out)
	if err != nil {
		fail(err)
	}
	zw, _ := gzip.NewWriterLevel(o, gzip.BestCompression)
	bw := bufio.NewWriter(zw)
	for _, e := range es {
		fmt.Fprintf(bw, "%s %d\n", e.w, e.f)
	}
	if err := bw.Flush(); err != nil {
		fail(err)
	}
	if err := zw.Close(); err != nil {
		fail(err)
	}
	if err := o.Close(); err != nil {
		fail(err)
	}
	fmt.Fprintf(os.Stderr, "%d words → %s\n", len(es), *out)
}

func allHan(s string) bool {
	for _, r := range s {
		if !unicode.Is(unicode.Han, r) {
			return false
		}
	}
	return s != ""
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "mkdict:", err)
	os.Exit(1)
}
