package store

import (
	"context"
	"fmt"
	"log/slog"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"gongkai/internal/search"
)

// The search index has two parts, both written in the transaction that
// publishes (or changes) a document:
//
//   - the full-text index of CJK bigrams (search.Tokens), for matching:
//     FTS5 on SQLite (documents_fts), a weighted tsvector with GIN on
//     PostgreSQL (documents_search);
//   - the word bag (search.DocBag) in search_docs, from which every node
//     builds its in-memory word index (search.Index), for ranking.
//
// Each change of search_docs carries a number (search_state.seq, one per
// transaction, handed out in commit order); a node applies the changes
// above the last number it applied before it answers a search, so a
// document is found and ranked on every node as soon as it is published.

// searchState is the node's word index and the word numbers it knows.
type searchState struct {
	mu      sync.RWMutex // guards ix and applied
	ix      *search.Index
	applied int64
	load    sync.Mutex // one loader at a time

	wordMu sync.RWMutex
	words  map[string]uint32 // committed word numbers
}

// fullLoadAbove is how many changed documents make a node reload its word
// index from scratch rather than apply them one by one.
const fullLoadAbove = 5000

// indexDocument puts a document into the search index when it is public
// (published, 主动公开, not targeted) and takes it out otherwise.
func (tx *Tx) indexDocument(ctx context.Context, id int64) error {
	var public bool
	var title, docNo, body string
	err := tx.QueryRow(ctx, `SELECT status = 'published' AND attribute = '主动公开' AND audience_unit_id IS NULL, title, doc_no, body_text FROM documents WHERE id = ?`, id).
		Scan(&public, &title, &docNo, &body)
	if err != nil {
		return fmt.Errorf("store: index document %d: %w", id, tx.s.translate(err))
	}
	if !public {
		return tx.writeIndex(ctx, id, nil, false)
	}
	return tx.writeIndex(ctx, id, newIndexEntry(title, docNo, body), false)
}

// indexEntry is what the search index keeps of a public document.
type indexEntry struct {
	titleTokens, bodyTokens string // search.Tokens, for the full-text index
	bag                     search.DocBag
}

func newIndexEntry(title, docNo, body string) *indexEntry {
	return &indexEntry{titleTokens: search.Tokens(title + "\n" + docNo), bodyTokens: search.Tokens(body), bag: search.DefaultDict().Bag(title, body)}
}

// writeIndex writes the index entry of a document (nil: not public); fresh
// says the document was never indexed (a new one), so there is nothing to
// remove first.
func (tx *Tx) writeIndex(ctx context.Context, id int64, e *indexEntry, fresh bool) error {
	if err := tx.writeBag(ctx, id, e, fresh); err != nil {
		return err
	}
	return tx.writeFullText(ctx, id, e, fresh)
}

// writeIndexes writes the index entries of new documents: every word bag
// first, then every full-text row, so that FTS5 keeps the rows in memory
// until the commit (a later statement that opens a savepoint, such as an
// INSERT … RETURNING, makes it write what it holds as a segment of its
// own).
func (tx *Tx) writeIndexes(ctx context.Context, ids []int64, es []*indexEntry) error {
	for i, id := range ids {
		if err := tx.writeBag(ctx, id, es[i], true); err != nil {
			return err
		}
	}
	for i, id := range ids {
		if err := tx.writeFullText(ctx, id, es[i], true); err != nil {
			return err
		}
	}
	return nil
}

func (tx *Tx) writeFullText(ctx context.Context, id int64, e *indexEntry, fresh bool) error {
	var err error
	if tx.s.Dialect == Postgres {
		if !fresh {
			if _, err := tx.Exec(ctx, `DELETE FROM documents_search WHERE document_id = ?`, id); err != nil {
				return fmt.Errorf("store: unindex: %w", err)
			}
		}
		if e != nil {
			_, err = tx.Exec(ctx, `INSERT INTO documents_search (document_id, tsv)
				VALUES (?, setweight(to_tsvector('simple', ?), 'A') || setweight(to_tsvector('simple', ?), 'D'))`, id, e.titleTokens, e.bodyTokens)
		}
	} else {
		if !fresh {
			if _, err := tx.Exec(ctx, `DELETE FROM documents_fts WHERE rowid = ?`, id); err != nil {
				return fmt.Errorf("store: unindex: %w", err)
			}
		}
		if e != nil {
			_, err = tx.Exec(ctx, `INSERT INTO documents_fts (rowid, title_tokens, body_tokens) VALUES (?, ?, ?)`, id, e.titleTokens, e.bodyTokens)
		}
	}
	if err != nil {
		return fmt.Errorf("store: index: %w", err)
	}
	return nil
}

