package store

import (
	"context"
	"fmt"
	"time"

	"gongkai/internal/auth"
	"gongkai/internal/participation"
	"gongkai/internal/workday"
)

// RiskAssessment is a stored social-effect and opinion-risk assessment.
type RiskAssessment struct {
	ID int64
	participation.Risk
	CreatedBy string
	Created   time.Time
}

// RiskAssessmentDone reports whether a completed social-effect and
// opinion-risk assessment is recorded for the document (the contract with
// the disclosure area's review).
func (s *Store) RiskAssessmentDone(ctx context.Context, documentID int64) (bool, error) {
	var n int
	if err := s.queryRow(ctx, `SELECT COUNT(*) FROM risk_assessments WHERE document_id = ? AND completed = ?`, documentID, true).Scan(&n); err != nil {
		return false, fmt.Errorf("store: risk assessment of document %d: %w", documentID, s.translate(err))
	}
	return n > 0, nil
}

// riskAssessmentDone is RiskAssessmentDone inside a transaction.
func (tx *Tx) riskAssessmentDone(ctx context.Context, documentID int64) (bool, error) {
	var n int
	if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM risk_assessments WHERE document_id = ? AND completed = ?`, documentID, true).Scan(&n); err != nil {
		return false, fmt.Errorf("store: risk assessment of document %d: %w", documentID, tx.s.translate(err))
	}
	return n > 0, nil
}

// AddRiskAssessment validates and records a completed assessment.
func (s *Store) AddRiskAssessment(ctx context.Context, a auth.Actor, r participation.Risk) (int64, error) {
	r, err := r.Validate(workday.DateOf(s.Now()))
	if err != nil {
		return 0, err
	}
	var id int64
	err = s.InTx(ctx, func(tx *Tx) error {
		id, err = tx.Insert(ctx, `INSERT INTO risk_assessments (document_id, document_title, assessed_on, method, findings, risk_level, conclusion, assessor, completed, created_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			r.DocumentID, r.DocumentTitle, r.AssessedOn, r.Method, r.Findings, string(r.Level), r.Conclusion, r.Assessor, true, a.Login, TS(tx.Now))
		if err != nil {
			return err
		}
		return tx.Audit(ctx, a, "create", "risk_assessment", id, fmt.Sprintf("登记文件 %d 的社会影响和舆情风险评估（%s）", r.DocumentID, r.Level.Label()), nil, r)
	})
	if err != nil {
		return 0, fmt.Errorf("store: add risk assessment: %w", err)
	}
	return id, nil
}

// RiskAssessments lists the assessments, of one document when documentID
// is not 0, newest first.
func (s *Store) RiskAssessments(ctx context.Context, documentID int64) ([]RiskAssessment, error) {
	q := `SELECT id, document_id, document_title, assessed_on, method, findings, risk_level, conclusion, assessor, created_by, created_at FROM risk_assessments`
	var args []any
	if documentID != 0 {
		q += ` WHERE document_id = ?`
		args = append(args, documentID)
	}
	rows, err := s.query(ctx, q+` ORDER BY assessed_on DESC, id DESC`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: risk assessments: %w", err)
	}
	defer rows.Close()
	var out []RiskAssessment
	for rows.Next() {
		var r RiskAssessment
		var level, created string
		if err := rows.Scan(&r.ID, &r.DocumentID, &r.DocumentTitle, &r.AssessedOn, &r.Method, &r.Findings, &level, &r.Conclusion, &r.Assessor, &r.CreatedBy, &created); err != nil {
			return nil, fmt.Errorf("store: scan risk assessment: %w", err)
		}
		r.Level, r.Created = participation.RiskLevel(level), ParseTS(created)
		out = append(out, r)
	}
	return out, s.translate(rows.Err())
}
