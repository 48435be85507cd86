package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"gongkai"
	"gongkai/internal/auth"
	"gongkai/internal/workday"
)

// Review is a request flagged for proactive disclosure (依申请转主动).
type Review struct {
	ID            int64
	RequestID     int64
	UnitID        int64 // the unit handling the request (0: not routed)
	Code          string
	Description   string
	Reason        string // "similar" or "office"
	SimilarCodes  []string
	Score         float64
	State         string // "pending" or "decided"
	Decision      string // "publish" or "keep"
	DocumentID    int64
	DocumentTitle string
	Note          string
	FlaggedBy     string
	DecidedBy     string
	CreatedAt     string
}

// FlagReview flags a request for review; a second flag of the same request
// is ignored (the first reason stays).
func (s *Store) FlagReview(ctx context.Context, a auth.Actor, requestID int64, reason string, similar []string, score float64, note string) error {
	return s.InTx(ctx, func(tx *Tx) error { return tx.flagReview(ctx, a, requestID, reason, similar, score, note) })
}

func (tx *Tx) flagReview(ctx context.Context, a auth.Actor, requestID int64, reason string, similar []string, score float64, note string) error {
	var n int
	if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM request_reviews WHERE request_id = ?`, requestID).Scan(&n); err != nil {
		return fmt.Errorf("store: review: %w", tx.s.translate(err))
	}
	if n > 0 {
		return nil
	}
	if _, err := tx.Exec(ctx, `INSERT INTO request_reviews (request_id, reason, similar_codes, score, note, flagged_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		requestID, reason, strings.Join(similar, ","), score, note, a.Login, TS(tx.Now)); err != nil {
		return fmt.Errorf("store: insert review: %w", err)
	}
	return tx.Audit(ctx, a, "flag_review", "request", requestID, "依申请公开转主动公开评估："+reasonLabel(reason), nil, map[string]any{"similar": similar, "score": score})
}

func reasonLabel(r string) string {
	if r == "similar" {
		return "多人申请相同或相近信息"
	}
	return "办公室决定"
}

// DecideReview records the decision; publishing requires the resulting
// document (id and title; no foreign key to the documents area).
func (s *Store) DecideReview(ctx context.Context, a auth.Actor, id int64, decision string, docID int64, docTitle, note string) error {
	switch {
	case decision != "publish" && decision != "keep":
		return gongkai.Errorf(gongkai.EINVALID, "请选择评估结论：转为主动公开，或维持依申请公开")
	case decision == "publish" && (docID <= 0 || strings.TrimSpace(docTitle) == ""):
		return gongkai.Errorf(gongkai.EINVALID, "转为主动公开时请填写所发布文件的编号和标题")
	}
	return s.InTx(ctx, func(tx *Tx) error {
		var reqID int64
		if err := tx.QueryRow(ctx, `SELECT request_id FROM request_reviews WHERE id = ?`, id).Scan(&reqID); err != nil {
			return fmt.Errorf("store: review %d: %w", id, tx.s.translateNotFound(err, "评估记录不存在"))
		}
		var doc any
		if docID > 0 {
			doc = docID
		}
		if err := tx.Guarded(ctx, `UPDATE request_reviews SET state = 'decided', decision = ?, document_id = ?, document_title = ?, note = ?, decided_by = ?, decided_at = ?
			WHERE id = ? AND state = 'pending'`, decision, doc, strings.TrimSpace(docTitle), note, a.Login, TS(tx.Now), id); err != nil {
			return err
		}
		return tx.Audit(ctx, a, "decide_review", "request", reqID, "依申请转主动评估结论："+decision, nil, map[string]any{"document_id": docID, "document_title": docTitle})
	})
}

// Reviews lists reviews; pending only when pending is true.
func (s *Store) ProactiveReviews(ctx context.Context, pending bool) ([]Review, error) {
	q := `SELECT v.id, v.request_id, COALESCE(r.unit_id, 0), r.code, r.description, v.reason, v.similar_codes, v.score, v.state, v.decision, v.document_id, v.document_title,
		v.note, v.flagged_by, v.decided_by, v.created_at FROM request_reviews v JOIN requests r ON r.id = v.request_id`
	if pending {
		q += ` WHERE v.state = 'pending'`
	}
	rows, err := s.query(ctx, q+` ORDER BY v.id DESC LIMIT 500`)
	if err != nil {
		return nil, fmt.Errorf("store: reviews: %w", err)
	}
	defer rows.Close()
	var out []Review
	for rows.Next() {
		var v Review
		var sim string
		var doc sql.NullInt64
		if err := rows.Scan(&v.ID, &v.RequestID, &v.UnitID, &v.Code, &v.Description, &v.Reason, &sim, &v.Score, &v.State, &v.Decision, &doc, &v.DocumentTitle,
			&v.Note, &v.FlaggedBy, &v.DecidedBy, &v.CreatedAt); err != nil {
			return nil, fmt.Errorf("store: reviews: %w", err)
		}
		if sim != "" {
			v.SimilarCodes = strings.Split(sim, ",")
		}
		v.DocumentID = doc.Int64
		out = append(out, v)
	}
	return out, rows.Err()
}

// reviewSince is how far back the similarity check looks.
func reviewSince(today workday.Date) workday.Date { return today.AddDays(-365) }

// ReviewSince is exported for the web layer.
func ReviewSince(today workday.Date) workday.Date { return reviewSince(today) }
