package cli

import (
	"context"

	"gongkai/internal/store"
)

// recomputeClocks recomputes every open statutory clock after the holidays
// changed. The areas with clocks add their recomputation here.
func recomputeClocks(ctx context.Context, st *store.Store) error {
	if err := st.RecomputeDocClocksNow(ctx); err != nil { // docs: 20-working-day publication clocks
		return err
	}
	return nil
}