func (tx *Tx) writeBag(ctx context.Context, id int64, e *indexEntry, fresh bool) error {
	var bag []byte
	if e != nil {
		ids, err := tx.wordIDs(ctx, e.bag.Words)
		if err != nil {
			return err
		}
		bag = e.bag.Encode(func(w string) uint32 { return ids[w] })
	}
	seq, err := tx.searchSeq(ctx)
	if err != nil {
		return err
	}
	q := `INSERT INTO search_docs (document_id, seq, bag) VALUES (?, ?, ?)`
	if !fresh {
		q += ` ON CONFLICT (document_id) DO UPDATE SET seq = excluded.seq, bag = excluded.bag`
	}
	if _, err := tx.Exec(ctx, q, id, seq, bag); err != nil {
		return fmt.Errorf("store: word bag: %w", err)
	}
	return nil
}

// searchSeq returns the change number of this transaction's search index
// changes, taking the next one on first use. On PostgreSQL the row lock
// on search_state orders the writers, so numbers follow commit order.
func (tx *Tx) searchSeq(ctx context.Context) (int64, error) {
	if tx.seq != 0 {
		return tx.seq, nil
	}
	if err := tx.QueryRow(ctx, `UPDATE search_state SET seq = seq + 1 WHERE id = 1 RETURNING seq`).Scan(&tx.seq); err != nil {
		return 0, fmt.Errorf("store: search sequence: %w", tx.s.translate(err))
	}
	return tx.seq, nil
}

// wordIDs returns the number of each word, adding the words not yet
// numbered. Numbers made by this transaction join the node's cache only
// when it commits.
func (tx *Tx) wordIDs(ctx context.Context, words map[string]search.Counts) (map[string]uint32, error) {
	st := &tx.s.search
	out := make(map[string]uint32, len(words))
	var missing []string
	st.wordMu.RLock()
	for w := range words {
		if id, ok := st.words[w]; ok {
			out[w] = id
		} else if id, ok := tx.words[w]; ok {
			out[w] = id
		} else {
			missing = append(missing, w)
		}
	}
	st.wordMu.RUnlock()
	if len(missing) == 0 {
		return out, nil
	}
	found, err := lookupWords(ctx, tx.s, tx, missing)
	if err != nil {
		return nil, err
	}
	if tx.words == nil {
		tx.words = map[string]uint32{}
		tx.OnCommit(func() {
			st.wordMu.Lock()
			if st.words == nil {
				st.words = map[string]uint32{}
			}
			for w, id := range tx.words {
				st.words[w] = id
			}
			st.wordMu.Unlock()
		})
	}
	for _, w := range missing {
		id, ok := found[w]
		if !ok {
			var n int64
			err := tx.QueryRow(ctx, `INSERT INTO search_words (word) VALUES (?) ON CONFLICT (word) DO NOTHING RETURNING id`, w).Scan(&n)
			if err != nil && IsNotFound(tx.s.translate(err)) {
				// another node numbered it meanwhile
				err = tx.QueryRow(ctx, `SELECT id FROM search_words WHERE word = ?`, w).Scan(&n)
			}
			if err != nil {
				return nil, fmt.Errorf("store: number word: %w", tx.s.translate(err))
			}
			id = uint32(n)
		}
		out[w] = id
		tx.words[w] = id // cached on commit, whether found or made
	}
	return out, nil
}

