package store

import (
	"context"
	"fmt"
	"strings"

	"gongkai"
	"gongkai/internal/auth"
	"gongkai/internal/notify"
	"gongkai/internal/request"
	"gongkai/internal/request/letters"
	"gongkai/internal/workday"
)

// guardedRequest bumps the version of a request with an audited change.
func (t *Tx) lockRequest(ctx context.Context, id int64) (request.Record, error) {
	r, err := scanRequest(t.QueryRow(ctx, `SELECT `+requestCols+requestFrom+` WHERE r.id = ?`, id))
	if err != nil {
		return r, fmt.Errorf("store: request %d: %w", id, t.s.translateNotFound(err, "申请不存在"))
	}
	return r, nil
}

// RouteRequest sends a request to the unit that holds the information
// (协助调查) with the unit's own due date, and tells the unit.
func (s *Store) RouteRequest(ctx context.Context, a auth.Actor, id, unitID int64, unitDue workday.Date) error {
	return s.InTx(ctx, func(tx *Tx) error {
		r, err := tx.lockRequest(ctx, id)
		if err != nil {
			return err
		}
		if r.State.Closed() || r.State == request.Submitted {
			return gongkai.Errorf(gongkai.EINVALID, "申请%s，不能转办", r.State.Label())
		}
		if !r.DueOn.IsZero() && unitDue.After(r.DueOn) {
			return gongkai.Errorf(gongkai.EINVALID, "承办单位的办理期限 %s 不能晚于答复期限 %s", unitDue, r.DueOn)
		}
		if err := tx.Guarded(ctx, `UPDATE requests SET unit_id = ?, unit_due_on = ?, version = version + 1, updated_at = ? WHERE id = ? AND version = ?`,
			unitID, unitDue, TS(tx.Now), id, r.Version); err != nil {
			return err
		}
		var name string
		if err := tx.QueryRow(ctx, `SELECT name FROM units WHERE id = ?`, unitID).Scan(&name); err != nil {
			return gongkai.Errorf(gongkai.EINVALID, "承办单位不存在")
		}
		if _, err := tx.Notify(ctx, notify.Notification{
			Key: fmt.Sprintf("request:%d:routed:%d:%s", id, unitID, unitDue), UnitID: unitID, Level: "info",
			Title: "依申请公开：请协助调查 " + r.Code, Body: "请于 " + unitDue.String() + " 前拟办答复：" + r.Application.Description,
			Link: requestLink(id)}); err != nil {
			return err
		}
		return tx.Audit(ctx, a, "route", "request", id, fmt.Sprintf("申请 %s 转 %s 协助调查，办理期限 %s", r.Code, name, unitDue),
			map[string]any{"unit_id": r.UnitID, "unit_due_on": r.UnitDueOn}, map[string]any{"unit_id": unitID, "unit_due_on": unitDue})
	})
}

// requestLink is the console page of a request, for notifications.
func requestLink(id int64) string { return fmt.Sprintf("/admin/requests/%d", id) }

// Draft is a reply draft.
type Draft struct {
	Outcome      request.Outcome
	LegalBasis   string
	InfoProvided string
	Body         string
}

// SaveDraft stores the reply draft of the office, or of the unit the
// request was routed to (request.MayHandle).
func (s *Store) SaveDraft(ctx context.Context, a auth.Actor, id int64, d Draft) error {
	if !d.Outcome.ByReply() {
		return gongkai.Errorf(gongkai.EINVALID, "请从年度报告表三的办理结果中选择一项（“%s”无效）", d.Outcome)
	}
	if len([]rune(d.Body)) > 20000 || len([]rune(d.InfoProvided)) > 5000 || len([]rune(d.LegalBasis)) > 1000 {
		return gongkai.Errorf(gongkai.ETOOLARGE, "答复内容过长（正文最多20000字，提供的信息最多5000字，法律依据最多1000字）")
	}
	return s.InTx(ctx, func(tx *Tx) error {
		r, err := tx.lockRequest(ctx, id)
		if err != nil {
			return err
		}
		if err := request.CheckHandle(a.AsUser(), r); err != nil {
			return err
		}
		if r.State.Closed() {
			return gongkai.Errorf(gongkai.EINVALID, "申请已办结，不能再修改答复")
		}
		if err := tx.Guarded(ctx, `UPDATE requests SET draft_outcome = ?, legal_basis = ?, info_provided = ?, reply_body = ?, drafted_by = ?,
			version = version + 1, updated_at = ? WHERE id = ? AND version = ?`,
			string(d.Outcome), d.LegalBasis, d.InfoProvided, d.Body, a.Login, TS(tx.Now), id, r.Version); err != nil {
			return err
		}
		return tx.Audit(ctx, a, "draft", "request", id, "申请 "+r.Code+" 拟办答复："+d.Outcome.Label(),
			map[string]any{"outcome": r.DraftOutcome}, map[string]any{"outcome": d.Outcome})
	})
}

