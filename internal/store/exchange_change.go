package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"gongkai/internal/exchange"
)

// The change log of the exchange. Triggers on the public tables (documents,
// their interpretations, attachments and held sources, the catalogue,
// institutions; migration 00710) note in exchange_pending, inside the
// writing transaction, which thing may have changed. The sequencer
// (SequenceChanges) then, alone, under the lock of the exchange_seq row:
// reads the committed pending notes, builds each thing's public record as
// it now stands, and when the record (or its being public) differs from
// the last one sent, appends a change with the next sequence number — all
// in one transaction. Sequence numbers are therefore given in commit
// order: a reader that has seen number n has seen every change numbered
// below n, and a note committed later gets a number above every number
// already visible. Ids and times taken while a transaction runs would not
// do (a transaction that started first may commit last, on another node);
// this does, on both databases and with several nodes.
//
// exchange_latest points at the last change of each thing: a walk reads it
// in sequence order, so each thing comes once, in its latest state.

// pendingBatch bounds the notes one sequencer transaction handles.
const pendingBatch = 200

type pendingNote struct {
	id   int64
	kind exchange.Kind
	eid  int64
}

// SequenceChanges turns the pending notes into numbered changes until none
// is left and returns how many changes it appended.
func (s *Store) SequenceChanges(ctx context.Context) (int, error) {
	return s.sequence(ctx, 100000)
}

// walkBatches bounds the sequencing a walk does before it reads (2,000
// notes): after a bulk import the job numbers the rest, and the walk
// serves what is numbered — later, never out of order.
const walkBatches = 10

func (s *Store) sequence(ctx context.Context, maxBatches int) (int, error) {
	if pending, err := s.PendingChanges(ctx); err != nil || !pending {
		return 0, err // nothing to do: no write transaction
	}
	total := 0
	for i := 0; i < maxBatches; i++ {
		n, more, err := s.sequenceBatch(ctx)
		total += n
		if err != nil || !more {
			return total, err
		}
	}
	return total, nil
}

// PendingChanges reports whether notes wait for the sequencer.
func (s *Store) PendingChanges(ctx context.Context) (bool, error) {
	var x int64
	err := s.queryRow(ctx, `SELECT id FROM exchange_pending LIMIT 1`).Scan(&x)
	if IsNotFound(s.translate(err)) {
		return false, nil
	}
	return err == nil, s.translate(err)
}

func (s *Store) sequenceBatch(ctx context.Context) (appended int, more bool, err error) {
	err = s.InTx(ctx, func(tx *Tx) error {
		appended, more = 0, false
		// The lock of the sequence row: one sequencer at a time, across
		// nodes. On SQLite the write transaction is the lock.
		if err := tx.lockRow(ctx, "exchange_seq", 1); err != nil {
			return err
		}
		var last int64
		var lastAt string
		if err := tx.QueryRow(ctx, `SELECT last, last_at FROM exchange_seq WHERE id = 1`).Scan(&last, &lastAt); err != nil {
			return fmt.Errorf("store: exchange sequence: %w", tx.s.translate(err))
		}
		rows, err := tx.Query(ctx, fmt.Sprintf(`SELECT id, kind, entity_id FROM exchange_pending ORDER BY id LIMIT %d`, pendingBatch+1))
		if err != nil {
			return fmt.Errorf("store: exchange pending: %w", err)
		}
		var notes []pendingNote
		for rows.Next() {
			var n pendingNote
			var kind string
			if err := rows.Scan(&n.id, &kind, &n.eid); err != nil {
				rows.Close()
				return err
			}
			n.kind = exchange.Kind(kind)
			notes = append(notes, n)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return tx.s.translate(err)
		}
		if len(notes) == 0 {
			return nil
		}
		if len(notes) > pendingBatch {
			notes, more = notes[:pendingBatch], true
		}
		// The time of a change never goes back, so that "since" is a
		// position in the sequence.
		at := tx.Now
		if prev := ParseTS(lastAt); prev.After(at) {
			at = prev
		}
		type key struct {
			kind exchange.Kind
			id   int64
		}
		seen := map[key]bool{}
		kinds := map[exchange.Kind]bool{} // of the changes appended
		first := last + 1
		for _, n := range notes {
			k := key{n.kind, n.eid}
			if seen[k] || !n.kind.Valid() {
				continue
			}
			seen[k] = true
			ok, err := tx.appendChange(ctx, n.kind, n.eid, last+1, at)
			if err != nil {
				return err
			}
			if ok {
				last++
				appended++
				kinds[n.kind] = true
				n, err := tx.noteDependents(ctx, n.kind, n.eid)
				if err != nil {
					return err
				}
				more = more || n > 0
			}
		}
		ids := make([]string, len(notes))
		for i, n := range notes {
			ids[i] = fmt.Sprint(n.id)
		}
		if _, err := tx.Exec(ctx, `DELETE FROM exchange_pending WHERE id IN (`+strings.Join(ids, ",")+`)`); err != nil {
			return fmt.Errorf("store: exchange pending done: %w", err)
		}
		if appended == 0 {
			return nil
		}
		if _, err := tx.Exec(ctx, `UPDATE exchange_seq SET last = ?, last_at = ? WHERE id = 1`, last, TS(at)); err != nil {
			return fmt.Errorf("store: exchange sequence: %w", err)
		}
		return tx.queuePush(ctx, first, last, kinds)
	})
	return appended, more, err
}

