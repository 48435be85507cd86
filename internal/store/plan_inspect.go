package store

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"gongkai"
	"gongkai/internal/auth"
	"gongkai/internal/notify"
	"gongkai/internal/plan"
	"gongkai/internal/workday"
)

func joinIDs(ids []int64) string {
	var s []string
	for _, id := range ids {
		s = append(s, strconv.FormatInt(id, 10))
	}
	return strings.Join(s, ",")
}

func splitIDs(s string) []int64 {
	var out []int64
	for _, p := range strings.Split(s, ",") {
		if n, err := strconv.ParseInt(p, 10, 64); err == nil {
			out = append(out, n)
		}
	}
	return out
}

// CreateInspection records an inspection with its scope.
func (s *Store) CreateInspection(ctx context.Context, a auth.Actor, in plan.Inspection) (int64, error) {
	in.Title = strings.TrimSpace(in.Title)
	if in.Title == "" || in.InspectedOn.IsZero() {
		return 0, gongkai.Errorf(gongkai.EINVALID, "请填写督查名称和日期")
	}
	if len(in.ScopeUnits) == 0 {
		return 0, gongkai.Errorf(gongkai.EINVALID, "请选择督查的单位")
	}
	var id int64
	err := s.InTx(ctx, func(tx *Tx) error {
		var err error
		id, err = tx.Insert(ctx, `INSERT INTO plan_inspections (year, title, inspected_on, scope_units, scope_tasks, status, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, 'open', ?, ?)`, in.Year, in.Title, in.InspectedOn, joinIDs(in.ScopeUnits), joinIDs(in.ScopeTasks), TS(tx.Now), TS(tx.Now))
		if err != nil {
			return fmt.Errorf("store: insert inspection: %w", err)
		}
		return tx.Audit(ctx, a, "create", "plan_inspection", id, "新建督查“"+in.Title+"”", nil, in)
	})
	return id, err
}

// Inspections lists a year's inspections (without findings).
func (s *Store) Inspections(ctx context.Context, year int) ([]plan.Inspection, error) {
	rows, err := s.query(ctx, `SELECT id, year, title, inspected_on, scope_units, scope_tasks, status FROM plan_inspections WHERE year = ? ORDER BY inspected_on DESC, id DESC`, year)
	if err != nil {
		return nil, fmt.Errorf("store: inspections: %w", err)
	}
	defer rows.Close()
	var out []plan.Inspection
	for rows.Next() {
		var in plan.Inspection
		var su, stk string
		if err := rows.Scan(&in.ID, &in.Year, &in.Title, &in.InspectedOn, &su, &stk, &in.Status); err != nil {
			return nil, err
		}
		in.ScopeUnits, in.ScopeTasks = splitIDs(su), splitIDs(stk)
		out = append(out, in)
	}
	return out, s.translate(rows.Err())
}

// Inspection returns one inspection with its findings and their items.
func (s *Store) Inspection(ctx context.Context, id int64) (plan.Inspection, error) {
	var in plan.Inspection
	var su, stk string
	err := s.queryRow(ctx, `SELECT id, year, title, inspected_on, scope_units, scope_tasks, status FROM plan_inspections WHERE id = ?`, id).
		Scan(&in.ID, &in.Year, &in.Title, &in.InspectedOn, &su, &stk, &in.Status)
	if err != nil {
		return in, fmt.Errorf("store: inspection %d: %w", id, s.translate(err))
	}
	in.ScopeUnits, in.ScopeTasks = splitIDs(su), splitIDs(stk)
	rows, err := s.query(ctx, `SELECT f.id, f.inspection_id, f.unit_id, u.name, COALESCE(f.assignment_id, 0), f.text, f.created_at
		FROM plan_findings f JOIN units u ON u.id = f.unit_id WHERE f.inspection_id = ? ORDER BY f.id`, id)
	if err != nil {
		return in, fmt.Errorf("store: findings: %w", err)
	}
	idx := map[int64]int{}
	for rows.Next() {
		var f plan.Finding
		var c string
		if err := rows.Scan(&f.ID, &f.InspectionID, &f.UnitID, &f.UnitName, &f.AssignmentID, &f.Text, &c); err != nil {
			rows.Close()
			return in, err
		}
		f.Created = ParseTS(c)
		idx[f.ID] = len(in.Findings)
		in.Findings = append(in.Findings, f)
	}
	rows.Close()
	items, err := s.Rectifications(ctx, RectFilter{InspectionID: id})
	if err != nil {
		return in, err
	}
	for _, it := range items {
		if i, ok := idx[it.FindingID]; ok {
			in.Findings[i].Items = append(in.Findings[i].Items, it)
		}
	}
	return in, nil
}

