package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"gongkai"
	"gongkai/internal/auth"
	"gongkai/internal/backup"
)

// RestoreOptions are what a restore needs besides the target.
type RestoreOptions struct {
	// Open opens the archive; it is read twice: once to verify it whole
	// before anything is written, once to load it.
	Open  func() (io.ReadCloser, error)
	Key   *backup.Key
	Actor auth.Actor // who restores, for the audit row
}

// RestoreResult says what was restored.
type RestoreResult struct {
	Manifest backup.Manifest
	Where    string // the target, password removed
	Upgraded int    // migrations applied after loading (archive older than the program)
}

// refuse is a restore's refusal: invalid input, with the Chinese message.
func refuse(format string, args ...any) error {
	return gongkai.Errorf(gongkai.EINVALID, format, args...)
}

// archiveError turns the archive reader's refusals into the application's.
func archiveError(err error) error {
	var be *backup.Error
	if errors.As(err, &be) {
		return gongkai.Wrap(gongkai.EINVALID, be.Message, err)
	}
	return err
}

// VerifyArchive reads a whole archive and checks it against its manifest.
func VerifyArchive(open func() (io.ReadCloser, error), key *backup.Key) (backup.Manifest, error) {
	f, err := open()
	if err != nil {
		return backup.Manifest{}, err
	}
	defer f.Close()
	man, err := backup.Read(f, key, backup.Visit{})
	return man, archiveError(err)
}

// knownMigrations lists the migrations this program has for d.
func knownMigrations(d Dialect) ([]int64, error) {
	dir := "migrations/sqlite"
	if d == Postgres {
		dir = "migrations/postgres"
	}
	entries, err := fs.ReadDir(migrations, dir)
	if err != nil {
		return nil, err
	}
	var out []int64
	for _, e := range entries {
		num, _, ok := strings.Cut(e.Name(), "_")
		if v, err := strconv.ParseInt(num, 10, 64); ok && err == nil && strings.HasSuffix(e.Name(), ".sql") {
			out = append(out, v)
		}
	}
	slices.Sort(out)
	return out, nil
}

// Restore loads an archive into the empty database dsn (a SQLite path
// that does not exist or holds no table, or a PostgreSQL database or
// schema with no table), from either kind of database into either kind.
// It verifies the whole archive first and refuses, with nothing written,
// a damaged archive, a wrong passphrase, a schema newer than the
// program's and a target that is not empty. It then creates the schema
// the archive was written with, loads every row in one transaction (the
// audit log's rows identical in every column: its triggers forbid only
// changes, so they stay on), checks the restored rows against the
// manifest, rebuilds the search index, appends one audit row for the
// restore and commits; migrations the archive did not have yet are
// applied last. A SQLite target is written to a temporary file beside it
// and renamed into place only when all this has succeeded.
func Restore(ctx context.Context, dsn string, o RestoreOptions) (res RestoreResult, err error) {
	if dsn == "" {
		dsn = DefaultPath
	}
	pg := strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
	dialect := SQLite
	res.Where = strings.TrimPrefix(dsn, "sqlite:")
	if pg {
		dialect, res.Where = Postgres, Redact(dsn)
	}
	// 1. The archive, whole, before anything is touched.
	man, err := VerifyArchive(o.Open, o.Key)
	if err != nil {
		return res, err
	}
	res.Manifest = man
	known, err := knownMigrations(dialect)
	if err != nil {
		return res, err
	}
	for _, v := range man.Migrations {
		if !slices.Contains(known, v) {
			return res, refuse("备份的数据库结构版本（%d，含升级 %d）比本程序认识的（%d）更新：请用不低于备份时版本（%s）的 gongkai 恢复",
				man.SchemaVersion, v, known[len(known)-1], man.ProgramVersion)
		}
	}
	// 2. The target must be empty.
	if pg {
		return res, restorePostgres(ctx, dsn, man, o, &res)
	}
	return res, restoreSQLite(ctx, res.Where, man, o, &res)
}

