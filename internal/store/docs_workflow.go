package store

import (
	"context"
	"fmt"
	"strings"

	"gongkai"
	"gongkai/internal/auth"
	"gongkai/internal/disclosure"
	"gongkai/internal/notify"
	"gongkai/internal/workday"
)

// MoveRequest asks to move a document through the review workflow.
type MoveRequest struct {
	ID     int64
	Action disclosure.Action
	Reason string
	// Findings is ignored: the store computes the findings itself (the
	// gate, docs_gate.go) and keeps them in the review record.
	Findings string
}

// MoveDocument applies one workflow move by a: the domain validates it
// (disclosure.MayMove: the actor's role and unit; disclosure.Transition;
// disclosure.CheckSignOff with the recorded opinion-risk assessment),
// then a guarded update,
// the review record (一事一审), the event, the audit row, notifications
// and — on sign-off — publication with its index number, all in one
// transaction.
func (s *Store) MoveDocument(ctx context.Context, a auth.Actor, m MoveRequest) (disclosure.Status, error) {
	var to disclosure.Status
	err := s.InTx(ctx, func(tx *Tx) error {
		d, err := tx.document(ctx, m.ID)
		if err != nil {
			return err
		}
		if err := disclosure.MayMove(a.AsUser(), d, m.Action); err != nil {
			return err
		}
		rev, hasRev, err := tx.openReview(ctx, d.ID)
		if err != nil {
			return err
		}
		to, err = disclosure.Transition(disclosure.Move{From: d.Status, Action: m.Action, ActorID: a.UserID, AuthorID: d.AuthorID, Reason: m.Reason, ReviewerID: rev.ReviewerID})
		if err != nil {
			return err
		}
		if m.Action == disclosure.ActSign {
			n, err := tx.countInterpretations(ctx, d.ID)
			if err != nil {
				return err
			}
			risk, err := tx.riskAssessmentDone(ctx, d.ID)
			if err != nil {
				return err
			}
			if err := disclosure.CheckSignOff(disclosure.SignOff{Genre: d.Genre, Major: d.Major, Interpretations: n, RiskAssessmentDone: risk, Historical: d.Imported}); err != nil {
				return err
			}
		}
		if err := tx.gate(ctx, d, m.Action); err != nil { // findings that must be fixed or dismissed
			return err
		}
		now := TS(tx.Now)
		if err := tx.Guarded(ctx, `UPDATE documents SET status = ?, updated_at = ? WHERE id = ? AND status = ?`, string(to), now, d.ID, string(d.Status)); err != nil {
			return err
		}
		switch {
		case m.Action == disclosure.ActSubmit && !hasRev:
			rev.ID, err = tx.Insert(ctx, `INSERT INTO document_reviews (document_id, opened_at) VALUES (?, ?)`, d.ID, now)
			if err != nil {
				return fmt.Errorf("store: open review: %w", err)
			}
		case m.Action == disclosure.ActPass:
			_, err = tx.Exec(ctx, `UPDATE document_reviews SET reviewer_id = ?, reviewed_at = ?, review_note = ? WHERE id = ?`, a.UserID, now, m.Reason, rev.ID)
		case m.Action == disclosure.ActSign:
			_, err = tx.Exec(ctx, `UPDATE document_reviews SET signer_id = ?, signed_at = ?, sign_note = ?, closed_at = ?, outcome = 'published' WHERE id = ?`, a.UserID, now, m.Reason, now, rev.ID)
			if err == nil {
				err = tx.publish(ctx, d)
			}
		case m.Action == disclosure.ActWithdraw:
			// Off the portal, the search index and the feeds; the
			// exchange sends its tombstone (trigger, exchange_change.go).
			if err = tx.indexDocument(ctx, d.ID); err == nil {
				err = tx.BumpPortal(ctx)
			}
		}
		if err != nil {
			return fmt.Errorf("store: review record: %w", err)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO document_events (document_id, review_id, at, actor_id, actor_login, from_status, to_status, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			d.ID, nullID(rev.ID), now, nullID(a.UserID), a.Login, string(d.Status), string(to), m.Reason); err != nil {
			return fmt.Errorf("store: document event: %w", err)
		}
		link := fmt.Sprintf("/admin/docs/d/%d", d.ID)
		key := fmt.Sprintf("doc:%d:%s:%s", d.ID, to, now)
		var n notify.Notification
		switch to {
		case disclosure.StatusSubmitted:
			n = notify.Notification{Key: key, Role: auth.RoleReviewer, Level: "info", Title: "待保密审查：" + d.Title, Link: link}
		case disclosure.StatusReviewed:
			n = notify.Notification{Key: key, Role: auth.RoleLeader, Level: "info", Title: "待签发：" + d.Title, Link: link}
		case disclosure.StatusReturned:
			n = notify.Notification{Key: key, UserID: d.AuthorID, Level: "warn", Title: "文件被退回：" + d.Title, Body: m.Reason, Link: link}
		case disclosure.StatusPublished:
			n = notify.Notification{Key: key, UserID: d.AuthorID, Level: "info", Title: "文件已发布：" + d.Title, Link: link}
		case disclosure.StatusWithdrawn:
			n = notify.Notification{Key: key, UserID: d.AuthorID, Level: "warn", Title: "文件已从门户网站撤回：" + d.Title, Body: m.Reason, Link: link}
		}
		if n.Key != "" && (n.UserID != 0 || n.Role != "") {
			if _, err := tx.Notify(ctx, n); err != nil {
				return err
			}
		}
		return tx.Audit(ctx, a, string(m.Action), "document", d.ID, fmt.Sprintf("《%s》%s：%s → %s", d.Title, m.Action.Label(), d.Status.Label(), to.Label()), string(d.Status), map[string]string{"status": string(to), "reason": m.Reason})
	})
	return to, s.auditRefused(ctx, a, err)
}

// publish gives the document its index number and publication time, puts
// it in the search index when public, and bumps the portal version.
func (tx *Tx) publish(ctx context.Context, d disclosure.Document) error {
	if d.IndexNo == "" {
		no, err := tx.nextIndexNo(ctx, d, workday.DateOf(tx.Now).Year)
		if err != nil {
			return err
		}
		d.IndexNo = no
	}
	at, err := tx.publishedAt(ctx, d)
	if err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `UPDATE documents SET index_no = ?, published_at = ? WHERE id = ?`, d.IndexNo, at, d.ID); err != nil {
		return fmt.Errorf("store: publish: %w", err)
	}
	d.Status = disclosure.StatusPublished
	if err := tx.indexDocument(ctx, d.ID); err != nil {
		return err
	}
	return tx.BumpPortal(ctx)
}

