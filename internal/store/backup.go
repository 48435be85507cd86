package store

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"slices"
	"strings"

	"gongkai/internal/backup"
)

// derivedTables are rebuilt from other tables after a restore (the
// full-text indexes of the documents and of the applications'
// descriptions), so a backup leaves them out; the word bags, their
// numbers and the change counter are data (a dictionary split is slow).
// SQLite's FTS5 tables and their shadow tables are found by their kind;
// PostgreSQL's index tables and the word bags are named here.
// TestBackupTablesMatch checks that both databases back up the same
// tables with the same columns, so a new derived table shows up there.
var derivedTables = []string{"documents_search", "requests_search"}

// dbTable is a table to back up or restore: its columns with their types
// and the columns that order its rows (the primary key, or all columns).
type dbTable struct {
	schema backup.TableSchema
	order  []backup.Column
}

type queryer interface {
	QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error)
}

// backupTables lists the tables of the database that a backup holds, by
// name, with their columns in the database's order.
func (s *Store) backupTables(ctx context.Context, q queryer) ([]dbTable, error) {
	var names []string
	var err error
	if s.Dialect == Postgres {
		names, err = queryStrings(ctx, q, `SELECT table_name FROM information_schema.tables
			WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`)
	} else {
		names, err = s.sqliteTables(ctx, q)
	}
	if err != nil {
		return nil, fmt.Errorf("store: list tables: %w", err)
	}
	var out []dbTable
	for _, n := range names {
		if n == "goose_db_version" || slices.Contains(derivedTables, n) {
			continue
		}
		t, err := s.tableInfo(ctx, q, n)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	slices.SortFunc(out, func(a, b dbTable) int { return strings.Compare(a.schema.Name, b.schema.Name) })
	return out, nil
}

// sqliteTables lists SQLite's ordinary tables, without its own, the
// virtual tables and their shadow tables.
func (s *Store) sqliteTables(ctx context.Context, q queryer) ([]string, error) {
	rows, err := q.QueryContext(ctx, `SELECT name, COALESCE(sql, '') FROM sqlite_master WHERE type = 'table' ORDER BY name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var all, virtual []string
	for rows.Next() {
		var name, ddl string
		if err := rows.Scan(&name, &ddl); err != nil {
			return nil, err
		}
		if strings.HasPrefix(name, "sqlite_") {
			continue
		}
		if strings.HasPrefix(strings.ToUpper(ddl), "CREATE VIRTUAL TABLE") {
			virtual = append(virtual, name)
			continue
		}
		all = append(all, name)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return slices.DeleteFunc(all, func(n string) bool {
		for _, v := range virtual {
			if strings.HasPrefix(n, v+"_") {
				return true
			}
		}
		return false
	}), nil
}

func (s *Store) tableInfo(ctx context.Context, q queryer, name string) (dbTable, error) {
	t := dbTable{schema: backup.TableSchema{Name: name}}
	var rows *sql.Rows
	var err error
	if s.Dialect == Postgres {
		rows, err = q.QueryContext(ctx, `SELECT c.column_name, c.data_type,
			COALESCE((SELECT k.n FROM pg_index i CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, n)
				JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
				WHERE i.indrelid = to_regclass(quote_ident(current_schema()) || '.' || quote_ident($1)) AND i.indisprimary AND a.attname = c.column_name), 0)
			FROM information_schema.columns c WHERE c.table_schema = current_schema() AND c.table_name = $1 ORDER BY c.ordinal_position`, name)
	} else {
		rows, err = q.QueryContext(ctx, `SELECT name, type, pk FROM pragma_table_info(?) ORDER BY cid`, name)
	}
	if err != nil {
		return t, fmt.Errorf("store: columns of %s: %w", name, err)
	}
	defer rows.Close()
	type keyCol struct {
		col backup.Column
		pos int
	}
	var keys []keyCol
	for rows.Next() {
		var col, typ string
		var pk int
		if err := rows.Scan(&col, &typ, &pk); err != nil {
			return t, err
		}
		bt, err := s.columnType(typ)
		if err != nil {
			return t, fmt.Errorf("store: table %s column %s: %w", name, col, err)
		}
		c := backup.Column{Name: col, Type: bt}
		t.schema.Columns = append(t.schema.Columns, c)
		if pk > 0 {
			keys = append(keys, keyCol{c, pk})
		}
	}
	if err := rows.Err(); err != nil {
		return t, err
	}
	slices.SortFunc(keys, func(a, b keyCol) int { return a.pos - b.pos })
	for _, k := range keys {
		t.order = append(t.order, k.col)
	}
	if len(t.order) == 0 {
		t.order = t.schema.Columns
	}
	return t, nil
}

// columnType maps a declared column type to the archive's.
func (s *Store) columnType(decl string) (string, error) {
	d := strings.ToUpper(decl)
	if s.Dialect == Postgres {
		switch d {
		case "BIGINT", "INTEGER", "SMALLINT":
			return backup.TypeInt, nil
		case "BOOLEAN":
			return backup.TypeBool, nil
		case "DOUBLE PRECISION", "REAL":
			return backup.TypeReal, nil
		case "TEXT", "CHARACTER VARYING", "CHARACTER":
			return backup.TypeText, nil
		case "BYTEA":
			return backup.TypeBytes, nil
		}
		return "", fmt.Errorf("column type %s cannot be backed up", decl)
	}
	switch {
	case strings.Contains(d, "BOOL"):
		return backup.TypeBool, nil
	case strings.Contains(d, "INT"):
		return backup.TypeInt, nil
	case strings.Contains(d, "REAL"), strings.Contains(d, "FLOA"), strings.Contains(d, "DOUB"):
		return backup.TypeReal, nil
	case strings.Contains(d, "BLOB"):
		return backup.TypeBytes, nil
	case strings.Contains(d, "TEXT"), strings.Contains(d, "CHAR"):
		return backup.TypeText, nil
	}
	return "", fmt.Errorf("column type %q cannot be backed up", decl)
}

// selectSQL reads a table's rows in key order. Text keys sort by code
// point on both databases (COLLATE "C" on PostgreSQL), so the order and
// therefore the checksum do not depend on the database kind.
func (s *Store) selectSQL(t dbTable) string {
	cols := make([]string, len(t.schema.Columns))
	for i, c := range t.schema.Columns {
		cols[i] = `"` + c.Name + `"`
	}
	keys := make([]string, len(t.order))
	for i, c := range t.order {
		keys[i] = `"` + c.Name + `"`
		if s.Dialect == Postgres && c.Type == backup.TypeText {
			keys[i] += ` COLLATE "C"`
		}
	}
	return `SELECT ` + strings.Join(cols, ", ") + ` FROM "` + t.schema.Name + `" ORDER BY ` + strings.Join(keys, ", ")
}

// eachRow reads every row of t in key order.
func (s *Store) eachRow(ctx context.Context, q queryer, t dbTable, fn func(vals []any) error) error {
	rows, err := q.QueryContext(ctx, s.selectSQL(t))
	if err != nil {
		return fmt.Errorf("store: read %s: %w", t.schema.Name, s.translate(err))
	}
	defer rows.Close()
	vals := make([]any, len(t.schema.Columns))
	ptrs := make([]any, len(vals))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return fmt.Errorf("store: read %s: %w", t.schema.Name, err)
		}
		if err := fn(vals); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: read %s: %w", t.schema.Name, s.translate(err))
	}
	return nil
}

// appliedMigrations lists the applied migrations, in order.
func appliedMigrations(ctx context.Context, q queryer) ([]int64, error) {
	rows, err := q.QueryContext(ctx, `SELECT DISTINCT version_id FROM goose_db_version WHERE version_id > 0 AND is_applied ORDER BY version_id`)
	if err != nil {
		return nil, fmt.Errorf("store: schema version: %w", err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var v int64
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

func queryStrings(ctx context.Context, q queryer, query string, args ...any) ([]string, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// BackupOptions are the choices of one backup.
type BackupOptions struct {
	Passphrase     string // encrypts the archive with age when set
	ProgramVersion string
}

// Backup writes a consistent snapshot of the whole database to out while
// the program goes on writing: one read transaction (on SQLite a deferred
// transaction in WAL mode, which reads one snapshot while the writer
// commits; on PostgreSQL REPEATABLE READ), every table but the derived
// search index, in key order, with the blobs and the audit log. It
// returns the manifest; out is not closed.
func (s *Store) Backup(ctx context.Context, out io.Writer, o BackupOptions) (backup.Manifest, error) {
	var man backup.Manifest
	opts := &sql.TxOptions{ReadOnly: true}
	if s.Dialect == Postgres {
		opts.Isolation = sql.LevelRepeatableRead
	}
	tx, err := s.read.BeginTx(ctx, opts)
	if err != nil {
		return man, fmt.Errorf("store: backup: %w", s.translate(err))
	}
	defer tx.Rollback()
	// The first read fixes the snapshot; everything below reads it.
	migrations, err := appliedMigrations(ctx, tx)
	if err != nil {
		return man, s.translate(err)
	}
	if len(migrations) == 0 {
		return man, fmt.Errorf("数据库 %s 尚未建立结构（没有执行过 gongkai migrate），无可备份的内容", s.Where)
	}
	tables, err := s.backupTables(ctx, tx)
	if err != nil {
		return man, err
	}
	h := backup.Header{ProgramVersion: o.ProgramVersion, CreatedAt: s.Now().UTC().Format("2006-01-02T15:04:05Z"), Source: string(s.Dialect),
		SchemaVersion: migrations[len(migrations)-1], Migrations: migrations}
	for _, t := range tables {
		h.Tables = append(h.Tables, t.schema)
	}
	w, err := backup.NewWriter(out, h, o.Passphrase)
	if err != nil {
		return man, err
	}
	for _, t := range tables {
		tw, err := w.Table(t.schema.Name)
		if err != nil {
			return man, err
		}
		if err := s.eachRow(ctx, tx, t, tw.Row); err != nil {
			return man, err
		}
		if err := tw.Close(); err != nil {
			return man, err
		}
	}
	return w.Close()
}
