package store

import (
	"context"
	"fmt"

	"gongkai/internal/backup"
)

// MigrateTo applies the migrations up to version v, for tests of a
// migration's backfill.
func (s *Store) MigrateTo(ctx context.Context, v int64) error {
	p, err := s.provider()
	if err != nil {
		return err
	}
	_, err = p.UpTo(ctx, v)
	return err
}

// TableLines returns every row of the named table in key order, each as
// its canonical archive line (bytes as their SHA-256), and the names of
// the tables a backup holds, for tests that compare two databases.
func (s *Store) TableLines(ctx context.Context, name string) ([]string, error) {
	tables, err := s.backupTables(ctx, s.read)
	if err != nil {
		return nil, err
	}
	for _, t := range tables {
		if t.schema.Name != name {
			continue
		}
		var out []string
		err := s.eachRow(ctx, s.read, t, func(vals []any) error {
			h := backup.NewHasher(t.schema)
			line, err := h.Line(vals)
			out = append(out, line)
			return err
		})
		return out, err
	}
	return nil, fmt.Errorf("no table %s", name)
}

// BackupTableNames lists the tables a backup holds, with their columns.
func (s *Store) BackupTableNames(ctx context.Context) ([]backup.TableSchema, error) {
	tables, err := s.backupTables(ctx, s.read)
	var out []backup.TableSchema
	for _, t := range tables {
		out = append(out, t.schema)
	}
	return out, err
}
