package store

import (
	"context"
	"fmt"
	"strconv"

	"gongkai"
	"gongkai/internal/auth"
	"gongkai/internal/disclosure"
	"gongkai/internal/office"
	"gongkai/internal/sanitize"
)

// NewAttachment is a file to attach.
type NewAttachment struct {
	Name, ContentType string
	Data              []byte

	text *office.ExtractedText // extracted before the transaction (prepareAttachments)
}

// attach stores files as blobs and attaches them to a document, audited,
// inside the caller's transaction.
func (tx *Tx) attach(ctx context.Context, a auth.Actor, d disclosure.Document, atts []NewAttachment) error {
	for _, f := range atts {
		name, err := sanitize.FileName("附件", f.Name)
		if err != nil {
			return err
		}
		f.Name = name
		if len(f.Data) == 0 {
			return gongkai.Errorf(gongkai.EINVALID, "附件“%s”为空，请重新选择文件", f.Name)
		}
		sha, err := tx.PutBlob(ctx, f.ContentType, f.Data)
		if err != nil {
			return err
		}
		attID, err := tx.Insert(ctx, `INSERT INTO document_attachments (document_id, name, sha256, size, content_type, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
			d.ID, f.Name, sha, len(f.Data), f.ContentType, TS(tx.Now))
		if err != nil {
			return fmt.Errorf("store: attachment: %w", err)
		}
		if err := tx.keepAttachmentText(ctx, attID, f); err != nil {
			return err
		}
		if err := tx.afterReviewChange(ctx, a, d, "attachment:"+strconv.FormatInt(attID, 10), "附件“"+f.Name+"”"); err != nil {
			return err
		}
		if d.Status == disclosure.StatusReviewed {
			d.Status = disclosure.StatusSubmitted // sent back to review above
		}
		if err := tx.Audit(ctx, a, "attach", "document", d.ID, "为《"+d.Title+"》添加附件 "+f.Name, nil, map[string]any{"name": f.Name, "sha256": sha, "size": len(f.Data)}); err != nil {
			return err
		}
	}
	return nil
}

// AddAttachments attaches files to an editable (or imported) document in
// one transaction, audited.
func (s *Store) AddAttachments(ctx context.Context, a auth.Actor, docID int64, atts []NewAttachment) error {
	if len(atts) == 0 {
		return gongkai.Errorf(gongkai.EINVALID, "请选择要上传的附件")
	}
	prepareAttachments(ctx, atts)
	return s.InTx(ctx, func(tx *Tx) error {
		if err := tx.lockRow(ctx, "documents", docID); err != nil {
			return err
		}
		d, err := tx.document(ctx, docID)
		if err != nil {
			return err
		}
		if !d.Status.Editable() && !d.Imported {
			return gongkai.Errorf(gongkai.ECONFLICT, "文件状态为“%s”，不能再添加附件", d.Status.Label())
		}
		return tx.attach(ctx, a, d, atts)
	})
}

const attachmentCols = `a.id, a.document_id, a.name, a.sha256, a.size, a.content_type, COALESCE(t.status, ''), COALESCE(t.note, ''),
	CASE WHEN h.source IS NULL THEN 0 ELSE 1 END`

const attachmentFrom = ` FROM document_attachments a LEFT JOIN attachment_texts t ON t.attachment_id = a.id
	LEFT JOIN held_sources h ON h.source = 'attachment:' || a.id`

func scanAttachment(sc interface{ Scan(...any) error }) (disclosure.Attachment, error) {
	var x disclosure.Attachment
	var held int
	err := sc.Scan(&x.ID, &x.DocumentID, &x.Name, &x.SHA256, &x.Size, &x.ContentType, &x.TextStatus, &x.TextNote, &held)
	x.Held = held == 1
	return x, err
}

// Attachments lists the attachments of a document (Held: not public yet).
func (s *Store) Attachments(ctx context.Context, docID int64) ([]disclosure.Attachment, error) {
	rows, err := s.query(ctx, `SELECT `+attachmentCols+attachmentFrom+` WHERE a.document_id = ? ORDER BY a.id`, docID)
	if err != nil {
		return nil, fmt.Errorf("store: attachments: %w", err)
	}
	defer rows.Close()
	var out []disclosure.Attachment
	for rows.Next() {
		x, err := scanAttachment(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, x)
	}
	return out, s.translate(rows.Err())
}

// Attachment returns one attachment.
func (s *Store) Attachment(ctx context.Context, id int64) (disclosure.Attachment, error) {
	x, err := scanAttachment(s.queryRow(ctx, `SELECT `+attachmentCols+attachmentFrom+` WHERE a.id = ?`, id))
	if err != nil {
		return x, fmt.Errorf("store: attachment %d: %w", id, s.translate(err))
	}
	return x, nil
}
