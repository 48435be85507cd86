package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"gongkai"
	"gongkai/internal/auth"
	"gongkai/internal/disclosure"
	"gongkai/internal/org"
	"gongkai/internal/participation"
	"gongkai/internal/workday"
)

// Evaluation is a stored policy evaluation.
type Evaluation struct {
	ID int64
	participation.Evaluation
	UnitName  string
	Published workday.Date
	Created   time.Time
}

// CreateEvaluation validates and stores an evaluation.
func (s *Store) CreateEvaluation(ctx context.Context, a auth.Actor, e participation.Evaluation) (int64, error) {
	e, err := e.Validate()
	if err != nil {
		return 0, err
	}
	var id int64
	err = s.InTx(ctx, func(tx *Tx) error {
		id, err = tx.Insert(ctx, `INSERT INTO policy_evaluations (unit_id, year, policy, aspects, methods, findings, measures, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			e.UnitID, e.Year, e.Policy, strings.Join(e.Aspects, "、"), strings.Join(e.Methods, "、"), e.Findings, e.Measures, TS(tx.Now))
		if err != nil {
			return err
		}
		return tx.Audit(ctx, a, "create", "policy_evaluation", id, "登记政策评价“"+e.Policy+"”", nil, e)
	})
	return id, err
}

// PublishEvaluation publishes an evaluation's results on the portal today;
// refused after the evaluation's year has ended (results go out before
// year end).
func (s *Store) PublishEvaluation(ctx context.Context, a auth.Actor, id int64) error {
	today := workday.DateOf(s.Now())
	return s.auditRefused(ctx, a, s.InTx(ctx, func(tx *Tx) error {
		var year int
		var policy string
		if err := tx.QueryRow(ctx, `SELECT year, policy FROM policy_evaluations WHERE id = ?`, id).Scan(&year, &policy); err != nil {
			return fmt.Errorf("store: evaluation %d: %w", id, s.translate(err))
		}
		if _, err := tx.gatePublic(ctx, disclosure.ItemEvaluation, id, "publish", "政策评价“"+policy+"”不能公开"); err != nil {
			return err
		}
		if err := tx.Guarded(ctx, `UPDATE policy_evaluations SET published_on = ? WHERE id = ? AND published_on IS NULL`, today, id); err != nil {
			return err
		}
		summary := "公开政策评价结果"
		if today.Year > year {
			summary += fmt.Sprintf("（晚于 %d 年底）", year)
		}
		return tx.Audit(ctx, a, "publish", "policy_evaluation", id, summary, nil, today)
	}))
}

// Evaluations lists the evaluations of year (of one unit when unitID ≠ 0;
// only published ones when publishedOnly).
func (s *Store) Evaluations(ctx context.Context, year int, unitID int64, publishedOnly bool) ([]Evaluation, error) {
	q := `SELECT e.id, e.unit_id, COALESCE(u.name, ''), e.year, e.policy, e.aspects, e.methods, e.findings, e.measures, e.published_on, e.created_at
		FROM policy_evaluations e LEFT JOIN units u ON u.id = e.unit_id WHERE 1 = 1`
	var args []any
	if year != 0 {
		q += ` AND e.year = ?`
		args = append(args, year)
	}
	if unitID != 0 {
		q += ` AND e.unit_id = ?`
		args = append(args, unitID)
	}
	if publishedOnly {
		q += ` AND e.published_on IS NOT NULL`
	}
	rows, err := s.query(ctx, q+` ORDER BY e.year DESC, u.name, e.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: evaluations: %w", err)
	}
	defer rows.Close()
	var out []Evaluation
	for rows.Next() {
		var e Evaluation
		var aspects, methods, created string
		if err := rows.Scan(&e.ID, &e.UnitID, &e.UnitName, &e.Year, &e.Policy, &aspects, &methods, &e.Findings, &e.Measures, &e.Published, &created); err != nil {
			return nil, fmt.Errorf("store: scan evaluation: %w", err)
		}
		e.Aspects, e.Methods, e.Created = splitList(aspects), splitList(methods), ParseTS(created)
		out = append(out, e)
	}
	return out, s.translate(rows.Err())
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, "、") {
		if p != "" {
			out = append(out, p)
		}
	}
	return out
}

// QuotaRow is the standing against the yearly quota of the bureau as a
// whole (UnitID 0, UnitName participation.BureauRow) or of one department.
type QuotaRow struct {
	UnitID   int64
	UnitName string
	Done     int
	Quota    int
	State    participation.State
}

// EvaluationQuota is the standing against the yearly quota as of today:
// one row for the bureau (the default scope: every evaluation of the year
// counts), or a row for every active department (科室) with its own count.
func (s *Store) EvaluationQuota(ctx context.Context, year int, today workday.Date) ([]QuotaRow, error) {
	cfg, err := s.ParticipationSettings(ctx)
	if err != nil {
		return nil, err
	}
	if cfg.EvaluationScope != participation.ScopeDepartment {
		evals, err := s.Evaluations(ctx, year, 0, false)
		if err != nil {
			return nil, err
		}
		n := len(evals)
		return []QuotaRow{{UnitName: participation.BureauRow, Done: n, Quota: cfg.EvaluationQuota,
			State: participation.QuotaState(n, cfg.EvaluationQuota, year, today)}}, nil
	}
	units, err := s.Units(ctx)
	if err != nil {
		return nil, err
	}
	evals, err := s.Evaluations(ctx, year, 0, false)
	if err != nil {
		return nil, err
	}
	count := map[int64]int{}
	for _, e := range evals {
		count[e.UnitID]++
	}
	var out []QuotaRow
	for _, u := range units {
		if !u.Active || u.Kind != org.KindDepartment {
			continue
		}
		n := count[u.ID]
		out = append(out, QuotaRow{UnitID: u.ID, UnitName: u.Name, Done: n, Quota: cfg.EvaluationQuota,
			State: participation.QuotaState(n, cfg.EvaluationQuota, year, today)})
	}
	if len(out) == 0 {
		return nil, gongkai.Errorf(gongkai.ENOTFOUND, "组织机构中没有“科室”类型的单位")
	}
	return out, nil
}
