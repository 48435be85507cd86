package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"gongkai"
	"gongkai/internal/auth"
	"gongkai/internal/inspect"
	"gongkai/internal/notify"
	"gongkai/internal/workday"
)

// ProbeKeep is how long probe results are kept.
const ProbeKeep = 90 * 24 * time.Hour

// RecordProbe stores one probe of the public address and drops probes
// older than ProbeKeep.
func (s *Store) RecordProbe(ctx context.Context, p inspect.Probe) error {
	if len(p.Error) > 500 {
		p.Error = p.Error[:500]
	}
	return s.InTx(ctx, func(tx *Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO site_probes (at, ok, status, millis, error) VALUES (?, ?, ?, ?, ?)`,
			TS(p.At), p.OK, p.Status, p.Millis, strings.ToValidUTF8(p.Error, "")); err != nil {
			return fmt.Errorf("store: record probe: %w", err)
		}
		_, err := tx.Exec(ctx, `DELETE FROM site_probes WHERE at < ?`, TS(p.At.Add(-ProbeKeep)))
		return err
	})
}

// Probes returns the probes since since, oldest first, and the time of the
// first probe ever kept (zero when none).
func (s *Store) Probes(ctx context.Context, since time.Time) ([]inspect.Probe, error) {
	out, err := collect(ctx, s, func(sc interface{ Scan(...any) error }) (inspect.Probe, error) {
		var p inspect.Probe
		var at string
		err := sc.Scan(&at, &p.OK, &p.Status, &p.Millis, &p.Error)
		p.At = ParseTS(at)
		return p, err
	}, `SELECT at, ok, status, millis, error FROM site_probes WHERE at >= ? ORDER BY at`, TS(since))
	if err != nil {
		return nil, fmt.Errorf("store: probes: %w", err)
	}
	return out, nil
}

// FirstProbe is when the oldest kept probe ran (zero when none).
func (s *Store) FirstProbe(ctx context.Context) (time.Time, error) {
	var v *string
	if err := s.queryRow(ctx, `SELECT MIN(at) FROM site_probes`).Scan(&v); err != nil {
		return time.Time{}, fmt.Errorf("store: first probe: %w", s.translate(err))
	}
	if v == nil {
		return time.Time{}, nil
	}
	return ParseTS(*v), nil
}

// SiteInspectionSummary is one stored inspection, for the history.
type SiteInspectionSummary struct {
	ID          int64
	InspectedAt time.Time
	Passed      bool
	Vetoes      []inspect.Code
	Failures    int
	Base        string
	Trigger     string
}

// VetoLabels are the labels of the failed veto items.
func (s SiteInspectionSummary) VetoLabels() string {
	var out []string
	for _, c := range s.Vetoes {
		out = append(out, inspect.Def(c).Label)
	}
	return strings.Join(out, "、")
}

// SaveInspection stores a report and notifies the office of each failed
// single-veto item (once a day per item), audited.
func (s *Store) SaveInspection(ctx context.Context, a auth.Actor, rep inspect.Report, base, trigger string) (int64, error) {
	b, err := json.Marshal(rep)
	if err != nil {
		return 0, fmt.Errorf("store: inspection json: %w", err)
	}
	var codes []string
	for _, c := range rep.Vetoes {
		codes = append(codes, string(c))
	}
	var id int64
	err = s.InTx(ctx, func(tx *Tx) error {
		id, err = tx.Insert(ctx, `INSERT INTO site_inspections (inspected_at, passed, vetoes, failures, base, trigger_by, report) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			TS(rep.InspectedAt), rep.Passed, strings.Join(codes, ","), rep.Failures(), base, trigger, string(b))
		if err != nil {
			return fmt.Errorf("store: save inspection: %w", err)
		}
		day := workday.DateOf(rep.InspectedAt).String()
		for _, c := range rep.Vetoes {
			it := rep.Item(c)
			var lines []string
			for i, f := range it.Findings {
				if i == 5 {
					lines = append(lines, fmt.Sprintf("……共 %d 条", len(it.Findings)))
					break
				}
				lines = append(lines, strings.TrimSpace(f.URL+" "+f.Detail))
			}
			if _, err := tx.Notify(ctx, notify.Notification{Key: "inspect:" + day + ":" + string(c), Role: auth.RoleOffice, Level: "alert",
				Title: "网站自查：" + it.Label + "（单项否决）不合格", Body: strings.Join(lines, "\n"), Link: fmt.Sprintf("/admin/inspect/%d", id)}); err != nil {
				return err
			}
		}
		summary := "网站自查：合格"
		if !rep.Passed {
			var labels []string
			for _, c := range rep.Vetoes {
				labels = append(labels, inspect.Def(c).Label)
			}
			summary = "网站自查：不合格（" + strings.Join(labels, "、") + "）"
		}
		return tx.Audit(ctx, a, "inspect", "inspection", id, summary, nil, map[string]any{"passed": rep.Passed, "vetoes": codes, "base": base, "trigger": trigger})
	})
	return id, err
}

const siteInspectionCols = `id, inspected_at, passed, vetoes, failures, base, trigger_by`

func scanSiteInspection(sc interface{ Scan(...any) error }) (SiteInspectionSummary, error) {
	var x SiteInspectionSummary
	var at, vetoes string
	err := sc.Scan(&x.ID, &at, &x.Passed, &vetoes, &x.Failures, &x.Base, &x.Trigger)
	x.InspectedAt = ParseTS(at)
	for _, v := range strings.Split(vetoes, ",") {
		if v != "" {
			x.Vetoes = append(x.Vetoes, inspect.Code(v))
		}
	}
	return x, err
}

