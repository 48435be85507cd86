package store

import (
	"context"
	"fmt"
	"time"
)

// Open data (数据开放): the public datasets the portal offers for download,
// read from what is public only — the catalogue, the metadata of the
// public documents, the published institutions, the published annual
// reports — with the time each last changed.

// DocMeta is the metadata of a public document, one row of the dataset.
type DocMeta struct {
	ID          int64
	IndexNo     string
	Title       string
	DocNo       string
	Issuer      string
	WrittenOn   string
	PublishedAt time.Time
	Catalog     string
	Topic       string
	Genre       string
	Validity    string
	ValidityOn  string
}

// EachPublicDocument streams the metadata of the public documents
// (published, 主动公开, not targeted), newest first, to fn.
func (s *Store) EachPublicDocument(ctx context.Context, fn func(DocMeta) error) error {
	rows, err := s.query(ctx, `SELECT d.id, COALESCE(d.index_no, ''), d.title, d.doc_no, CASE WHEN d.issuer <> '' THEN d.issuer ELSE COALESCE(u.name, '') END,
		d.written_on, COALESCE(d.published_at, ''), COALESCE(c.name, ''), d.topic, d.genre, d.validity, COALESCE(d.validity_on, '')
		FROM documents d LEFT JOIN units u ON u.id = d.unit_id LEFT JOIN catalog_items c ON c.id = d.catalog_item_id
		WHERE d.status = 'published' AND d.attribute = '主动公开' AND d.audience_unit_id IS NULL
		ORDER BY d.published_at DESC, d.id DESC`)
	if err != nil {
		return fmt.Errorf("store: open data documents: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var m DocMeta
		var pub string
		if err := rows.Scan(&m.ID, &m.IndexNo, &m.Title, &m.DocNo, &m.Issuer, &m.WrittenOn, &pub, &m.Catalog, &m.Topic, &m.Genre, &m.Validity, &m.ValidityOn); err != nil {
			return fmt.Errorf("store: open data documents: %w", err)
		}
		m.PublishedAt = ParseTS(pub)
		if len(m.WrittenOn) > 10 {
			m.WrittenOn = m.WrittenOn[:10]
		}
		if len(m.ValidityOn) > 10 {
			m.ValidityOn = m.ValidityOn[:10]
		}
		if err := fn(m); err != nil {
			return err
		}
	}
	return s.translate(rows.Err())
}

// OpenDataTimes are the times the datasets last changed (zero: never).
type OpenDataTimes struct {
	Catalog, Documents, Institutions time.Time
	Reports                          map[int]time.Time // by year, published reports only
}

// OpenDataUpdated reads when each dataset last changed.
func (s *Store) OpenDataUpdated(ctx context.Context) (OpenDataTimes, error) {
	out := OpenDataTimes{Reports: map[int]time.Time{}}
	for _, q := range []struct {
		sql string
		dst *time.Time
	}{
		{`SELECT COALESCE(MAX(updated_at), '') FROM catalog_items`, &out.Catalog},
		{`SELECT COALESCE(MAX(updated_at), '') FROM documents WHERE status IN ('published', 'withdrawn')`, &out.Documents},
		{`SELECT COALESCE(MAX(updated_at), '') FROM institutions WHERE status IN ('published', 'withdrawn')`, &out.Institutions},
	} {
		var v string
		if err := s.queryRow(ctx, q.sql).Scan(&v); err != nil {
			return out, fmt.Errorf("store: open data times: %w", s.translate(err))
		}
		*q.dst = ParseTS(v)
	}
	rows, err := s.query(ctx, `SELECT year, published_at FROM annual_reports WHERE published_at IS NOT NULL ORDER BY year DESC`)
	if err != nil {
		return out, fmt.Errorf("store: open data reports: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var y int
		var at string
		if err := rows.Scan(&y, &at); err != nil {
			return out, err
		}
		out.Reports[y] = ParseTS(at)
	}
	return out, s.translate(rows.Err())
}
