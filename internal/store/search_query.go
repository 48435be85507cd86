package store

import (
	"container/heap"
	"context"
	"database/sql"
	"fmt"
	"math/bits"
	"slices"
	"sort"
	"strconv"
	"strings"

	"gongkai/internal/disclosure"
	"gongkai/internal/scan"
	"gongkai/internal/search"
)

// SearchRequest is a portal search.
type SearchRequest struct {
	Q             string
	Year          int
	CatalogItemID int64
	UnitID        int64
	Validity      string
	Sort          string // "" (relevance) or "date" (newest first)
	Limit, Offset int
}

// Match kinds of a search hit.
const (
	MatchExact = "exact" // every term as a phrase
	MatchWords = "words" // every word of the terms, not as one phrase
)

// SearchHit is one result.
type SearchHit struct {
	Doc       disclosure.Document
	Match     string // MatchExact or MatchWords
	TitleHTML string // escaped, matched words in <mark>
	Snippet   string // escaped, matched words in <mark>
	Score     float64
}

// SearchResult is a page of results.
type SearchResult struct {
	Query search.Query
	// Total is the number of matches: exact up to ExactTotalUpTo, an
	// estimate above it (Approx).
	Total  int
	Approx bool
	Hits   []SearchHit
}

// ExactTotalUpTo is how far a search counts its matches exactly.
const ExactTotalUpTo = 10_000

// proximityWindow is how many of the best words matches are ordered by
// how close together their words stand.
const proximityWindow = 100

// entry is one matching document while a search ranks them.
type entry struct {
	slot     int32
	words    bool // a words match (else exact)
	embedded bool // the words occur only inside longer words (民政 in 人民政府)
	title    bool // the terms (or words) are in the title
	score    float32
	pub      int64
	id       int64
}

// before is the result order: exact matches, then words matches; within
// a kind real uses of the words before embedded ones, title matches
// before body matches, then BM25, then the newer 发布日期.
func before(a, b *entry) bool {
	if a.words != b.words {
		return !a.words
	}
	if a.embedded != b.embedded {
		return !a.embedded
	}
	if a.title != b.title {
		return a.title
	}
	if a.score != b.score {
		return a.score > b.score
	}
	if a.pub != b.pub {
		return a.pub > b.pub
	}
	return a.id > b.id
}

func newer(a, b *entry) bool {
	if a.pub != b.pub {
		return a.pub > b.pub
	}
	return a.id > b.id
}