// AddFinding records a finding with its rectification item (due date).
func (s *Store) AddFinding(ctx context.Context, a auth.Actor, inspectionID, unitID, assignmentID int64, text, requirement string, due workday.Date) error {
	text, requirement = strings.TrimSpace(text), strings.TrimSpace(requirement)
	if text == "" {
		return gongkai.Errorf(gongkai.EINVALID, "请填写发现的问题")
	}
	if requirement != "" && due.IsZero() {
		return gongkai.Errorf(gongkai.EINVALID, "整改事项需要整改期限")
	}
	in, err := s.Inspection(ctx, inspectionID)
	if err != nil {
		return err
	}
	inScope := false
	for _, u := range in.ScopeUnits {
		if u == unitID {
			inScope = true
		}
	}
	if !inScope {
		return gongkai.Errorf(gongkai.EINVALID, "该单位不在本次督查范围内")
	}
	if in.Status != "open" {
		return gongkai.Errorf(gongkai.ECONFLICT, "督查已结束，不能再添加问题")
	}
	return s.InTx(ctx, func(tx *Tx) error {
		fid, err := tx.Insert(ctx, `INSERT INTO plan_findings (inspection_id, unit_id, assignment_id, text, created_at) VALUES (?, ?, ?, ?, ?)`,
			inspectionID, unitID, nullID(assignmentID), text, TS(tx.Now))
		if err != nil {
			return fmt.Errorf("store: insert finding: %w", err)
		}
		if requirement != "" {
			rid, err := tx.Insert(ctx, `INSERT INTO plan_rectifications (finding_id, unit_id, requirement, due_on, status, created_at, updated_at)
				VALUES (?, ?, ?, ?, 'open', ?, ?)`, fid, unitID, requirement, due, TS(tx.Now), TS(tx.Now))
			if err != nil {
				return fmt.Errorf("store: insert rectification: %w", err)
			}
			if _, err := tx.Notify(ctx, notify.Notification{Key: fmt.Sprintf("plan:rect:%d:new", rid), UnitID: unitID, Level: "warn",
				Title: "督查发现问题，请于 " + due.String() + " 前整改", Body: requirement, Link: "/admin/plan/rectifications"}); err != nil {
				return err
			}
		}
		return tx.Audit(ctx, a, "finding", "plan_inspection", inspectionID, "督查“"+in.Title+"”记录问题", nil,
			map[string]any{"unit_id": unitID, "text": text, "rectification": requirement, "due": due})
	})
}

// CloseInspection ends an inspection (its rectification items go on).
func (s *Store) CloseInspection(ctx context.Context, a auth.Actor, id int64) error {
	return s.InTx(ctx, func(tx *Tx) error {
		if err := tx.Guarded(ctx, `UPDATE plan_inspections SET status = 'closed', updated_at = ? WHERE id = ? AND status = 'open'`, TS(tx.Now), id); err != nil {
			return err
		}
		return tx.Audit(ctx, a, "close", "plan_inspection", id, "结束督查", "open", "closed")
	})
}

// RectFilter selects rectification items.
type RectFilter struct {
	InspectionID int64
	UnitID       int64
	OpenOnly     bool
	ID           int64
	Year         int
}

