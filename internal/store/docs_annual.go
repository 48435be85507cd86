package store

import "context"

// placeholder until the docs area lands: the lead takes the docs version
// of this file at merge.

// AnnualDocCounts are the rules and normative documents of a year for
// section 二 of the annual report.
type AnnualDocCounts struct{ RulesMade, RulesRepealed, RulesInForce, NormativeMade, NormativeRepealed, NormativeInForce int }

// AnnualDocCounts counts a year's rules and normative documents.
func (s *Store) AnnualDocCounts(ctx context.Context, year int) (AnnualDocCounts, error) {
	return AnnualDocCounts{}, nil
}
