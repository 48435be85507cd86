package store

import (
	"context"
	"fmt"
	"strings"

	"gongkai/internal/request"
	"gongkai/internal/search"
	"gongkai/internal/workday"
)

// The descriptions of applications are in a full-text index of bigrams
// (requests_fts on SQLite, requests_search on PostgreSQL), never public:
// a new application is compared (request.SimilarTo) only with a shortlist
// of past ones that share its rarest words, so submitting stays as fast
// with 100,000 past requests as with 1,000.

const (
	// similarWords is how many of a description's rarest words find the
	// shortlist.
	similarWords = 3
	// similarShortlist is how many past requests are compared.
	similarShortlist = 100
)

// indexRequest puts a request's description into the full-text index;
// fresh says it is not there yet (a new request, an empty index), so
// there is nothing to replace.
func (tx *Tx) indexRequest(ctx context.Context, id int64, description string, fresh bool) error {
	var err error
	if tx.s.Dialect == Postgres {
		q := `INSERT INTO requests_search (request_id, tsv) VALUES (?, to_tsvector('simple', ?))`
		if !fresh {
			q += ` ON CONFLICT (request_id) DO UPDATE SET tsv = excluded.tsv`
		}
		_, err = tx.Exec(ctx, q, id, search.Tokens(description))
	} else {
		if !fresh {
			_, err = tx.Exec(ctx, `DELETE FROM requests_fts WHERE rowid = ?`, id)
		}
		if err == nil {
			_, err = tx.Exec(ctx, `INSERT INTO requests_fts (rowid, description) VALUES (?, ?)`, id, search.Tokens(description))
		}
	}
	if err != nil {
		return fmt.Errorf("store: index request: %w", err)
	}
	return nil
}

// requestDescription is a request's description, for its index.
type requestDescription struct {
	id   int64
	desc string
}

// requestDescriptions returns the next 1,000 requests after id after.
func requestDescriptions(ctx context.Context, s *Store, q querier, after int64) ([]requestDescription, error) {
	rows, err := q.Query(ctx, `SELECT id, description FROM requests WHERE id > ? ORDER BY id LIMIT 1000`, after)
	if err != nil {
		return nil, fmt.Errorf("store: requests: %w", s.translate(err))
	}
	defer rows.Close()
	var out []requestDescription
	for rows.Next() {
		var r requestDescription
		if err := rows.Scan(&r.id, &r.desc); err != nil {
			return nil, s.translate(err)
		}
		out = append(out, r)
	}
	return out, s.translate(rows.Err())
}

// rebuildRequestsFullText indexes the descriptions of every request into
// an empty full-text index (a restored database), 1,000 at a time.
func (tx *Tx) rebuildRequestsFullText(ctx context.Context) error {
	for after := int64(0); ; {
		page, err := requestDescriptions(ctx, tx.s, tx, after)
		if err != nil || len(page) == 0 {
			return err
		}
		for _, r := range page {
			if err := tx.indexRequest(ctx, r.id, r.desc, true); err != nil {
				return err
			}
		}
		after = page[len(page)-1].id
	}
}

// reindexRequests indexes the descriptions of every request again (after
// the migration that made the index), 1,000 to a transaction.
func (s *Store) reindexRequests(ctx context.Context) error {
	for after := int64(0); ; {
		var n int
		if err := s.InTx(ctx, func(tx *Tx) error {
			page, err := requestDescriptions(ctx, s, tx, after)
			if err != nil {
				return err
			}
			for _, r := range page {
				if err := tx.indexRequest(ctx, r.id, r.desc, false); err != nil {
					return err
				}
			}
			if n = len(page); n > 0 {
				after = page[n-1].id
			}
			return nil
		}); err != nil || n == 0 {
			return err
		}
	}
}

// SimilarRequests returns the codes of the past requests (received since
// since, other than exceptID) whose descriptions are similar to desc
// (request.SimilarThreshold), best first, and the best score. The
// shortlist is the newest similarShortlist requests holding any of the
// description's similarWords rarest words (search.Dict.RareWords): the
// full-text index hands them out newest first and stops there, so the
// cost does not grow with the number of past requests.
func (s *Store) SimilarRequests(ctx context.Context, desc string, since workday.Date, exceptID int64) ([]string, float64, error) {
	return s.similarRequests(ctx, readQ{s}, desc, since, exceptID)
}

// similarRequests is SimilarRequests on the read pool or inside a
// transaction (the one that stores the application, tx.flagSimilar).
func (s *Store) similarRequests(ctx context.Context, q querier, desc string, since workday.Date, exceptID int64) ([]string, float64, error) {
	words := search.DefaultDict().RareWords(desc, similarWords)
	if len(words) == 0 {
		return nil, 0, nil
	}
	wq := search.ParseQuery(strings.Join(words, " "), nil)
	var expr, sub string
	if s.Dialect == Postgres {
		expr = strings.ReplaceAll(wq.TSQuery(), " & ", " | ")
		sub = `SELECT request_id AS id FROM requests_search WHERE tsv @@ to_tsquery('simple', ?) ORDER BY request_id DESC LIMIT ?`
	} else {
		expr = strings.ReplaceAll(wq.FTS5(), " AND ", " OR ")
		sub = `SELECT rowid AS id FROM requests_fts WHERE requests_fts MATCH ? ORDER BY rowid DESC LIMIT ?`
	}
	rows, err := q.Query(ctx, `SELECT r.code, r.description FROM (`+sub+`) f JOIN requests r ON r.id = f.id WHERE r.id <> ? AND r.submitted_at >= ?`,
		expr, similarShortlist, exceptID, since.String())
	if err != nil {
		return nil, 0, fmt.Errorf("store: similar requests: %w", err)
	}
	defer rows.Close()
	others := map[string]string{}
	for rows.Next() {
		var code, d string
		if err := rows.Scan(&code, &d); err != nil {
			return nil, 0, err
		}
		others[code] = d
	}
	if err := rows.Err(); err != nil {
		return nil, 0, s.translate(err)
	}
	codes, best := request.SimilarTo(desc, others)
	return codes, best, nil
}
