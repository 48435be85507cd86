package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"gongkai"
	"gongkai/internal/auth"
	"gongkai/internal/plan"
	"gongkai/internal/workday"
)

// SettingAssessWeights holds the assessment weights (JSON).
const SettingAssessWeights = "plan.assess_weights"

// Scorecard is a frozen assessment of every unit.
type Scorecard struct {
	ID       int64
	Year     int
	Period   string
	AsOf     workday.Date
	Weights  plan.Weights
	Status   string // draft, signed
	SignedBy string
	SignedAt time.Time
	Created  time.Time
	Lines    []plan.Score
}

// Label is the card's name, e.g. 2023年 年中评估.
func (c Scorecard) Label() string { return fmt.Sprintf("%d年%s", c.Year, plan.PeriodLabel(c.Period)) }

// LiveScores computes the scores of a year now.
func (s *Store) LiveScores(ctx context.Context, year int, period string, w plan.Weights) ([]plan.Score, error) {
	lines, err := s.Ledger(ctx, LedgerFilter{Year: year})
	if err != nil {
		return nil, err
	}
	findings, late, err := s.FindingCounts(ctx, year)
	if err != nil {
		return nil, err
	}
	return plan.ScoreUnits(lines, findings, late, w, period, year, workday.DateOf(s.Now())), nil
}

// ScoresAsOf computes the scores of a year's period from the state at the
// end of day d: every assignment replayed from its history up to d
// (plan.LineAsOf), the inspection findings made by d and the
// rectification items late on d.
func (s *Store) ScoresAsOf(ctx context.Context, year int, period string, w plan.Weights, d workday.Date) ([]plan.Score, error) {
	lines, err := s.Ledger(ctx, LedgerFilter{Year: year})
	if err != nil {
		return nil, err
	}
	history, err := s.yearProgress(ctx, year)
	if err != nil {
		return nil, err
	}
	for i, l := range lines {
		lines[i] = plan.LineAsOf(l, history[l.Assignment.ID], d)
	}
	findings, late, err := s.findingCountsAsOf(ctx, year, d)
	if err != nil {
		return nil, err
	}
	return plan.ScoreUnits(lines, findings, late, w, period, year, d), nil
}

// yearProgress returns the progress history of a year's assignments, by
// assignment, in the order recorded.
func (s *Store) yearProgress(ctx context.Context, year int) (map[int64][]plan.Progress, error) {
	rows, err := s.query(ctx, `SELECT g.assignment_id, g.action, g.from_status, g.to_status, g.created_at FROM plan_progress g
		JOIN plan_assignments a ON a.id = g.assignment_id JOIN plan_tasks t ON t.id = a.task_id JOIN plan_plans p ON p.id = t.plan_id
		WHERE p.year = ? ORDER BY g.id`, year)
	if err != nil {
		return nil, fmt.Errorf("store: year progress: %w", err)
	}
	defer rows.Close()
	out := map[int64][]plan.Progress{}
	for rows.Next() {
		var p plan.Progress
		var act, from, to, created string
		if err := rows.Scan(&p.AssignmentID, &act, &from, &to, &created); err != nil {
			return nil, err
		}
		p.Action, p.From, p.To, p.Created = plan.Action(act), plan.Status(from), plan.Status(to), ParseTS(created)
		out[p.AssignmentID] = append(out[p.AssignmentID], p)
	}
	return out, s.translate(rows.Err())
}

// findingCountsAsOf counts per unit the findings of inspections held by d
// and the rectification items late on d (as they stood then).
func (s *Store) findingCountsAsOf(ctx context.Context, year int, d workday.Date) (findings, late map[int64]int, err error) {
	findings, err = s.countFindings(ctx, year, d.String())
	if err != nil {
		return nil, nil, err
	}
	late = map[int64]int{}
	items, err := s.Rectifications(ctx, RectFilter{Year: year})
	if err != nil {
		return nil, nil, err
	}
	for _, it := range items {
		if r, ok := plan.RectAsOf(it, d); ok && r.Late(d) {
			late[r.UnitID]++
		}
	}
	return findings, late, nil
}

