package demo

import "context"

// seedDocs adds the demo data of this area.
func seedDocs(ctx context.Context, d *Demo) error { return nil }
