package store

import (
	"context"
	"fmt"
	"strings"

	"gongkai"
	"gongkai/internal/auth"
	"gongkai/internal/org"
)

// Synonym is one admin-edited synonym group: a term and its synonyms.
type Synonym struct {
	ID       int64
	Term     string
	Synonyms []string
}

// SynonymList lists the synonym groups.
func (s *Store) SynonymList(ctx context.Context) ([]Synonym, error) {
	rows, err := s.query(ctx, `SELECT id, term, synonyms FROM search_synonyms ORDER BY term`)
	if err != nil {
		return nil, fmt.Errorf("store: synonyms: %w", err)
	}
	defer rows.Close()
	var out []Synonym
	for rows.Next() {
		var x Synonym
		var syn string
		if err := rows.Scan(&x.ID, &x.Term, &syn); err != nil {
			return nil, err
		}
		x.Synonyms = splitTags(syn)
		out = append(out, x)
	}
	return out, s.translate(rows.Err())
}

// Synonyms returns the synonym map for search.ParseQuery.
func (s *Store) Synonyms(ctx context.Context) (map[string][]string, error) {
	list, err := s.SynonymList(ctx)
	if err != nil {
		return nil, err
	}
	m := make(map[string][]string, len(list))
	for _, x := range list {
		m[x.Term] = x.Synonyms
	}
	return m, nil
}

// PutSynonym adds or replaces a synonym group, audited.
func (s *Store) PutSynonym(ctx context.Context, a auth.Actor, term string, synonyms []string) error {
	term = strings.TrimSpace(term)
	synonyms = org.NormalizeTags(synonyms)
	if term == "" || len(synonyms) == 0 {
		return gongkai.Errorf(gongkai.EINVALID, "请填写词语及至少一个同义词，如 双减 → 减负")
	}
	return s.InTx(ctx, func(tx *Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO search_synonyms (term, synonyms, created_at) VALUES (?, ?, ?)
			ON CONFLICT (term) DO UPDATE SET synonyms = excluded.synonyms`, term, joinTags(synonyms), TS(tx.Now)); err != nil {
			return err
		}
		if err := tx.BumpPortal(ctx); err != nil {
			return err
		}
		return tx.Audit(ctx, a, "update", "search_synonym", term, "同义词："+term+" ↔ "+strings.Join(synonyms, "、"), nil, synonyms)
	})
}

// DeleteSynonym removes a synonym group, audited.
func (s *Store) DeleteSynonym(ctx context.Context, a auth.Actor, id int64) error {
	return s.InTx(ctx, func(tx *Tx) error {
		var term string
		if err := tx.QueryRow(ctx, `SELECT term FROM search_synonyms WHERE id = ?`, id).Scan(&term); err != nil {
			return fmt.Errorf("store: synonym %d: %w", id, tx.s.translate(err))
		}
		if _, err := tx.Exec(ctx, `DELETE FROM search_synonyms WHERE id = ?`, id); err != nil {
			return err
		}
		if err := tx.BumpPortal(ctx); err != nil {
			return err
		}
		return tx.Audit(ctx, a, "delete", "search_synonym", id, "删除同义词："+term, term, nil)
	})
}

// SensitiveWords lists the admin-managed sensitive words.
func (s *Store) SensitiveWords(ctx context.Context) ([]string, error) {
	rows, err := s.query(ctx, `SELECT word FROM sensitive_words ORDER BY word`)
	if err != nil {
		return nil, fmt.Errorf("store: sensitive words: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var w string
		if err := rows.Scan(&w); err != nil {
			return nil, err
		}
		out = append(out, w)
	}
	return out, s.translate(rows.Err())
}

// SetSensitiveWords replaces the list of sensitive words, audited.
func (s *Store) SetSensitiveWords(ctx context.Context, a auth.Actor, words []string) error {
	words = org.NormalizeTags(words)
	for _, w := range words {
		if len([]rune(w)) > 50 {
			return gongkai.Errorf(gongkai.EINVALID, "敏感词“%s”过长（不超过 50 字）", w)
		}
	}
	before, err := s.SensitiveWords(ctx)
	if err != nil {
		return err
	}
	return s.InTx(ctx, func(tx *Tx) error {
		if _, err := tx.Exec(ctx, `DELETE FROM sensitive_words`); err != nil {
			return err
		}
		for _, w := range words {
			if _, err := tx.Exec(ctx, `INSERT INTO sensitive_words (word, created_at) VALUES (?, ?) ON CONFLICT (word) DO NOTHING`, w, TS(tx.Now)); err != nil {
				return err
			}
		}
		return tx.Audit(ctx, a, "update", "sensitive_words", "", fmt.Sprintf("敏感词表：%d 个", len(words)), before, words)
	})
}
