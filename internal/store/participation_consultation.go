package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"gongkai"
	"gongkai/internal/auth"
	"gongkai/internal/disclosure"
	"gongkai/internal/participation"
	"gongkai/internal/workday"
)

// Consultation is a stored consultation (征求意见).
type Consultation struct {
	ID int64
	participation.Consultation
	UnitName          string
	Status            participation.Status
	DecisionDocID     int64
	DecisionTitle     string
	DecisionNumber    string
	DecisionIssued    workday.Date
	FeedbackDue       workday.Date
	FeedbackSummary   string
	FeedbackPublished workday.Date
	Created, Updated  time.Time
	Pending, Approved int // comment counts
}

const consultationCols = `c.id, c.title, c.draft, c.explanation, c.unit_id, COALESCE(u.name, ''), c.major, c.opens_on, c.closes_on,
	c.short_reason, c.channels, c.status, COALESCE(c.decision_doc_id, 0), c.decision_title, c.decision_number, c.decision_issued_on,
	c.feedback_due_on, c.feedback_summary, c.feedback_published_on, c.created_at, c.updated_at,
	(SELECT COUNT(*) FROM consultation_comments k WHERE k.consultation_id = c.id AND k.status = 'pending'),
	(SELECT COUNT(*) FROM consultation_comments k WHERE k.consultation_id = c.id AND k.status = 'approved')`

const consultationFrom = ` FROM consultations c LEFT JOIN units u ON u.id = c.unit_id`

func scanConsultation(sc interface{ Scan(...any) error }) (Consultation, error) {
	var c Consultation
	var channels, status, created, updated string
	err := sc.Scan(&c.ID, &c.Title, &c.Draft, &c.Explanation, &c.UnitID, &c.UnitName, &c.Major, &c.Opens, &c.Closes,
		&c.ShortReason, &channels, &status, &c.DecisionDocID, &c.DecisionTitle, &c.DecisionNumber, &c.DecisionIssued,
		&c.FeedbackDue, &c.FeedbackSummary, &c.FeedbackPublished, &created, &updated, &c.Pending, &c.Approved)
	if err != nil {
		return c, err
	}
	for _, ch := range strings.Split(channels, ",") {
		if ch != "" {
			c.Channels = append(c.Channels, participation.Channel(ch))
		}
	}
	c.Status = participation.Status(status)
	c.Created, c.Updated = ParseTS(created), ParseTS(updated)
	return c, nil
}

func joinChannels(cs []participation.Channel) string {
	parts := make([]string, len(cs))
	for i, c := range cs {
		parts[i] = string(c)
	}
	return strings.Join(parts, ",")
}

// ConsultationFilter selects consultations.
type ConsultationFilter struct {
	UnitID     int64 // 0: all units
	PublicOnly bool  // not drafts
	Status     participation.Status
}

// Consultations lists consultations, newest first.
func (s *Store) Consultations(ctx context.Context, f ConsultationFilter) ([]Consultation, error) {
	q := `SELECT ` + consultationCols + consultationFrom + ` WHERE 1 = 1`
	var args []any
	if f.UnitID != 0 {
		q += ` AND c.unit_id = ?`
		args = append(args, f.UnitID)
	}
	if f.PublicOnly {
		q += ` AND c.status <> 'draft'`
	}
	if f.Status != "" {
		q += ` AND c.status = ?`
		args = append(args, string(f.Status))
	}
	out, err := collect(ctx, s, scanConsultation, q+` ORDER BY c.opens_on DESC, c.id DESC`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: consultations: %w", err)
	}
	return out, nil
}

// Consultation returns one consultation.
func (s *Store) Consultation(ctx context.Context, id int64) (Consultation, error) {
	c, err := scanConsultation(s.queryRow(ctx, `SELECT `+consultationCols+consultationFrom+` WHERE c.id = ?`, id))
	if err != nil {
		return c, fmt.Errorf("store: consultation %d: %w", id, s.translate(err))
	}
	return c, nil
}

// CreateConsultation validates and stores a draft consultation.
func (s *Store) CreateConsultation(ctx context.Context, a auth.Actor, in participation.Consultation) (int64, error) {
	in, err := in.Validate()
	if err != nil {
		return 0, err
	}
	var id int64
	err = s.InTx(ctx, func(tx *Tx) error {
		id, err = tx.Insert(ctx, `INSERT INTO consultations (title, draft, explanation, unit_id, major, opens_on, closes_on, short_reason, channels, status, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'draft', ?, ?)`,
			in.Title, in.Draft, in.Explanation, in.UnitID, in.Major, in.Opens, in.Closes, in.ShortReason, joinChannels(in.Channels), TS(tx.Now), TS(tx.Now))
		if err != nil {
			return err
		}
		return tx.Audit(ctx, a, "create", "consultation", id, "新建征求意见“"+in.Title+"”", nil, in)
	})
	if err != nil {
		return 0, fmt.Errorf("store: create consultation: %w", err)
	}
	return id, nil
}

