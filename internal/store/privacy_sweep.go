package store

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"gongkai/internal/auth"
	"gongkai/internal/disclosure"
	"gongkai/internal/institution"
	"gongkai/internal/notify"
	"gongkai/internal/scan"
)

// The daily privacy sweep (隐私巡查): everything public is scanned again,
// as it is shown — published documents with their public interpretations
// and attachments, published messages and replies and approved comments
// (masked), open and past consultations, feedback reports, published
// policy evaluations and annual reports. The gate stops what is found
// before publication; the sweep finds what got through before the gate
// existed, what a new sensitive word now matches, and anything a new rule
// of the scanner catches. Each finding is kept with the page address where
// it shows (privacy_findings); a new one notifies the office once (the
// notification key is the finding's), one that is gone is marked resolved.

// PrivacyFinding is one finding of the sweep.
type PrivacyFinding struct {
	ID          int64
	Item        disclosure.ItemKind
	ItemID      int64
	Fingerprint string
	Title       string
	Source      string
	FieldLabel  string
	Kind        string
	Label       string
	Masked      string
	Message     string
	Blocking    bool   // 必须修改; otherwise a warning (疑似身份证号)
	Page        string // the public address where it shows: /docs/123, /messages/45
	AdminLink   string // where the office acts on it
	FirstSeen   time.Time
	LastSeen    time.Time
	Resolved    time.Time // zero while it stands
}

// SweepResult counts what a sweep did.
type SweepResult struct {
	Items    int // public items scanned
	Findings int // findings standing now
	New      int // first seen in this sweep
	Resolved int // gone since the last sweep
}

// MaxSweepNotifications caps the notifications of one sweep; the rest are
// summed up in one more.
const MaxSweepNotifications = 50

// sweepFinding is a finding with where it shows.
type sweepFinding struct {
	item  disclosure.ItemKind
	id    int64
	title string
	page  string
	admin string
	f     disclosure.Finding
}

// recorded says whether the sweep keeps a finding: personal data and
// sensitive words (and unreadable attachments) that are not dismissed;
// suspected ID numbers as warnings; not the form of document numbers and
// dates, nor missing elements.
func recorded(f disclosure.Finding) bool {
	if f.Dismissed {
		return false
	}
	switch scan.Kind(f.Kind) {
	case scan.KindDocNumber, scan.KindDateFormat, scan.KindMissingElement:
		return false
	case scan.KindSuspectedID:
		return true
	}
	return f.Blocking
}

