package store

import (
	"context"
	"fmt"
	"html/template"
	"strconv"
	"strings"

	"gongkai"
	"gongkai/internal/auth"
	"gongkai/internal/disclosure"
	"gongkai/internal/office"
	"gongkai/internal/sanitize"
)

// The gate over a document: its title, body and document number (Check),
// its interpretations (title and body) and the text of its attachments.
// The reviewer cannot pass it, nor the leader sign it, while a finding
// graded 必须修改 stands over any of them. An interpretation or attachment
// added or changed after the review was passed sends the document back to
// review; one added or changed after publication is held off the portal
// until the reviewer passes it (ReleaseHeld).

// DocFindings is what the checks find in all the public text of a
// document, for the reviewer, the signer and the API.
type DocFindings struct {
	disclosure.Report // Findings of every source, TitleMarked, BodyMarked
	// Marked holds the highlighted text of the other sources, keyed by
	// source and field: "interpretation:12/body", "attachment:7/text".
	Marked map[string]template.HTML
	// Dismissals are all the item's dismissals, Current set on those that
	// still cover a finding.
	Dismissals []disclosure.Dismissal
	// Held lists the sources (interpretation:N, attachment:N) added or
	// changed after publication and not public until passed.
	Held []string
}

// Standing returns the findings that stop publication.
func (f DocFindings) Standing() []disclosure.Finding { return disclosure.StandingFindings(f.Findings) }

// DocumentFindings runs the checks over every public text of a document,
// as the gate does.
func (s *Store) DocumentFindings(ctx context.Context, id int64) (DocFindings, error) {
	d, err := s.Document(ctx, id)
	if err != nil {
		return DocFindings{}, err
	}
	return s.docReport(ctx, readQ{s}, d, false)
}

type attText struct {
	id           int64
	name, sha    string
	status, note string
	text         string
}

// docReport computes the findings of d. Attachments whose text was never
// extracted (stored before the gate) are extracted now and the text kept.
func (s *Store) docReport(ctx context.Context, q querier, d disclosure.Document, inTx bool) (DocFindings, error) {
	out := DocFindings{Marked: map[string]template.HTML{}}
	words, err := sensitiveWords(ctx, s, q)
	if err != nil {
		return out, err
	}
	var texts []disclosure.Text
	interps, err := interpretationTexts(ctx, s, q, d.ID)
	if err != nil {
		return out, err
	}
	texts = append(texts, interps...)
	atts, err := s.attachmentTexts(ctx, q, d.ID, inTx)
	if err != nil {
		return out, err
	}
	for _, a := range atts {
		texts = append(texts, disclosure.Text{Source: "attachment:" + strconv.FormatInt(a.id, 10), Field: "text", FieldLabel: "附件“" + a.name + "”",
			Text: a.text, Unreadable: a.status != string(office.TextOK), Note: a.note, File: a.sha})
	}
	if out.Dismissals, err = dismissalsOf(ctx, s, q, disclosure.ItemDocument, d.ID); err != nil {
		return out, err
	}
	out.Report = disclosure.CheckDocument(docCheckInput(d), d.ID, texts, words, out.Dismissals, d.Imported)
	for _, t := range texts {
		out.Marked[t.Source+"/"+t.Field] = disclosure.Highlight(t.Text, out.Findings, t.Source, t.Field)
	}
	held, err := heldSources(ctx, s, q, d.ID)
	if err != nil {
		return out, err
	}
	out.Held = held
	return out, nil
}

// docCheckInput is what the pre-publication checks read of a document.
func docCheckInput(d disclosure.Document) disclosure.CheckInput {
	return disclosure.CheckInput{Title: d.Title, DocNo: d.DocNo, WrittenOn: d.WrittenOn.String(), Issuer: d.IssuerName(), Genre: d.Genre, Topic: d.Topic,
		CatalogItemID: d.CatalogItemID, Attribute: d.Attribute, Ground: d.AttributeGround, Body: d.BodyText}
}

