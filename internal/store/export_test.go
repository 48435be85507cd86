package store

import "context"

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
