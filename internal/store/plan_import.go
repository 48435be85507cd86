package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"gongkai"
	"gongkai/internal/auth"
	"gongkai/internal/plan"
	"gongkai/internal/sanitize"
	"gongkai/internal/workday"
)

// tsOpt formats an optional time: "" for the zero time.
func tsOpt(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return TS(t)
}

func nullDate(d workday.Date) any {
	if d.IsZero() {
		return nil
	}
	return d.String()
}

// ImportResult says what saving an imported table changed.
type ImportResult struct {
	PlanID                    int64
	Created, Updated, Removed int // tasks
	NewAssignments            int
	Kept                      []string // tasks no longer in the table that have work on them, kept
}

// SavePlan saves a parsed table as the plan of its year, in one
// transaction: the same table imported again updates the plan (tasks are
// matched by their 序号) instead of duplicating it. Tasks and pending
// assignments that the new table no longer lists are removed; those with
// work on them are kept and reported.
func (s *Store) SavePlan(ctx context.Context, a auth.Actor, p *plan.Parsed) (ImportResult, error) {
	var res ImportResult
	if err := sanitize.CheckName("任务分解表标题", p.Title); err != nil {
		return res, err
	}
	if p.File != "" {
		file, err := sanitize.FileName("导入文件", p.File)
		if err != nil {
			return res, err
		}
		p.File = file
	}
	err := s.InTx(ctx, func(tx *Tx) error {
		now := TS(tx.Now)
		var planID int64
		err := tx.QueryRow(ctx, `SELECT id FROM plan_plans WHERE year = ?`, p.Year).Scan(&planID)
		switch {
		case IsNotFound(s.translate(err)):
			planID, err = tx.Insert(ctx, `INSERT INTO plan_plans (year, title, source_file, created_at, updated_at) VALUES (?, ?, ?, ?, ?)`,
				p.Year, p.Title, p.File, now, now)
			if err != nil {
				return fmt.Errorf("store: insert plan: %w", err)
			}
		case err != nil:
			return fmt.Errorf("store: find plan: %w", s.translate(err))
		default:
			if _, err := tx.Exec(ctx, `UPDATE plan_plans SET title = CASE WHEN ? = '' THEN title ELSE ? END, source_file = ?, updated_at = ? WHERE id = ?`,
				p.Title, p.Title, p.File, now, planID); err != nil {
				return fmt.Errorf("store: update plan: %w", err)
			}
		}
		res.PlanID = planID
		existing := map[int]int64{}
		rows, err := tx.Query(ctx, `SELECT seq, id FROM plan_tasks WHERE plan_id = ?`, planID)
		if err != nil {
			return fmt.Errorf("store: plan tasks: %w", err)
		}
		for rows.Next() {
			var seq int
			var id int64
			if err := rows.Scan(&seq, &id); err != nil {
				rows.Close()
				return err
			}
			existing[seq] = id
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		seen := map[int]bool{}
		for _, r := range p.Rows {
			seen[r.Seq] = true
			extra := ""
			if len(r.Extra) > 0 {
				b, _ := json.Marshal(r.Extra)
				extra = string(b)
			}
			args := []any{r.Category, r.Subcategory, r.Requirement, r.UnitsText, strings.Join(r.UnitNames, "\n"), r.Designate,
				strings.Join(r.Unresolved, "\n"), string(r.Deadline.Kind), nullDate(r.Deadline.Date), string(r.Deadline.Period),
				r.Deadline.Text, r.SourceRow, extra, now}
			taskID, ok := existing[r.Seq]
			if ok {
				if _, err := tx.Exec(ctx, `UPDATE plan_tasks SET category = ?, subcategory = ?, requirement = ?, units_text = ?, unit_names = ?,
					designate = ?, unresolved = ?, deadline_kind = ?, deadline_date = ?, deadline_period = ?, deadline_text = ?, source_row = ?,
					extra_json = ?, updated_at = ? WHERE id = ?`, append(args, taskID)...); err != nil {
					return fmt.Errorf("store: update task %d: %w", r.Seq, err)
				}
				res.Updated++
			} else {
				taskID, err = tx.Insert(ctx, `INSERT INTO plan_tasks (category, subcategory, requirement, units_text, unit_names, designate,
					unresolved, deadline_kind, deadline_date, deadline_period, deadline_text, source_row, extra_json, updated_at, plan_id, seq, created_at)
					VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, append(args, planID, r.Seq, now)...)
				if err != nil {
					return fmt.Errorf("store: insert task %d: %w", r.Seq, err)
				}
				res.Created++
			}
			n, err := tx.addAssignments(ctx, taskID, r.UnitIDs)
			if err != nil {
				return err
			}
			res.NewAssignments += n
			// Pending assignments of units the table no longer names go,
			// unless the office designated them (a 各有关科室 task).
			if ok && !r.Designate {
				if err := tx.prunePending(ctx, taskID, r.UnitIDs); err != nil {
					return err
				}
			}
		}
		for seq, id := range existing {
			if seen[seq] {
				continue
			}
			var busy int
			if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM plan_assignments WHERE task_id = ? AND status <> 'pending'`, id).Scan(&busy); err != nil {
				return err
			}
			if busy > 0 {
				res.Kept = append(res.Kept, fmt.Sprintf("序号 %d 已不在新表中，但已有单位在办理，予以保留", seq))
				continue
			}
			if _, err := tx.Exec(ctx, `DELETE FROM plan_assignments WHERE task_id = ?`, id); err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `DELETE FROM plan_tasks WHERE id = ?`, id); err != nil {
				return err
			}
			res.Removed++
		}
		summary := fmt.Sprintf("导入 %d 年任务分解表“%s”：%d 项任务（新增 %d、更新 %d、删除 %d），新增承办 %d 个",
			p.Year, p.File, len(p.Rows), res.Created, res.Updated, res.Removed, res.NewAssignments)
		return tx.Audit(ctx, a, "import", "plan", planID, summary, nil, map[string]any{
			"file": p.File, "tasks": len(p.Rows), "created": res.Created, "updated": res.Updated, "removed": res.Removed,
			"unresolved_units": p.Unresolved})
	})
	return res, err
}

// addAssignments creates the missing assignments of a task.
func (t *Tx) addAssignments(ctx context.Context, taskID int64, unitIDs []int64) (int, error) {
	n := 0
	now := TS(t.Now)
	for _, u := range unitIDs {
		res, err := t.Exec(ctx, `INSERT INTO plan_assignments (task_id, unit_id, status, created_at, updated_at) VALUES (?, ?, 'pending', ?, ?)
			ON CONFLICT (task_id, unit_id) DO NOTHING`, taskID, u, now, now)
		if err != nil {
			return n, fmt.Errorf("store: add assignment: %w", err)
		}
		k, _ := res.RowsAffected()
		n += int(k)
	}
	return n, nil
}

// Designate lets the office name the units of a task (for 各有关科室),
// creating their assignments.
func (s *Store) Designate(ctx context.Context, a auth.Actor, taskID int64, unitIDs []int64) (int, error) {
	if len(unitIDs) == 0 {
		return 0, gongkai.Errorf(gongkai.EINVALID, "请至少选择一个承办单位")
	}
	var n int
	err := s.InTx(ctx, func(tx *Tx) error {
		var seq int
		if err := tx.QueryRow(ctx, `SELECT seq FROM plan_tasks WHERE id = ?`, taskID).Scan(&seq); err != nil {
			return fmt.Errorf("store: task %d: %w", taskID, s.translate(err))
		}
		var err error
		n, err = tx.addAssignments(ctx, taskID, unitIDs)
		if err != nil {
			return err
		}
		return tx.Audit(ctx, a, "designate", "plan_task", taskID, fmt.Sprintf("为任务序号 %d 指定承办单位 %d 个（新增 %d）", seq, len(unitIDs), n), nil, unitIDs)
	})
	return n, err
}

// prunePending removes the pending assignments of a task whose unit is not
// in keep.
func (t *Tx) prunePending(ctx context.Context, taskID int64, keep []int64) error {
	rows, err := t.Query(ctx, `SELECT id, unit_id, status FROM plan_assignments WHERE task_id = ?`, taskID)
	if err != nil {
		return fmt.Errorf("store: task assignments: %w", err)
	}
	want := map[int64]bool{}
	for _, u := range keep {
		want[u] = true
	}
	var drop []int64
	for rows.Next() {
		var id, unit int64
		var status string
		if err := rows.Scan(&id, &unit, &status); err != nil {
			rows.Close()
			return err
		}
		if status == "pending" && !want[unit] {
			drop = append(drop, id)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, id := range drop {
		if _, err := t.Exec(ctx, `DELETE FROM plan_assignments WHERE id = ? AND status = 'pending'`, id); err != nil {
			return fmt.Errorf("store: prune assignment: %w", err)
		}
	}
	return nil
}