// ReindexDocuments rebuilds the search index (full text and word bags) of
// every document, 500 to a transaction (their tokens and bags made on
// every core), and returns how many it did.
func (s *Store) ReindexDocuments(ctx context.Context) (int, error) {
	ids, err := collect(ctx, s, scanID, `SELECT id FROM documents WHERE status = 'published' UNION SELECT document_id FROM search_docs ORDER BY 1`)
	if err != nil {
		return 0, err
	}
	type doc struct {
		public             bool
		title, docNo, body string
	}
	for i := 0; i < len(ids); i += 500 {
		chunk := ids[i:min(i+500, len(ids))]
		args := make([]any, len(chunk))
		for k, id := range chunk {
			args[k] = id
		}
		if err := s.InTx(ctx, func(tx *Tx) error {
			docs := make(map[int64]doc, len(chunk)) // a document gone since has no row: unindexed
			rows, err := tx.Query(ctx, `SELECT id, status = 'published' AND attribute = '主动公开' AND audience_unit_id IS NULL, title, doc_no, body_text
				FROM documents WHERE id IN (?`+strings.Repeat(", ?", len(chunk)-1)+`)`, args...)
			if err != nil {
				return fmt.Errorf("store: reindex: %w", err)
			}
			for rows.Next() {
				var id int64
				var d doc
				if err := rows.Scan(&id, &d.public, &d.title, &d.docNo, &d.body); err != nil {
					rows.Close()
					return tx.s.translate(err)
				}
				docs[id] = d
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return tx.s.translate(err)
			}
			es := make([]*indexEntry, len(chunk))
			eachOnCores(len(chunk), func(k int) {
				if d := docs[chunk[k]]; d.public {
					es[k] = newIndexEntry(d.title, d.docNo, d.body)
				}
			})
			// every bag first, then every full-text row (see writeIndexes)
			for k, id := range chunk {
				if err := tx.writeBag(ctx, id, es[k], false); err != nil {
					return err
				}
			}
			for k, id := range chunk {
				if err := tx.writeFullText(ctx, id, es[k], false); err != nil {
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

// EnsureSearchIndex makes the word bags again when they were made with
// another dictionary than the embedded one (search.DictVersion), or never
// made (a database from before them). Migrate calls it.
func (s *Store) EnsureSearchIndex(ctx context.Context) (int, error) {
	var dict string
	if err := s.queryRow(ctx, `SELECT dict FROM search_state WHERE id = 1`).Scan(&dict); err != nil {
		return 0, fmt.Errorf("store: search state: %w", s.translate(err))
	}
	if dict == search.DictVersion() {
		return 0, nil
	}
	n, err := s.ReindexDocuments(ctx)
	if err != nil {
		return n, err
	}
	if dict == "" { // the first time: the descriptions of applications too
		if err := s.reindexRequests(ctx); err != nil {
			return n, err
		}
	}
	_, err = s.exec(ctx, `UPDATE search_state SET dict = ? WHERE id = 1`, search.DictVersion())
	return n, err
}

// rebuildDocumentsFullText writes the full-text rows of every public
// document into an empty full-text index (a restored database, whose word
// bags came back as data): 1,000 documents at a time, their tokens made on
// every core.
func (tx *Tx) rebuildDocumentsFullText(ctx context.Context) error {
	type doc struct {
		id                 int64
		title, docNo, body string
	}
	var after int64
	for {
		rows, err := tx.Query(ctx, `SELECT id, title, doc_no, body_text FROM documents
			WHERE id > ? AND status = 'published' AND attribute = '主动公开' AND audience_unit_id IS NULL ORDER BY id LIMIT 1000`, after)
		if err != nil {
			return fmt.Errorf("store: documents: %w", err)
		}
		var batch []doc
		for rows.Next() {
			var d doc
			if err := rows.Scan(&d.id, &d.title, &d.docNo, &d.body); err != nil {
				rows.Close()
				return err
			}
			batch = append(batch, d)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return tx.s.translate(err)
		}
		if len(batch) == 0 {
			return nil
		}
		es := make([]indexEntry, len(batch))
		eachOnCores(len(batch), func(i int) {
			d := batch[i]
			es[i] = indexEntry{titleTokens: search.Tokens(d.title + "\n" + d.docNo), bodyTokens: search.Tokens(d.body)}
		})
		for i, d := range batch {
			if err := tx.writeFullText(ctx, d.id, &es[i], true); err != nil {
				return err
			}
		}
		after = batch[len(batch)-1].id
	}
}

// eachOnCores calls f(0) … f(n-1) on every core and returns when all are
// done.
func eachOnCores(n int, f func(i int)) {
	var wg sync.WaitGroup
	next := make(chan int)
	for range max(1, runtime.GOMAXPROCS(0)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				f(i)
			}
		}()
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
}

// wordIndex brings the node's word index up to date and returns it read
// locked; the caller calls done when finished with it.
func (s *Store) wordIndex(ctx context.Context) (ix *search.Index, done func(), err error) {
	st := &s.search
	var seq int64
	if err := s.queryRow(ctx, `SELECT seq FROM search_state WHERE id = 1`).Scan(&seq); err != nil {
		return nil, nil, fmt.Errorf("store: search state: %w", s.translate(err))
	}
	st.mu.RLock()
	if st.ix != nil && st.applied == seq {
		return st.ix, st.mu.RUnlock, nil
	}
	st.mu.RUnlock()
	st.load.Lock()
	defer st.load.Unlock()
	st.mu.RLock()
	ix, applied := st.ix, st.applied
	st.mu.RUnlock()
	if applied > seq {
		ix = nil // the counter went back (a restored database): load afresh
	}
	if ix == nil || applied != seq {
		if err := s.syncWordIndex(ctx, ix, applied); err != nil {
			return nil, nil, err
		}
	}
	st.mu.RLock()
	return st.ix, st.mu.RUnlock, nil
}

// syncWordIndex applies the changes above applied to ix, or loads the
// index afresh when there is none, when there are many changes, or when a
// quarter of it is dead. Called with st.load held.
func (s *Store) syncWordIndex(ctx context.Context, ix *search.Index, applied int64) error {
	st := &s.search
	full := ix == nil
	if !full {
		var n int
		if err := s.queryRow(ctx, `SELECT COUNT(*) FROM search_docs WHERE seq > ?`, applied).Scan(&n); err != nil {
			return fmt.Errorf("store: search changes: %w", s.translate(err))
		}
		full = n > fullLoadAbove || ix.Dead()+n > max(ix.Len()/4, 1000)
	}
	var seq int64
	if err := s.queryRow(ctx, `SELECT seq FROM search_state WHERE id = 1`).Scan(&seq); err != nil {
		return fmt.Errorf("store: search state: %w", s.translate(err))
	}
	q := `SELECT s.document_id, s.bag, d.title, COALESCE(d.published_at, ''), COALESCE(d.unit_id, 0), COALESCE(d.catalog_item_id, 0), d.validity
		FROM search_docs s JOIN documents d ON d.id = s.document_id`
	var args []any
	if full {
		q += ` WHERE s.bag IS NOT NULL ORDER BY s.document_id`
	} else {
		q += ` WHERE s.seq > ? ORDER BY s.seq, s.document_id`
		args = append(args, applied)
	}
	rows, err := s.query(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("store: word bags: %w", err)
	}
	defer rows.Close()
	type change struct {
		info search.DocInfo
		bag  []byte
	}
	var changes []change
	next := ix
	if full {
		next = search.NewIndex()
		var n int
		if err := s.queryRow(ctx, `SELECT COUNT(*) FROM search_docs WHERE bag IS NOT NULL`).Scan(&n); err != nil {
			return fmt.Errorf("store: word bags: %w", s.translate(err))
		}
		next.Reserve(n + n/64) // room for the documents published while it loads
	}
	for rows.Next() {
		var c change
		var pub string
		if err := rows.Scan(&c.info.ID, &c.bag, &c.info.Title, &pub, &c.info.UnitID, &c.info.CatalogID, &c.info.Validity); err != nil {
			return fmt.Errorf("store: word bag: %w", err)
		}
		if pub != "" {
			t := ParseTS(pub)
			c.info.Published, c.info.Year = t.Unix(), t.Year()
		}
		if full {
			// straight into the new index, which nobody reads yet
			if c.bag != nil {
				if err := next.Add(c.info, c.bag); err != nil {
					return fmt.Errorf("store: word bag of document %d: %w", c.info.ID, err)
				}
			}
			continue
		}
		changes = append(changes, c)
	}
	if err := rows.Err(); err != nil {
		return s.translate(err)
	}
	if full {
		next.Compact()
		st.mu.Lock()
		st.ix, st.applied = next, seq
		st.mu.Unlock()
		debug.FreeOSMemory() // the old index and the growth of the new one
		return nil
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	for _, c := range changes {
		if c.bag == nil {
			ix.Remove(c.info.ID)
			continue
		}
		if err := ix.Add(c.info, c.bag); err != nil {
			return fmt.Errorf("store: word bag of document %d: %w", c.info.ID, err)
		}
	}
	st.applied = seq
	return nil
}

// OptimizeSearch compacts the full-text index after a bulk import: FTS5
// merges its segments into one ('optimize'), PostgreSQL analyses the
// table (the planner's statistics).
func (s *Store) OptimizeSearch(ctx context.Context) error {
	q := `INSERT INTO documents_fts (documents_fts) VALUES ('optimize')`
	if s.Dialect == Postgres {
		q = `ANALYZE documents_search`
	}
	if _, err := s.exec(ctx, q); err != nil {
		return fmt.Errorf("store: optimise the search index: %w", s.translate(err))
	}
	return nil
}

// WarmSearch loads the word index in the background (serve calls it at
// start-up, so the first search does not wait for it).
func (s *Store) WarmSearch(ctx context.Context) {
	go func() {
		t := time.Now()
		var dict string
		if err := s.queryRow(ctx, `SELECT dict FROM search_state WHERE id = 1`).Scan(&dict); err == nil && dict != search.DictVersion() {
			slog.Warn("search index made with another dictionary or word-bag rules: run gongkai migrate to index every document again", "index", dict, "program", search.DictVersion())
		}
		search.DefaultDict()
		_, done, err := s.wordIndex(ctx)
		if err != nil {
			slog.Warn("search index", "err", err)
			return
		}
		n := 0
		func() { defer done(); n = s.search.ix.Len() }()
		slog.Info("search index loaded", "documents", n, "took", time.Since(t).Round(time.Millisecond))
	}()
}