// SweepPrivacy scans everything public and records the findings.
func (s *Store) SweepPrivacy(ctx context.Context) (SweepResult, error) {
	var res SweepResult
	var found []sweepFinding
	add := func(item disclosure.ItemKind, id int64, title, page, admin string, fs []disclosure.Finding) {
		res.Items++
		for _, f := range fs {
			if recorded(f) {
				found = append(found, sweepFinding{item: item, id: id, title: title, page: sourcePage(page, f.Source), admin: admin, f: f})
			}
		}
	}
	// Documents, with their public interpretations and attachments.
	ids, err := collect(ctx, s, scanID, `SELECT id FROM documents WHERE status = 'published' ORDER BY id`)
	if err != nil {
		return res, err
	}
	for _, id := range ids {
		if err := ctx.Err(); err != nil {
			return res, err
		}
		d, err := s.Document(ctx, id)
		if err != nil {
			return res, err
		}
		rep, err := s.docReport(ctx, readQ{s}, d, false)
		if err != nil {
			return res, err
		}
		held := map[string]bool{}
		for _, src := range rep.Held {
			held[src] = true
		}
		var fs []disclosure.Finding
		for _, f := range rep.Findings {
			if !held[f.Source] {
				fs = append(fs, f)
			}
		}
		page := disclosure.DocumentURL(id)
		add(disclosure.ItemDocument, id, d.Title, page, fmt.Sprintf("/admin/docs/d/%d", id), fs)
	}
	// Citizens' items, as shown (masked), and the office's pages.
	type ref struct {
		item        disclosure.ItemKind
		q           string
		page, admin func(id, parent int64) string
	}
	refs := []ref{
		{disclosure.ItemMessage, `SELECT id, 0 FROM messages WHERE status = 'published' ORDER BY id`,
			func(id, _ int64) string { return "/messages/" + strconv.FormatInt(id, 10) },
			func(id, _ int64) string { return "/admin/participation/messages/" + strconv.FormatInt(id, 10) }},
		{disclosure.ItemComment, `SELECT id, consultation_id FROM consultation_comments WHERE status = 'approved' ORDER BY id`,
			func(id, c int64) string {
				return "/consultations/" + strconv.FormatInt(c, 10) + "#comment-" + strconv.FormatInt(id, 10)
			},
			func(_, c int64) string { return "/admin/participation/consultations/" + strconv.FormatInt(c, 10) }},
		{disclosure.ItemConsultation, `SELECT id, 0 FROM consultations WHERE status <> 'draft' ORDER BY id`,
			func(id, _ int64) string { return "/consultations/" + strconv.FormatInt(id, 10) },
			func(id, _ int64) string { return "/admin/participation/consultations/" + strconv.FormatInt(id, 10) }},
		{disclosure.ItemFeedback, `SELECT id, 0 FROM consultations WHERE status = 'published' ORDER BY id`,
			func(id, _ int64) string { return "/consultations/" + strconv.FormatInt(id, 10) + "#feedback" },
			func(id, _ int64) string { return "/admin/participation/consultations/" + strconv.FormatInt(id, 10) }},
		{disclosure.ItemEvaluation, `SELECT id, 0 FROM policy_evaluations WHERE published_on IS NOT NULL ORDER BY id`,
			func(id, _ int64) string { return "/evaluations#evaluation-" + strconv.FormatInt(id, 10) },
			func(int64, int64) string { return "/admin/participation/evaluations" }},
		{disclosure.ItemAnnualReport, `SELECT year, 0 FROM annual_reports WHERE published_at IS NOT NULL ORDER BY year`,
			func(y, _ int64) string { return "/annual-reports/" + strconv.FormatInt(y, 10) },
			func(y, _ int64) string { return "/admin/reports/annual/" + strconv.FormatInt(y, 10) }},
		{disclosure.ItemInstitution, `SELECT id, 0 FROM institutions WHERE status = 'published' ORDER BY id`,
			func(id, _ int64) string { return institution.URL(id) },
			func(id, _ int64) string { return "/admin/institutions/" + strconv.FormatInt(id, 10) }},
	}
	for _, r := range refs {
		rows, err := s.query(ctx, r.q)
		if err != nil {
			return res, fmt.Errorf("store: sweep %s: %w", r.item, err)
		}
		var pairs [][2]int64
		for rows.Next() {
			var p [2]int64
			if err := rows.Scan(&p[0], &p[1]); err != nil {
				rows.Close()
				return res, err
			}
			pairs = append(pairs, p)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return res, s.translate(err)
		}
		for _, p := range pairs {
			if err := ctx.Err(); err != nil {
				return res, err
			}
			pc, err := s.sweepCheck(ctx, r.item, p[0])
			if err != nil {
				return res, err
			}
			add(r.item, p[0], pc.Title, r.page(p[0], p[1]), r.admin(p[0], p[1]), pc.Findings)
		}
	}
	res.Findings = len(found)
	err = s.InTx(ctx, func(tx *Tx) error {
		now := TS(tx.Now)
		var fresh []sweepFinding
		for _, x := range found {
			f := x.f
			n, err := tx.Exec(ctx, `UPDATE privacy_findings SET last_seen = ?, resolved_at = NULL, title = ?, page = ?, admin_link = ?, field_label = ?, masked = ?, message = ?, blocking = ?
				WHERE item_kind = ? AND item_id = ? AND fingerprint = ?`,
				now, x.title, x.page, x.admin, f.FieldLabel, f.Masked, f.Message, f.Blocking, string(x.item), x.id, f.Fingerprint)
			if err != nil {
				return fmt.Errorf("store: sweep update: %w", err)
			}
			if k, _ := n.RowsAffected(); k == 1 {
				continue
			}
			if _, err := tx.Exec(ctx, `INSERT INTO privacy_findings (item_kind, item_id, fingerprint, title, source, field_label, kind, label, masked, message, blocking, page, admin_link, first_seen, last_seen)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				string(x.item), x.id, f.Fingerprint, x.title, f.Source, f.FieldLabel, f.Kind, f.Label, f.Masked, f.Message, f.Blocking, x.page, x.admin, now, now); err != nil {
				return fmt.Errorf("store: sweep insert: %w", err)
			}
			fresh = append(fresh, x)
		}
		res.New = len(fresh)
		r, err := tx.Exec(ctx, `UPDATE privacy_findings SET resolved_at = ? WHERE resolved_at IS NULL AND last_seen < ?`, now, now)
		if err != nil {
			return fmt.Errorf("store: sweep resolve: %w", err)
		}
		k, _ := r.RowsAffected()
		res.Resolved = int(k)
		for i, x := range fresh {
			if i == MaxSweepNotifications {
				if _, err := tx.Notify(ctx, notify.Notification{Key: "privacy:sweep:" + now, Role: auth.RoleOffice, Level: "warn",
					Title: fmt.Sprintf("隐私巡查另发现 %d 处问题", len(fresh)-MaxSweepNotifications), Body: "请在“隐私巡查”列表中逐项处理。", Link: "/admin/privacy"}); err != nil {
					return err
				}
				break
			}
			level := "warn"
			if !x.f.Blocking {
				level = "info"
			}
			if _, err := tx.Notify(ctx, notify.Notification{Key: fmt.Sprintf("privacy:%s:%d:%s", x.item, x.id, x.f.Fingerprint), Role: auth.RoleOffice, Level: level,
				Title: fmt.Sprintf("隐私巡查：%s“%s”中有%s（%s）", x.item.Label(), x.title, x.f.Label, x.f.Masked),
				Body:  fmt.Sprintf("页面 %s，%s：%s", x.page, x.f.FieldLabel, x.f.Message), Link: x.admin}); err != nil {
				return err
			}
		}
		if res.New > 0 || res.Resolved > 0 {
			return tx.Audit(ctx, auth.System, "privacy_sweep", "privacy_findings", "",
				fmt.Sprintf("隐私巡查：检查 %d 项公开内容，发现 %d 处问题（新增 %d，已消除 %d）", res.Items, res.Findings, res.New, res.Resolved), nil, nil)
		}
		return nil
	})
	return res, err
}

// sweepCheck is publicCheck on what the portal shows now: for citizens'
// items the stored public text (masked again), for a feedback report also
// its published summary.
func (s *Store) sweepCheck(ctx context.Context, item disclosure.ItemKind, id int64) (PublicCheck, error) {
	pc := PublicCheck{Item: item, ItemID: id}
	title, raw, err := itemTexts(ctx, s, readQ{s}, item, id)
	if err != nil {
		return pc, err
	}
	if item == disclosure.ItemInstitution { // the public version, not a change waiting for review
		p, err := s.PublicInstitutionByID(ctx, id)
		if err != nil {
			return pc, err
		}
		title, raw = p.Record.Name, institution.Texts(p.Record)
	}
	if item.Citizens() {
		pub, err := s.publicTextsOf(ctx, item, []int64{id})
		if err != nil {
			return pc, err
		}
		for i := range raw {
			raw[i].Text = publicText(pub[id], raw[i].Source+"/"+raw[i].Field, raw[i].Text)
		}
		if item == disclosure.ItemMessage {
			title = scan.MaskPersonal(title)
		}
	}
	if item == disclosure.ItemFeedback {
		var summary string
		if err := s.queryRow(ctx, `SELECT feedback_summary FROM consultations WHERE id = ?`, id).Scan(&summary); err != nil {
			return pc, fmt.Errorf("store: feedback summary: %w", s.translate(err))
		}
		raw = append(raw, disclosure.Text{Source: "feedback", Field: "summary", FieldLabel: "总体说明", Text: summary})
	}
	words, err := sensitiveWords(ctx, s, readQ{s})
	if err != nil {
		return pc, err
	}
	if pc.Dismissals, err = s.Dismissals(ctx, item, id); err != nil {
		return pc, err
	}
	pc.Title, pc.Texts = title, raw
	pc.Findings = disclosure.ApplyDismissals(disclosure.ScanTexts(item, id, raw, words), pc.Dismissals)
	return pc, nil
}

// PrivacyFindings lists the sweep's findings, standing ones first (all of
// them when openOnly is false), newest first.
func (s *Store) PrivacyFindings(ctx context.Context, openOnly bool, limit int) ([]PrivacyFinding, error) {
	q := `SELECT id, item_kind, item_id, fingerprint, title, source, field_label, kind, label, masked, message, blocking, page, admin_link,
		first_seen, last_seen, COALESCE(resolved_at, '') FROM privacy_findings`
	if openOnly {
		q += ` WHERE resolved_at IS NULL`
	}
	if limit <= 0 || limit > 5000 {
		limit = 1000
	}
	q += fmt.Sprintf(` ORDER BY CASE WHEN resolved_at IS NULL THEN 0 ELSE 1 END, first_seen DESC, id DESC LIMIT %d`, limit)
	return collect(ctx, s, func(sc interface{ Scan(...any) error }) (PrivacyFinding, error) {
		var p PrivacyFinding
		var item, first, last, resolved string
		err := sc.Scan(&p.ID, &item, &p.ItemID, &p.Fingerprint, &p.Title, &p.Source, &p.FieldLabel, &p.Kind, &p.Label, &p.Masked, &p.Message, &p.Blocking,
			&p.Page, &p.AdminLink, &first, &last, &resolved)
		p.Item, p.FirstSeen, p.LastSeen, p.Resolved = disclosure.ItemKind(item), ParseTS(first), ParseTS(last), ParseTS(resolved)
		return p, err
	}, q)
}

// sourcePage adds the anchor of an interpretation to a document's page.
func sourcePage(page, source string) string {
	if id, ok := strings.CutPrefix(source, "interpretation:"); ok {
		return page + "#interp-" + id
	}
	return page
}

// PrivacySweepJob is the job name of the daily sweep.
const PrivacySweepJob = "privacy-sweep"

// JobLastRun returns when the named job last ran and its error, if any
// (zero time: never).
func (s *Store) JobLastRun(ctx context.Context, name string) (time.Time, string, error) {
	var at, msg string
	err := s.queryRow(ctx, `SELECT last_run_at, last_error FROM job_runs WHERE name = ?`, name).Scan(&at, &msg)
	if IsNotFound(s.translate(err)) {
		return time.Time{}, "", nil
	}
	if err != nil {
		return time.Time{}, "", fmt.Errorf("store: job %s: %w", name, s.translate(err))
	}
	return ParseTS(at), msg, nil
}
