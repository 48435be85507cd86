package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"

	"gongkai"
	"gongkai/internal/auth"
	"gongkai/internal/disclosure"
	"gongkai/internal/request"
)

// AnnualBuckets groups the requests relevant to a year's table 三.
func (s *Store) AnnualBuckets(ctx context.Context, year int) ([]request.Bucket, error) {
	start, end := fmt.Sprintf("%d-01-01", year), fmt.Sprintf("%d-12-31", year)
	rows, err := s.query(ctx, `SELECT applicant_type, outcome,
		CASE WHEN received_on < ? THEN 1 ELSE 0 END,
		CASE WHEN closed_on IS NULL OR closed_on > ? THEN 2 WHEN closed_on < ? THEN 0 ELSE 1 END,
		COUNT(*)
		FROM requests WHERE received_on IS NOT NULL AND received_on <= ? AND (closed_on IS NULL OR closed_on >= ?)
		GROUP BY 1, 2, 3, 4`, start, end, start, end, start)
	if err != nil {
		return nil, fmt.Errorf("store: annual buckets: %w", err)
	}
	defer rows.Close()
	var out []request.Bucket
	for rows.Next() {
		var b request.Bucket
		var atype, outcome string
		var old, cl int
		if err := rows.Scan(&atype, &outcome, &old, &cl, &b.N); err != nil {
			return nil, fmt.Errorf("store: annual buckets: %w", err)
		}
		b.Applicant, b.Outcome = request.ApplicantType(atype), request.Outcome(outcome)
		b.ReceivedOld, b.Closure = old == 1, request.Closure(cl)
		out = append(out, b)
	}
	return out, rows.Err()
}

// CaseBuckets groups the cases filed in a year by kind and result as of
// the year's end (decided later: pending).
func (s *Store) CaseBuckets(ctx context.Context, year int) ([]request.CaseBucket, error) {
	start, end := fmt.Sprintf("%d-01-01", year), fmt.Sprintf("%d-12-31", year)
	rows, err := s.query(ctx, `SELECT kind, CASE WHEN decided_on IS NULL OR decided_on > ? THEN 'pending' ELSE result END, COUNT(*)
		FROM request_cases WHERE filed_on >= ? AND filed_on <= ? GROUP BY 1, 2`, end, start, end)
	if err != nil {
		return nil, fmt.Errorf("store: case buckets: %w", err)
	}
	defer rows.Close()
	var out []request.CaseBucket
	for rows.Next() {
		var b request.CaseBucket
		var kind, result string
		if err := rows.Scan(&kind, &result, &b.N); err != nil {
			return nil, fmt.Errorf("store: case buckets: %w", err)
		}
		b.Kind, b.Result = request.CaseKind(kind), request.CaseResult(result)
		out = append(out, b)
	}
	return out, rows.Err()
}

type reportRow struct {
	table2, s1, s5, s6, publishedBy, snapshot string
	publishedAt                               sql.NullString
}

func (s *Store) reportRow(ctx context.Context, year int) (reportRow, bool, error) {
	var r reportRow
	err := s.queryRow(ctx, `SELECT table2_json, section1, section5, section6, published_at, published_by, snapshot FROM annual_reports WHERE year = ?`, year).
		Scan(&r.table2, &r.s1, &r.s5, &r.s6, &r.publishedAt, &r.publishedBy, &r.snapshot)
	if err == sql.ErrNoRows {
		return r, false, nil
	}
	if err != nil {
		return r, false, fmt.Errorf("store: annual report %d: %w", year, s.translate(err))
	}
	return r, true, nil
}

// AnnualReport computes the report of a year from the data: table 二 from
// the documents plus the hand-entered rows, table 三 from the requests,
// table 四 from the cases, the narrative sections as edited, and the
// cross-check.
func (s *Store) AnnualReport(ctx context.Context, year int) (request.AnnualReport, error) {
	rep := request.AnnualReport{Year: year}
	row, ok, err := s.reportRow(ctx, year)
	if err != nil {
		return rep, err
	}
	if ok {
		if row.table2 != "" {
			if err := json.Unmarshal([]byte(row.table2), &rep.Table2); err != nil {
				return rep, fmt.Errorf("store: annual report %d table2: %w", year, err)
			}
		}
		rep.Sections = request.Sections{One: row.s1, Five: row.s5, Six: row.s6}
		if row.publishedAt.Valid {
			t := ParseTS(row.publishedAt.String)
			rep.PublishedAt, rep.PublishedBy = &t, row.publishedBy
		}
	}
	docs, err := s.AnnualDocCounts(ctx, year)
	if err != nil {
		return rep, err
	}
	rep.Table2.Rules = request.DocRow{Made: docs.RulesMade, Repealed: docs.RulesRepealed, InForce: docs.RulesInForce}
	rep.Table2.Normative = request.DocRow{Made: docs.NormativeMade, Repealed: docs.NormativeRepealed, InForce: docs.NormativeInForce}
	buckets, err := s.AnnualBuckets(ctx, year)
	if err != nil {
		return rep, err
	}
	if rep.Table3, err = request.ComputeTable3(buckets); err != nil {
		return rep, err
	}
	cases, err := s.CaseBuckets(ctx, year)
	if err != nil {
		return rep, err
	}
	rep.Table4 = request.ComputeTable4(cases)
	rep.RunCheck()
	return rep, nil
}

// PublishedAnnualReport returns the snapshot published for a year.
func (s *Store) PublishedAnnualReport(ctx context.Context, year int) (request.AnnualReport, error) {
	row, ok, err := s.reportRow(ctx, year)
	if err != nil {
		return request.AnnualReport{}, err
	}
	if !ok || !row.publishedAt.Valid || row.snapshot == "" {
		return request.AnnualReport{}, gongkai.Errorf(gongkai.ENOTFOUND, "%d年度信息公开工作年度报告尚未发布", year)
	}
	var rep request.AnnualReport
	if err := json.Unmarshal([]byte(row.snapshot), &rep); err != nil {
		return rep, fmt.Errorf("store: annual report %d snapshot: %w", year, err)
	}
	return rep, nil
}