// noteDependents notes the things whose records carry part of a thing
// that just changed, for a later batch: a catalogue item's name is in the
// path of the items below it and in the records of its documents; a
// document's title and index number are in the record of the documents
// it replaces. It returns how many it noted.
func (tx *Tx) noteDependents(ctx context.Context, kind exchange.Kind, id int64) (int64, error) {
	var q string
	switch kind {
	case exchange.KindCatalogItem:
		q = `INSERT INTO exchange_pending (kind, entity_id)
			SELECT 'catalog_item', id FROM catalog_items WHERE parent_id = ?
			UNION ALL SELECT 'document', id FROM documents WHERE catalog_item_id = ? AND status = 'published'`
	case exchange.KindDocument:
		q = `INSERT INTO exchange_pending (kind, entity_id)
			SELECT 'document', id FROM documents WHERE replaced_by_id = ? AND id <> ? AND status = 'published'`
	default:
		return 0, nil
	}
	res, err := tx.Exec(ctx, q, id, id)
	if err != nil {
		return 0, fmt.Errorf("store: exchange dependents of %s %d: %w", kind, id, err)
	}
	return res.RowsAffected()
}

// appendChange appends change seq for kind/id when its record differs
// from the last one appended (a thing never public gets none), and
// reports whether it did.
func (tx *Tx) appendChange(ctx context.Context, kind exchange.Kind, id, seq int64, at time.Time) (bool, error) {
	rec, deleted, err := tx.exchangeRecord(ctx, kind, id)
	if err != nil {
		return false, err
	}
	hash, raw, err := recordHash(rec, deleted)
	if err != nil {
		return false, err
	}
	var prevHash string
	var prevDeleted, known bool
	err = tx.QueryRow(ctx, `SELECT c.hash, c.deleted FROM exchange_latest l JOIN exchange_changes c ON c.seq = l.seq WHERE l.kind = ? AND l.entity_id = ?`,
		string(kind), id).Scan(&prevHash, &prevDeleted)
	switch {
	case err == nil:
		known = true
	case !IsNotFound(tx.s.translate(err)):
		return false, fmt.Errorf("store: exchange latest: %w", tx.s.translate(err))
	}
	if deleted && (!known || prevDeleted) {
		return false, nil // never public, or its tombstone is out already
	}
	if known && prevHash == hash {
		return false, nil // nothing public changed
	}
	if _, err := tx.Exec(ctx, `INSERT INTO exchange_changes (seq, kind, entity_id, at, deleted, hash, record) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		seq, string(kind), id, TS(at), deleted, hash, string(raw)); err != nil {
		return false, fmt.Errorf("store: exchange change: %w", err)
	}
	if _, err := tx.Exec(ctx, `INSERT INTO exchange_latest (kind, entity_id, seq) VALUES (?, ?, ?)
		ON CONFLICT (kind, entity_id) DO UPDATE SET seq = excluded.seq`, string(kind), id, seq); err != nil {
		return false, fmt.Errorf("store: exchange latest: %w", err)
	}
	return true, nil
}

// ChangeRow is one change as stored: its record as JSON with relative
// addresses (exchange.Absolute makes them absolute).
type ChangeRow struct {
	Seq     int64
	Kind    exchange.Kind
	ID      int64
	At      time.Time
	Deleted bool
	Record  []byte
}

// Walk is one page of a walk.
type Walk struct {
	Changes []ChangeRow
	// Next is the position after this page; More says whether more
	// changes follow it already.
	Next int64
	More bool
}

// ExchangeWalk returns the things of q.Kind changed after q.After (or, when
// q.Since is set and no cursor was given, at or after q.Since), each once
// in its latest state, in change order, at most q.Limit. It sequences the
// pending notes first (up to walkBatches), so a change committed before the
// call is in it.
func (s *Store) ExchangeWalk(ctx context.Context, q exchange.Query) (Walk, error) {
	var w Walk
	if _, err := s.sequence(ctx, walkBatches); err != nil {
		return w, err
	}
	after := q.After
	if after == 0 && !q.Since.IsZero() {
		if err := s.queryRow(ctx, `SELECT COALESCE(MAX(seq), 0) FROM exchange_changes WHERE at < ?`, TS(q.Since)).Scan(&after); err != nil {
			return w, fmt.Errorf("store: exchange since: %w", s.translate(err))
		}
	}
	limit := q.Limit
	if limit <= 0 || limit > exchange.MaxLimit {
		limit = exchange.DefaultLimit
	}
	rows, err := s.query(ctx, fmt.Sprintf(`SELECT c.seq, c.entity_id, c.at, c.deleted, c.record FROM exchange_latest l JOIN exchange_changes c ON c.seq = l.seq
		WHERE l.kind = ? AND l.seq > ? ORDER BY l.seq LIMIT %d`, limit+1), string(q.Kind), after)
	if err != nil {
		return w, fmt.Errorf("store: exchange walk: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		c := ChangeRow{Kind: q.Kind}
		var at, rec string
		if err := rows.Scan(&c.Seq, &c.ID, &at, &c.Deleted, &rec); err != nil {
			return w, fmt.Errorf("store: exchange walk: %w", err)
		}
		c.At, c.Record = ParseTS(at), []byte(rec)
		w.Changes = append(w.Changes, c)
	}
	if err := rows.Err(); err != nil {
		return w, s.translate(err)
	}
	if len(w.Changes) > limit {
		w.Changes, w.More = w.Changes[:limit], true
	}
	w.Next = after
	if n := len(w.Changes); n > 0 {
		w.Next = w.Changes[n-1].Seq
	}
	return w, nil
}

// DocumentBodies returns the bodies (HTML) of documents by id, for a walk.
func (s *Store) DocumentBodies(ctx context.Context, ids []int64) (map[int64]string, error) {
	out := map[int64]string{}
	if len(ids) == 0 {
		return out, nil
	}
	ph := make([]string, len(ids))
	args := make([]any, len(ids))
	for i, id := range ids {
		ph[i], args[i] = "?", id
	}
	rows, err := s.query(ctx, `SELECT id, body_html, body_text FROM documents WHERE id IN (`+strings.Join(ph, ",")+`)`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: document bodies: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var body, text string
		if err := rows.Scan(&id, &body, &text); err != nil {
			return nil, err
		}
		out[id] = loadedBodyHTML(body, text)
	}
	return out, s.translate(rows.Err())
}

// ChangesBetween returns the changes numbered first…last of the kinds
// given (all when none), in order, for a push.
func (s *Store) ChangesBetween(ctx context.Context, first, last int64, kinds []exchange.Kind) ([]ChangeRow, error) {
	q := `SELECT seq, kind, entity_id, at, deleted, record FROM exchange_changes WHERE seq >= ? AND seq <= ?`
	args := []any{first, last}
	if len(kinds) > 0 {
		ph := make([]string, len(kinds))
		for i, k := range kinds {
			ph[i] = "?"
			args = append(args, string(k))
		}
		q += ` AND kind IN (` + strings.Join(ph, ",") + `)`
	}
	rows, err := s.query(ctx, q+` ORDER BY seq`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: changes %d–%d: %w", first, last, err)
	}
	defer rows.Close()
	var out []ChangeRow
	for rows.Next() {
		var c ChangeRow
		var kind, at, rec string
		if err := rows.Scan(&c.Seq, &kind, &c.ID, &at, &c.Deleted, &rec); err != nil {
			return nil, err
		}
		c.Kind, c.At, c.Record = exchange.Kind(kind), ParseTS(at), []byte(rec)
		out = append(out, c)
	}
	return out, s.translate(rows.Err())
}

// pauseExchangeNotes stops the triggers from noting changes until
// resumeExchangeNotes, inside tx: a restore loads the archive's rows —
// its change log with them — and must not note them again.
func (tx *Tx) pauseExchangeNotes(ctx context.Context) error {
	if _, err := tx.Exec(ctx, `INSERT INTO exchange_pause (id) VALUES (1) ON CONFLICT (id) DO NOTHING`); err != nil {
		return fmt.Errorf("store: pause exchange notes: %w", err)
	}
	return nil
}

func (tx *Tx) resumeExchangeNotes(ctx context.Context) error {
	if _, err := tx.Exec(ctx, `DELETE FROM exchange_pause`); err != nil {
		return fmt.Errorf("store: resume exchange notes: %w", err)
	}
	return nil
}
