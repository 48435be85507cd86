package store_test

import (
	"context"
	"testing"

	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// TestAuditObjectNames: the audit page names each kind of object it knows
// (each look-up is valid SQL on both dialects; an unknown id names nothing).
func TestAuditObjectNames(t *testing.T) {
	ctx := context.Background()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		kinds := []string{"document", "user", "unit", "request", "plan_assignment", "plan_task", "plan_inspection", "consultation",
			"message", "opinion_event", "media_account", "policy_package", "policy_evaluation", "interpretation", "catalog_item",
			"plan_training", "plan_ticket"}
		var rows []store.AuditRow
		for _, k := range kinds {
			rows = append(rows, store.AuditRow{Entity: k, EntityID: "987654"})
		}
		if err := st.AuditObjects(ctx, rows); err != nil {
			t.Fatalf("look-ups: %v", err)
		}
		for _, r := range rows {
			if r.ObjectName != "" {
				t.Errorf("%s 987654 named %q; want nothing", r.Entity, r.ObjectName)
			}
		}
	})
}
