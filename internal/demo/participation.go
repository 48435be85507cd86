package demo

import "context"

// seedParticipation adds the demo data of this area.
func seedParticipation(ctx context.Context, d *Demo) error { return nil }
