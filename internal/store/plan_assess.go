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

// FreezeScorecard computes and stores the scorecard of a year's period.
// A draft is recomputed; a signed card cannot change.
func (s *Store) FreezeScorecard(ctx context.Context, a auth.Actor, year int, period string, w plan.Weights) (int64, error) {
	if period != plan.PeriodMidYear && period != plan.PeriodAnnual {
		return 0, gongkai.Errorf(gongkai.EINVALID, "评估类型应为年中评估或年度评估")
	}
	if err := w.Validate(); err != nil {
		return 0, err
	}
	scores, err := s.LiveScores(ctx, year, period, w)
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
				year, period, workday.DateOf(tx.Now), string(wj), TS(tx.Now), TS(tx.Now))
			if err != nil {
				return fmt.Errorf("store: insert scorecard: %w", err)
			}
		case err != nil:
			return s.translate(err)
		case status == "signed":
			return gongkai.Errorf(gongkai.ECONFLICT, "%d年%s已由领导签发，不能重新计算", year, plan.PeriodLabel(period))
		default:
			if err := tx.Guarded(ctx, `UPDATE plan_scorecards SET as_of = ?, weights_json = ?, updated_at = ? WHERE id = ? AND status = 'draft'`,
				workday.DateOf(tx.Now), string(wj), TS(tx.Now), id); err != nil {
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
		return tx.Audit(ctx, a, "freeze", "plan_scorecard", id, fmt.Sprintf("生成 %d年%s（%d 个单位）", year, plan.PeriodLabel(period), len(scores)), nil, w)
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
