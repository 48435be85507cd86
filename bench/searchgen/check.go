package main

// The quality checker: every hit against the original text (an exact hit
// holds every term as a phrase, a words hit every word), the document
// number's owner first, the top-10 overlap with the anchor's full bm25 on
// queries with more than 1,000 matches, and real uses of 民政 (not inside
// 人民政府) in its top 10.

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"sort"
	"strings"
)

type cdoc struct{ title, body, docno string }

func checkMain(args []string) {
	fs := flag.NewFlagSet("check", flag.ExitOnError)
	corpus := fs.String("corpus", "docs.jsonl", "")
	anchor := fs.String("anchor", "out/anchor", "results prefix of the anchor")
	gk := fs.String("gk", "out/gk", "results prefix of gongkai")
	traps := fs.String("traps", "", "results prefix of gongkai on the trap queries (phrases across punctuation)")
	out := fs.String("out", "", "write the figures as JSON here")
	skipHeld := fs.String("skip-held", "", "gongkai import documents --json output: document numbers whose document it held for review (not public) are not counted")
	fs.Parse(args)
	held := heldIDs(*skipHeld)
	docs := map[int]cdoc{}
	must(eachDoc(*corpus, func(d *Doc) error {
		docs[d.ID] = cdoc{strings.ToLower(d.Title), strings.ToLower(d.Body), d.Docno}
		return nil
	}))
	has := func(d cdoc, w string) bool {
		w = strings.ToLower(w)
		return strings.Contains(d.title, w) || strings.Contains(d.body, w)
	}
	dfCache := map[string]int{}
	df := func(q Query) int {
		if v, ok := dfCache[q.Text]; ok {
			return v
		}
		n := 0
		for _, d := range docs {
			ok := true
			for _, w := range q.Words {
				if !has(d, w) {
					ok = false
					break
				}
			}
			if ok {
				n++
			}
		}
		dfCache[q.Text] = n
		return n
	}
	a := loadResults(*anchor)
	g := loadResults(*gk)
	ids := make([]int, 0, len(g))
	for id := range g {
		ids = append(ids, id)
	}
	sort.Ints(ids)
	var (
		hits, exactBad, wordsBad, titleMismatch int
		docQ, docTop1                           int
		overlapSum, overlapN                    int
		perQuery                                []map[string]any
		minzhengReal                            = -1
	)
	for _, id := range ids {
		r := g[id]
		for _, h := range r.Hits {
			hits++
			d := docs[h.ID]
			if strings.ToLower(h.Title) != d.title {
				titleMismatch++
			}
			for _, w := range r.Words {
				if !has(d, w) {
					if h.Match == "words" {
						wordsBad++ // by design: a words hit holds the words of w, not w itself
					} else {
						exactBad++
					}
					break
				}
			}
		}
		if r.Kind == "docno" && !heldNumber(docs, held, r.Text) {
			docQ++
			if len(r.Hits) > 0 && docs[r.Hits[0].ID].docno == r.Text {
				docTop1++
			}
		}
		if r.Text == "民政" {
			minzhengReal = 0
			for _, h := range r.Hits {
				d := docs[h.ID]
				t := d.title + "\n" + d.body
				if strings.Count(t, "民政") > strings.Count(t, "人民政府") {
					minzhengReal++
				}
			}
		}
		if n := df(r.Query); n > 1000 {
			ar := a[id]
			in := map[int]bool{}
			for _, h := range ar.Hits {
				in[h.ID] = true
			}
			ov := 0
			for _, h := range r.Hits {
				if in[h.ID] {
					ov++
				}
			}
			overlapSum += ov
			overlapN++
			perQuery = append(perQuery, map[string]any{"id": id, "q": r.Text, "kind": r.Kind, "matches": n, "overlap": ov})
		}
	}
	// latency of the queries with fewer than 1,000 matches
	var smallG, smallA []float64
	for _, id := range ids {
		if df(g[id].Query) < 1000 {
			smallG = append(smallG, g[id].LatMs)
			smallA = append(smallA, a[id].LatMs)
		}
	}
	sort.Float64s(smallG)
	sort.Float64s(smallA)
	trapExact := -1
	if *traps != "" {
		trapExact = 0
		for _, r := range loadResults(*traps) {
			for _, h := range r.Hits {
				if h.Match == "exact" && !has(docs[h.ID], r.Text) {
					trapExact++
				}
			}
		}
	}
	res := map[string]any{
		"hits": hits, "exact_hits_not_contiguous": exactBad, "words_hits_without_a_typed_term": wordsBad, "title_mismatch": titleMismatch,
		"docno_owner_first": fmt.Sprintf("%d/%d", docTop1, docQ), "overlap_queries": overlapN,
		"overlap_at_10": float64(overlapSum) / float64(max(overlapN, 1)), "minzheng_real_uses_top10": minzhengReal,
		"trap_exact_hits": trapExact, "overlap_per_query": perQuery,
		"small_queries": len(smallG), "small_p50_ms": pct(smallG, .5), "small_p50_ms_anchor": pct(smallA, .5),
	}
	b, _ := json.MarshalIndent(res, "", "  ")
	if *out != "" {
		must(os.WriteFile(*out, b, 0o644))
	}
	fmt.Printf("hits %d, exact hits not contiguous %d, words hits (a typed term only as its words) %d, title mismatches %d\n", hits, exactBad, wordsBad, titleMismatch)
	fmt.Printf("document number owner first: %d/%d\n", docTop1, docQ)
	fmt.Printf("top-10 overlap with the anchor's full bm25, %d queries with > 1,000 matches: %.2f / 10\n", overlapN, float64(overlapSum)/float64(max(overlapN, 1)))
	fmt.Printf("民政: real uses in the top 10: %d\n", minzhengReal)
	fmt.Printf("%d queries with < 1,000 matches: p50 %.2f ms (anchor %.2f ms)\n", len(smallG), pct(smallG, .5), pct(smallA, .5))
	if trapExact >= 0 {
		fmt.Printf("trap queries (phrases across punctuation): exact hits not contiguous %d\n", trapExact)
	}
}

// heldNumber reports whether a document number belongs to a document held
// for review (found by no search: not public).
func heldNumber(docs map[int]cdoc, held map[int]bool, no string) bool {
	for id := range held {
		if docs[id].docno == no {
			return true
		}
	}
	return false
}
