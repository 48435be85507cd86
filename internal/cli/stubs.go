package cli

import (
	"context"

	"gongkai/internal/store"
)

// recomputeClocks recomputes every open statutory clock after the holidays
// changed. The areas with clocks add their recomputation here.
func recomputeClocks(ctx context.Context, st *store.Store) error { return nil }
