package store

import "context"

// RiskAssessmentDone reports whether a social-effect and opinion-risk
// assessment is recorded for the document.
//
// placeholder until the participation area lands
func (s *Store) RiskAssessmentDone(ctx context.Context, documentID int64) (bool, error) {
	return false, nil
}
