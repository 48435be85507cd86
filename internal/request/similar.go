package request

import (
	"sort"

	"gongkai/internal/search"
)

// SimilarThreshold is the Jaccard index of the descriptions' token sets
// (CJK bigrams and whole words, search.Similarity) from which two requests
// count as asking for the same or similar information. 0.5 means at least
// half of the distinct bigrams are shared: "2023年兖州区小学招生划片范围" and
// "兖州区2023年小学招生划片范围是什么" match (0.67), two requests that only
// share "兖州区" and "2023年" do not. Tuned on the demo and test phrases.
const SimilarThreshold = 0.5

// SimilarTo returns the codes of the descriptions similar to desc (score
// ≥ SimilarThreshold), best first, and the best score.
func SimilarTo(desc string, others map[string]string) ([]string, float64) {
	type hit struct {
		code  string
		score float64
	}
	var hits []hit
	set := search.NewTokenSet(desc)
	for code, d := range others {
		if s := set.Similarity(d); s >= SimilarThreshold {
			hits = append(hits, hit{code, s})
		}
	}
	sort.Slice(hits, func(i, j int) bool {
		if hits[i].score != hits[j].score {
			return hits[i].score > hits[j].score
		}
		return hits[i].code < hits[j].code
	})
	var codes []string
	best := 0.0
	for i, h := range hits {
		if i == 0 {
			best = h.score
		}
		codes = append(codes, h.code)
	}
	return codes, best
}
