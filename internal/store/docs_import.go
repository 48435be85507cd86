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

// DocImportResult says what an import did.
type DocImportResult struct {
	IDs []int64 // every imported document, in row order
	// Held are the rows the gate stopped: imported but not published,
	// waiting for the confidentiality review.
	Held []ImportHeld
}

// ImportHeld is a row held for review, with the findings that hold it.
type ImportHeld struct {
	Row      int
	ID       int64
	Title    string
	Findings []disclosure.Finding
}

var shanghaiTZ = func() *time.Location {
	if loc, err := time.LoadLocation("Asia/Shanghai"); err == nil {
		return loc
	}
	return time.FixedZone("CST", 8*3600)
}()

// ImportDocuments imports historical documents (see ImportDocumentsReport)
// and returns their ids.
func (s *Store) ImportDocuments(ctx context.Context, a auth.Actor, docs []ImportedDocument) ([]int64, error) {
	res, err := s.ImportDocumentsReport(ctx, a, docs)
	return res.IDs, err
}

// ImportDocumentsReport imports historical documents in one transaction
// (a failed import writes nothing). Each gets an index number and an audit
// row with action "import". A document in which the checks find nothing
// that must be fixed is published as it was on the old site, with a closed
// review record marked as an import. One with a finding that must be fixed
// (an ID or mobile number, a sensitive word …) does not go public: it is
// imported waiting for the confidentiality review (待保密审查), with an
// open review record, an event saying why and a notification to the
// reviewers; when it is reviewed and signed off it is published with its
// original publication date. For historical documents the gate looks at
// the text only: their elements and document numbers stay as issued.
func (s *Store) ImportDocumentsReport(ctx context.Context, a auth.Actor, docs []ImportedDocument) (DocImportResult, error) {
	var res DocImportResult
	err := s.InTx(ctx, func(tx *Tx) error {
		res = DocImportResult{}
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
			rep, err := tx.s.docReport(ctx, tx, d, true)
			if err != nil {
				return err
			}
			res.IDs = append(res.IDs, id)
			if st := rep.Standing(); len(st) > 0 {
				if err := tx.holdImported(ctx, a, d, no, validity, in.PublishedOn, st); err != nil {
					return fmt.Errorf("第 %d 行：%w", in.Row, err)
				}
				res.Held = append(res.Held, ImportHeld{Row: in.Row, ID: id, Title: d.Title, Findings: st})
				continue
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
		}
		if err := tx.BumpPortal(ctx); err != nil {
			return err
		}
		summary := fmt.Sprintf("导入历史文件 %d 件", len(res.IDs))
		if len(res.Held) > 0 {
			summary += fmt.Sprintf("，其中 %d 件含必须修改的内容，未公开，待保密审查", len(res.Held))
		}
		return tx.Audit(ctx, a, "import", "documents", "", summary, nil, res.IDs)
	})
	if err != nil {
		return DocImportResult{}, err
	}
	return res, nil
}

// holdImported keeps an imported document off the portal for review.
func (tx *Tx) holdImported(ctx context.Context, a auth.Actor, d disclosure.Document, indexNo, validity string, published workday.Date, st []disclosure.Finding) error {
	now := TS(tx.Now)
	if _, err := tx.Exec(ctx, `UPDATE documents SET status = ?, index_no = ?, validity = ? WHERE id = ?`, string(disclosure.StatusSubmitted), indexNo, validity, d.ID); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `INSERT INTO imported_originals (document_id, published_on) VALUES (?, ?)`, d.ID, published); err != nil {
		return err
	}
	revID, err := tx.Insert(ctx, `INSERT INTO document_reviews (document_id, opened_at, findings) VALUES (?, ?, ?)`, d.ID, now, findingsJSON(st))
	if err != nil {
		return err
	}
	reason := fmt.Sprintf("历史文件导入时发现 %d 项必须修改的问题，未公开，需保密审查后发布", len(st))
	if _, err := tx.Exec(ctx, `INSERT INTO document_events (document_id, review_id, at, actor_id, actor_login, from_status, to_status, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		d.ID, revID, now, nullID(a.UserID), a.Login, "", string(disclosure.StatusSubmitted), reason); err != nil {
		return err
	}
	if err := tx.notifyRole(ctx, auth.RoleReviewer, fmt.Sprintf("doc:%d:import-held", d.ID), "导入的历史文件待保密审查："+d.Title, reason, fmt.Sprintf("/admin/docs/d/%d", d.ID)); err != nil {
		return err
	}
	return tx.Audit(ctx, a, "import_held", "document", d.ID, fmt.Sprintf("《%s》%s", d.Title, reason), nil, map[string]any{"findings": st})
}

// publishedAt is the publication time of d when it is signed off now: an
// imported document held for review keeps its original date.
func (tx *Tx) publishedAt(ctx context.Context, d disclosure.Document) (string, error) {
	if d.Imported {
		var on workday.Date
		err := tx.QueryRow(ctx, `SELECT published_on FROM imported_originals WHERE document_id = ?`, d.ID).Scan(&on)
		if err == nil {
			return TS(time.Date(on.Year, on.Month, on.Day, 9, 0, 0, 0, shanghaiTZ)), nil
		}
		if !IsNotFound(tx.s.translate(err)) {
			return "", fmt.Errorf("store: imported original: %w", tx.s.translate(err))
		}
	}
	return TS(tx.Now), nil
}