func restorePostgres(ctx context.Context, dsn string, man backup.Manifest, o RestoreOptions, res *RestoreResult) error {
	ts, err := Open(ctx, dsn)
	if err != nil {
		return err
	}
	defer ts.Close()
	tables, err := queryStrings(ctx, ts.write, `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`)
	if err != nil {
		return fmt.Errorf("store: restore target: %w", ts.translate(err))
	}
	if len(tables) > 0 {
		return refuse("目标数据库 %s 不是空的（已有 %d 张表，如 %s）：恢复只写入空数据库，请新建一个空数据库（或模式）后再恢复", ts.Where, len(tables), tables[0])
	}
	funcs, err := queryStrings(ctx, ts.write, `SELECT p.oid::regprocedure::text FROM pg_proc p WHERE p.pronamespace = current_schema()::regnamespace`)
	if err != nil {
		return fmt.Errorf("store: restore target: %w", ts.translate(err))
	}
	if err := ts.restoreInto(ctx, man, o, res); err != nil {
		// Take away what this restore created; the schema had no table.
		cctx := context.WithoutCancel(ctx)
		for _, t := range mustStrings(queryStrings(cctx, ts.write, `SELECT quote_ident(table_name) FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`)) {
			_, _ = ts.write.ExecContext(cctx, `DROP TABLE IF EXISTS `+t+` CASCADE`)
		}
		for _, f := range mustStrings(queryStrings(cctx, ts.write, `SELECT p.oid::regprocedure::text FROM pg_proc p WHERE p.pronamespace = current_schema()::regnamespace`)) {
			if !slices.Contains(funcs, f) {
				_, _ = ts.write.ExecContext(cctx, `DROP FUNCTION IF EXISTS `+f+` CASCADE`)
			}
		}
		return err
	}
	return nil
}

func mustStrings(v []string, _ error) []string { return v }

func restoreSQLite(ctx context.Context, path string, man backup.Manifest, o RestoreOptions, res *RestoreResult) error {
	if fi, err := os.Stat(path); err == nil {
		if fi.IsDir() {
			return refuse("目标 %s 是一个文件夹：请给出数据库文件的路径", path)
		}
		if fi.Size() > 0 {
			n, err := sqliteTableCount(ctx, path)
			if err != nil {
				return refuse("目标文件 %s 已存在且不是可读的 SQLite 数据库：恢复只写入空数据库，请换一个新路径（%v）", path, err)
			}
			if n > 0 {
				return refuse("目标数据库 %s 不是空的（已有 %d 张表）：恢复只写入空数据库，请换一个新路径", path, n)
			}
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("store: restore target %s: %w", path, err)
	}
	for _, suffix := range []string{"-wal", "-journal"} {
		if _, err := os.Stat(path + suffix); err == nil {
			return refuse("目标 %s 旁有未完成的日志文件 %s：可能有程序正在使用它，请换一个新路径", path, path+suffix)
		}
	}
	dir := filepath.Dir(path)
	var madeDir string
	if _, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return fmt.Errorf("创建数据目录 %s 失败：%w", dir, err)
		}
		madeDir = dir
	}
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	tmp := filepath.Join(dir, "."+filepath.Base(path)+".restore-"+hex.EncodeToString(b))
	cleanup := func() {
		for _, suffix := range []string{"", "-wal", "-shm", "-journal"} {
			_ = os.Remove(tmp + suffix)
		}
		if madeDir != "" {
			_ = os.Remove(madeDir)
		}
	}
	ts, err := Open(ctx, tmp)
	if err != nil {
		cleanup()
		return err
	}
	err = ts.restoreInto(ctx, man, o, res)
	if cerr := ts.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("store: close %s: %w", tmp, cerr)
	}
	if err == nil {
		// A clean close leaves no WAL; the database is one file now.
		if _, werr := os.Stat(tmp + "-wal"); werr == nil {
			err = fmt.Errorf("store: %s-wal left after close", tmp)
		}
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		cleanup()
		return err
	}
	return nil
}

// sqliteTableCount counts the tables of an existing SQLite file, opened
// read-only so that nothing is created or changed.
func sqliteTableCount(ctx context.Context, path string) (int, error) {
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		return 0, err
	}
	defer db.Close()
	var n int
	err = db.QueryRowContext(ctx, `SELECT COUNT(*) FROM sqlite_master WHERE type IN ('table', 'view')`).Scan(&n)
	return n, err
}

