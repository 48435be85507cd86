package store

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"gongkai"
	"gongkai/internal/auth"
	"gongkai/internal/disclosure"
)

func (tx *Tx) countInterpretations(ctx context.Context, docID int64) (int, error) {
	var n int
	if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM interpretations WHERE document_id = ?`, docID).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: count interpretations: %w", tx.s.translate(err))
	}
	return n, nil
}

// checkInterpretation validates an interpretation's fields.
func checkInterpretation(in *disclosure.Interpretation) error {
	in.Title = strings.TrimSpace(in.Title)
	if in.Title == "" {
		return gongkai.Errorf(gongkai.EINVALID, "请填写解读标题")
	}
	if _, ok := disclosure.InterpretationForms[in.Form]; !ok {
		return gongkai.Errorf(gongkai.EINVALID, "解读形式只能是 文字解读、图解、视频解读、问答 或 在线访谈/发布会")
	}
	if strings.TrimSpace(in.BodyHTML) == "" && strings.TrimSpace(in.MediaURL) == "" {
		return gongkai.Errorf(gongkai.EINVALID, "请填写解读内容，或给出图解、视频、访谈的链接")
	}
	if in.MediaURL != "" && !strings.HasPrefix(in.MediaURL, "https://") && !strings.HasPrefix(in.MediaURL, "http://") && !strings.HasPrefix(in.MediaURL, "/") {
		return gongkai.Errorf(gongkai.EINVALID, "链接应以 https:// 或 http:// 开头")
	}
	return nil
}

// AddInterpretation links an interpretation to its policy document. It is
// published together with the document. Added after the review was passed
// it sends the document back to review; added to a published document it
// is held off the portal until the reviewer passes it (一事一审, see
// afterReviewChange).
func (s *Store) AddInterpretation(ctx context.Context, a auth.Actor, in disclosure.Interpretation) (int64, error) {
	if err := checkInterpretation(&in); err != nil {
		return 0, err
	}
	var id int64
	err := s.InTx(ctx, func(tx *Tx) error {
		if err := tx.lockRow(ctx, "documents", in.DocumentID); err != nil {
			return err
		}
		d, err := tx.document(ctx, in.DocumentID)
		if err != nil {
			return err
		}
		id, err = tx.Insert(ctx, `INSERT INTO interpretations (document_id, form, title, body_html, media_url, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			in.DocumentID, in.Form, in.Title, in.BodyHTML, in.MediaURL, TS(tx.Now), TS(tx.Now))
		if err != nil {
			return fmt.Errorf("store: add interpretation: %w", err)
		}
		if err := tx.Audit(ctx, a, "create", "interpretation", id, "为《"+d.Title+"》添加"+disclosure.FormLabel(in.Form)+"《"+in.Title+"》", nil, in); err != nil {
			return err
		}
		return tx.afterReviewChange(ctx, a, d, "interpretation:"+strconv.FormatInt(id, 10), disclosure.FormLabel(in.Form)+"《"+in.Title+"》")
	})
	return id, err
}

// UpdateInterpretation changes an interpretation (its document stays the
// same), audited. Changed after the review was passed it sends the
// document back to review; changed on a published document it leaves the
// portal until the reviewer passes it again.
func (s *Store) UpdateInterpretation(ctx context.Context, a auth.Actor, in disclosure.Interpretation) error {
	if err := checkInterpretation(&in); err != nil {
		return err
	}
	return s.InTx(ctx, func(tx *Tx) error {
		var docID int64
		var before disclosure.Interpretation
		if err := tx.QueryRow(ctx, `SELECT document_id, form, title, body_html, media_url FROM interpretations WHERE id = ?`, in.ID).
			Scan(&docID, &before.Form, &before.Title, &before.BodyHTML, &before.MediaURL); err != nil {
			return fmt.Errorf("store: interpretation %d: %w", in.ID, tx.s.translate(err))
		}
		if in.DocumentID != 0 && in.DocumentID != docID {
			return gongkai.Errorf(gongkai.EINVALID, "解读不属于该文件")
		}
		if err := tx.lockRow(ctx, "documents", docID); err != nil {
			return err
		}
		d, err := tx.document(ctx, docID)
		if err != nil {
			return err
		}
		if err := tx.Guarded(ctx, `UPDATE interpretations SET form = ?, title = ?, body_html = ?, media_url = ?, updated_at = ? WHERE id = ?`,
			in.Form, in.Title, in.BodyHTML, in.MediaURL, TS(tx.Now), in.ID); err != nil {
			return err
		}
		if err := tx.Audit(ctx, a, "update", "interpretation", in.ID, "修改《"+d.Title+"》的"+disclosure.FormLabel(in.Form)+"《"+in.Title+"》", before, in); err != nil {
			return err
		}
		return tx.afterReviewChange(ctx, a, d, "interpretation:"+strconv.FormatInt(in.ID, 10), disclosure.FormLabel(in.Form)+"《"+in.Title+"》")
	})
}

// Interpretations lists the interpretations of a document (docID != 0) or,
// with docID 0 and publishedOnly, of every published public document.
// publishedOnly leaves out those held for review (Held).
func (s *Store) Interpretations(ctx context.Context, docID int64, publishedOnly bool, limit int) ([]disclosure.Interpretation, error) {
	q := `SELECT i.id, i.document_id, d.title, i.form, i.title, i.body_html, i.media_url, i.created_at, CASE WHEN h.source IS NULL THEN 0 ELSE 1 END
		FROM interpretations i JOIN documents d ON d.id = i.document_id LEFT JOIN held_sources h ON h.source = 'interpretation:' || i.id WHERE 1=1`
	var args []any
	if docID != 0 {
		q += ` AND i.document_id = ?`
		args = append(args, docID)
	}
	if publishedOnly {
		q += ` AND d.status = 'published' AND d.audience_unit_id IS NULL AND d.attribute = '主动公开' AND h.source IS NULL`
	}
	if limit <= 0 {
		limit = 200
	}
	q += fmt.Sprintf(` ORDER BY COALESCE(d.published_at, d.created_at) DESC, i.id LIMIT %d`, limit)
	rows, err := s.query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: interpretations: %w", err)
	}
	defer rows.Close()
	var out []disclosure.Interpretation
	for rows.Next() {
		var i disclosure.Interpretation
		var created string
		var held int
		if err := rows.Scan(&i.ID, &i.DocumentID, &i.DocumentTitle, &i.Form, &i.Title, &i.BodyHTML, &i.MediaURL, &created, &held); err != nil {
			return nil, err
		}
		i.Created, i.Held = ParseTS(created), held == 1
		out = append(out, i)
	}
	return out, s.translate(rows.Err())
}
