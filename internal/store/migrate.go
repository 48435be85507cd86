package store

import (
	"context"
	"embed"
	"fmt"
	"io/fs"

	"github.com/pressly/goose/v3"
)

//go:embed migrations
var migrations embed.FS

func (s *Store) provider() (*goose.Provider, error) {
	dir, dialect := "migrations/sqlite", goose.DialectSQLite3
	if s.Dialect == Postgres {
		dir, dialect = "migrations/postgres", goose.DialectPostgres
	}
	sub, err := fs.Sub(migrations, dir)
	if err != nil {
		return nil, fmt.Errorf("store: migrations: %w", err)
	}
	return goose.NewProvider(dialect, s.write, sub, goose.WithAllowOutofOrder(true), goose.WithDisableGlobalRegistry(true))
}

// Migrate applies every pending migration and returns how many ran.
func (s *Store) Migrate(ctx context.Context) (int, error) {
	p, err := s.provider()
	if err != nil {
		return 0, err
	}
	res, err := p.Up(ctx)
	if err != nil {
		return len(res), fmt.Errorf("store: migrate %s: %w", s.Where, err)
	}
	if _, err := s.EnsureSearchIndex(ctx); err != nil {
		return len(res), fmt.Errorf("store: search index %s: %w", s.Where, err)
	}
	return len(res), nil
}

// SchemaStatus says whether the schema is behind the binary.
func (s *Store) SchemaStatus(ctx context.Context) (current, target int64, pending bool, err error) {
	p, err := s.provider()
	if err != nil {
		return 0, 0, false, err
	}
	current, target, err = p.GetVersions(ctx)
	if err != nil {
		return 0, 0, false, fmt.Errorf("store: schema version: %w", err)
	}
	pending, err = p.HasPending(ctx)
	if err != nil {
		return current, target, false, fmt.Errorf("store: schema status: %w", err)
	}
	return current, target, pending, nil
}

// SchemaBehind says in Chinese how the schema is behind the binary, or ""
// when it is current. Migrations may be applied out of order (each area has
// its own number range), so a database can hold the highest version and still
// miss a lower one: the message counts what is missing instead of comparing
// version numbers only.
func (s *Store) SchemaBehind(ctx context.Context) (string, error) {
	p, err := s.provider()
	if err != nil {
		return "", err
	}
	all, err := p.Status(ctx)
	if err != nil {
		return "", fmt.Errorf("store: schema status: %w", err)
	}
	var missing []int64
	for _, m := range all {
		if m.State == goose.StatePending {
			missing = append(missing, m.Source.Version)
		}
	}
	if len(missing) == 0 {
		return "", nil
	}
	first := fmt.Sprintf("%05d", missing[0])
	if len(missing) > 1 {
		first += fmt.Sprintf(" 等 %d 项", len(missing))
	}
	return fmt.Sprintf("数据库 %s 的结构尚未升级到本程序的版本（未执行的升级：%s）", s.Where, first), nil
}