// SiteInspections lists the newest stored site_inspections.
func (s *Store) SiteInspections(ctx context.Context, limit int) ([]SiteInspectionSummary, error) {
	if limit <= 0 || limit > 1000 {
		limit = 100
	}
	out, err := collect(ctx, s, scanSiteInspection, fmt.Sprintf(`SELECT %s FROM site_inspections ORDER BY inspected_at DESC, id DESC LIMIT %d`, siteInspectionCols, limit))
	if err != nil {
		return nil, fmt.Errorf("store: site_inspections: %w", err)
	}
	return out, nil
}

// SiteInspection returns a stored inspection with its report.
func (s *Store) SiteInspection(ctx context.Context, id int64) (SiteInspectionSummary, inspect.Report, error) {
	var rep inspect.Report
	var raw string
	sum, err := scanSiteInspection(s.queryRow(ctx, `SELECT `+siteInspectionCols+` FROM site_inspections WHERE id = ?`, id))
	if err != nil {
		return sum, rep, fmt.Errorf("store: inspection %d: %w", id, s.translate(err))
	}
	if err := s.queryRow(ctx, `SELECT report FROM site_inspections WHERE id = ?`, id).Scan(&raw); err != nil {
		return sum, rep, fmt.Errorf("store: inspection %d: %w", id, s.translate(err))
	}
	if err := json.Unmarshal([]byte(raw), &rep); err != nil {
		return sum, rep, fmt.Errorf("store: inspection %d: %w", id, err)
	}
	return sum, rep, nil
}

// SeriousErrors returns the serious-error list.
func (s *Store) SeriousErrors(ctx context.Context) ([]inspect.SeriousEntry, error) {
	out, err := collect(ctx, s, func(sc interface{ Scan(...any) error }) (inspect.SeriousEntry, error) {
		var e inspect.SeriousEntry
		return e, sc.Scan(&e.ID, &e.Wrong, &e.Correct, &e.Note)
	}, `SELECT id, wrong, correct, note FROM serious_errors ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("store: serious errors: %w", err)
	}
	return out, nil
}

// ParseSeriousList reads the list as the office writes it, one entry a
// line: 错误表述 => 正确表述 # 说明 (the arrow part and the note are
// optional; a line without an arrow is a banned formulation).
func ParseSeriousList(text string) ([]inspect.SeriousEntry, error) {
	var out []inspect.SeriousEntry
	seen := map[string]bool{}
	for i, line := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		var e inspect.SeriousEntry
		if k, note, ok := strings.Cut(line, "#"); ok {
			line, e.Note = strings.TrimSpace(k), strings.TrimSpace(note)
		}
		for _, arrow := range []string{"=>", "→", "＝＞"} {
			if w, c, ok := strings.Cut(line, arrow); ok {
				line, e.Correct = w, strings.TrimSpace(c)
				break
			}
		}
		e.Wrong = strings.TrimSpace(line)
		switch {
		case e.Wrong == "":
			return nil, gongkai.Errorf(gongkai.EINVALID, "第 %d 行没有错误表述，请写成“错误表述 => 正确表述 # 说明”", i+1)
		case utf8.RuneCountInString(e.Wrong) < 2:
			return nil, gongkai.Errorf(gongkai.EINVALID, "第 %d 行的错误表述“%s”太短（至少 2 个字），会误报", i+1, e.Wrong)
		case utf8.RuneCountInString(e.Wrong) > 100 || utf8.RuneCountInString(e.Correct) > 100 || utf8.RuneCountInString(e.Note) > 200:
			return nil, gongkai.Errorf(gongkai.EINVALID, "第 %d 行太长：表述最多 100 个字，说明最多 200 个字", i+1)
		case e.Wrong == e.Correct:
			return nil, gongkai.Errorf(gongkai.EINVALID, "第 %d 行的错误表述与正确表述相同", i+1)
		case seen[e.Wrong]:
			return nil, gongkai.Errorf(gongkai.EINVALID, "第 %d 行的“%s”重复", i+1, e.Wrong)
		}
		seen[e.Wrong] = true
		out = append(out, e)
	}
	if len(out) > 2000 {
		return nil, gongkai.Errorf(gongkai.EINVALID, "严重表述错误清单最多 2000 条，现有 %d 条", len(out))
	}
	return out, nil
}

// FormatSeriousList writes the list in the form ParseSeriousList reads.
func FormatSeriousList(list []inspect.SeriousEntry) string {
	var b strings.Builder
	for _, e := range list {
		b.WriteString(e.Wrong)
		if e.Correct != "" {
			b.WriteString(" => " + e.Correct)
		}
		if e.Note != "" {
			b.WriteString(" # " + e.Note)
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// SetSeriousErrors replaces the serious-error list, audited.
func (s *Store) SetSeriousErrors(ctx context.Context, a auth.Actor, list []inspect.SeriousEntry) error {
	before, err := s.SeriousErrors(ctx)
	if err != nil {
		return err
	}
	return s.InTx(ctx, func(tx *Tx) error {
		if _, err := tx.Exec(ctx, `DELETE FROM serious_errors`); err != nil {
			return err
		}
		for _, e := range list {
			if _, err := tx.Exec(ctx, `INSERT INTO serious_errors (wrong, correct, note, created_at, created_by) VALUES (?, ?, ?, ?, ?)`,
				e.Wrong, e.Correct, e.Note, TS(tx.Now), a.Login); err != nil {
				return err
			}
		}
		return tx.Audit(ctx, a, "update", "serious_errors", "", fmt.Sprintf("修改严重表述错误清单（%d 条）", len(list)), FormatSeriousList(before), FormatSeriousList(list))
	})
}