// Search runs a query over the public documents (DESIGN §6). Matching is
// the full-text index's (phrases of bigrams that never cross punctuation);
// ranking is the word index's, over every match: documents holding the
// whole query as phrases first (MatchExact), then documents holding every
// word of it (MatchWords, 双减工作 → 双减 and 工作; the best ones ordered by
// how close their words stand); in each, real uses of the words before
// words only found inside longer words, title before body, BM25, newer
// 发布日期. A quoted term matches as a phrase only. A document number
// lists the documents that carry it first, then those that cite it.
func (s *Store) Search(ctx context.Context, r SearchRequest) (SearchResult, error) {
	syn, err := s.Synonyms(ctx)
	if err != nil {
		return SearchResult{}, err
	}
	q := search.ParseQuery(r.Q, syn)
	docNo := false
	if ok, _ := scan.CheckDocNumber(strings.TrimSpace(r.Q)); ok && len(q.Terms) == 1 {
		docNo, q = true, q.Exact().TrimEdge() // never split into words; 号 checked on the hits
	}
	res := SearchResult{Query: q}
	if q.Empty() {
		return res, nil
	}
	if r.Limit <= 0 || r.Limit > 100 {
		r.Limit = 20
	}
	r.Offset = max(r.Offset, 0)
	need := r.Offset + r.Limit
	ix, done, err := s.wordIndex(ctx)
	if err != nil {
		return res, err
	}
	defer done()
	var keep func(search.DocInfo) bool
	filtered := r.Year != 0 || r.CatalogItemID != 0 || r.UnitID != 0 || r.Validity != ""
	if filtered {
		keep = func(d search.DocInfo) bool {
			return (r.Year == 0 || d.Year == r.Year) && (r.CatalogItemID == 0 || d.CatalogID == r.CatalogItemID) &&
				(r.UnitID == 0 || d.UnitID == r.UnitID) && (r.Validity == "" || d.Validity == r.Validity)
		}
	}
	wq := q.WordsQuery()
	exactOnly, single := q.ExactOnly(), q.SingleWords()

	// 1. The documents holding every word as a word, with BM25. A word no
	// document holds as a word (兖州区, where the text says 兖州|区) is
	// ranked by the index words it is made of; the full-text index then
	// says which of those documents hold it.
	ids, parted, err := s.wordNumbers(ctx, q.IndexWords())
	if err != nil {
		return res, err
	}
	hits := ix.Score(ids, keep)
	single = single && !parted

	// 2. The exact matches, unless the words tell them (every term one word).
	n := ix.Slots()
	exact, seen := newSlotSet(n), newSlotSet(n)
	var exactSlots, wordsSlots []int32 // the full-text matches, once read
	if !single {
		if exactSlots, err = s.matchSlots(ctx, ix, q, false, keep); err != nil {
			return res, err
		}
		for _, sl := range exactSlots {
			exact.add(sl)
		}
	}
	var wordsMatch slotSet // with parted words: the full-text words matches
	if parted && !exactOnly {
		if wordsSlots, err = s.matchSlots(ctx, ix, q, true, keep); err != nil {
			return res, err
		}
		wordsMatch = newSlotSet(n)
		for _, sl := range wordsSlots {
			wordsMatch.add(sl)
		}
	}
	entries := make([]entry, 0, len(hits))
	for _, h := range hits {
		d := ix.Doc(h.Slot)
		e := entry{slot: h.Slot, score: h.Score, pub: d.Published, id: d.ID, title: h.Title}
		if !single {
			e.words = !exact.has(h.Slot)
			if !e.words {
				e.title = search.Contains(d.Title, q)
			}
		}
		if e.words && (exactOnly || parted && !wordsMatch.has(h.Slot)) {
			continue
		}
		seen.add(h.Slot)
		entries = append(entries, e)
	}
	if !single {
		exact.each(func(sl int32) {
			if !seen.has(sl) {
				d := ix.Doc(sl)
				seen.add(sl)
				entries = append(entries, entry{slot: sl, embedded: true, title: search.Contains(d.Title, q), pub: d.Published, id: d.ID})
			}
		})
	}

	// 3. The rest of the full-text matches (words found only inside longer
	// words), when the page reaches them, and the total.
	var ftsTotal int
	complete := filtered || r.Sort == "date" || need > len(entries)
	if complete {
		var slots []int32
		switch {
		case exactOnly && !single:
			slots = exactSlots // read above
		case !exactOnly && parted:
			slots = wordsSlots // read above
		default:
			if slots, err = s.matchSlots(ctx, ix, q, !exactOnly, keep); err != nil {
				return res, err
			}
		}
		for _, sl := range slots {
			if seen.has(sl) {
				continue
			}
			d := ix.Doc(sl)
			e := entry{slot: sl, embedded: true, words: !single && !exact.has(sl), pub: d.Published, id: d.ID}
			if e.words {
				e.title = search.Contains(d.Title, wq)
			} else {
				e.title = search.Contains(d.Title, q)
			}
			entries = append(entries, e)
		}
		res.Total = len(entries)
	} else if s.Dialect == Postgres && len(entries) > ExactTotalUpTo {
		// more than the exact count already; PostgreSQL would check
		// 10,000 phrase matches against their stored positions to say so
		res.Total, res.Approx = len(entries), true
	} else {
		if ftsTotal, res.Approx, err = s.countMatches(ctx, q, !exactOnly); err != nil {
			return res, err
		}
		res.Total = max(ftsTotal, len(entries))
	}

	// 4. Order, document numbers first.
	var owners []int64
	if docNo {
		if owners, err = s.docNumberOwners(ctx, ix, strings.TrimSpace(r.Q), keep); err != nil {
			return res, err
		}
	}
	less := before
	if r.Sort == "date" {
		less = newer
	}
	isOwner := map[int64]bool{}
	for _, id := range owners {
		isOwner[id] = true
	}
	if len(owners) > 0 {
		rest := entries[:0]
		for _, e := range entries {
			if !isOwner[e.id] {
				rest = append(rest, e)
			}
		}
		entries = rest
		res.Total = max(res.Total, len(entries)+len(owners))
	}
	top := topEntries(entries, need+proximityWindow, less)
	if r.Sort != "date" && !exactOnly {
		if err := s.orderByProximity(ctx, top, wq, need); err != nil {
			return res, err
		}
	}
	var page []int64
	match := map[int64]string{}
	score := map[int64]float64{}
	for _, id := range owners {
		page = append(page, id)
		match[id] = MatchExact
	}
	for _, e := range top {
		page = append(page, e.id)
		match[e.id] = MatchExact
		if e.words {
			match[e.id] = MatchWords
		}
		score[e.id] = float64(e.score)
	}
	if r.Offset >= len(page) {
		return res, nil
	}
	page = page[r.Offset:min(need, len(page))]

	// 5. The page: verified against the text, highlighted word by word.
	docs, _, err := s.Documents(ctx, DocFilter{IDs: page, Limit: len(page)})
	if err != nil {
		return res, err
	}
	byID := make(map[int64]disclosure.Document, len(docs))
	for _, d := range docs {
		byID[d.ID] = d
	}
	for _, id := range page {
		d, ok := byID[id]
		if !ok {
			continue
		}
		text := d.Title + "\n" + d.DocNo + "\n" + d.BodyText
		kind := match[id]
		if (kind == MatchExact && !isOwner[id] && !search.Contains(text, q)) || (kind == MatchWords && !search.Contains(text, wq)) {
			res.Total-- // the index matched, the text does not
			continue
		}
		res.Hits = append(res.Hits, SearchHit{Doc: d, Match: kind, Score: score[id],
			TitleHTML: search.Highlight(d.Title, wq, 0), Snippet: search.Highlight(d.BodyText, wq, 120)})
	}
	if res.Total <= ExactTotalUpTo && !complete {
		res.Approx = false
	}
	return res, nil
}