func interpretationTexts(ctx context.Context, s *Store, q querier, docID int64) ([]disclosure.Text, error) {
	rows, err := q.Query(ctx, `SELECT id, title, body_html FROM interpretations WHERE document_id = ? ORDER BY id`, docID)
	if err != nil {
		return nil, fmt.Errorf("store: interpretation texts: %w", s.translate(err))
	}
	defer rows.Close()
	var out []disclosure.Text
	for rows.Next() {
		var id int64
		var title, body string
		if err := rows.Scan(&id, &title, &body); err != nil {
			return nil, err
		}
		src := "interpretation:" + strconv.FormatInt(id, 10)
		label := "解读《" + title + "》"
		out = append(out,
			disclosure.Text{Source: src, Field: "title", FieldLabel: label + "标题", Text: title},
			disclosure.Text{Source: src, Field: "body", FieldLabel: label + "正文", Text: sanitize.StripTags(body)})
	}
	return out, s.translate(rows.Err())
}

// attachmentTexts returns the extracted text of a document's attachments,
// extracting (and keeping) what is missing.
func (s *Store) attachmentTexts(ctx context.Context, q querier, docID int64, inTx bool) ([]attText, error) {
	rows, err := q.Query(ctx, `SELECT a.id, a.name, a.sha256, COALESCE(t.status, ''), COALESCE(t.note, ''), COALESCE(t.text, '')
		FROM document_attachments a LEFT JOIN attachment_texts t ON t.attachment_id = a.id WHERE a.document_id = ? ORDER BY a.id`, docID)
	if err != nil {
		return nil, fmt.Errorf("store: attachment texts: %w", s.translate(err))
	}
	var out []attText
	for rows.Next() {
		var a attText
		if err := rows.Scan(&a.id, &a.name, &a.sha, &a.status, &a.note, &a.text); err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, a)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, s.translate(err)
	}
	for i := range out {
		a := &out[i]
		if a.status != "" {
			continue
		}
		var data []byte
		if err := q.QueryRow(ctx, `SELECT data FROM blobs WHERE sha256 = ?`, a.sha).Scan(&data); err != nil {
			return nil, fmt.Errorf("store: attachment %d blob: %w", a.id, s.translate(err))
		}
		x := office.ExtractText(ctx, a.name, data, office.DefaultTextLimits)
		a.status, a.note, a.text = string(x.Status), x.Note, x.Text
		const ins = `INSERT INTO attachment_texts (attachment_id, status, note, text, extracted_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (attachment_id) DO NOTHING`
		if tx, ok := q.(*Tx); ok && inTx {
			_, err = tx.Exec(ctx, ins, a.id, a.status, a.note, a.text, TS(tx.Now))
		} else {
			_, err = s.exec(ctx, ins, a.id, a.status, a.note, a.text, TS(s.Now()))
		}
		if err != nil {
			return nil, fmt.Errorf("store: keep attachment text: %w", err)
		}
	}
	return out, nil
}

// prepareAttachments extracts the text of new attachments before the
// transaction that stores them, so the write lock is not held meanwhile.
func prepareAttachments(ctx context.Context, atts []NewAttachment) {
	for i := range atts {
		if atts[i].text == nil && len(atts[i].Data) > 0 {
			x := office.ExtractText(ctx, atts[i].Name, atts[i].Data, office.DefaultTextLimits)
			atts[i].text = &x
		}
	}
}

// keepAttachmentText stores the extracted text of a new attachment.
func (tx *Tx) keepAttachmentText(ctx context.Context, attID int64, f NewAttachment) error {
	x := f.text
	if x == nil {
		e := office.ExtractText(ctx, f.Name, f.Data, office.DefaultTextLimits)
		x = &e
	}
	_, err := tx.Exec(ctx, `INSERT INTO attachment_texts (attachment_id, status, note, text, extracted_at) VALUES (?, ?, ?, ?, ?)`,
		attID, string(x.Status), x.Note, x.Text, TS(tx.Now))
	if err != nil {
		return fmt.Errorf("store: attachment text: %w", err)
	}
	return nil
}

func heldSources(ctx context.Context, s *Store, q querier, docID int64) ([]string, error) {
	rows, err := q.Query(ctx, `SELECT source FROM held_sources WHERE document_id = ? ORDER BY held_at, source`, docID)
	if err != nil {
		return nil, fmt.Errorf("store: held sources: %w", s.translate(err))
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var src string
		if err := rows.Scan(&src); err != nil {
			return nil, err
		}
		out = append(out, src)
	}
	return out, s.translate(rows.Err())
}