// FreezeScorecard computes and stores the scorecard of a year's period as
// of a date (zero: plan.PeriodEnd — 30 June or 31 December — or today
// while that day has not come), from the state at that date (ScoresAsOf).
// The card keeps its date. A draft is recomputed; a signed card cannot
// change.
func (s *Store) FreezeScorecard(ctx context.Context, a auth.Actor, year int, period string, w plan.Weights, asOf workday.Date) (int64, error) {
	if period != plan.PeriodMidYear && period != plan.PeriodAnnual {
		return 0, gongkai.Errorf(gongkai.EINVALID, "评估类型应为年中评估或年度评估")
	}
	if err := w.Validate(); err != nil {
		return 0, err
	}
	today := workday.DateOf(s.Now())
	if asOf.IsZero() {
		asOf = plan.PeriodEnd(year, period)
		if asOf.After(today) {
			asOf = today
		}
	}
	switch {
	case asOf.After(today):
		return 0, gongkai.Errorf(gongkai.EINVALID, "统计截至日期 %s 晚于今天（%s）：考核按已经发生的情况计算，请选择今天或以前的日期", asOf, today)
	case asOf.Year < year:
		return 0, gongkai.Errorf(gongkai.EINVALID, "统计截至日期 %s 早于 %d 年，请选择该年度内的日期", asOf, year)
	}
	scores, err := s.ScoresAsOf(ctx, year, period, w, asOf)
	if err != nil {
		return 0, err
	}
	wj, _ := json.Marshal(w)
	var id int64
	err = s.InTx(ctx, func(tx *Tx) error {
		var status string
		err := tx.QueryRow(ctx, `SELECT id, status FROM plan_scorecards WHERE year = ? AND period = ?`, year, period).Scan(&id, &status)
		switch {
		case IsNotFound(s.translate(err)):
			id, err = tx.Insert(ctx, `INSERT INTO plan_scorecards (year, period, as_of, weights_json, status, created_at, updated_at) VALUES (?, ?, ?, ?, 'draft', ?, ?)`,
				year, period, asOf, string(wj), TS(tx.Now), TS(tx.Now))
			if err != nil {
				return fmt.Errorf("store: insert scorecard: %w", err)
			}
		case err != nil:
			return s.translate(err)
		case status == "signed":
			return gongkai.Errorf(gongkai.ECONFLICT, "%d年%s已由领导签发，不能重新计算", year, plan.PeriodLabel(period))
		default:
			if err := tx.Guarded(ctx, `UPDATE plan_scorecards SET as_of = ?, weights_json = ?, updated_at = ? WHERE id = ? AND status = 'draft'`,
				asOf, string(wj), TS(tx.Now), id); err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `DELETE FROM plan_scorecard_lines WHERE scorecard_id = ?`, id); err != nil {
				return err
			}
		}
		for _, sc := range scores {
			if _, err := tx.Exec(ctx, `INSERT INTO plan_scorecard_lines (scorecard_id, unit_id, unit_name, total, done, on_time, overdue, returns, findings, rect_late, score, rank)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, id, sc.UnitID, sc.UnitName, sc.Total, sc.Done, sc.OnTime, sc.Overdue, sc.Returns, sc.Findings, sc.RectLate, sc.Score, sc.Rank); err != nil {
				return fmt.Errorf("store: insert scorecard line: %w", err)
			}
		}
		return tx.Audit(ctx, a, "freeze", "plan_scorecard", id, fmt.Sprintf("生成 %d年%s（统计截至 %s，%d 个单位）", year, plan.PeriodLabel(period), asOf, len(scores)), nil,
			map[string]any{"as_of": asOf, "weights": w})
	})
	return id, err
}

// SignScorecard is the leader's sign-off: the card is frozen for good.
func (s *Store) SignScorecard(ctx context.Context, a auth.Actor, u auth.User, id int64) error {
	if u.Role != auth.RoleLeader {
		return gongkai.Errorf(gongkai.EFORBIDDEN, "只有分管负责人可以签发考核结果")
	}
	return s.InTx(ctx, func(tx *Tx) error {
		if err := tx.Guarded(ctx, `UPDATE plan_scorecards SET status = 'signed', signed_by = ?, signed_at = ?, updated_at = ? WHERE id = ? AND status = 'draft'`,
			u.Name, TS(tx.Now), TS(tx.Now), id); err != nil {
			return err
		}
		return tx.Audit(ctx, a, "sign", "plan_scorecard", id, "签发考核结果", "draft", "signed")
	})
}

// Scorecards lists the scorecards (without lines).
func (s *Store) Scorecards(ctx context.Context) ([]Scorecard, error) {
	ids, err := collect(ctx, s, scanID, `SELECT id FROM plan_scorecards ORDER BY year DESC, period DESC`)
	if err != nil {
		return nil, fmt.Errorf("store: scorecards: %w", err)
	}
	var out []Scorecard
	for _, id := range ids {
		c, err := s.Scorecard(ctx, id, false)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

// Scorecard returns a scorecard, with its lines when asked.
func (s *Store) Scorecard(ctx context.Context, id int64, withLines bool) (Scorecard, error) {
	var c Scorecard
	var wj, signedAt, created string
	err := s.queryRow(ctx, `SELECT id, year, period, as_of, weights_json, status, signed_by, signed_at, created_at FROM plan_scorecards WHERE id = ?`, id).
		Scan(&c.ID, &c.Year, &c.Period, &c.AsOf, &wj, &c.Status, &c.SignedBy, &signedAt, &created)
	if err != nil {
		return c, fmt.Errorf("store: scorecard %d: %w", id, s.translate(err))
	}
	c.Weights, c.SignedAt, c.Created = plan.ParseWeights(wj), ParseTS(signedAt), ParseTS(created)
	if !withLines {
		return c, nil
	}
	rows, err := s.query(ctx, `SELECT unit_id, unit_name, total, done, on_time, overdue, returns, findings, rect_late, score, rank
		FROM plan_scorecard_lines WHERE scorecard_id = ? ORDER BY rank, unit_name`, id)
	if err != nil {
		return c, fmt.Errorf("store: scorecard lines: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var l plan.Score
		if err := rows.Scan(&l.UnitID, &l.UnitName, &l.Total, &l.Done, &l.OnTime, &l.Overdue, &l.Returns, &l.Findings, &l.RectLate, &l.Score, &l.Rank); err != nil {
			return c, err
		}
		c.Lines = append(c.Lines, l)
	}
	return c, s.translate(rows.Err())
}