// AskExtension records an extension asked for by the office or the unit
// (a unit only for a request routed to it), waiting for a leader, and
// tells the leaders.
func (s *Store) AskExtension(ctx context.Context, a auth.Actor, id int64, days int, reason string) error {
	if days < 1 || days > request.MaxExtensionDays {
		return gongkai.Errorf(gongkai.EINVALID, "延长的工作日数应在 1 到 %d 之间", request.MaxExtensionDays)
	}
	if reason == "" {
		return gongkai.Errorf(gongkai.EINVALID, "请填写延期理由")
	}
	return s.InTx(ctx, func(tx *Tx) error {
		r, err := tx.lockRequest(ctx, id)
		if err != nil {
			return err
		}
		if err := request.CheckHandle(a.AsUser(), r); err != nil {
			return err
		}
		if r.State.Closed() || r.State == request.Submitted || r.State == request.Correction {
			return gongkai.Errorf(gongkai.EINVALID, "申请%s，不能申请延期", r.State.Label())
		}
		if err := tx.Guarded(ctx, `UPDATE requests SET ext_days = ?, ext_reason = ?, ext_requested_by = ?, version = version + 1, updated_at = ? WHERE id = ? AND version = ?`,
			days, reason, a.Login, TS(tx.Now), id, r.Version); err != nil {
			return err
		}
		if _, err := tx.Notify(ctx, notify.Notification{
			Key: fmt.Sprintf("request:%d:ext:%d:v%d", id, days, r.Version), Role: auth.RoleLeader, Level: "warn",
			Title: "依申请公开：请审批延期 " + r.Code, Body: fmt.Sprintf("提请延长答复期限 %d 个工作日（当前期限 %s）", days, r.DueOn),
			Link: requestLink(id)}); err != nil {
			return err
		}
		return tx.Audit(ctx, a, "ask_extension", "request", id, fmt.Sprintf("申请 %s 提请延期 %d 个工作日：%s", r.Code, days, reason), nil, map[string]any{"days": days})
	})
}