// UpdateConsultation changes a consultation that is still a draft or open
// (the period may be extended while open). The change of an open one is
// public at once, so it passes the gate like the opening did.
func (s *Store) UpdateConsultation(ctx context.Context, a auth.Actor, id int64, in participation.Consultation) error {
	in, err := in.Validate()
	if err != nil {
		return err
	}
	return s.auditRefused(ctx, a, s.InTx(ctx, func(tx *Tx) error {
		before, err := s.Consultation(ctx, id)
		if err != nil {
			return err
		}
		if before.Status != participation.StatusDraft && before.Status != participation.StatusOpen {
			return gongkai.Errorf(gongkai.EINVALID, "征求意见已结束，不能再修改草案和期限")
		}
		if err := tx.Guarded(ctx, `UPDATE consultations SET title = ?, draft = ?, explanation = ?, unit_id = ?, major = ?, opens_on = ?, closes_on = ?,
			short_reason = ?, channels = ?, updated_at = ? WHERE id = ? AND status = ?`,
			in.Title, in.Draft, in.Explanation, in.UnitID, in.Major, in.Opens, in.Closes, in.ShortReason, joinChannels(in.Channels), TS(tx.Now), id, string(before.Status)); err != nil {
			return err
		}
		if before.Status == participation.StatusOpen { // the change is public at once
			if _, err := tx.gatePublic(ctx, disclosure.ItemConsultation, id, "update", "征求意见“"+in.Title+"”正在公开，修改后的内容不能发布"); err != nil {
				return err
			}
		}
		return tx.Audit(ctx, a, "update", "consultation", id, "修改征求意见“"+in.Title+"”", before.Consultation, in)
	}))
}

// OpenConsultation publishes a draft for comment.
func (s *Store) OpenConsultation(ctx context.Context, a auth.Actor, id int64) error {
	return s.moveConsultation(ctx, a, id, participation.StatusDraft, participation.StatusOpen, "发布征求意见", "")
}

// CloseConsultation ends the comment period, on or after its last day
// (to end earlier, shorten the period first, with the reason the public
// sees). Comments still pending moderation stay and can be moderated
// afterwards.
func (s *Store) CloseConsultation(ctx context.Context, a auth.Actor, id int64) error {
	c, err := s.Consultation(ctx, id)
	if err != nil {
		return err
	}
	if today := workday.DateOf(s.Now()); today.Before(c.Closes) {
		return gongkai.Errorf(gongkai.EINVALID, "征求意见期限至 %s，期满前不能结束；确需提前结束的，请先修改截止日期并说明缩短期限的理由（向社会公开）", c.Closes)
	}
	return s.moveConsultation(ctx, a, id, participation.StatusOpen, participation.StatusClosed, "结束征求意见", "")
}

func (s *Store) moveConsultation(ctx context.Context, a auth.Actor, id int64, from, to participation.Status, summary, extra string) error {
	if err := participation.CheckMove(from, to); err != nil {
		return err
	}
	return s.auditRefused(ctx, a, s.InTx(ctx, func(tx *Tx) error {
		var cur, title string
		if err := tx.QueryRow(ctx, `SELECT status, title FROM consultations WHERE id = ?`, id).Scan(&cur, &title); err != nil {
			return fmt.Errorf("store: consultation %d: %w", id, s.translate(err))
		}
		if participation.Status(cur) != from {
			return participation.CheckMove(participation.Status(cur), to)
		}
		if to == participation.StatusOpen {
			if _, err := tx.gatePublic(ctx, disclosure.ItemConsultation, id, "open", "征求意见“"+title+"”不能发布"); err != nil {
				return err
			}
		}
		if err := tx.Guarded(ctx, `UPDATE consultations SET status = ?, updated_at = ? WHERE id = ? AND status = ?`, string(to), TS(tx.Now), id, string(from)); err != nil {
			return err
		}
		return tx.Audit(ctx, a, "status", "consultation", id, summary+extra, string(from), string(to))
	}))
}

// Decision is the decision document linked to a consultation.
type Decision struct {
	DocumentID int64 // the document's id in the disclosure area (0 when not registered there)
	Title      string
	Number     string // 发文字号
	Issued     workday.Date
}