// wordNumbers looks up the numbers of the words (and their alternatives);
// a word no document has gets 0. A word without alternatives that no
// document holds as a word is replaced by its index parts
// (search.Dict.IndexParts), each required, when they all have a number;
// parted reports that.
func (s *Store) wordNumbers(ctx context.Context, words [][]string) (out [][]uint32, parted bool, err error) {
	found, err := lookupWords(ctx, s, readQ{s}, flatWords(words))
	if err != nil {
		return nil, false, err
	}
	var parts [][]string
	for _, alts := range words {
		if len(alts) == 1 && found[alts[0]] == 0 {
			if ps := search.DefaultDict().IndexParts(alts[0]); len(ps) > 0 && !(len(ps) == 1 && ps[0] == alts[0]) {
				for _, p := range ps {
					parts = append(parts, []string{p})
				}
				continue
			}
		}
		parts = append(parts, alts)
	}
	if len(parts) != len(words) || !slices.EqualFunc(parts, words, slices.Equal) {
		more, err := lookupWords(ctx, s, readQ{s}, flatWords(parts))
		if err != nil {
			return nil, false, err
		}
		ok := true
		for _, ps := range parts {
			for _, p := range ps {
				ok = ok && more[p] != 0
			}
		}
		if ok {
			words, found, parted = parts, more, true
		}
	}
	out = make([][]uint32, len(words))
	for i, alts := range words {
		for _, w := range alts {
			out[i] = append(out[i], found[w])
		}
	}
	return out, parted, nil
}

// lookupWords returns the numbers of the words that have one, 400 words
// to a query.
func lookupWords(ctx context.Context, s *Store, q querier, words []string) (map[string]uint32, error) {
	found := map[string]uint32{}
	for i := 0; i < len(words); i += 400 {
		chunk := words[i:min(i+400, len(words))]
		args := make([]any, len(chunk))
		for k, w := range chunk {
			args[k] = w
		}
		rows, err := q.Query(ctx, `SELECT id, word FROM search_words WHERE word IN (?`+strings.Repeat(", ?", len(chunk)-1)+`)`, args...)
		if err != nil {
			return nil, fmt.Errorf("store: search words: %w", s.translate(err))
		}
		for rows.Next() {
			var id int64
			var w string
			if err := rows.Scan(&id, &w); err != nil {
				rows.Close()
				return nil, s.translate(err)
			}
			found[w] = uint32(id)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, s.translate(err)
		}
	}
	return found, nil
}

