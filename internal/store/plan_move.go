package store

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"gongkai/internal/auth"
	"gongkai/internal/notify"
	"gongkai/internal/plan"
	"gongkai/internal/sanitize"
)

// Upload is an evidence file checked by plan.CheckEvidence.
type Upload struct {
	Name        string
	ContentType string
	Data        []byte
}

// MoveAssignment applies an action to an assignment in one transaction:
// the rules (plan.Move), a guarded update of the status, a progress entry
// with its files and links, an audit row and the notification to the
// other side.
func (s *Store) MoveAssignment(ctx context.Context, a auth.Actor, u auth.User, id int64, act plan.Action, in plan.Input, files []Upload) (plan.Assignment, error) {
	var after plan.Assignment
	files = append([]Upload(nil), files...)
	for i := range files {
		name, err := sanitize.FileName("佐证材料", files[i].Name)
		if err != nil {
			return after, err
		}
		files[i].Name = name
	}
	in.Files = len(files)
	err := s.InTx(ctx, func(tx *Tx) error {
		var as assignScan
		var seq int
		err := tx.QueryRow(ctx, `SELECT `+assignCols+`, t.seq FROM plan_assignments a JOIN units u ON u.id = a.unit_id
			JOIN plan_tasks t ON t.id = a.task_id WHERE a.id = ?`, id).Scan(append(as.dest(), &seq)...)
		if err != nil {
			return fmt.Errorf("store: assignment %d: %w", id, s.translate(err))
		}
		before, _ := as.done()
		if act == plan.ActFinish {
			// Evidence already attached to earlier reports counts: the unit
			// is not asked to attach it again.
			if err := tx.QueryRow(ctx, `SELECT (SELECT COUNT(*) FROM plan_files f JOIN plan_progress p ON p.id = f.progress_id WHERE p.assignment_id = ?)
				+ (SELECT COUNT(*) FROM plan_progress WHERE assignment_id = ? AND links <> '')`, id, id).Scan(&in.OnFile); err != nil {
				return fmt.Errorf("store: evidence on file: %w", err)
			}
		}
		after, err = plan.Move(before, act, u, in, tx.Now)
		if err != nil {
			return err
		}
		err = tx.Guarded(ctx, `UPDATE plan_assignments SET status = ?, person = ?, phone = ?, claimed_at = ?, reported_at = ?, confirmed_at = ?,
			last_progress_at = ?, return_reason = ?, returns = ?, updated_at = ? WHERE id = ? AND status = ?`,
			string(after.Status), after.Person, after.Phone, tsOpt(after.ClaimedAt), tsOpt(after.ReportedAt), tsOpt(after.ConfirmedAt),
			tsOpt(after.LastProgress), after.ReturnReason, after.Returns, TS(tx.Now), id, string(before.Status))
		if err != nil {
			return err
		}
		text := in.Text
		switch act {
		case plan.ActClaim:
			text = "责任人：" + after.Person
			if after.Phone != "" {
				text += "（" + after.Phone + "）"
			}
		case plan.ActReturn:
			text = in.Reason
		}
		pid, err := tx.Insert(ctx, `INSERT INTO plan_progress (assignment_id, action, from_status, to_status, text, links, user_id, user_name, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, id, string(act), string(before.Status), string(after.Status), strings.TrimSpace(text),
			strings.Join(in.Links, "\n"), nullID(u.ID), u.Name, TS(tx.Now))
		if err != nil {
			return fmt.Errorf("store: insert progress: %w", err)
		}
		for _, f := range files {
			sha, err := tx.PutBlob(ctx, f.ContentType, f.Data)
			if err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `INSERT INTO plan_files (progress_id, sha256, name, content_type, size) VALUES (?, ?, ?, ?, ?)`,
				pid, sha, f.Name, f.ContentType, len(f.Data)); err != nil {
				return fmt.Errorf("store: insert plan file: %w", err)
			}
		}
		summary := fmt.Sprintf("%s：任务序号 %d，%s（%s → %s）", act.Label(), seq, before.UnitName, before.Status.Label(), after.Status.Label())
		if err := tx.Audit(ctx, a, string(act), "plan_assignment", id, summary,
			map[string]any{"status": before.Status, "person": before.Person},
			map[string]any{"status": after.Status, "person": after.Person, "files": len(files), "links": in.Links, "reason": in.Reason}); err != nil {
			return err
		}
		link := "/admin/plan/assignments/" + strconv.FormatInt(id, 10)
		key := "plan:a:" + strconv.FormatInt(id, 10) + ":" + string(act) + ":" + strconv.FormatInt(pid, 10)
		switch act {
		case plan.ActFinish:
			_, err = tx.Notify(ctx, notify.Notification{Key: key, Role: auth.RoleOffice, Level: "info",
				Title: fmt.Sprintf("%s报告任务 %d 已完成，请确认", before.UnitName, seq), Body: in.Text, Link: link})
		case plan.ActReturn:
			_, err = tx.Notify(ctx, notify.Notification{Key: key, UnitID: before.UnitID, Level: "warn",
				Title: fmt.Sprintf("任务 %d 被退回", seq), Body: "退回原因：" + in.Reason, Link: link})
		case plan.ActConfirm:
			_, err = tx.Notify(ctx, notify.Notification{Key: key, UnitID: before.UnitID, Level: "info",
				Title: fmt.Sprintf("任务 %d 已确认完成", seq), Link: link})
		}
		return err
	})
	return after, err
}