// RecordDecision links the issued decision document, computes the feedback
// report's due date (10 working days) and moves the consultation to
// decided.
func (s *Store) RecordDecision(ctx context.Context, a auth.Actor, id int64, d Decision) (workday.Result, error) {
	var res workday.Result
	d.Title = strings.TrimSpace(d.Title)
	d.Number = strings.TrimSpace(d.Number)
	if d.Title == "" {
		return res, gongkai.Errorf(gongkai.EINVALID, "请填写决策文件标题")
	}
	c, err := s.Consultation(ctx, id)
	if err != nil {
		return res, err
	}
	if err := participation.CheckMove(c.Status, participation.StatusDecided); err != nil {
		return res, err
	}
	if err := participation.CheckDecision(c.Closes, d.Issued); err != nil {
		return res, err
	}
	cal, err := s.Calendar(ctx)
	if err != nil {
		return res, err
	}
	if res, err = participation.FeedbackDue(cal, d.Issued); err != nil {
		return res, err
	}
	err = s.InTx(ctx, func(tx *Tx) error {
		if err := tx.Guarded(ctx, `UPDATE consultations SET status = 'decided', decision_doc_id = ?, decision_title = ?, decision_number = ?,
			decision_issued_on = ?, feedback_due_on = ?, updated_at = ? WHERE id = ? AND status = 'closed'`,
			nullID(d.DocumentID), d.Title, d.Number, d.Issued, res.Due, TS(tx.Now), id); err != nil {
			return err
		}
		return tx.Audit(ctx, a, "decide", "consultation", id, fmt.Sprintf("登记决策文件“%s”，意见采纳情况应于 %s 前公开", d.Title, res.Due), nil, d)
	})
	return res, err
}

// PublishFeedback publishes the feedback report on published: every
// approved comment must carry its answer.
func (s *Store) PublishFeedback(ctx context.Context, a auth.Actor, id int64, summary string, published workday.Date) error {
	c, err := s.Consultation(ctx, id)
	if err != nil {
		return err
	}
	if err := participation.CheckMove(c.Status, participation.StatusPublished); err != nil {
		return err
	}
	if err := participation.CheckFeedbackDate(c.DecisionIssued, published); err != nil {
		return err
	}
	note := strings.TrimSpace(summary)
	if len([]rune(note)) > 10000 {
		return gongkai.Errorf(gongkai.ETOOLARGE, "总体情况说明最多10000字")
	}
	return s.auditRefused(ctx, a, s.InTx(ctx, func(tx *Tx) error {
		var unanswered int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM consultation_comments WHERE consultation_id = ? AND status = 'approved' AND verdict = ''`, id).Scan(&unanswered); err != nil {
			return err
		}
		if unanswered > 0 {
			return gongkai.Errorf(gongkai.EINVALID, "还有 %d 条已公开的意见未标注采纳情况，请逐条标注后再发布", unanswered)
		}
		var pending int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM consultation_comments WHERE consultation_id = ? AND status = 'pending'`, id).Scan(&pending); err != nil {
			return err
		}
		if pending > 0 {
			return gongkai.Errorf(gongkai.EINVALID, "还有 %d 条意见未审核，请先审核", pending)
		}
		// The figures come from the marked opinions; a typed note that
		// states other figures is refused.
		counts, err := s.feedbackCounts(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := participation.CheckSummary(note, counts); err != nil {
			return err
		}
		summary := counts.Sentence()
		if note != "" {
			summary += "\n" + note
		}
		if _, err := tx.gatePublic(ctx, disclosure.ItemFeedback, id, "publish", "“"+c.Title+"”的意见采纳情况不能公开",
			disclosure.Text{Source: "feedback", Field: "summary", FieldLabel: "总体说明", Text: summary}); err != nil {
			return err
		}
		if err := tx.Guarded(ctx, `UPDATE consultations SET status = 'published', feedback_summary = ?, feedback_published_on = ?, updated_at = ?
			WHERE id = ? AND status = 'decided'`, summary, published, TS(tx.Now), id); err != nil {
			return err
		}
		return tx.Audit(ctx, a, "publish", "consultation", id, "公开意见采纳情况反馈", nil, map[string]any{"summary": summary, "published": published, "counts": counts})
	}))
}

// FeedbackCounts computes a consultation's feedback figures from the
// marked opinions: the public comments marked one by one and the
// registered groups of opinions with their counts.
func (s *Store) FeedbackCounts(ctx context.Context, id int64) (participation.FeedbackCounts, error) {
	return s.feedbackCounts(ctx, readQ{s}, id)
}

func (s *Store) feedbackCounts(ctx context.Context, q querier, id int64) (participation.FeedbackCounts, error) {
	var c participation.FeedbackCounts
	rows, err := q.Query(ctx, `SELECT verdict, 1, 1 FROM consultation_comments WHERE consultation_id = ? AND status = 'approved'
		UNION ALL SELECT verdict, count, 0 FROM consultation_feedback WHERE consultation_id = ?`, id, id)
	if err != nil {
		return c, fmt.Errorf("store: feedback counts: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var v string
		var n, online int
		if err := rows.Scan(&v, &n, &online); err != nil {
			return c, err
		}
		c.Add(participation.Verdict(v), n, online == 1)
	}
	return c, s.translate(rows.Err())
}