// IndexRuleKey is the setting that holds the index-number rule.
const IndexRuleKey = "docs.index_rule"

func (tx *Tx) nextIndexNo(ctx context.Context, d disclosure.Document, year int) (string, error) {
	var rule, orgCode string
	_ = tx.QueryRow(ctx, `SELECT value FROM settings WHERE key = ?`, IndexRuleKey).Scan(&rule)
	_ = tx.QueryRow(ctx, `SELECT code FROM units WHERE parent_id IS NULL ORDER BY id LIMIT 1`).Scan(&orgCode)
	unitCode := d.UnitCode
	if unitCode == "" {
		unitCode = orgCode
	}
	if unitCode == "" {
		unitCode = "GK"
	}
	prefix := disclosure.IndexPrefix(rule, unitCode, orgCode, year)
	// The last sequence number per prefix is kept in index_sequences; the
	// documents are counted once, when a prefix is first used.
	for i := 0; i < 1000; i++ {
		var n int
		err := tx.QueryRow(ctx, `UPDATE index_sequences SET last = last + 1 WHERE prefix = ? RETURNING last`, prefix).Scan(&n)
		if err != nil && IsNotFound(tx.s.translate(err)) {
			if err = tx.QueryRow(ctx, `SELECT COUNT(*) FROM documents WHERE index_no LIKE ?`, strings.ReplaceAll(prefix, "%", "")+"%").Scan(&n); err == nil {
				n++
				_, err = tx.Exec(ctx, `INSERT INTO index_sequences (prefix, last) VALUES (?, ?)`, prefix, n)
			}
		}
		if err != nil {
			return "", fmt.Errorf("store: index sequence: %w", tx.s.translate(err))
		}
		no := disclosure.IndexNumber(rule, unitCode, orgCode, year, n)
		var x int64
		if err := tx.QueryRow(ctx, `SELECT id FROM documents WHERE index_no = ?`, no).Scan(&x); err != nil {
			return no, nil
		}
	}
	return "", gongkai.Errorf(gongkai.ECONFLICT, "无法生成唯一的索引号，请检查索引号规则")
}

