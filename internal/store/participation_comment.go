package store

import (
	"context"
	"fmt"
	"time"

	"gongkai"
	"gongkai/internal/auth"
	"gongkai/internal/disclosure"
	"gongkai/internal/notify"
	"gongkai/internal/participation"
	"gongkai/internal/sanitize"
	"gongkai/internal/workday"
)

// Comment statuses: pending moderation, approved (shown), rejected (never
// shown).
const (
	CommentPending  = "pending"
	CommentApproved = "approved"
	CommentRejected = "rejected"
)

// Comment is a stored public comment on a consultation.
type Comment struct {
	ID             int64
	ConsultationID int64
	Name, Content  string
	IP             string
	Status         string
	Created        time.Time
	ModeratedBy    string
	Verdict        participation.Verdict
	Reason         string
}

// StatusLabel is the moderation state in Chinese.
func (c Comment) StatusLabel() string {
	switch c.Status {
	case CommentPending:
		return "待审核"
	case CommentApproved:
		return "已公开"
	case CommentRejected:
		return "不予显示"
	}
	return c.Status
}

// AddComment stores a public comment, pending moderation, if the
// consultation accepts comments today; stored comments count against the
// address's limit (LimitComments, taken in the same transaction).
func (s *Store) AddComment(ctx context.Context, consultationID int64, in participation.Comment, ip string) (int64, error) {
	if err := sanitize.CheckName("称呼", in.Name); err != nil {
		return 0, err
	}
	c, err := s.Consultation(ctx, consultationID)
	if err != nil {
		return 0, err
	}
	if !c.Status.Public() {
		return 0, gongkai.Errorf(gongkai.ENOTFOUND, "该征求意见不存在或尚未发布")
	}
	today := workday.DateOf(s.Now())
	if !participation.Accepting(c.Status, c.Opens, c.Closes, today) {
		return 0, gongkai.Errorf(gongkai.EINVALID, "该征求意见不在意见征集期内（%s 至 %s），不能再提交意见", c.Opens, c.Closes)
	}
	var id int64
	err = s.InTx(ctx, func(tx *Tx) error {
		if err := tx.TakeLimit(ctx, ip, LimitComments); err != nil {
			return err
		}
		id, err = tx.Insert(ctx, `INSERT INTO consultation_comments (consultation_id, name, content, ip, status, created_at) VALUES (?, ?, ?, ?, 'pending', ?)`,
			consultationID, in.Name, in.Content, ip, TS(tx.Now))
		if err != nil {
			return err
		}
		if _, err := tx.Notify(ctx, notify.Notification{Key: fmt.Sprintf("participation:consultation:%d:pending:%s", consultationID, today), Role: auth.RoleOffice, Level: "info",
			Title: "征求意见有新的公众意见待审核：" + c.Title, Body: "意见经审核后才在门户网站显示。", Link: fmt.Sprintf("/admin/participation/consultations/%d", consultationID)}); err != nil {
			return err
		}
		return tx.Audit(ctx, auth.Actor{Login: "public", IP: ip}, "create", "consultation_comment", id, "公众提交意见", nil, nil)
	})
	if err != nil {
		return 0, fmt.Errorf("store: add comment: %w", err)
	}
	return id, nil
}

// RecordReceivedComment stores a comment that reached the office by
// letter or e-mail during the period, entered by staff on its receipt time
// received: it is approved at once (staff entered it) and counts like an
// online comment, shown masked. A comment whose masked text still holds a
// finding that must be fixed (a sensitive word) is stored pending
// moderation instead, and the office is told. Allowed while the
// consultation is open or just closed.
func (s *Store) RecordReceivedComment(ctx context.Context, a auth.Actor, consultationID int64, in participation.Comment, received time.Time) (int64, error) {
	in, err := participation.CheckComment(in, "")
	if err != nil {
		return 0, err
	}
	c, err := s.Consultation(ctx, consultationID)
	if err != nil {
		return 0, err
	}
	if c.Status != participation.StatusOpen && c.Status != participation.StatusClosed {
		return 0, gongkai.Errorf(gongkai.EINVALID, "只能在征求意见期间或刚结束时登记来信、邮件意见")
	}
	if d := workday.DateOf(received); d.Before(c.Opens) || d.After(c.Closes) {
		return 0, gongkai.Errorf(gongkai.EINVALID, "收到日期（%s）不在征求期限（%s 至 %s）内", d, c.Opens, c.Closes)
	}
	var id int64
	err = s.InTx(ctx, func(tx *Tx) error {
		id, err = tx.Insert(ctx, `INSERT INTO consultation_comments (consultation_id, name, content, ip, status, created_at, moderated_at, moderated_by) VALUES (?, ?, ?, '', 'approved', ?, ?, ?)`,
			consultationID, in.Name, in.Content, TS(received), TS(tx.Now), a.Login)
		if err != nil {
			return err
		}
		summary := "登记来信、邮件意见"
		if _, err := tx.gatePublic(ctx, disclosure.ItemComment, id, "record", "来信意见不能直接公开"); err != nil {
			if disclosure.GateFindings(err) == nil {
				return err
			}
			// Held for moderation: the office sees the findings there.
			if _, err := tx.Exec(ctx, `UPDATE consultation_comments SET status = 'pending', moderated_at = NULL, moderated_by = '' WHERE id = ?`, id); err != nil {
				return err
			}
			if _, err := tx.Notify(ctx, notify.Notification{Key: fmt.Sprintf("participation:comment:%d:held", id), Role: auth.RoleOffice, Level: "warn",
				Title: "登记的意见含必须修改的内容，未公开：" + c.Title, Body: gongkai.ErrorMessage(err), Link: fmt.Sprintf("/admin/participation/consultations/%d", consultationID)}); err != nil {
				return err
			}
			summary += "（含必须修改的内容，转为待审核）"
		}
		return tx.Audit(ctx, a, "create", "consultation_comment", id, summary, nil, in)
	})
	return id, err
}

