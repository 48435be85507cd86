package store

import (
	"context"
	"fmt"
)

// indexDocument puts a document into the search index when it is public
// (published, 主动公开, not targeted) and takes it out otherwise. The token
// text (search.Tokens) is stored in documents beside the original; the
// index is FTS5 on SQLite and a weighted tsvector with GIN on PostgreSQL.
func (tx *Tx) indexDocument(ctx context.Context, id int64) error {
	var public bool
	err := tx.QueryRow(ctx, `SELECT status = 'published' AND attribute = '主动公开' AND audience_unit_id IS NULL FROM documents WHERE id = ?`, id).Scan(&public)
	if err != nil {
		return fmt.Errorf("store: index document %d: %w", id, tx.s.translate(err))
	}
	if tx.s.Dialect == Postgres {
		if _, err := tx.Exec(ctx, `DELETE FROM documents_search WHERE document_id = ?`, id); err != nil {
			return fmt.Errorf("store: unindex: %w", err)
		}
		if public {
			_, err = tx.Exec(ctx, `INSERT INTO documents_search (document_id, tsv)
				SELECT id, setweight(to_tsvector('simple', title_tokens), 'A') || setweight(to_tsvector('simple', body_tokens), 'D') FROM documents WHERE id = ?`, id)
		}
	} else {
		if _, err := tx.Exec(ctx, `DELETE FROM documents_fts WHERE rowid = ?`, id); err != nil {
			return fmt.Errorf("store: unindex: %w", err)
		}
		if public {
			_, err = tx.Exec(ctx, `INSERT INTO documents_fts (rowid, title_tokens, body_tokens) SELECT id, title_tokens, body_tokens FROM documents WHERE id = ?`, id)
		}
	}
	if err != nil {
		return fmt.Errorf("store: index: %w", err)
	}
	return nil
}

// ReindexDocuments rebuilds the search index of every document.
func (s *Store) ReindexDocuments(ctx context.Context) (int, error) {
	ids, err := collect(ctx, s, scanID, `SELECT id FROM documents WHERE status = 'published'`)
	if err != nil {
		return 0, err
	}
	for i := 0; i < len(ids); i += 500 {
		chunk := ids[i:min(i+500, len(ids))]
		if err := s.InTx(ctx, func(tx *Tx) error {
			for _, id := range chunk {
				if err := tx.indexDocument(ctx, id); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			return i, err
		}
	}
	return len(ids), nil
}