// flatWords lists the words and their alternatives.
func flatWords(words [][]string) []string {
	var out []string
	for _, alts := range words {
		out = append(out, alts...)
	}
	return out
}

// slotSet is a set of word index slots.
type slotSet []uint64

func newSlotSet(n int) slotSet      { return make(slotSet, (n+63)/64) }
func (b slotSet) add(sl int32)      { b[sl>>6] |= 1 << (sl & 63) }
func (b slotSet) has(sl int32) bool { return b != nil && b[sl>>6]&(1<<(sl&63)) != 0 }
func (b slotSet) each(fn func(int32)) {
	for i, w := range b {
		for w != 0 {
			t := bits.TrailingZeros64(w)
			fn(int32(i*64 + t))
			w &= w - 1
		}
	}
}

// ftsMatch returns the FROM … WHERE of a full-text match and its argument:
// the exact query, or with words the words query.
func (s *Store) ftsMatch(q search.Query, words bool) (string, string, any) {
	if words {
		q = q.WordsQuery()
	}
	if s.Dialect == Postgres {
		return "f.document_id", ` FROM documents_search f WHERE f.tsv @@ to_tsquery('simple', ?)`, q.TSQuery()
	}
	return "f.rowid", ` FROM documents_fts f WHERE documents_fts MATCH ?`, q.FTS5()
}

// matchSlots returns the index slots of every full-text match (passing
// keep, when given).
func (s *Store) matchSlots(ctx context.Context, ix *search.Index, q search.Query, words bool, keep func(search.DocInfo) bool) ([]int32, error) {
	col, from, arg := s.ftsMatch(q, words)
	agg := `SELECT COALESCE(group_concat(` + col + `), '')` + from
	if s.Dialect == Postgres {
		agg = `SELECT COALESCE(string_agg(` + col + `::text, ','), '')` + from
	}
	var list string
	if err := s.ftsRow(ctx, agg, []any{arg}, &list); err != nil {
		return nil, fmt.Errorf("store: search matches: %w", err)
	}
	var out []int32
	for f := range strings.SplitSeq(list, ",") {
		id, err := strconv.ParseInt(f, 10, 64)
		if err != nil {
			continue
		}
		sl, ok := ix.Has(id)
		if !ok || (keep != nil && !keep(ix.Doc(sl))) {
			continue
		}
		out = append(out, sl)
	}
	return out, nil
}

// ftsRow runs a full-text query of one row. On PostgreSQL it runs with
// sequential scans off: the planner sees a small table (the tsvectors are
// TOASTed) and would read and decompress every one of them rather than
// take the GIN index.
func (s *Store) ftsRow(ctx context.Context, q string, args []any, dest ...any) error {
	if s.Dialect != Postgres {
		return s.translate(s.queryRow(ctx, q, args...).Scan(dest...))
	}
	tx, err := s.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return s.translate(err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `SET LOCAL enable_seqscan = off`); err != nil {
		return s.translate(err)
	}
	return s.translate(tx.QueryRowContext(ctx, s.rebind(q), args...).Scan(dest...))
}

// countMatches counts the full-text matches up to ExactTotalUpTo and
// estimates the number above it (on SQLite from how far into the
// documents the count went, on PostgreSQL as that bound).
func (s *Store) countMatches(ctx context.Context, q search.Query, words bool) (int, bool, error) {
	col, from, arg := s.ftsMatch(q, words)
	var n int
	var last int64
	err := s.ftsRow(ctx, fmt.Sprintf(`SELECT COUNT(*), COALESCE(MAX(id), 0) FROM (SELECT %s AS id%s LIMIT %d) x`, col, from, ExactTotalUpTo+1), []any{arg}, &n, &last)
	if err != nil {
		return 0, false, fmt.Errorf("store: search count: %w", err)
	}
	if n <= ExactTotalUpTo {
		return n, false, nil
	}
	if s.Dialect == SQLite && last > 0 {
		var maxID int64
		if err := s.queryRow(ctx, `SELECT COALESCE(MAX(rowid), 0) FROM documents_fts`).Scan(&maxID); err == nil && maxID > last {
			return int(float64(n) * float64(maxID) / float64(last)), true, nil
		}
	}
	return n, true, nil
}

