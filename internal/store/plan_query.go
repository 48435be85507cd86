package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"gongkai/internal/plan"
	"gongkai/internal/workday"
)

// Plans lists the plans, newest year first.
func (s *Store) Plans(ctx context.Context) ([]plan.Plan, error) {
	rows, err := s.query(ctx, `SELECT id, year, title, source_file, created_at, updated_at FROM plan_plans ORDER BY year DESC`)
	if err != nil {
		return nil, fmt.Errorf("store: plans: %w", err)
	}
	defer rows.Close()
	var out []plan.Plan
	for rows.Next() {
		var p plan.Plan
		var c, u string
		if err := rows.Scan(&p.ID, &p.Year, &p.Title, &p.SourceFile, &c, &u); err != nil {
			return nil, err
		}
		p.Created, p.Updated = ParseTS(c), ParseTS(u)
		out = append(out, p)
	}
	return out, s.translate(rows.Err())
}

// PlanByYear returns the plan of a year.
func (s *Store) PlanByYear(ctx context.Context, year int) (plan.Plan, error) {
	var p plan.Plan
	var c, u string
	err := s.queryRow(ctx, `SELECT id, year, title, source_file, created_at, updated_at FROM plan_plans WHERE year = ?`, year).
		Scan(&p.ID, &p.Year, &p.Title, &p.SourceFile, &c, &u)
	if err != nil {
		return p, fmt.Errorf("store: plan %d: %w", year, s.translate(err))
	}
	p.Created, p.Updated = ParseTS(c), ParseTS(u)
	return p, nil
}

const taskCols = `t.id, t.plan_id, p.year, t.seq, t.category, t.subcategory, t.requirement, t.units_text, t.unit_names, t.designate,
	t.unresolved, t.deadline_kind, t.deadline_date, t.deadline_period, t.deadline_text, t.source_row, t.extra_json`

func scanTask(dest []any, t *plan.Task) []any {
	return append(dest, &t.ID, &t.PlanID, &t.Year, &t.Seq, &t.Category, &t.Subcategory, &t.Requirement, &t.UnitsText)
}

type taskScan struct {
	t                                   plan.Task
	names, unresolved, kind, per, extra string
	date                                sql.NullString
}

func (ts *taskScan) dest() []any {
	return append(scanTask(nil, &ts.t), &ts.names, &ts.t.Designate, &ts.unresolved, &ts.kind, &ts.date, &ts.per, &ts.t.Deadline.Text,
		&ts.t.SourceRow, &ts.extra)
}

func (ts *taskScan) done() plan.Task {
	t := ts.t
	t.UnitNames = splitLines(ts.names)
	t.Unresolved = splitLines(ts.unresolved)
	t.Deadline.Kind, t.Deadline.Period = plan.DeadlineKind(ts.kind), plan.Period(ts.per)
	if ts.date.Valid {
		t.Deadline.Date, _ = workday.ParseDate(ts.date.String)
	}
	if ts.extra != "" {
		_ = json.Unmarshal([]byte(ts.extra), &t.Extra)
	}
	return t
}