// ReportEdit is what the console edits: the hand-entered rows of table 二
// and the narrative sections.
type ReportEdit struct {
	Permits, Penalties, Enforcement int
	FeesWan                         string
	Sections                        request.Sections
}

// SaveAnnualReport stores the edited parts of a year's report.
func (s *Store) SaveAnnualReport(ctx context.Context, a auth.Actor, year int, e ReportEdit) error {
	if e.Permits < 0 || e.Penalties < 0 || e.Enforcement < 0 {
		return gongkai.Errorf(gongkai.EINVALID, "处理决定数量不能为负数")
	}
	e.FeesWan = strings.TrimSpace(e.FeesWan)
	if e.FeesWan != "" && !feesRe.MatchString(e.FeesWan) {
		return gongkai.Errorf(gongkai.EINVALID, "行政事业性收费金额应为数字（单位：万元，最多4位小数），例如 12.5")
	}
	for _, t := range []string{e.Sections.One, e.Sections.Five, e.Sections.Six} {
		if len([]rune(t)) > 20000 {
			return gongkai.Errorf(gongkai.ETOOLARGE, "每部分正文最多20000字")
		}
	}
	t2, err := json.Marshal(request.Table2{Permits: e.Permits, Penalties: e.Penalties, Enforcement: e.Enforcement, FeesWan: e.FeesWan})
	if err != nil {
		return fmt.Errorf("store: table2: %w", err)
	}
	return s.InTx(ctx, func(tx *Tx) error {
		var published sql.NullString
		err := tx.QueryRow(ctx, `SELECT published_at FROM annual_reports WHERE year = ?`, year).Scan(&published)
		if err != nil && err != sql.ErrNoRows {
			return fmt.Errorf("store: annual report: %w", err)
		}
		if published.Valid {
			return gongkai.Errorf(gongkai.ECONFLICT, "%d年度报告已发布，不能再修改", year)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO annual_reports (year, table2_json, section1, section5, section6, updated_at) VALUES (?, ?, ?, ?, ?, ?)
			ON CONFLICT (year) DO UPDATE SET table2_json = excluded.table2_json, section1 = excluded.section1, section5 = excluded.section5,
			section6 = excluded.section6, updated_at = excluded.updated_at`,
			year, string(t2), e.Sections.One, e.Sections.Five, e.Sections.Six, TS(tx.Now)); err != nil {
			return fmt.Errorf("store: save annual report: %w", err)
		}
		return tx.Audit(ctx, a, "update", "annual_report", year, fmt.Sprintf("编辑%d年度信息公开工作年度报告", year), nil, string(t2))
	})
}

// PublishAnnualReport checks the report and publishes a snapshot; a report
// that breaks the cross-check is refused with the broken rules.
func (s *Store) PublishAnnualReport(ctx context.Context, a auth.Actor, year int) (request.AnnualReport, error) {
	rep, err := s.AnnualReport(ctx, year)
	if err != nil {
		return rep, err
	}
	if !rep.Check.OK {
		return rep, gongkai.Errorf(gongkai.EINVALID, "年度报告未通过勾稽关系校验，不能发布：%s", strings.Join(rep.Check.Errors, "；"))
	}
	if rep.PublishedAt != nil {
		return rep, gongkai.Errorf(gongkai.ECONFLICT, "%d年度报告已于 %s 发布", year, rep.PublishedAt.Format("2006-01-02"))
	}
	now := s.Now().UTC()
	rep.PublishedAt, rep.PublishedBy = &now, a.Login
	snap, err := json.Marshal(rep)
	if err != nil {
		return rep, fmt.Errorf("store: snapshot: %w", err)
	}
	err = s.InTx(ctx, func(tx *Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO annual_reports (year, updated_at) VALUES (?, ?) ON CONFLICT (year) DO NOTHING`, year, TS(tx.Now)); err != nil {
			return fmt.Errorf("store: publish: %w", err)
		}
		if _, err := tx.gatePublic(ctx, disclosure.ItemAnnualReport, int64(year), "publish", fmt.Sprintf("%d年度报告不能发布", year)); err != nil {
			return err
		}
		if err := tx.Guarded(ctx, `UPDATE annual_reports SET published_at = ?, published_by = ?, snapshot = ?, updated_at = ? WHERE year = ? AND published_at IS NULL`,
			TS(now), a.Login, string(snap), TS(tx.Now), year); err != nil {
			return err
		}
		if err := tx.BumpPortal(ctx); err != nil { // the portal's 信息公开年报 column lists it
			return err
		}
		return tx.Audit(ctx, a, "publish", "annual_report", year, fmt.Sprintf("发布%d年度信息公开工作年度报告", year), nil, nil)
	})
	return rep, s.auditRefused(ctx, a, err)
}

// PublishedReportYears lists the years with a published report, newest first.
func (s *Store) PublishedReportYears(ctx context.Context) ([]int, error) {
	rows, err := s.query(ctx, `SELECT year FROM annual_reports WHERE published_at IS NOT NULL ORDER BY year DESC`)
	if err != nil {
		return nil, fmt.Errorf("store: report years: %w", err)
	}
	defer rows.Close()
	var out []int
	for rows.Next() {
		var y int
		if err := rows.Scan(&y); err != nil {
			return nil, err
		}
		out = append(out, y)
	}
	return out, rows.Err()
}

var feesRe = regexp.MustCompile(`^\d{1,9}(\.\d{1,4})?$`)
