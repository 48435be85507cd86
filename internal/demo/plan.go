package demo

import "context"

// seedPlan adds the demo data of this area.
func seedPlan(ctx context.Context, d *Demo) error { return nil }
