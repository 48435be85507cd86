package demo

import "context"

// seedRequests adds the demo data of this area.
func seedRequests(ctx context.Context, d *Demo) error { return nil }
