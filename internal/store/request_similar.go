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

// indexRequest puts a request's description into the full-text index.
func (tx *Tx) indexRequest(ctx context.Context, id int64, description string) error {
	var err error
	if tx.s.Dialect == Postgres {
		_, err = tx.Exec(ctx, `INSERT INTO requests_search (request_id, tsv) VALUES (?, to_tsvector('simple', ?))
			ON CONFLICT (request_id) DO UPDATE SET tsv = excluded.tsv`, id, search.Tokens(description))
	} else {
		if _, err = tx.Exec(ctx, `DELETE FROM requests_fts WHERE rowid = ?`, id); err == nil {
			_, err = tx.Exec(ctx, `INSERT INTO requests_fts (rowid, description) VALUES (?, ?)`, id, search.Tokens(description))
		}
	}
	if err != nil {
		return fmt.Errorf("store: index request: %w", err)
	}
	return nil
}

// rebuildRequestsFullText indexes the descriptions of every request into
// an empty full-text index (a restored database), 1,000 at a time.
func (tx *Tx) rebuildRequestsFullText(ctx context.Context) error {
	var after int64
	for {
		rows, err := tx.Query(ctx, `SELECT id, description FROM requests WHERE id > ? ORDER BY id LIMIT 1000`, after)
		if err != nil {
			return fmt.Errorf("store: requests: %w", err)
		}
		var ids []int64
		var descs []string
		for rows.Next() {
			var id int64
			var d string
			if err := rows.Scan(&id, &d); err != nil {
				rows.Close()
				return err
			}
			ids, descs = append(ids, id), append(descs, d)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return tx.s.translate(err)
		}
		if len(ids) == 0 {
			return nil
		}
		for i, id := range ids {
			q := `INSERT INTO requests_fts (rowid, description) VALUES (?, ?)`
			if tx.s.Dialect == Postgres {
				q = `INSERT INTO requests_search (request_id, tsv) VALUES (?, to_tsvector('simple', ?))`
			}
			if _, err := tx.Exec(ctx, q, id, search.Tokens(descs[i])); err != nil {
				return fmt.Errorf("store: index request: %w", err)
			}
		}
		after = ids[len(ids)-1]
	}
}

// reindexRequests indexes the descriptions of every request (after the
// migration that made the index).
func (s *Store) reindexRequests(ctx context.Context) error {
	type row struct {
		id   int64
		desc string
	}
	rows, err := s.query(ctx, `SELECT id, description FROM requests ORDER BY id`)
	if err != nil {
		return fmt.Errorf("store: requests: %w", err)
	}
	var all []row
	for rows.Next() {
		var r row
		if err := rows.Scan(&r.id, &r.desc); err != nil {
			rows.Close()
			return err
		}
		all = append(all, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return s.translate(err)
	}
	for i := 0; i < len(all); i += 1000 {
		chunk := all[i:min(i+1000, len(all))]
		if err := s.InTx(ctx, func(tx *Tx) error {
			for _, r := range chunk {
				if err := tx.indexRequest(ctx, r.id, r.desc); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			return err
		}
	}
	return nil
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