// gate is the check of MoveDocument: the reviewer's pass and the leader's
// sign-off are refused while a finding stands over any public text of the
// document. It locks the document row first, so that an interpretation or
// attachment added at the same moment is either seen here or sends the
// document back to review after this transaction. On pass and return it
// records the findings it computed in the open review record.
func (tx *Tx) gate(ctx context.Context, d disclosure.Document, act disclosure.Action) error {
	if act != disclosure.ActPass && act != disclosure.ActSign && act != disclosure.ActReturn {
		return nil
	}
	if err := tx.lockRow(ctx, "documents", d.ID); err != nil {
		return err
	}
	cur, err := tx.document(ctx, d.ID)
	if err != nil {
		return err
	}
	if cur.Status != d.Status || cur.Version != d.Version {
		return errConflictChanged
	}
	rep, err := tx.s.docReport(ctx, tx, cur, true)
	if err != nil {
		return err
	}
	if act == disclosure.ActPass || act == disclosure.ActReturn {
		if _, err := tx.Exec(ctx, `UPDATE document_reviews SET findings = ? WHERE document_id = ? AND closed_at IS NULL`, findingsJSON(rep.Findings), d.ID); err != nil {
			return fmt.Errorf("store: review findings: %w", err)
		}
	}
	if act == disclosure.ActReturn {
		return nil
	}
	return gateRefusal(disclosure.ItemDocument, d.ID, string(act), fmt.Sprintf("《%s》不能%s", d.Title, act.Label()), rep.Findings)
}

func findingsJSON(fs []disclosure.Finding) string {
	if len(fs) == 0 {
		return "[]"
	}
	s, err := auditJSON(fs)
	if err != nil {
		return "[]"
	}
	return s
}

