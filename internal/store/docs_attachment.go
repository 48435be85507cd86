package store

import (
	"context"
	"fmt"

	"gongkai"
	"gongkai/internal/auth"
	"gongkai/internal/disclosure"
)

// AddAttachment stores a file as a blob and attaches it to an editable
// document, audited.
func (s *Store) AddAttachment(ctx context.Context, a auth.Actor, docID int64, name, contentType string, data []byte) (int64, error) {
	if name == "" || len(data) == 0 {
		return 0, gongkai.Errorf(gongkai.EINVALID, "附件为空，请重新选择文件")
	}
	var id int64
	err := s.InTx(ctx, func(tx *Tx) error {
		d, err := tx.document(ctx, docID)
		if err != nil {
			return err
		}
		if !d.Status.Editable() && !d.Imported {
			return gongkai.Errorf(gongkai.ECONFLICT, "文件状态为“%s”，不能再添加附件", d.Status.Label())
		}
		sha, err := tx.PutBlob(ctx, contentType, data)
		if err != nil {
			return err
		}
		id, err = tx.Insert(ctx, `INSERT INTO document_attachments (document_id, name, sha256, size, content_type, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
			docID, name, sha, len(data), contentType, TS(tx.Now))
		if err != nil {
			return fmt.Errorf("store: attachment: %w", err)
		}
		return tx.Audit(ctx, a, "attach", "document", docID, "为《"+d.Title+"》添加附件 "+name, nil, map[string]any{"name": name, "sha256": sha, "size": len(data)})
	})
	return id, err
}

// Attachments lists the attachments of a document.
func (s *Store) Attachments(ctx context.Context, docID int64) ([]disclosure.Attachment, error) {
	rows, err := s.query(ctx, `SELECT id, document_id, name, sha256, size, content_type FROM document_attachments WHERE document_id = ? ORDER BY id`, docID)
	if err != nil {
		return nil, fmt.Errorf("store: attachments: %w", err)
	}
	defer rows.Close()
	var out []disclosure.Attachment
	for rows.Next() {
		var x disclosure.Attachment
		if err := rows.Scan(&x.ID, &x.DocumentID, &x.Name, &x.SHA256, &x.Size, &x.ContentType); err != nil {
			return nil, err
		}
		out = append(out, x)
	}
	return out, s.translate(rows.Err())
}

// Attachment returns one attachment.
func (s *Store) Attachment(ctx context.Context, id int64) (disclosure.Attachment, error) {
	var x disclosure.Attachment
	err := s.queryRow(ctx, `SELECT id, document_id, name, sha256, size, content_type FROM document_attachments WHERE id = ?`, id).
		Scan(&x.ID, &x.DocumentID, &x.Name, &x.SHA256, &x.Size, &x.ContentType)
	if err != nil {
		return x, fmt.Errorf("store: attachment %d: %w", id, s.translate(err))
	}
	return x, nil
}
