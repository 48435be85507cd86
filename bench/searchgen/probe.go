package main

import (
	"context"
	"fmt"
	"time"

	"gongkai/internal/search"
	"gongkai/internal/store"
)

// probe times the raw index queries, without the verification and the
// document loading, to see where the time goes.
func probe(ctx context.Context, st *store.Store) error {
	db := st.DB()
	for _, q := range queries {
		pq := search.ParseQuery(q, nil)
		expr := pq.FTS5()
		for _, sql := range []string{
			`SELECT COUNT(*) FROM documents_fts WHERE documents_fts MATCH ?`,
			`SELECT COUNT(*) FROM (SELECT rowid, rank FROM documents_fts WHERE documents_fts MATCH ? ORDER BY rank LIMIT 60)`,
		} {
			t0 := time.Now()
			var n int
			if err := db.QueryRowContext(ctx, sql, expr).Scan(&n); err != nil {
				return err
			}
			fmt.Printf("%-24s %-8d %10s  %.60s\n", q, n, time.Since(t0).Round(time.Microsecond), sql)
		}
	}
	return nil
}