// Comments lists a consultation's comments; publicOnly keeps the approved,
// as the portal shows them: name and content masked, no address.
func (s *Store) Comments(ctx context.Context, consultationID int64, publicOnly bool) (out []Comment, err error) {
	q := `SELECT id, consultation_id, name, content, ip, status, created_at, moderated_by, verdict, reason FROM consultation_comments WHERE consultation_id = ?`
	if publicOnly {
		q += ` AND status = 'approved'`
		defer func() { out, err = s.maskComments(ctx, out, err) }()
	}
	rows, err := s.query(ctx, q+` ORDER BY id`, consultationID)
	if err != nil {
		return nil, fmt.Errorf("store: comments: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var c Comment
		var created, verdict string
		if err := rows.Scan(&c.ID, &c.ConsultationID, &c.Name, &c.Content, &c.IP, &c.Status, &created, &c.ModeratedBy, &verdict, &c.Reason); err != nil {
			return nil, fmt.Errorf("store: scan comment: %w", err)
		}
		c.Created, c.Verdict = ParseTS(created), participation.Verdict(verdict)
		out = append(out, c)
	}
	return out, s.translate(rows.Err())
}

// ModerateComment approves or rejects a pending comment. Approval makes it
// public, masked, and is refused while a finding stands over the masked
// text that the office has not dismissed.
func (s *Store) ModerateComment(ctx context.Context, a auth.Actor, consultationID, commentID int64, approve bool) error {
	to := CommentRejected
	if approve {
		to = CommentApproved
	}
	return s.auditRefused(ctx, a, s.InTx(ctx, func(tx *Tx) error {
		if approve {
			if _, err := tx.gatePublic(ctx, disclosure.ItemComment, commentID, "approve", fmt.Sprintf("意见 %d 不能公开", commentID)); err != nil {
				return err
			}
		}
		if err := tx.Guarded(ctx, `UPDATE consultation_comments SET status = ?, moderated_at = ?, moderated_by = ? WHERE id = ? AND consultation_id = ? AND status = 'pending'`,
			to, TS(tx.Now), a.Login, commentID, consultationID); err != nil {
			return err
		}
		return tx.Audit(ctx, a, "moderate", "consultation_comment", commentID, "审核意见："+map[bool]string{true: "公开", false: "不予显示"}[approve], CommentPending, to)
	}))
}

// maskComments replaces the approved comments' name and content by their
// public text.
func (s *Store) maskComments(ctx context.Context, list []Comment, err error) ([]Comment, error) {
	if err != nil {
		return nil, err
	}
	ids := make([]int64, len(list))
	for i, c := range list {
		ids[i] = c.ID
	}
	pub, err := s.publicTextsOf(ctx, disclosure.ItemComment, ids)
	if err != nil {
		return nil, err
	}
	for i := range list {
		c := &list[i]
		c.Name = publicText(pub[c.ID], "comment/name", c.Name)
		c.Content = publicText(pub[c.ID], "comment/content", c.Content)
		c.IP = ""
	}
	return list, nil
}

// AnswerComment records the answer to an approved comment for the
// feedback report (before the report is published).
func (s *Store) AnswerComment(ctx context.Context, a auth.Actor, consultationID, commentID int64, v participation.Verdict, reason string) error {
	reason, err := participation.CheckAnswer(v, reason)
	if err != nil {
		return err
	}
	return s.InTx(ctx, func(tx *Tx) error {
		if err := tx.Guarded(ctx, `UPDATE consultation_comments SET verdict = ?, reason = ? WHERE id = ? AND consultation_id = ? AND status = 'approved'
			AND consultation_id IN (SELECT id FROM consultations WHERE status IN ('closed', 'decided'))`,
			string(v), reason, commentID, consultationID); err != nil {
			return gongkai.Errorf(gongkai.EINVALID, "只能在征求意见结束后、反馈发布前，对已公开的意见标注采纳情况")
		}
		return tx.Audit(ctx, a, "answer", "consultation_comment", commentID, "标注采纳情况："+v.Label(), nil, map[string]string{"verdict": string(v), "reason": reason})
	})
}

// Input is a stored offline input.
type Input struct {
	ID int64
	participation.Input
}

// AddInput records an offline input (座谈会、听证会、实地走访、民意调查).
func (s *Store) AddInput(ctx context.Context, a auth.Actor, consultationID int64, in participation.Input) (int64, error) {
	in, err := in.Validate()
	if err != nil {
		return 0, err
	}
	c, err := s.Consultation(ctx, consultationID)
	if err != nil {
		return 0, err
	}
	if c.Status == participation.StatusPublished {
		return 0, gongkai.Errorf(gongkai.EINVALID, "意见采纳情况已公开，不能再补录线下意见")
	}
	var id int64
	err = s.InTx(ctx, func(tx *Tx) error {
		id, err = tx.Insert(ctx, `INSERT INTO consultation_inputs (consultation_id, kind, held_on, place, participants, summary, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			consultationID, string(in.Kind), in.HeldOn, in.Place, in.Participants, in.Summary, TS(tx.Now))
		if err != nil {
			return err
		}
		return tx.Audit(ctx, a, "create", "consultation_input", id, "登记"+in.Kind.Label()+"意见", nil, in)
	})
	return id, err
}

// Inputs lists a consultation's offline inputs.
func (s *Store) Inputs(ctx context.Context, consultationID int64) ([]Input, error) {
	rows, err := s.query(ctx, `SELECT id, kind, held_on, place, participants, summary FROM consultation_inputs WHERE consultation_id = ? ORDER BY held_on, id`, consultationID)
	if err != nil {
		return nil, fmt.Errorf("store: inputs: %w", err)
	}
	defer rows.Close()
	var out []Input
	for rows.Next() {
		var in Input
		var kind string
		if err := rows.Scan(&in.ID, &kind, &in.HeldOn, &in.Place, &in.Participants, &in.Summary); err != nil {
			return nil, fmt.Errorf("store: scan input: %w", err)
		}
		in.Kind = participation.InputKind(kind)
		out = append(out, in)
	}
	return out, s.translate(rows.Err())
}

// FeedbackItem is an opinion or group of opinions answered in the report
// (offline opinions, or online ones grouped together).
type FeedbackItem struct {
	ID      int64
	Opinion string
	Count   int
	Verdict participation.Verdict
	Reason  string
}

// AddFeedbackItem records an answered opinion group.
func (s *Store) AddFeedbackItem(ctx context.Context, a auth.Actor, consultationID int64, it FeedbackItem) (int64, error) {
	reason, err := participation.CheckAnswer(it.Verdict, it.Reason)
	if err != nil {
		return 0, err
	}
	if len([]rune(it.Opinion)) < 2 || len([]rune(it.Opinion)) > 2000 {
		return 0, gongkai.Errorf(gongkai.EINVALID, "请填写意见内容（2 到 2000 字）")
	}
	if it.Count < 1 || it.Count > 100000 {
		return 0, gongkai.Errorf(gongkai.EINVALID, "意见条数应为 1 到 100000 之间的整数")
	}
	var id int64
	err = s.InTx(ctx, func(tx *Tx) error {
		var st string
		if err := tx.QueryRow(ctx, `SELECT status FROM consultations WHERE id = ?`, consultationID).Scan(&st); err != nil {
			return fmt.Errorf("store: consultation %d: %w", consultationID, s.translate(err))
		}
		if st != string(participation.StatusClosed) && st != string(participation.StatusDecided) {
			return gongkai.Errorf(gongkai.EINVALID, "只能在征求意见结束后、反馈发布前登记意见采纳情况")
		}
		id, err = tx.Insert(ctx, `INSERT INTO consultation_feedback (consultation_id, opinion, count, verdict, reason, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
			consultationID, it.Opinion, it.Count, string(it.Verdict), reason, TS(tx.Now))
		if err != nil {
			return err
		}
		return tx.Audit(ctx, a, "create", "consultation_feedback", id, "登记意见采纳情况："+it.Verdict.Label(), nil, it)
	})
	return id, err
}

// FeedbackItems lists a consultation's answered opinion groups.
func (s *Store) FeedbackItems(ctx context.Context, consultationID int64) ([]FeedbackItem, error) {
	rows, err := s.query(ctx, `SELECT id, opinion, count, verdict, reason FROM consultation_feedback WHERE consultation_id = ? ORDER BY id`, consultationID)
	if err != nil {
		return nil, fmt.Errorf("store: feedback items: %w", err)
	}
	defer rows.Close()
	var out []FeedbackItem
	for rows.Next() {
		var it FeedbackItem
		var v string
		if err := rows.Scan(&it.ID, &it.Opinion, &it.Count, &v, &it.Reason); err != nil {
			return nil, fmt.Errorf("store: scan feedback item: %w", err)
		}
		it.Verdict = participation.Verdict(v)
		out = append(out, it)
	}
	return out, s.translate(rows.Err())
}