// Rectifications lists rectification items.
func (s *Store) Rectifications(ctx context.Context, f RectFilter) ([]plan.Rectification, error) {
	q := `SELECT r.id, r.finding_id, r.unit_id, u.name, r.requirement, r.due_on, r.status, r.report_text, r.reported_at, r.closed_at, i.title, r.created_at
		FROM plan_rectifications r JOIN units u ON u.id = r.unit_id JOIN plan_findings f ON f.id = r.finding_id
		JOIN plan_inspections i ON i.id = f.inspection_id WHERE 1 = 1`
	var args []any
	if f.InspectionID != 0 {
		q += " AND i.id = ?"
		args = append(args, f.InspectionID)
	}
	if f.UnitID != 0 {
		q += " AND r.unit_id = ?"
		args = append(args, f.UnitID)
	}
	if f.ID != 0 {
		q += " AND r.id = ?"
		args = append(args, f.ID)
	}
	if f.Year != 0 {
		q += " AND i.year = ?"
		args = append(args, f.Year)
	}
	if f.OpenOnly {
		q += " AND r.status <> 'closed'"
	}
	q += " ORDER BY r.due_on, r.id"
	rows, err := s.query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: rectifications: %w", err)
	}
	defer rows.Close()
	var out []plan.Rectification
	for rows.Next() {
		var r plan.Rectification
		var st, rep, cl, cr string
		if err := rows.Scan(&r.ID, &r.FindingID, &r.UnitID, &r.UnitName, &r.Requirement, &r.DueOn, &st, &r.ReportText, &rep, &cl, &r.Inspection, &cr); err != nil {
			return nil, err
		}
		r.Status, r.ReportedAt, r.ClosedAt, r.Created = plan.RectStatus(st), ParseTS(rep), ParseTS(cl), ParseTS(cr)
		out = append(out, r)
	}
	return out, s.translate(rows.Err())
}

// MoveRectification reports, closes or sends back a rectification item.
func (s *Store) MoveRectification(ctx context.Context, a auth.Actor, u auth.User, id int64, act plan.RectAction, text string) error {
	items, err := s.Rectifications(ctx, RectFilter{ID: id})
	if err != nil {
		return err
	}
	if len(items) == 0 || !u.SeesUnit(items[0].UnitID) {
		return gongkai.Errorf(gongkai.ENOTFOUND, "没有找到这项整改事项")
	}
	before := items[0]
	after, err := plan.MoveRect(before, act, u, text, s.Now())
	if err != nil {
		return err
	}
	return s.InTx(ctx, func(tx *Tx) error {
		if err := tx.Guarded(ctx, `UPDATE plan_rectifications SET status = ?, report_text = ?, reported_at = ?, closed_at = ?, updated_at = ? WHERE id = ? AND status = ?`,
			string(after.Status), after.ReportText, tsOpt(after.ReportedAt), tsOpt(after.ClosedAt), TS(tx.Now), id, string(before.Status)); err != nil {
			return err
		}
		if act == plan.RectReject {
			if _, err := tx.Notify(ctx, notify.Notification{Key: fmt.Sprintf("plan:rect:%d:reject:%s", id, TS(tx.Now)), UnitID: before.UnitID, Level: "warn",
				Title: "整改情况被退回", Body: text, Link: "/admin/plan/rectifications"}); err != nil {
				return err
			}
		}
		return tx.Audit(ctx, a, "rect_"+string(act), "plan_rectification", id, "整改事项："+before.Status.Label()+" → "+after.Status.Label(),
			map[string]any{"status": before.Status}, map[string]any{"status": after.Status, "text": text})
	})
}

// countFindings counts a year's findings per unit, of the inspections held
// on or before through (YYYY-MM-DD; "" for all of them).
func (s *Store) countFindings(ctx context.Context, year int, through string) (map[int64]int, error) {
	q := `SELECT f.unit_id, COUNT(*) FROM plan_findings f JOIN plan_inspections i ON i.id = f.inspection_id WHERE i.year = ?`
	args := []any{year}
	if through != "" {
		q += ` AND i.inspected_on <= ?`
		args = append(args, through)
	}
	rows, err := s.query(ctx, q+` GROUP BY f.unit_id`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: finding counts: %w", err)
	}
	defer rows.Close()
	findings := map[int64]int{}
	for rows.Next() {
		var u int64
		var n int
		if err := rows.Scan(&u, &n); err != nil {
			return nil, err
		}
		findings[u] = n
	}
	return findings, rows.Err()
}

// FindingCounts counts a year's findings and late rectification items per unit.
func (s *Store) FindingCounts(ctx context.Context, year int) (findings, late map[int64]int, err error) {
	findings, err = s.countFindings(ctx, year, "")
	if err != nil {
		return nil, nil, err
	}
	late = map[int64]int{}
	items, err := s.Rectifications(ctx, RectFilter{Year: year})
	if err != nil {
		return nil, nil, err
	}
	today := workday.DateOf(s.Now())
	for _, it := range items {
		if it.Late(today) {
			late[it.UnitID]++
		}
	}
	return findings, late, nil
}
