package store

import (
	"context"
	"fmt"
)

// BumpPortal increments the portal version: every node's page cache sees
// the new number on its next cheap check and drops its pages.
func (t *Tx) BumpPortal(ctx context.Context) error {
	if _, err := t.Exec(ctx, `UPDATE portal_version SET version = version + 1 WHERE id = 1`); err != nil {
		return fmt.Errorf("store: bump portal version: %w", err)
	}
	return nil
}

// PortalVersion returns the portal version.
func (s *Store) PortalVersion(ctx context.Context) (int64, error) {
	var v int64
	if err := s.queryRow(ctx, `SELECT version FROM portal_version WHERE id = 1`).Scan(&v); err != nil {
		return 0, fmt.Errorf("store: portal version: %w", s.translate(err))
	}
	return v, nil
}