// docNumberOwners returns the public documents that carry the document
// number (newest first).
func (s *Store) docNumberOwners(ctx context.Context, ix *search.Index, docNo string, keep func(search.DocInfo) bool) ([]int64, error) {
	ids, err := collect(ctx, s, scanID, `SELECT id FROM documents WHERE doc_no = ? AND status = 'published' ORDER BY published_at DESC, id DESC`, docNo)
	if err != nil {
		return nil, err
	}
	var out []int64
	for _, id := range ids {
		if sl, ok := ix.Has(id); ok && (keep == nil || keep(ix.Doc(sl))) {
			out = append(out, id)
		}
	}
	return out, nil
}

// topEntries returns the first k entries in order, sorted.
func topEntries(es []entry, k int, less func(a, b *entry) bool) []entry {
	if len(es) <= k || len(es) < 4*k {
		sort.Slice(es, func(i, j int) bool { return less(&es[i], &es[j]) })
		return es[:min(k, len(es))]
	}
	h := &entryHeap{less: less}
	for i := range es {
		if h.Len() < k {
			heap.Push(h, es[i])
		} else if less(&es[i], &h.es[0]) {
			h.es[0] = es[i]
			heap.Fix(h, 0)
		}
	}
	out := h.es
	sort.Slice(out, func(i, j int) bool { return less(&out[i], &out[j]) })
	return out
}

// entryHeap keeps the k best entries with the worst on top.
type entryHeap struct {
	es   []entry
	less func(a, b *entry) bool
}

func (h *entryHeap) Len() int           { return len(h.es) }
func (h *entryHeap) Less(i, j int) bool { return h.less(&h.es[j], &h.es[i]) }
func (h *entryHeap) Swap(i, j int)      { h.es[i], h.es[j] = h.es[j], h.es[i] }
func (h *entryHeap) Push(x any)         { h.es = append(h.es, x.(entry)) }
func (h *entryHeap) Pop() any {
	x := h.es[len(h.es)-1]
	h.es = h.es[:len(h.es)-1]
	return x
}

// orderByProximity reorders the best words matches (the first
// proximityWindow of them, when the page reaches them): words in one
// sentence before words apart, then closer words and higher BM25.
func (s *Store) orderByProximity(ctx context.Context, top []entry, wq search.Query, need int) error {
	start := sort.Search(len(top), func(i int) bool { return top[i].words })
	if start >= len(top) || start >= need {
		return nil
	}
	end := min(len(top), start+proximityWindow)
	win := top[start:end]
	var ids []any
	for _, e := range win {
		if !e.embedded {
			ids = append(ids, e.id)
		}
	}
	if len(ids) < 2 {
		return nil
	}
	rows, err := s.query(ctx, `SELECT id, title, body_text FROM documents WHERE id IN (?`+strings.Repeat(", ?", len(ids)-1)+`)`, ids...)
	if err != nil {
		return fmt.Errorf("store: proximity: %w", err)
	}
	defer rows.Close()
	prox := map[int64]search.Proximity{}
	for rows.Next() {
		var id int64
		var title, body string
		if err := rows.Scan(&id, &title, &body); err != nil {
			return err
		}
		prox[id] = search.Near(title+"\n"+body, wq)
	}
	if err := rows.Err(); err != nil {
		return s.translate(err)
	}
	key := func(e *entry) (bool, float64) {
		p, ok := prox[e.id]
		if !ok {
			return false, float64(e.score) * 0.5
		}
		return p.OneSentence, float64(e.score) * p.Factor()
	}
	sort.SliceStable(win, func(i, j int) bool {
		a, b := &win[i], &win[j]
		if a.embedded != b.embedded {
			return !a.embedded
		}
		if a.title != b.title {
			return a.title
		}
		sa, ka := key(a)
		sb, kb := key(b)
		if sa != sb {
			return sa
		}
		if ka != kb {
			return ka > kb
		}
		return newer(a, b)
	})
	return nil
}
