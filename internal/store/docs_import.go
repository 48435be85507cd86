package store

import (
	"context"
	"fmt"
	"time"

	"gongkai/internal/auth"
	"gongkai/internal/disclosure"
	"gongkai/internal/workday"
)

// ImportedDocument is one historical document moved over from an old site.
type ImportedDocument struct {
	Row         int
	Input       DocumentInput
	PublishedOn workday.Date
	Validity    string
}

var shanghaiTZ = func() *time.Location {
	if loc, err := time.LoadLocation("Asia/Shanghai"); err == nil {
		return loc
	}
	return time.FixedZone("CST", 8*3600)
}()

// ImportDocuments publishes historical documents as already reviewed, in
// one transaction (a failed import writes nothing). Each gets an index
// number, a closed review record marked as an import, and an audit row
// with action "import".
func (s *Store) ImportDocuments(ctx context.Context, a auth.Actor, docs []ImportedDocument) ([]int64, error) {
	var ids []int64
	err := s.InTx(ctx, func(tx *Tx) error {
		for _, in := range docs {
			if err := in.Input.Validate(); err != nil {
				return fmt.Errorf("第 %d 行：%w", in.Row, err)
			}
			id, err := tx.insertDocument(ctx, a, in.Input, disclosure.StatusPublished, true)
			if err != nil {
				return fmt.Errorf("第 %d 行：%w", in.Row, err)
			}
			pub := time.Date(in.PublishedOn.Year, in.PublishedOn.Month, in.PublishedOn.Day, 9, 0, 0, 0, shanghaiTZ)
			validity := in.Validity
			if validity == "" {
				validity = disclosure.ValidityInForce
			}
			d, err := tx.document(ctx, id)
			if err != nil {
				return err
			}
			no, err := tx.nextIndexNo(ctx, d, in.PublishedOn.Year)
			if err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `UPDATE documents SET published_at = ?, index_no = ?, validity = ? WHERE id = ?`, TS(pub), no, validity, id); err != nil {
				return fmt.Errorf("第 %d 行：%w", in.Row, err)
			}
			if _, err := tx.Exec(ctx, `INSERT INTO document_reviews (document_id, opened_at, closed_at, outcome, review_note) VALUES (?, ?, ?, 'imported', ?)`,
				id, TS(tx.Now), TS(tx.Now), "历史信息导入：原网站已发布"); err != nil {
				return err
			}
			if err := tx.indexDocument(ctx, id); err != nil {
				return err
			}
			ids = append(ids, id)
		}
		if err := tx.BumpPortal(ctx); err != nil {
			return err
		}
		return tx.Audit(ctx, a, "import", "documents", "", fmt.Sprintf("导入历史文件 %d 件", len(ids)), nil, ids)
	})
	return ids, err
}
