package main

// The anchor (../shared/searchbench/cmd/fts5): plain SQLite FTS5 over Go
// bigrams, ranked by FTS5's own bm25(10, 1) over every match (ORDER BY
// rank), with snippet(). It is measured in the same run as gongkai.

import (
	"database/sql"
	"database/sql/driver"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"modernc.org/sqlite"
)

func init() {
	// the content view computes bigram text on the fly (only snippet() reads it)
	sqlite.MustRegisterDeterministicScalarFunction("bigram", 1, func(ctx *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
		s, _ := args[0].(string)
		return bigramText(s), nil
	})
}

// heldIDs reads the documents gongkai's import held for review (not
// public) from its --json output ("" : none). The import of the corpus into
// an empty database gives each document its corpus id.
func heldIDs(path string) map[int]bool {
	held := map[int]bool{}
	if path == "" {
		return held
	}
	b, err := os.ReadFile(path)
	must(err)
	var imp struct {
		Held []struct {
			ID int `json:"id"`
		} `json:"held_for_review"`
	}
	must(json.Unmarshal(b, &imp))
	for _, h := range imp.Held {
		held[h.ID] = true
	}
	return held
}

func anchorBuild(args []string) {
	fs := flag.NewFlagSet("anchor-build", flag.ExitOnError)
	dbPath := fs.String("db", "anchor.db", "")
	corpus := fs.String("corpus", "docs.jsonl", "")
	skipImport := fs.String("skip-held", "", "gongkai import documents --json output: leave out the documents it held for review, so both engines hold the same documents")
	fs.Parse(args)
	skip := heldIDs(*skipImport)
	os.Remove(*dbPath)
	db, err := sql.Open("sqlite", *dbPath)
	must(err)
	db.SetMaxOpenConns(1)
	t0 := time.Now()
	for _, s := range []string{
		"PRAGMA cache_size=-262144",
		"CREATE TABLE docs(id INTEGER PRIMARY KEY, docno TEXT, title TEXT, body TEXT)",
		"CREATE VIEW docs_bg AS SELECT id, bigram(title) AS title, bigram(body) AS body FROM docs",
		"CREATE VIRTUAL TABLE t USING fts5(title, body, content='docs_bg', content_rowid='id')",
		"INSERT INTO t(t, rank) VALUES('rank', 'bm25(10.0, 1.0)')",
	} {
		_, err := db.Exec(s)
		must(err)
	}
	tx, _ := db.Begin()
	insD, _ := tx.Prepare("INSERT INTO docs VALUES(?,?,?,?)")
	insT, _ := tx.Prepare("INSERT INTO t(rowid,title,body) VALUES(?,?,?)")
	n := 0
	must(eachDoc(*corpus, func(d *Doc) error {
		if skip[d.ID] {
			return nil
		}
		if _, err := insD.Exec(d.ID, d.Docno, d.Title, d.Body); err != nil {
			return err
		}
		if _, err := insT.Exec(d.ID, bigramText(d.Title), bigramText(d.Body)); err != nil {
			return err
		}
		n++
		if n%10000 == 0 {
			must(tx.Commit())
			tx, _ = db.Begin()
			insD, _ = tx.Prepare("INSERT INTO docs VALUES(?,?,?,?)")
			insT, _ = tx.Prepare("INSERT INTO t(rowid,title,body) VALUES(?,?,?)")
		}
		return nil
	}))
	must(tx.Commit())
	tIns := time.Since(t0)
	_, err = db.Exec("INSERT INTO t(t) VALUES('optimize')")
	must(err)
	db.Close()
	st, _ := os.Stat(*dbPath)
	out := map[string]any{"docs": n, "skipped": len(skip), "insert_s": tIns.Seconds(), "build_s": time.Since(t0).Seconds(), "file_bytes": st.Size()}
	b, _ := json.Marshal(out)
	fmt.Println(string(b))
}

// matchExpr: each word a phrase of its bigrams, words ANDed.
func matchExpr(q Query) string {
	var parts []string
	for _, w := range q.Words {
		parts = append(parts, `"`+strings.Join(bgTokens(w), " ")+`"`)
	}
	return strings.Join(parts, " AND ")
}

func anchorQuery(args []string) {
	fs := flag.NewFlagSet("anchor-query", flag.ExitOnError)
	dbPath := fs.String("db", "anchor.db", "")
	qp := fs.String("queries", "queries.tsv", "")
	out := fs.String("out", "out/anchor", "")
	fs.Parse(args)
	qs := loadQueries(*qp)
	db, err := sql.Open("sqlite", "file:"+*dbPath+"?mode=ro")
	must(err)
	db.SetMaxOpenConns(1)
	_, err = db.Exec("PRAGMA cache_size=-65536")
	must(err)
	st, err := db.Prepare(`SELECT d.id, d.docno, d.title, snippet(t, -1, char(2), char(3), '…', 32), rank
		FROM t JOIN docs d ON d.id = t.rowid WHERE t MATCH ? ORDER BY rank LIMIT 10`)
	must(err)
	s := run("sqlite-fts5-anchor", qs, *out, func(q Query) (int, []Hit, error) {
		rows, err := st.Query(matchExpr(q))
		if err != nil {
			return 0, nil, err
		}
		defer rows.Close()
		var hits []Hit
		for rows.Next() {
			var h Hit
			var snip string
			if err := rows.Scan(&h.ID, &h.Docno, &h.Title, &snip, &h.Score); err != nil {
				return 0, nil, err
			}
			h.Snip = debigram(snip)
			hits = append(hits, h)
		}
		return -1, hits, rows.Err()
	})
	b, _ := json.Marshal(s)
	fmt.Println(string(b))
}