func splitLines(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

// Tasks lists a year's tasks in order.
func (s *Store) Tasks(ctx context.Context, year int) ([]plan.Task, error) {
	rows, err := s.query(ctx, `SELECT `+taskCols+` FROM plan_tasks t JOIN plan_plans p ON p.id = t.plan_id WHERE p.year = ? ORDER BY t.seq`, year)
	if err != nil {
		return nil, fmt.Errorf("store: tasks: %w", err)
	}
	defer rows.Close()
	var out []plan.Task
	for rows.Next() {
		var ts taskScan
		if err := rows.Scan(ts.dest()...); err != nil {
			return nil, fmt.Errorf("store: scan task: %w", err)
		}
		out = append(out, ts.done())
	}
	return out, s.translate(rows.Err())
}

// Task returns one task.
func (s *Store) Task(ctx context.Context, id int64) (plan.Task, error) {
	var ts taskScan
	err := s.queryRow(ctx, `SELECT `+taskCols+` FROM plan_tasks t JOIN plan_plans p ON p.id = t.plan_id WHERE t.id = ?`, id).Scan(ts.dest()...)
	if err != nil {
		return plan.Task{}, fmt.Errorf("store: task %d: %w", id, s.translate(err))
	}
	return ts.done(), nil
}

const assignCols = `a.id, a.task_id, a.unit_id, u.name, a.status, a.person, a.phone, a.claimed_at, a.reported_at, a.confirmed_at,
	a.last_progress_at, a.return_reason, a.returns, a.created_at, a.updated_at`

type assignScan struct {
	a                                    plan.Assignment
	status, cl, rep, conf, last, cr, upd string
}

func (as *assignScan) dest() []any {
	a := &as.a
	return []any{&a.ID, &a.TaskID, &a.UnitID, &a.UnitName, &as.status, &a.Person, &a.Phone, &as.cl, &as.rep, &as.conf, &as.last,
		&a.ReturnReason, &a.Returns, &as.cr, &as.upd}
}

func (as *assignScan) done() (plan.Assignment, workday.Date) {
	a := as.a
	a.Status = plan.Status(as.status)
	a.ClaimedAt, a.ReportedAt, a.ConfirmedAt, a.LastProgress, a.UpdatedAt = ParseTS(as.cl), ParseTS(as.rep), ParseTS(as.conf), ParseTS(as.last), ParseTS(as.upd)
	return a, workday.Date{}
}

// LedgerFilter selects ledger lines. Zero values select everything.
type LedgerFilter struct {
	Year       int
	UnitID     int64
	Status     plan.Status
	Category   string
	TaskID     int64
	Overdue    bool // only lines overdue today (computed)
	DueFrom    workday.Date
	DueTo      workday.Date
	Search     string
	OpenOnly   bool // the unit still has work to do (not reported, not confirmed)
	Unfinished bool // not yet confirmed by the office (open work, reported work included)
	Assignment int64
}

// Ledger returns the ledger lines (assignments with their tasks, last
// progress, evidence links and overdue days computed as of today).
func (s *Store) Ledger(ctx context.Context, f LedgerFilter) ([]plan.Line, error) {
	q := `SELECT ` + taskCols + `, ` + assignCols + ` FROM plan_assignments a
		JOIN plan_tasks t ON t.id = a.task_id JOIN plan_plans p ON p.id = t.plan_id JOIN units u ON u.id = a.unit_id WHERE 1 = 1`
	var args []any
	add := func(cond string, v any) { q += " AND " + cond; args = append(args, v) }
	if f.Year != 0 {
		add("p.year = ?", f.Year)
	}
	if f.UnitID != 0 {
		add("a.unit_id = ?", f.UnitID)
	}
	if f.Status != "" {
		add("a.status = ?", string(f.Status))
	}
	if f.Category != "" {
		add("t.category = ?", f.Category)
	}
	if f.TaskID != 0 {
		add("t.id = ?", f.TaskID)
	}
	if f.Assignment != 0 {
		add("a.id = ?", f.Assignment)
	}
	if !f.DueFrom.IsZero() {
		add("t.deadline_date >= ?", f.DueFrom.String())
	}
	if !f.DueTo.IsZero() {
		add("t.deadline_date <= ?", f.DueTo.String())
	}
	if f.Search != "" {
		add("t.requirement LIKE ?", "%"+strings.NewReplacer("%", "", "_", "").Replace(f.Search)+"%")
	}
	if f.OpenOnly {
		q += " AND a.status NOT IN ('reported', 'confirmed')"
	}
	if f.Unfinished {
		q += " AND a.status <> 'confirmed'"
	}
	q += " ORDER BY t.seq, u.sort, u.id"
	cal, err := s.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	rows, err := s.query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: ledger: %w", err)
	}
	defer rows.Close()
	today := workday.DateOf(s.Now())
	var out []plan.Line
	byID := map[int64]int{}
	for rows.Next() {
		var ts taskScan
		var as assignScan
		if err := rows.Scan(append(ts.dest(), as.dest()...)...); err != nil {
			return nil, fmt.Errorf("store: scan ledger: %w", err)
		}
		l := plan.Line{Task: ts.done()}
		l.Assignment, _ = as.done()
		l.Created = ParseTS(as.cr)
		l.Overdue = plan.OverdueDays(l.Task.Deadline, l.Assignment, l.Created, today)
		l.Due = plan.Due(l.Task.Deadline, l.Assignment, today)
		if l.Overdue > 0 {
			l.OverdueWD = cal.WorkdaysBetween(today.AddDays(-l.Overdue), today)
		}
		if f.Overdue && (l.Overdue == 0 || !l.Assignment.Status.Open()) {
			continue
		}
		byID[l.Assignment.ID] = len(out)
		out = append(out, l)
	}
	if err := rows.Err(); err != nil {
		return nil, s.translate(err)
	}
	rows.Close()
	if len(out) == 0 {
		return out, nil
	}
	// Last progress text, evidence links and file counts.
	pq := `SELECT g.assignment_id, g.action, g.text, g.links, (SELECT COUNT(*) FROM plan_files pf WHERE pf.progress_id = g.id)
		FROM plan_progress g JOIN plan_assignments a ON a.id = g.assignment_id JOIN plan_tasks t ON t.id = a.task_id JOIN plan_plans p ON p.id = t.plan_id`
	var pargs []any
	if f.Year != 0 {
		pq += " WHERE p.year = ?"
		pargs = append(pargs, f.Year)
	}
	pq += " ORDER BY g.id"
	prow, err := s.query(ctx, pq, pargs...)
	if err != nil {
		return nil, fmt.Errorf("store: ledger progress: %w", err)
	}
	defer prow.Close()
	for prow.Next() {
		var id int64
		var act, text, links string
		var files int
		if err := prow.Scan(&id, &act, &text, &links, &files); err != nil {
			return nil, err
		}
		i, ok := byID[id]
		if !ok {
			continue
		}
		l := &out[i]
		if (act == string(plan.ActProgress) || act == string(plan.ActFinish)) && text != "" {
			l.LastText = text
		}
		l.Links = append(l.Links, splitLines(links)...)
		l.FileCount += files
	}
	return out, s.translate(prow.Err())
}

