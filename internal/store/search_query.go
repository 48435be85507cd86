package store

import (
	"context"
	"fmt"
	"sort"
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
	Limit, Offset int
}

// SearchHit is one result.
type SearchHit struct {
	Doc       disclosure.Document
	TitleHTML string // escaped, matches in <mark>
	Snippet   string // escaped, matches in <mark>
	Score     float64
}

// SearchResult is a page of results.
type SearchResult struct {
	Query search.Query
	Total int
	Hits  []SearchHit
}

// searchWindow is how many top candidates are verified against the
// original text and re-ranked; pages beyond it come in index order.
const searchWindow = 60

// rankAmong is how many of the newest matches a broad query ranks.
const rankAmong = 1000

// Search runs a full-text query over the public documents (DESIGN §6):
// a phrase of bigrams per term, the title weighted above the body, the
// top hits verified with search.Contains and demoted with
// search.EmbeddedPenalty, filters, highlighted snippets.
func (s *Store) Search(ctx context.Context, r SearchRequest) (SearchResult, error) {
	syn, err := s.Synonyms(ctx)
	if err != nil {
		return SearchResult{}, err
	}
	q := search.ParseQuery(r.Q, syn)
	res := SearchResult{Query: q}
	if q.Empty() {
		return res, nil
	}
	if r.Limit <= 0 || r.Limit > 100 {
		r.Limit = 20
	}
	// A whole document number (济兖教体字〔2023〕12号) is looked up exactly.
	if ok, _ := scan.CheckDocNumber(strings.TrimSpace(r.Q)); ok && len(q.Phrases) == 1 && r.Year == 0 && r.CatalogItemID == 0 && r.UnitID == 0 && r.Validity == "" {
		docs, total, err := s.Documents(ctx, DocFilter{DocNo: strings.TrimSpace(r.Q), PublicOnly: true, Limit: r.Limit, Offset: r.Offset})
		if err != nil {
			return res, err
		}
		if total > 0 {
			res.Total = total
			for _, d := range docs {
				res.Hits = append(res.Hits, SearchHit{Doc: d, Score: 1, TitleHTML: search.Highlight(d.Title, q, 0), Snippet: search.Highlight(d.BodyText, q, 120)})
			}
			return res, nil
		}
	}
	var conds []string
	var args []any
	var from, match, rankExpr, order string
	if s.Dialect == Postgres {
		from = ` FROM documents_search f JOIN documents d ON d.id = f.document_id`
		match = `f.tsv @@ to_tsquery('simple', ?)`
		args = append(args, q.TSQuery())
		rankExpr = `ts_rank(f.tsv, to_tsquery('simple', ?))`
		order = ` ORDER BY 2 DESC, d.id DESC`
	} else {
		from = ` FROM documents_fts f JOIN documents d ON d.id = f.rowid`
		match = `documents_fts MATCH ?`
		args = append(args, q.FTS5())
		rankExpr = `-f.rank`
		order = ` ORDER BY f.rank`
	}
	conds = append(conds, match)
	filtered := r.Year != 0 || r.CatalogItemID != 0 || r.UnitID != 0 || r.Validity != ""
	if !filtered {
		// The index holds only public documents: no join needed.
		from = strings.Replace(from, " JOIN documents d ON d.id = f.rowid", "", 1)
		from = strings.Replace(from, " JOIN documents d ON d.id = f.document_id", "", 1)
		if s.Dialect == Postgres {
			order = ` ORDER BY 2 DESC, f.document_id DESC`
		}
	} else {
		conds = append(conds, "d.status = 'published'")
	}
	if r.Year != 0 {
		conds = append(conds, "d.published_at >= ? AND d.published_at < ?")
		args = append(args, fmt.Sprintf("%04d", r.Year), fmt.Sprintf("%04d", r.Year+1))
	}
	if r.CatalogItemID != 0 {
		conds = append(conds, "d.catalog_item_id = ?")
		args = append(args, r.CatalogItemID)
	}
	if r.UnitID != 0 {
		conds = append(conds, "d.unit_id = ?")
		args = append(args, r.UnitID)
	}
	if r.Validity != "" {
		conds = append(conds, "d.validity = ?")
		args = append(args, r.Validity)
	}
	where := " WHERE " + strings.Join(conds, " AND ")
	idCol := "f.rowid"
	if s.Dialect == Postgres {
		idCol = "f.document_id"
	}
	// A broad query matching most of the corpus is the slow case (DESIGN
	// §6): BM25 / ts_rank must score every match. Above rankAmong
	// matches, only the newest rankAmong are ranked (ids grow with time),
	// which keeps the query fast and favours current documents; the total
	// stays exact.
	var cutoff int64
	if s.Dialect == Postgres {
		// One pass over the matches (each phrase match is rechecked on
		// the heap): the count and the cutoff come from the same list.
		rows, err := s.query(ctx, `SELECT `+idCol+from+where+` ORDER BY `+idCol+` DESC`, args...)
		if err != nil {
			return res, fmt.Errorf("store: search matches: %w", err)
		}
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return res, err
			}
			res.Total++
			if res.Total == rankAmong {
				cutoff = id
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return res, s.translate(err)
		}
	} else {
		if err := s.queryRow(ctx, `SELECT COUNT(*)`+from+where, args...).Scan(&res.Total); err != nil {
			return res, fmt.Errorf("store: search count: %w", s.translate(err))
		}
		if res.Total > rankAmong {
			err := s.queryRow(ctx, `SELECT `+idCol+from+where+` ORDER BY `+idCol+fmt.Sprintf(` DESC LIMIT 1 OFFSET %d`, rankAmong-1), args...).Scan(&cutoff)
			if err != nil {
				return res, fmt.Errorf("store: search cutoff: %w", s.translate(err))
			}
		}
	}
	if res.Total == 0 {
		return res, nil
	}
	window := max(searchWindow, r.Offset+r.Limit)
	if res.Total > rankAmong && r.Offset+r.Limit <= rankAmong {
		where += " AND " + idCol + " >= ?"
		args = append(args, cutoff)
	}
	idSel := "f.rowid"
	if s.Dialect == Postgres {
		idSel = "f.document_id"
	}
	qargs := args
	if s.Dialect == Postgres {
		qargs = append([]any{q.TSQuery()}, args...)
	}
	rows, err := s.query(ctx, `SELECT `+idSel+`, `+rankExpr+from+where+order+fmt.Sprintf(" LIMIT %d", window), qargs...)
	if err != nil {
		return res, fmt.Errorf("store: search: %w", err)
	}
	type cand struct {
		id    int64
		score float64
	}
	var cands []cand
	for rows.Next() {
		var c cand
		if err := rows.Scan(&c.id, &c.score); err != nil {
			rows.Close()
			return res, err
		}
		cands = append(cands, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return res, s.translate(err)
	}
	ids := make([]int64, len(cands))
	for i, c := range cands {
		ids[i] = c.id
	}
	docs, _, err := s.Documents(ctx, DocFilter{IDs: ids, Limit: len(ids)})
	if err != nil {
		return res, err
	}
	byID := map[int64]disclosure.Document{}
	for _, d := range docs {
		byID[d.ID] = d
	}
	var hits []SearchHit
	dropped := 0
	for _, c := range cands {
		d, ok := byID[c.id]
		if !ok {
			continue
		}
		text := d.Title + "\n" + d.DocNo + "\n" + d.BodyText
		if !search.Contains(text, q) {
			dropped++ // the bigram phrase matched, the original text does not
			continue
		}
		score := c.score * search.EmbeddedPenalty(text, q)
		if search.Contains(d.Title+"\n"+d.DocNo, q) {
			score += 1e-3 // a title hit beats an equal body hit
		}
		hits = append(hits, SearchHit{Doc: d, Score: score})
	}
	sort.SliceStable(hits, func(i, j int) bool { return hits[i].Score > hits[j].Score })
	res.Total -= dropped
	if r.Offset >= len(hits) {
		return res, nil
	}
	hits = hits[r.Offset:min(r.Offset+r.Limit, len(hits))]
	for i := range hits {
		d := hits[i].Doc
		hits[i].TitleHTML = search.Highlight(d.Title, q, 0)
		hits[i].Snippet = search.Highlight(d.BodyText, q, 120)
	}
	res.Hits = hits
	return res, nil
}