// restoreInto creates the archive's schema on the empty store s, loads,
// checks and audits in one transaction, then applies newer migrations.
func (s *Store) restoreInto(ctx context.Context, man backup.Manifest, o RestoreOptions, res *RestoreResult) error {
	p, err := s.provider()
	if err != nil {
		return err
	}
	for _, v := range man.Migrations {
		if _, err := p.ApplyVersion(ctx, v, true); err != nil {
			return fmt.Errorf("store: restore: create schema (migration %d): %w", v, err)
		}
	}
	if s.Dialect == SQLite {
		// Rows come table by table in name order, children before their
		// parents; SQLite's deferred foreign keys would then search the
		// children again for every parent inserted. The load runs on the one
		// writer connection with the checks off, and foreign_key_check
		// checks every row before the commit instead.
		if _, err := s.write.ExecContext(ctx, `PRAGMA foreign_keys = OFF`); err != nil {
			return fmt.Errorf("store: restore: %w", err)
		}
		// The whole load is one transaction: a page cache of 128 MiB
		// (instead of 2 MiB) keeps the pages it writes, and those of the
		// full-text index rebuilt after it, in memory instead of spilling
		// them into the WAL and reading them back (restore of 100,000
		// documents: see bench/backup.sh).
		if _, err := s.write.ExecContext(ctx, `PRAGMA cache_size = -131072`); err != nil {
			return fmt.Errorf("store: restore: %w", err)
		}
	}
	err = s.InTx(ctx, func(tx *Tx) error {
		tables, err := tx.restoreTables(ctx, man)
		if err != nil {
			return err
		}
		var fks []foreignKey
		if s.Dialect == Postgres {
			if fks, err = tx.dropForeignKeys(ctx); err != nil {
				return err
			}
		}
		// The archive holds the exchange's change log as it was: clearing the
		// defaults and loading the other tables must not note their rows as
		// changes again (the archive's exchange_pause is always empty).
		paused := slices.Contains(man.Migrations, 710)
		if paused {
			if err := tx.pauseExchangeNotes(ctx); err != nil {
				return err
			}
		}
		// Rows that the migrations put in (defaults) make way for the archive's.
		for _, t := range tables {
			if paused && t.schema.Name == "exchange_pause" {
				continue
			}
			var n int
			if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM "`+t.schema.Name+`"`).Scan(&n); err != nil {
				return s.translate(err)
			}
			if n > 0 {
				if _, err := tx.Exec(ctx, `DELETE FROM "`+t.schema.Name+`"`); err != nil {
					return fmt.Errorf("store: restore: clear %s: %w", t.schema.Name, err)
				}
			}
		}
		if err := tx.loadArchive(ctx, o); err != nil {
			return err
		}
		if paused {
			if err := tx.resumeExchangeNotes(ctx); err != nil {
				return err
			}
		}
		if s.Dialect == SQLite {
			if err := tx.checkForeignKeys(ctx); err != nil {
				return err
			}
		}
		if s.Dialect == Postgres {
			if err := tx.addForeignKeys(ctx, fks); err != nil {
				return err
			}
			if err := tx.resetIdentities(ctx); err != nil {
				return err
			}
		}
		// After: every table as the manifest says.
		for _, t := range tables {
			sum, _ := man.Table(t.schema.Name)
			h := backup.NewHasher(t.schema)
			if err := s.eachRow(ctx, tx.tx, t, h.Row); err != nil {
				return err
			}
			if got := h.Sum(); h.Rows != sum.Rows || got != sum.SHA256 {
				return fmt.Errorf("恢复后核对不符：表 %s 应有 %d 行（SHA-256 %s），恢复后为 %d 行（%s）；已撤销，目标未写入", t.schema.Name, sum.Rows, sum.SHA256[:12], h.Rows, got[:12])
			}
		}
		if err := tx.rebuildDerived(ctx); err != nil {
			return err
		}
		summary := fmt.Sprintf("从备份恢复数据库：备份于 %s（%s，程序版本 %s，结构版本 %d），%d 张表 %d 行，%d 个文件，核对一致",
			man.CreatedAt, man.Source, man.ProgramVersion, man.SchemaVersion, len(man.Tables), man.Rows, len(man.Blobs))
		return tx.Audit(ctx, o.Actor, "restore", "database", "", summary, nil, map[string]any{
			"created_at": man.CreatedAt, "source": man.Source, "program_version": man.ProgramVersion,
			"schema_version": man.SchemaVersion, "tables": len(man.Tables), "rows": man.Rows, "blobs": len(man.Blobs), "blob_bytes": man.BlobBytes})
	})
	if s.Dialect == SQLite {
		if _, ferr := s.write.ExecContext(context.WithoutCancel(ctx), `PRAGMA foreign_keys = ON`); err == nil && ferr != nil {
			err = fmt.Errorf("store: restore: %w", ferr)
		}
	}
	if err != nil {
		return err
	}
	n, err := s.Migrate(ctx)
	res.Upgraded = n
	return err
}

// restoreTables checks that the target has every table of the archive
// with the same columns and types, and returns them in the archive's
// column order with the target's key order.
func (tx *Tx) restoreTables(ctx context.Context, man backup.Manifest) ([]dbTable, error) {
	have, err := tx.s.backupTables(ctx, tx.tx)
	if err != nil {
		return nil, err
	}
	byName := map[string]dbTable{}
	for _, t := range have {
		byName[t.schema.Name] = t
	}
	var out []dbTable
	for _, at := range man.Header.Tables {
		t, ok := byName[at.Name]
		if !ok {
			return nil, refuse("备份中的表 %s 在目标数据库的结构中不存在：备份与本程序的结构不一致", at.Name)
		}
		if len(t.schema.Columns) != len(at.Columns) {
			return nil, refuse("表 %s 的列数不一致：备份 %d 列，目标 %d 列", at.Name, len(at.Columns), len(t.schema.Columns))
		}
		for _, c := range at.Columns {
			if !slices.Contains(t.schema.Columns, c) {
				return nil, refuse("表 %s 的列 %s（%s）在目标数据库中不存在或类型不同", at.Name, c.Name, c.Type)
			}
		}
		delete(byName, at.Name)
		out = append(out, dbTable{schema: at, order: t.order})
	}
	for name := range byName {
		return nil, refuse("目标数据库的表 %s 不在备份中：备份与本程序的结构不一致", name)
	}
	return out, nil
}

// loadArchive reads the archive again and inserts its rows in batches.
func (tx *Tx) loadArchive(ctx context.Context, o RestoreOptions) error {
	f, err := o.Open()
	if err != nil {
		return err
	}
	defer f.Close()
	var cur backup.TableSchema
	var batch [][]any
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		cols := make([]string, len(cur.Columns))
		for i, c := range cur.Columns {
			cols[i] = `"` + c.Name + `"`
		}
		row := "(" + strings.Repeat("?, ", len(cols)-1) + "?)"
		args := make([]any, 0, len(batch)*len(cols))
		for _, r := range batch {
			args = append(args, r...)
		}
		q := `INSERT INTO "` + cur.Name + `" (` + strings.Join(cols, ", ") + `) VALUES ` + strings.Repeat(row+", ", len(batch)-1) + row
		if _, err := tx.Exec(ctx, q, args...); err != nil {
			return fmt.Errorf("store: restore %s: %w", cur.Name, err)
		}
		batch = batch[:0]
		return nil
	}
	_, err = backup.Read(f, o.Key, backup.Visit{
		Row: func(t backup.TableSchema, vals []any) error {
			if t.Name != cur.Name {
				if err := flush(); err != nil {
					return err
				}
				cur = t
			}
			batch = append(batch, vals)
			if len(batch) >= min(500, 30000/len(t.Columns)) {
				return flush()
			}
			return nil
		},
		TableEnd: func(backup.TableSchema) error { return flush() },
	})
	if err != nil {
		return archiveError(err)
	}
	return flush()
}

type foreignKey struct{ table, name, def string }

// dropForeignKeys drops the foreign keys of the (new, empty) PostgreSQL
// schema for the load; addForeignKeys puts them back, which checks every
// row. Rows can then come in any order (a unit before its parent).
func (tx *Tx) dropForeignKeys(ctx context.Context) ([]foreignKey, error) {
	rows, err := tx.Query(ctx, `SELECT quote_ident(c.relname), quote_ident(k.conname), pg_get_constraintdef(k.oid)
		FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid
		WHERE k.contype = 'f' AND k.connamespace = current_schema()::regnamespace ORDER BY 1, 2`)
	if err != nil {
		return nil, err
	}
	var fks []foreignKey
	for rows.Next() {
		var fk foreignKey
		if err := rows.Scan(&fk.table, &fk.name, &fk.def); err != nil {
			rows.Close()
			return nil, err
		}
		fks = append(fks, fk)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, fk := range fks {
		if _, err := tx.Exec(ctx, `ALTER TABLE `+fk.table+` DROP CONSTRAINT `+fk.name); err != nil {
			return nil, fmt.Errorf("store: restore: drop %s: %w", fk.name, err)
		}
	}
	return fks, nil
}

// checkForeignKeys refuses a SQLite load with a row whose reference has
// no target (foreign_key_check, on every table).
func (tx *Tx) checkForeignKeys(ctx context.Context) error {
	rows, err := tx.Query(ctx, `PRAGMA foreign_key_check`)
	if err != nil {
		return fmt.Errorf("store: restore: foreign_key_check: %w", err)
	}
	defer rows.Close()
	if rows.Next() {
		var table, parent string
		var rowid sql.NullInt64
		var fkid int
		if err := rows.Scan(&table, &rowid, &parent, &fkid); err != nil {
			return err
		}
		return refuse("备份中的数据不一致：表 %s 第 %d 行引用的 %s 记录不存在；已撤销，目标未写入", table, rowid.Int64, parent)
	}
	return rows.Err()
}

func (tx *Tx) addForeignKeys(ctx context.Context, fks []foreignKey) error {
	for _, fk := range fks {
		if _, err := tx.Exec(ctx, `ALTER TABLE `+fk.table+` ADD CONSTRAINT `+fk.name+` `+fk.def); err != nil {
			return fmt.Errorf("store: restore: foreign key %s on %s: %w", fk.name, fk.table, err)
		}
	}
	return nil
}

// resetIdentities moves every identity column's sequence past the highest
// restored value, so new rows get new ids.
func (tx *Tx) resetIdentities(ctx context.Context) error {
	rows, err := tx.Query(ctx, `SELECT quote_ident(table_name), quote_ident(column_name) FROM information_schema.columns
		WHERE table_schema = current_schema() AND is_identity = 'YES'`)
	if err != nil {
		return err
	}
	var cols [][2]string
	for rows.Next() {
		var t, c string
		if err := rows.Scan(&t, &c); err != nil {
			rows.Close()
			return err
		}
		cols = append(cols, [2]string{t, c})
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, tc := range cols {
		q := fmt.Sprintf(`SELECT setval(pg_get_serial_sequence('%s', '%s'), COALESCE(MAX(%s), 0) + 1, false) FROM %s`,
			strings.ReplaceAll(tc[0], "'", "''"), strings.ReplaceAll(strings.Trim(tc[1], `"`), "'", "''"), tc[1], tc[0])
		if _, err := tx.Exec(ctx, q); err != nil {
			return fmt.Errorf("store: restore: identity %s.%s: %w", tc[0], tc[1], err)
		}
	}
	return nil
}

// rebuildDerived rebuilds, in the restore's transaction, what a backup
// leaves out (derivedTables, SQLite's virtual tables): the full-text rows
// of the public documents and of the applications' descriptions. The word
// bags, their numbers and the change counter (search_docs, search_words,
// search_state) come back as data, so nothing here runs the dictionary.
// A new derived index must be rebuilt here too; TestBackupWhileWriting
// searches the restored database.
func (tx *Tx) rebuildDerived(ctx context.Context) error {
	if err := tx.rebuildDocumentsFullText(ctx); err != nil {
		return err
	}
	return tx.rebuildRequestsFullText(ctx)
}
