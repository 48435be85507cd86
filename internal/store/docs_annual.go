package store

import (
	"context"
	"fmt"

	"gongkai/internal/disclosure"
)

// AnnualDocCounts are the 规章 and 行政规范性文件 rows of the annual report
// (二、主动公开政府信息情况).
type AnnualDocCounts struct{ RulesMade, RulesRepealed, RulesInForce, NormativeMade, NormativeRepealed, NormativeInForce int }

// AnnualDocCounts counts by genre: made = published in the year, repealed
// = validity 废止/失效 set in the year, in force = 有效 at year end.
func (s *Store) AnnualDocCounts(ctx context.Context, year int) (AnnualDocCounts, error) {
	var c AnnualDocCounts
	from, to := fmt.Sprintf("%04d", year), fmt.Sprintf("%04d", year+1)
	endDate := fmt.Sprintf("%04d-12-31", year)
	count := func(genre string, made, repealed, inForce *int) error {
		if err := s.queryRow(ctx, `SELECT COUNT(*) FROM documents WHERE genre = ? AND status = 'published' AND published_at >= ? AND published_at < ?`, genre, from, to).Scan(made); err != nil {
			return err
		}
		if err := s.queryRow(ctx, `SELECT COUNT(*) FROM documents WHERE genre = ? AND status = 'published' AND validity IN ('废止', '失效') AND validity_on >= ? AND validity_on <= ?`,
			genre, from+"-01-01", endDate).Scan(repealed); err != nil {
			return err
		}
		// In force at year end: published by then, and not repealed,
		// expired or revised by then.
		return s.queryRow(ctx, `SELECT COUNT(*) FROM documents WHERE genre = ? AND status = 'published' AND published_at < ?
			AND (validity = '有效' OR validity_on IS NULL OR validity_on > ?)`, genre, to, endDate).Scan(inForce)
	}
	if err := count(disclosure.GenreRule, &c.RulesMade, &c.RulesRepealed, &c.RulesInForce); err != nil {
		return c, fmt.Errorf("store: annual rules: %w", s.translate(err))
	}
	if err := count(disclosure.GenreNormative, &c.NormativeMade, &c.NormativeRepealed, &c.NormativeInForce); err != nil {
		return c, fmt.Errorf("store: annual normative: %w", s.translate(err))
	}
	return c, nil
}