func (tx *Tx) openReview(ctx context.Context, docID int64) (disclosure.Review, bool, error) {
	var r disclosure.Review
	var reviewer *int64
	err := tx.QueryRow(ctx, `SELECT id, reviewer_id FROM document_reviews WHERE document_id = ? AND closed_at IS NULL ORDER BY id DESC LIMIT 1`, docID).Scan(&r.ID, &reviewer)
	if err != nil {
		if IsNotFound(tx.s.translate(err)) {
			return r, false, nil
		}
		return r, false, fmt.Errorf("store: open review: %w", tx.s.translate(err))
	}
	if reviewer != nil {
		r.ReviewerID = *reviewer
	}
	return r, true, nil
}

// Reviews lists the review records of a document, newest first.
func (s *Store) Reviews(ctx context.Context, docID int64) ([]disclosure.Review, error) {
	rows, err := s.query(ctx, `SELECT r.id, r.document_id, r.opened_at, COALESCE(r.closed_at, ''), r.outcome, COALESCE(r.reviewer_id, 0), COALESCE(ru.name, ''),
		COALESCE(r.reviewed_at, ''), r.review_note, r.findings, COALESCE(r.signer_id, 0), COALESCE(su.name, ''), COALESCE(r.signed_at, ''), r.sign_note
		FROM document_reviews r LEFT JOIN users ru ON ru.id = r.reviewer_id LEFT JOIN users su ON su.id = r.signer_id
		WHERE r.document_id = ? ORDER BY r.id DESC`, docID)
	if err != nil {
		return nil, fmt.Errorf("store: reviews: %w", err)
	}
	defer rows.Close()
	var out []disclosure.Review
	for rows.Next() {
		var r disclosure.Review
		var opened, closed, reviewed, signed string
		if err := rows.Scan(&r.ID, &r.DocumentID, &opened, &closed, &r.Outcome, &r.ReviewerID, &r.Reviewer, &reviewed, &r.ReviewNote, &r.Findings,
			&r.SignerID, &r.Signer, &signed, &r.SignNote); err != nil {
			return nil, err
		}
		r.Opened, r.Closed, r.Reviewed, r.Signed = ParseTS(opened), ParseTS(closed), ParseTS(reviewed), ParseTS(signed)
		out = append(out, r)
	}
	return out, s.translate(rows.Err())
}

// DocumentEvents lists the workflow history of a document, oldest first.
func (s *Store) DocumentEvents(ctx context.Context, docID int64) ([]disclosure.Event, error) {
	rows, err := s.query(ctx, `SELECT at, actor_login, from_status, to_status, reason FROM document_events WHERE document_id = ? ORDER BY id`, docID)
	if err != nil {
		return nil, fmt.Errorf("store: document events: %w", err)
	}
	defer rows.Close()
	var out []disclosure.Event
	for rows.Next() {
		var e disclosure.Event
		var at, from, to string
		if err := rows.Scan(&at, &e.Actor, &from, &to, &e.Reason); err != nil {
			return nil, err
		}
		e.At, e.From, e.To = ParseTS(at), disclosure.Status(from), disclosure.Status(to)
		out = append(out, e)
	}
	return out, s.translate(rows.Err())
}
