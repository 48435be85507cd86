package exchange

import (
	"encoding/json"
	"fmt"
	"time"
)

// Element is one thing of a walk or a push as sent: the record's fields
// (or the tombstone's) at the top level, with change_id, kind, changed_at
// and deleted added; addresses absolute under base. body, when given,
// adds the document's body_html.
func Element(seq int64, kind Kind, changedAt time.Time, deleted bool, raw []byte, base string, body *string) (map[string]any, error) {
	rec, err := Absolute(kind, deleted, raw, base)
	if err != nil {
		return nil, fmt.Errorf("exchange: record %d: %w", seq, err)
	}
	if d, ok := rec.(Document); ok && body != nil {
		d.BodyHTML = *body
		rec = d
	}
	b, err := json.Marshal(rec)
	if err != nil {
		return nil, fmt.Errorf("exchange: record %d: %w", seq, err)
	}
	m := map[string]any{}
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("exchange: record %d: %w", seq, err)
	}
	if k, ok := m["kind"]; ok && kind == KindInstitution {
		m["institution_kind"] = k // school or training; "kind" names the element
	}
	m["change_id"], m["kind"], m["changed_at"], m["deleted"] = seq, kind, changedAt.UTC().Format(time.RFC3339), deleted
	return m, nil
}

// Push is the body of a pushed delivery: the changes of one batch, each
// once (a receiver keeps the change ids it applied and skips one it has
// seen: a delivery retried after a lost answer carries the same ids).
type Push struct {
	Delivery int64            `json:"delivery"`
	SentAt   string           `json:"sent_at"`
	Changes  []map[string]any `json:"changes"`
}
