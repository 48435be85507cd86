package cli

import (
	"context"

	"gongkai/internal/auth"
	"gongkai/internal/store"
)

// recomputeClocks recomputes every open statutory clock after the holidays
// changed, through the store's one entry point.
func recomputeClocks(ctx context.Context, st *store.Store) error {
	_, err := st.RecomputeClocks(ctx, nil, auth.CLI)
	return err
}