// Line returns one ledger line by assignment id.
func (s *Store) Line(ctx context.Context, assignmentID int64) (plan.Line, error) {
	ls, err := s.Ledger(ctx, LedgerFilter{Assignment: assignmentID})
	if err != nil {
		return plan.Line{}, err
	}
	if len(ls) == 0 {
		return plan.Line{}, fmt.Errorf("store: assignment %d: %w", assignmentID, s.translate(sql.ErrNoRows))
	}
	return ls[0], nil
}

// History lists an assignment's progress entries with their files.
func (s *Store) History(ctx context.Context, assignmentID int64) ([]plan.Progress, error) {
	rows, err := s.query(ctx, `SELECT id, assignment_id, action, from_status, to_status, text, links, COALESCE(user_id, 0), user_name, created_at
		FROM plan_progress WHERE assignment_id = ? ORDER BY id`, assignmentID)
	if err != nil {
		return nil, fmt.Errorf("store: history: %w", err)
	}
	var out []plan.Progress
	idx := map[int64]int{}
	for rows.Next() {
		var p plan.Progress
		var act, from, to, links, created string
		if err := rows.Scan(&p.ID, &p.AssignmentID, &act, &from, &to, &p.Text, &links, &p.UserID, &p.UserName, &created); err != nil {
			rows.Close()
			return nil, err
		}
		p.Action, p.From, p.To, p.Links, p.Created = plan.Action(act), plan.Status(from), plan.Status(to), splitLines(links), ParseTS(created)
		idx[p.ID] = len(out)
		out = append(out, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, s.translate(err)
	}
	frows, err := s.query(ctx, `SELECT f.id, f.progress_id, f.sha256, f.name, f.content_type, f.size FROM plan_files f
		JOIN plan_progress g ON g.id = f.progress_id WHERE g.assignment_id = ? ORDER BY f.id`, assignmentID)
	if err != nil {
		return nil, fmt.Errorf("store: history files: %w", err)
	}
	defer frows.Close()
	for frows.Next() {
		var f plan.File
		var pid int64
		if err := frows.Scan(&f.ID, &pid, &f.SHA256, &f.Name, &f.ContentType, &f.Size); err != nil {
			return nil, err
		}
		if i, ok := idx[pid]; ok {
			out[i].Files = append(out[i].Files, f)
		}
	}
	return out, s.translate(frows.Err())
}

// PlanFile returns an evidence file's record (to check who may read it).
func (s *Store) PlanFile(ctx context.Context, id int64) (plan.File, int64, error) {
	var f plan.File
	var assignment int64
	err := s.queryRow(ctx, `SELECT f.id, f.sha256, f.name, f.content_type, f.size, g.assignment_id FROM plan_files f
		JOIN plan_progress g ON g.id = f.progress_id WHERE f.id = ?`, id).Scan(&f.ID, &f.SHA256, &f.Name, &f.ContentType, &f.Size, &assignment)
	if err != nil {
		return f, 0, fmt.Errorf("store: plan file %d: %w", id, s.translate(err))
	}
	return f, assignment, nil
}