// afterReviewChange applies 一事一审 when an interpretation or attachment
// (source, described by what) of d was added or changed inside tx: a
// document whose review was passed goes back to review; on a published
// document the source is held off the portal until the reviewer passes it.
// Either way an event, an audit row and a notification to the reviewers.
func (tx *Tx) afterReviewChange(ctx context.Context, a auth.Actor, d disclosure.Document, source, what string) error {
	now := TS(tx.Now)
	link := fmt.Sprintf("/admin/docs/d/%d", d.ID)
	switch d.Status {
	case disclosure.StatusReviewed:
		reason := "解读/附件在审查后变更，需重新审查：" + what
		if err := tx.Guarded(ctx, `UPDATE documents SET status = ?, updated_at = ? WHERE id = ? AND status = ?`,
			string(disclosure.StatusSubmitted), now, d.ID, string(disclosure.StatusReviewed)); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE document_reviews SET closed_at = ?, outcome = 'reopened' WHERE document_id = ? AND closed_at IS NULL`, now, d.ID); err != nil {
			return fmt.Errorf("store: close review: %w", err)
		}
		revID, err := tx.Insert(ctx, `INSERT INTO document_reviews (document_id, opened_at) VALUES (?, ?)`, d.ID, now)
		if err != nil {
			return fmt.Errorf("store: reopen review: %w", err)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO document_events (document_id, review_id, at, actor_id, actor_login, from_status, to_status, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			d.ID, revID, now, nullID(a.UserID), a.Login, string(d.Status), string(disclosure.StatusSubmitted), reason); err != nil {
			return fmt.Errorf("store: document event: %w", err)
		}
		if err := tx.notifyRole(ctx, auth.RoleReviewer, fmt.Sprintf("doc:%d:reopened:%s:%s", d.ID, source, now), "需重新保密审查："+d.Title, reason, link); err != nil {
			return err
		}
		return tx.Audit(ctx, a, "reopen_review", "document", d.ID, fmt.Sprintf("《%s》%s", d.Title, reason), string(d.Status), string(disclosure.StatusSubmitted))
	case disclosure.StatusPublished:
		reason := "解读/附件在发布后变更，保密审查通过前不在门户网站公开：" + what
		if _, err := tx.Exec(ctx, `INSERT INTO held_sources (source, document_id, held_at, held_by) VALUES (?, ?, ?, ?) ON CONFLICT (source) DO NOTHING`,
			source, d.ID, now, a.Login); err != nil {
			return fmt.Errorf("store: hold %s: %w", source, err)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO document_events (document_id, at, actor_id, actor_login, from_status, to_status, reason) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			d.ID, now, nullID(a.UserID), a.Login, string(d.Status), string(d.Status), reason); err != nil {
			return fmt.Errorf("store: document event: %w", err)
		}
		if err := tx.notifyRole(ctx, auth.RoleReviewer, fmt.Sprintf("doc:%d:held:%s:%s", d.ID, source, now), "已发布文件的解读/附件待保密审查："+d.Title, reason, link); err != nil {
			return err
		}
		if err := tx.BumpPortal(ctx); err != nil {
			return err
		}
		return tx.Audit(ctx, a, "hold", "document", d.ID, fmt.Sprintf("《%s》%s", d.Title, reason), nil, map[string]string{"source": source})
	}
	return nil
}

// ReleaseHeld is the reviewer's pass of the interpretations and
// attachments added or changed after a document was published: refused
// while a finding stands over one of them; then they are public, with an
// event and an audit row.
func (s *Store) ReleaseHeld(ctx context.Context, a auth.Actor, docID int64, note string) error {
	err := s.InTx(ctx, func(tx *Tx) error {
		if err := tx.lockRow(ctx, "documents", docID); err != nil {
			return err
		}
		d, err := tx.document(ctx, docID)
		if err != nil {
			return err
		}
		if err := disclosure.MayReview(a.Role, a.UserID, d.AuthorID); err != nil {
			return err
		}
		rep, err := tx.s.docReport(ctx, tx, d, true)
		if err != nil {
			return err
		}
		if len(rep.Held) == 0 {
			return gongkai.Errorf(gongkai.ECONFLICT, "该文件没有待审查的解读或附件")
		}
		held := map[string]bool{}
		for _, src := range rep.Held {
			held[src] = true
		}
		var fs []disclosure.Finding
		for _, f := range rep.Findings {
			if held[f.Source] {
				fs = append(fs, f)
			}
		}
		if err := gateRefusal(disclosure.ItemDocument, d.ID, "release_held", fmt.Sprintf("《%s》新增或修改的解读/附件不能公开", d.Title), fs); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM held_sources WHERE document_id = ?`, d.ID); err != nil {
			return fmt.Errorf("store: release: %w", err)
		}
		reason := "解读/附件保密审查通过，在门户网站公开"
		if n := strings.TrimSpace(note); n != "" {
			reason += "：" + n
		}
		now := TS(tx.Now)
		if _, err := tx.Exec(ctx, `INSERT INTO document_events (document_id, at, actor_id, actor_login, from_status, to_status, reason) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			d.ID, now, nullID(a.UserID), a.Login, string(d.Status), string(d.Status), reason); err != nil {
			return fmt.Errorf("store: document event: %w", err)
		}
		if err := tx.BumpPortal(ctx); err != nil {
			return err
		}
		return tx.Audit(ctx, a, "release_held", "document", d.ID, fmt.Sprintf("《%s》%s", d.Title, reason), rep.Held, nil)
	})
	return s.auditRefused(ctx, a, err)
}

// PublicInterpretations lists the interpretations of a published document
// that the portal shows (not those held for review).
func (s *Store) PublicInterpretations(ctx context.Context, docID int64) ([]disclosure.Interpretation, error) {
	list, err := s.Interpretations(ctx, docID, true, 0)
	if err != nil {
		return nil, err
	}
	return list, nil
}

// PublicAttachments lists the attachments of a published document that
// the portal shows (not those held for review).
func (s *Store) PublicAttachments(ctx context.Context, docID int64) ([]disclosure.Attachment, error) {
	all, err := s.Attachments(ctx, docID)
	if err != nil {
		return nil, err
	}
	var out []disclosure.Attachment
	for _, a := range all {
		if !a.Held {
			out = append(out, a)
		}
	}
	return out, nil
}