// ApproveExtension is the leader's approval: it records the extended event
// (approved by the leader, the applicant notified on the same day), clears
// the pending ask and tells the office to inform the applicant.
func (s *Store) ApproveExtension(ctx context.Context, a auth.Actor, id int64, on workday.Date) (request.Clock, error) {
	if a.Role != auth.RoleLeader {
		return request.Clock{}, gongkai.Errorf(gongkai.EFORBIDDEN, "延期须经负责人（分管领导）同意")
	}
	cal, err := s.Calendar(ctx)
	if err != nil {
		return request.Clock{}, err
	}
	var c request.Clock
	err = s.InTx(ctx, func(tx *Tx) error {
		r, err := tx.lockRequest(ctx, id)
		if err != nil {
			return err
		}
		if r.ExtDays == 0 {
			return gongkai.Errorf(gongkai.EINVALID, "没有待批准的延期申请")
		}
		ev := request.Event{Type: request.EvExtended, On: on, Workdays: r.ExtDays, ApprovedBy: a.Login, Notified: true, Note: r.ExtReason}
		if c, err = tx.applyEvent(ctx, a, cal, id, ev); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE requests SET ext_days = 0, ext_reason = '', ext_requested_by = '' WHERE id = ?`, id); err != nil {
			return err
		}
		_, err = tx.Notify(ctx, notify.Notification{Key: fmt.Sprintf("request:%d:ext-approved:%s", id, c.DueOn), Role: auth.RoleOffice, Level: "warn",
			Title: "延期已批准，请告知申请人：" + r.Code, Body: "答复期限延至 " + c.DueOn.String() + "（条例第三十三条：延期应告知申请人）",
			Link: requestLink(id)})
		return err
	})
	return c, err
}

// Reply is a reply as a door sends it: the reply date (the letter is
// dated with it), the outcome (empty: the draft's), and the letter's body
// (empty: the saved draft's, or else the statutory wording of the
// outcome, letters.Draft).
type Reply struct {
	On      workday.Date
	Outcome request.Outcome
	Body    string
	Note    string
}

// SendReply records the reply (event replied) and stores the letter sent
// (.docx, dated the reply date, under the letterhead): the one use case of
// every door — the console's 发出答复, the API's replied event and
// AddRequestEvent — so every replied request has its letter.
func (s *Store) SendReply(ctx context.Context, a auth.Actor, id int64, rp Reply) (request.Clock, error) {
	cal, err := s.Calendar(ctx)
	if err != nil {
		return request.Clock{}, err
	}
	if len([]rune(rp.Body)) > 20000 {
		return request.Clock{}, gongkai.Errorf(gongkai.ETOOLARGE, "答复书正文最多20000字")
	}
	head := s.Letterhead(ctx)
	var c request.Clock
	err = s.InTx(ctx, func(tx *Tx) error {
		r, err := tx.lockRequest(ctx, id)
		if err != nil {
			return err
		}
		outcome := rp.Outcome
		switch {
		case outcome == "" && r.DraftOutcome == "":
			return gongkai.Errorf(gongkai.EINVALID, "请先拟办答复（选择办理结果）再发出")
		case outcome == "":
			outcome = r.DraftOutcome
		case r.DraftOutcome != "" && outcome != r.DraftOutcome:
			return gongkai.Errorf(gongkai.ECONFLICT, "拟办答复的办理结果为“%s”，与本次答复的“%s”不一致：请先修改拟办答复", r.DraftOutcome.Label(), outcome.Label())
		}
		if !outcome.ByReply() {
			return gongkai.Errorf(gongkai.EINVALID, "办理结果“%s”不是以答复作出的结果", outcome.Label())
		}
		body := strings.TrimSpace(rp.Body)
		if body == "" {
			body = strings.TrimSpace(r.ReplyBody)
		}
		if body == "" {
			if body, err = letters.Draft(outcome, letters.DataOf(r)); err != nil {
				return err
			}
		}
		ev := request.Event{Type: request.EvReplied, On: rp.On, Outcome: outcome, Note: rp.Note}
		if c, err = tx.applyEvent(ctx, a, cal, id, ev); err != nil {
			return err
		}
		letter, err := letters.DOCX(head, r.Code, rp.On, body)
		if err != nil {
			return err
		}
		sha, err := tx.PutBlob(ctx, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", letter)
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `UPDATE requests SET letter_sha = ?, draft_outcome = ?, reply_body = ? WHERE id = ?`, sha, string(outcome), body, id)
		return err
	})
	return c, err
}

// Letterhead is the name of the body on letters (答复书、征求意见书): the
// portal identity's 主办单位, or a placeholder that shows it is not set.
func (s *Store) Letterhead(ctx context.Context) string {
	if id, err := s.SiteIdentity(ctx); err == nil && id.Organiser != "" {
		return id.Organiser
	}
	return "（主办单位未设置）"
}

// RecordDelivery records how and when the reply reached the applicant.
func (s *Store) RecordDelivery(ctx context.Context, a auth.Actor, id int64, on workday.Date, method string) error {
	if method == "" || len([]rune(method)) > 100 {
		return gongkai.Errorf(gongkai.EINVALID, "请填写送达方式（最多100字）")
	}
	return s.InTx(ctx, func(tx *Tx) error {
		r, err := tx.lockRequest(ctx, id)
		if err != nil {
			return err
		}
		if !r.State.Closed() {
			return gongkai.Errorf(gongkai.EINVALID, "申请尚未答复，不能登记送达")
		}
		if on.Before(r.ClosedOn) {
			return gongkai.Errorf(gongkai.EINVALID, "送达日期 %s 早于答复日期 %s", on, r.ClosedOn)
		}
		if err := tx.Guarded(ctx, `UPDATE requests SET delivered_on = ?, delivery_method = ?, version = version + 1, updated_at = ? WHERE id = ? AND version = ?`,
			on, method, TS(tx.Now), id, r.Version); err != nil {
			return err
		}
		return tx.Audit(ctx, a, "deliver", "request", id, fmt.Sprintf("申请 %s 答复送达（%s，%s）", r.Code, method, on), nil, nil)
	})
}

// ArchiveRequest stores the whole file (a .docx built by the caller) and
// marks the request archived (归档).
func (s *Store) ArchiveRequest(ctx context.Context, a auth.Actor, id int64, file []byte) error {
	return s.InTx(ctx, func(tx *Tx) error {
		r, err := tx.lockRequest(ctx, id)
		if err != nil {
			return err
		}
		if !r.State.Closed() {
			return gongkai.Errorf(gongkai.EINVALID, "申请尚未办结，不能归档")
		}
		if !r.ArchivedAt.IsZero() {
			return gongkai.Errorf(gongkai.ECONFLICT, "申请已于 %s 归档", r.ArchivedAt.Format("2006-01-02"))
		}
		sha, err := tx.PutBlob(ctx, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", file)
		if err != nil {
			return err
		}
		if err := tx.Guarded(ctx, `UPDATE requests SET archived_at = ?, archive_sha = ?, version = version + 1, updated_at = ? WHERE id = ? AND version = ?`,
			TS(tx.Now), sha, TS(tx.Now), id, r.Version); err != nil {
			return err
		}
		return tx.Audit(ctx, a, "archive", "request", id, "申请 "+r.Code+" 归档", nil, map[string]any{"archive_sha": sha})
	})
}

// SetFee records the processing fee computed for a request.
func (s *Store) SetFee(ctx context.Context, a auth.Actor, id int64, basis request.FeeBasis, units int) (int64, error) {
	fee, err := request.Fee(basis, units)
	if err != nil {
		return 0, err
	}
	err = s.InTx(ctx, func(tx *Tx) error {
		r, err := tx.lockRequest(ctx, id)
		if err != nil {
			return err
		}
		if err := tx.Guarded(ctx, `UPDATE requests SET fee_basis = ?, fee_units = ?, fee_amount = ?, version = version + 1, updated_at = ? WHERE id = ? AND version = ?`,
			string(basis), units, fee, TS(tx.Now), id, r.Version); err != nil {
			return err
		}
		return tx.Audit(ctx, a, "fee", "request", id, "申请 "+r.Code+" 信息处理费："+request.FeeExplain(basis, units, fee), nil, map[string]any{"fee": fee})
	})
	return fee, err
}
