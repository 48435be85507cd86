package cli

import (
	"context"

	"gongkai/internal/auth"
	"gongkai/internal/store"
)

// recomputeClocks recomputes every open statutory clock after the holidays
// changed. The areas with clocks add their recomputation here.
func recomputeClocks(ctx context.Context, st *store.Store) error {
	if err := st.RecomputeOpenRequests(ctx, auth.CLI); err != nil { // requests
		return err
	}
	if _, err := st.RecomputeParticipationClocks(ctx, nil, auth.CLI); err != nil {
		return err
	}
	if err := st.RecomputeDocClocksNow(ctx); err != nil { // docs: 20-working-day publication clocks
		return err
	}
	return nil
}
