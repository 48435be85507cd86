package store

import (
	"context"
	"fmt"
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

// AddInterpretation links an interpretation to its policy document. It is
// published together with the document.
func (s *Store) AddInterpretation(ctx context.Context, a auth.Actor, in disclosure.Interpretation) (int64, error) {
	in.Title = strings.TrimSpace(in.Title)
	if in.Title == "" {
		return 0, gongkai.Errorf(gongkai.EINVALID, "请填写解读标题")
	}
	if _, ok := disclosure.InterpretationForms[in.Form]; !ok {
		return 0, gongkai.Errorf(gongkai.EINVALID, "解读形式只能是 文字解读、图解、视频解读、问答 或 在线访谈/发布会")
	}
	if strings.TrimSpace(in.BodyHTML) == "" && strings.TrimSpace(in.MediaURL) == "" {
		return 0, gongkai.Errorf(gongkai.EINVALID, "请填写解读内容，或给出图解、视频、访谈的链接")
	}
	if in.MediaURL != "" && !strings.HasPrefix(in.MediaURL, "https://") && !strings.HasPrefix(in.MediaURL, "http://") && !strings.HasPrefix(in.MediaURL, "/") {
		return 0, gongkai.Errorf(gongkai.EINVALID, "链接应以 https:// 或 http:// 开头")
	}
	var id int64
	err := s.InTx(ctx, func(tx *Tx) error {
		d, err := tx.document(ctx, in.DocumentID)
		if err != nil {
			return err
		}
		id, err = tx.Insert(ctx, `INSERT INTO interpretations (document_id, form, title, body_html, media_url, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			in.DocumentID, in.Form, in.Title, in.BodyHTML, in.MediaURL, TS(tx.Now), TS(tx.Now))
		if err != nil {
			return fmt.Errorf("store: add interpretation: %w", err)
		}
		if d.Status == disclosure.StatusPublished {
			if err := tx.BumpPortal(ctx); err != nil {
				return err
			}
		}
		return tx.Audit(ctx, a, "create", "interpretation", id, "为《"+d.Title+"》添加"+disclosure.FormLabel(in.Form)+"《"+in.Title+"》", nil, in)
	})
	return id, err
}

// Interpretations lists the interpretations of a document (docID != 0) or,
// with docID 0 and publishedOnly, of every published public document.
func (s *Store) Interpretations(ctx context.Context, docID int64, publishedOnly bool, limit int) ([]disclosure.Interpretation, error) {
	q := `SELECT i.id, i.document_id, d.title, i.form, i.title, i.body_html, i.media_url, i.created_at FROM interpretations i JOIN documents d ON d.id = i.document_id WHERE 1=1`
	var args []any
	if docID != 0 {
		q += ` AND i.document_id = ?`
		args = append(args, docID)
	}
	if publishedOnly {
		q += ` AND d.status = 'published' AND d.audience_unit_id IS NULL AND d.attribute = '主动公开'`
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
		if err := rows.Scan(&i.ID, &i.DocumentID, &i.DocumentTitle, &i.Form, &i.Title, &i.BodyHTML, &i.MediaURL, &created); err != nil {
			return nil, err
		}
		i.Created = ParseTS(created)
		out = append(out, i)
	}
	return out, s.translate(rows.Err())
}
