package store

import (
	"context"
	"fmt"

	"gongkai"
	"gongkai/internal/auth"
	"gongkai/internal/request"
	"gongkai/internal/workday"
)

// RequestCase is an administrative review or a lawsuit against a reply
// (table 四).
type RequestCase struct {
	ID        int64
	RequestID int64
	Code      string
	Kind      request.CaseKind
	Result    request.CaseResult
	FiledOn   workday.Date
	DecidedOn workday.Date
	Note      string
}

// SaveCase adds (ID 0) or updates a case.
func (s *Store) SaveCase(ctx context.Context, a auth.Actor, c RequestCase) (int64, error) {
	switch {
	case !c.Kind.Valid():
		return 0, gongkai.Errorf(gongkai.EINVALID, "请选择类型：行政复议、未经复议直接起诉、复议后起诉")
	case !c.Result.Valid():
		return 0, gongkai.Errorf(gongkai.EINVALID, "请选择结果：结果维持、结果纠正、其他结果、尚未审结")
	case !c.FiledOn.IsValid():
		return 0, gongkai.Errorf(gongkai.EINVALID, "请填写受理（立案）日期")
	case c.Result != request.Pending && !c.DecidedOn.IsValid():
		return 0, gongkai.Errorf(gongkai.EINVALID, "已审结的案件请填写审结日期")
	case c.Result == request.Pending && !c.DecidedOn.IsZero():
		return 0, gongkai.Errorf(gongkai.EINVALID, "尚未审结的案件不应填写审结日期")
	case !c.DecidedOn.IsZero() && c.DecidedOn.Before(c.FiledOn):
		return 0, gongkai.Errorf(gongkai.EINVALID, "审结日期 %s 早于受理日期 %s", c.DecidedOn, c.FiledOn)
	}
	err := s.InTx(ctx, func(tx *Tx) error {
		r, err := tx.lockRequest(ctx, c.RequestID)
		if err != nil {
			return err
		}
		if !r.State.Closed() {
			return gongkai.Errorf(gongkai.EINVALID, "申请尚未答复，不能登记复议或诉讼")
		}
		if c.FiledOn.Before(r.ClosedOn) {
			return gongkai.Errorf(gongkai.EINVALID, "受理日期 %s 早于答复日期 %s", c.FiledOn, r.ClosedOn)
		}
		if c.ID == 0 {
			c.ID, err = tx.Insert(ctx, `INSERT INTO request_cases (request_id, kind, result, filed_on, decided_on, note, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
				c.RequestID, string(c.Kind), string(c.Result), c.FiledOn, c.DecidedOn, c.Note, TS(tx.Now))
			if err != nil {
				return fmt.Errorf("store: insert case: %w", err)
			}
		} else if err := tx.Guarded(ctx, `UPDATE request_cases SET kind = ?, result = ?, filed_on = ?, decided_on = ?, note = ? WHERE id = ? AND request_id = ?`,
			string(c.Kind), string(c.Result), c.FiledOn, c.DecidedOn, c.Note, c.ID, c.RequestID); err != nil {
			return err
		}
		return tx.Audit(ctx, a, "case", "request", c.RequestID, fmt.Sprintf("申请 %s：%s %s", r.Code, c.Kind.Label(), c.Result.Label()), nil,
			map[string]any{"case_id": c.ID, "kind": c.Kind, "result": c.Result, "filed_on": c.FiledOn, "decided_on": c.DecidedOn})
	})
	return c.ID, err
}

// Cases lists the cases of a request (id ≠ 0) or all.
func (s *Store) Cases(ctx context.Context, requestID int64) ([]RequestCase, error) {
	q := `SELECT c.id, c.request_id, r.code, c.kind, c.result, c.filed_on, c.decided_on, c.note FROM request_cases c JOIN requests r ON r.id = c.request_id`
	var args []any
	if requestID != 0 {
		q, args = q+` WHERE c.request_id = ?`, append(args, requestID)
	}
	rows, err := s.query(ctx, q+` ORDER BY c.filed_on DESC, c.id DESC`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: cases: %w", err)
	}
	defer rows.Close()
	var out []RequestCase
	for rows.Next() {
		var c RequestCase
		var kind, result string
		if err := rows.Scan(&c.ID, &c.RequestID, &c.Code, &kind, &result, &c.FiledOn, &c.DecidedOn, &c.Note); err != nil {
			return nil, fmt.Errorf("store: cases: %w", err)
		}
		c.Kind, c.Result = request.CaseKind(kind), request.CaseResult(result)
		out = append(out, c)
	}
	return out, rows.Err()
}
