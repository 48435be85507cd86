// Package store holds all SQL and the use cases that change state, each in
// one transaction with its guarded update, audit row and notifications
// (SubmitRequest, AddRequestEvent, MoveDocument, RecomputeClocks, …). The
// console, the API, the command line and the jobs all call these, and the
// store applies the domain packages' rules again with the acting user
// (request.MayRecord, disclosure.MayMove, …). SQLite and PostgreSQL differ
// only here: placeholders are written as ? and rebound for PostgreSQL,
// migrations live in one folder per dialect, and driver errors are
// translated in errors.go.
package store

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // driver "pgx"
	_ "modernc.org/sqlite"             // driver "sqlite"
)

// Dialect is the database in use.
type Dialect string

const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// Store is the database. Reads and writes use separate pools on SQLite
// (one writer connection, several readers under WAL); PostgreSQL shares one.
type Store struct {
	Dialect Dialect
	read    *sql.DB
	write   *sql.DB
	// Now is the clock; tests replace it.
	Now func() time.Time
	// Where is the database, with any password removed, for messages.
	Where string

	calendar calendarCache
	search   searchState
	full     storageFull
}

// DefaultPath is the embedded database used when no --db is given.
const DefaultPath = "data/gongkai.db"

// Open opens the database named by dsn: a postgres:// URL, or a path to a
// SQLite file (created with its folder when missing). It checks that the
// database answers.
func Open(ctx context.Context, dsn string) (*Store, error) {
	if dsn == "" {
		dsn = DefaultPath
	}
	s := &Store{Now: time.Now}
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		s.Dialect = Postgres
		s.Where = Redact(dsn)
		db, err := sql.Open("pgx", dsn)
		if err != nil {
			return nil, fmt.Errorf("打开数据库 %s 失败：%w", s.Where, err)
		}
		db.SetMaxOpenConns(20)
		db.SetMaxIdleConns(10)
		db.SetConnMaxIdleTime(5 * time.Minute)
		s.read, s.write = db, db
	} else {
		s.Dialect = SQLite
		path := strings.TrimPrefix(dsn, "sqlite:")
		s.Where = path
		if dir := filepath.Dir(path); dir != "" && dir != "." {
			if err := os.MkdirAll(dir, 0o750); err != nil {
				return nil, fmt.Errorf("创建数据目录 %s 失败：%w", dir, err)
			}
		}
		// busy_timeout before journal_mode, so the switch to WAL waits too.
		q := "?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)&_time_format=sqlite"
		w, err := sql.Open("sqlite", "file:"+path+q+"&_txlock=immediate")
		if err != nil {
			return nil, fmt.Errorf("打开数据库 %s 失败：%w", path, err)
		}
		w.SetMaxOpenConns(1)
		w.SetConnMaxIdleTime(0)
		r, err := sql.Open("sqlite", "file:"+path+q+"&_pragma=query_only(1)")
		if err != nil {
			w.Close()
			return nil, fmt.Errorf("打开数据库 %s 失败：%w", path, err)
		}
		r.SetMaxOpenConns(8)
		r.SetMaxIdleConns(8)
		s.read, s.write = r, w
	}
	pctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := s.write.PingContext(pctx); err != nil {
		s.Close()
		return nil, fmt.Errorf("无法连接数据库 %s：%w", s.Where, err)
	}
	return s, nil
}

// Close closes both pools.
func (s *Store) Close() error {
	err := s.write.Close()
	if s.read != s.write {
		if e := s.read.Close(); err == nil {
			err = e
		}
	}
	return err
}

// DB returns the write pool, for the migration tool and tests.
func (s *Store) DB() *sql.DB { return s.write }

// Redact removes the password from a database URL.
func Redact(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return "（无法解析的数据库地址）"
	}
	if u.User != nil {
		if _, ok := u.User.Password(); ok {
			u.User = url.UserPassword(u.User.Username(), "xxxxx")
		}
	}
	return u.String()
}

// rebind turns ? placeholders into $1, $2 … for PostgreSQL. Queries must
// not contain ? inside string literals.
func (s *Store) rebind(q string) string {
	if s.Dialect != Postgres || !strings.Contains(q, "?") {
		return q
	}
	var b strings.Builder
	b.Grow(len(q) + 8)
	n := 0
	for i := 0; i < len(q); i++ {
		if q[i] == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(q[i])
	}
	return b.String()
}

// Rebind is rebind for the other packages' tests and tools.
func (s *Store) Rebind(q string) string { return s.rebind(q) }

// query runs a read on the read pool.
func (s *Store) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	rows, err := s.read.QueryContext(ctx, s.rebind(q), args...)
	return rows, s.translate(err)
}

// queryRow runs a single-row read on the read pool.
func (s *Store) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	return s.read.QueryRowContext(ctx, s.rebind(q), args...)
}

// exec runs a write outside a transaction (sessions, login failures).
func (s *Store) exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	res, err := s.write.ExecContext(ctx, s.rebind(q), args...)
	return res, s.translate(err)
}

// Ping checks the database, for /healthz.
func (s *Store) Ping(ctx context.Context) error { return s.read.PingContext(ctx) }

// Time format: fixed width, so text order is time order.
const timeFormat = "2006-01-02T15:04:05.000000Z"

// TS formats t for storage.
func TS(t time.Time) string { return t.UTC().Format(timeFormat) }

// ParseTS reads a stored time; an empty string is the zero time.
func ParseTS(s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	t, err := time.Parse(timeFormat, s)
	if err != nil {
		t, _ = time.Parse(time.RFC3339Nano, s)
	}
	return t
}

// nullTS formats a nullable time.
func nullTS(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return TS(t)
}

// nullID turns 0 into NULL for optional references.
func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// collect runs a read on the read pool and scans every row with scan (one
// of the scanX functions, which also scan a *sql.Row).
func collect[T any](ctx context.Context, s *Store, scan func(interface{ Scan(...any) error }) (T, error), q string, args ...any) ([]T, error) {
	rows, err := s.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	return scanAll(s, rows, scan)
}

// scanAll scans every row with scan and closes rows (collect, collectTx).
func scanAll[T any](s *Store, rows *sql.Rows, scan func(interface{ Scan(...any) error }) (T, error)) ([]T, error) {
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, fmt.Errorf("scan: %w", s.translate(err))
		}
		out = append(out, v)
	}
	return out, s.translate(rows.Err())
}

// scanID scans a row holding one id, for collect.
func scanID(sc interface{ Scan(...any) error }) (int64, error) {
	var id int64
	err := sc.Scan(&id)
	return id, err
}
