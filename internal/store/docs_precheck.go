package store

import (
	"context"

	"gongkai/internal/disclosure"
)

// PrecheckDocument runs the pre-publication checks over a stored document
// and all its public text (title, body, document number, interpretations,
// attachments' text), with the dismissals marked: what the gate of
// MoveDocument sees (see DocumentFindings for the highlighted sources and
// the dismissals).
func (s *Store) PrecheckDocument(ctx context.Context, d disclosure.Document) (disclosure.Report, error) {
	rep, err := s.docReport(ctx, readQ{s}, d, false)
	return rep.Report, err
}
