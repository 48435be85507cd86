package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"gongkai/internal/auth"
)

// Tx is one transaction on the write pool. Every change of state writes
// its audit row through the same Tx, so both land or neither does.
type Tx struct {
	s   *Store
	tx  *sql.Tx
	Now time.Time
	// committed runs after a successful commit (caches learn what the
	// transaction made durable, such as new word numbers).
	committed []func()
	seq       int64             // this transaction's search change number (searchSeq)
	words     map[string]uint32 // word numbers made by this transaction (wordIDs)
}

// OnCommit runs fn after the transaction commits (never if it rolls back).
func (t *Tx) OnCommit(fn func()) { t.committed = append(t.committed, fn) }

// InTx runs fn in a transaction and commits if it returns nil.
func (s *Store) InTx(ctx context.Context, fn func(tx *Tx) error) error {
	sqltx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: begin: %w", s.translate(err))
	}
	tx := &Tx{s: s, tx: sqltx, Now: s.Now().UTC()}
	if err := fn(tx); err != nil {
		if rb := sqltx.Rollback(); rb != nil && !errors.Is(rb, sql.ErrTxDone) {
			return s.Classify(errors.Join(err, rb))
		}
		return s.Classify(err)
	}
	if err := sqltx.Commit(); err != nil {
		return fmt.Errorf("store: commit: %w", s.translate(err))
	}
	for _, fn := range tx.committed {
		fn()
	}
	return nil
}

// Exec runs a statement.
func (t *Tx) Exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	res, err := t.tx.ExecContext(ctx, t.s.rebind(q), args...)
	return res, t.s.translate(err)
}

// Query runs a query inside the transaction.
func (t *Tx) Query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	rows, err := t.tx.QueryContext(ctx, t.s.rebind(q), args...)
	return rows, t.s.translate(err)
}

// QueryRow runs a single-row query inside the transaction.
func (t *Tx) QueryRow(ctx context.Context, q string, args ...any) *sql.Row {
	return t.tx.QueryRowContext(ctx, t.s.rebind(q), args...)
}

// Insert runs an INSERT … RETURNING id and returns the id.
func (t *Tx) Insert(ctx context.Context, q string, args ...any) (int64, error) {
	var id int64
	err := t.tx.QueryRowContext(ctx, t.s.rebind(q+" RETURNING id"), args...).Scan(&id)
	return id, t.s.translate(err)
}

// Guarded runs an UPDATE that must change exactly one row (the guard in
// its WHERE clause, such as status = old, held); otherwise ErrConflict.
func (t *Tx) Guarded(ctx context.Context, q string, args ...any) error {
	res, err := t.Exec(ctx, q, args...)
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("store: rows affected: %w", err)
	}
	if n != 1 {
		return fmt.Errorf("store: guarded update changed %d rows: %w", n, errConflictChanged)
	}
	return nil
}

// Store returns the store the transaction belongs to.
func (t *Tx) Store() *Store { return t.s }

// Audit appends an audit row: who did what to which entity, with the state
// before and after (any JSON-encodable values; nil for none).
func (t *Tx) Audit(ctx context.Context, a auth.Actor, action, entity string, entityID any, summary string, before, after any) error {
	b, err := auditJSON(before)
	if err != nil {
		return err
	}
	af, err := auditJSON(after)
	if err != nil {
		return err
	}
	_, err = t.Exec(ctx, `INSERT INTO audit_log (at, actor_id, actor_login, actor_role, ip, action, entity, entity_id, summary, before_json, after_json)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		TS(t.Now), nullID(a.UserID), a.Login, string(a.Role), a.IP, action, entity, idString(entityID), summary, b, af)
	if err != nil {
		return fmt.Errorf("store: audit %s %s: %w", action, entity, err)
	}
	return nil
}

func auditJSON(v any) (string, error) {
	if v == nil {
		return "", nil
	}
	if s, ok := v.(string); ok {
		return s, nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return "", fmt.Errorf("store: audit json: %w", err)
	}
	return string(b), nil
}

func idString(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case int64:
		return strconv.FormatInt(x, 10)
	case int:
		return strconv.Itoa(x)
	case string:
		return x
	default:
		return fmt.Sprint(x)
	}
}
