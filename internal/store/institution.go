package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"gongkai"
	"gongkai/internal/auth"
	"gongkai/internal/disclosure"
	"gongkai/internal/institution"
	"gongkai/internal/notify"
	"gongkai/internal/workday"
)

// The registry of private schools and training institutions. Every change
// is a revision (form or import), pending until the confidentiality
// reviewer — never its author — passes it through the publication gate
// (findings graded 必须修改 stand until fixed or dismissed by the
// reviewer); only then does the portal show it. institutions holds the
// public version; institution_revisions the history.

// Revision is one version of an institution as entered.
type Revision struct {
	ID            int64
	InstitutionID int64
	Status        string // pending, passed, returned, superseded
	Record        institution.Record
	Source        string // 表单, or the imported file's name
	Changes       []institution.Change
	AuthorID      int64
	Author        string
	Created       time.Time
	ReviewerID    int64
	Reviewer      string
	Reviewed      time.Time
	Note          string
}

// StatusLabel names the revision's state in Chinese.
func (r Revision) StatusLabel() string {
	switch r.Status {
	case "pending":
		return "待审核"
	case "passed":
		return "审核通过，已公开"
	case "returned":
		return "已退回"
	case "superseded":
		return "已被后续修改取代"
	}
	return r.Status
}

// ChangesLabel lists what the revision changed, or says it is the first
// registration.
func (r Revision) ChangesLabel() string {
	first := false // the name is required: a change that gives one from nothing is the registration
	labels := make([]string, 0, len(r.Changes))
	for _, c := range r.Changes {
		first = first || c.Field == "name" && c.Before == ""
		labels = append(labels, c.Label)
	}
	if first && len(r.Changes) > 0 {
		return fmt.Sprintf("新登记（%d 项）", len(r.Changes))
	}
	return strings.Join(labels, "、")
}

// Institution is an institution with its public version and the change
// waiting for review, if any.
type Institution struct {
	ID          int64
	Kind        institution.Kind
	Status      institution.Status
	Version     int
	Public      institution.Record // the passed version (zero when never passed)
	PublishedAt time.Time
	// Last is the latest revision; Pending is it when it waits for review.
	Last    *Revision
	Pending *Revision
}

// Latest is what the office last entered: the pending or returned change,
// else the public version.
func (i Institution) Latest() institution.Record {
	if i.Last != nil && (i.Last.Status == "pending" || i.Last.Status == "returned") {
		return i.Last.Record
	}
	if i.Version > 0 || i.Last == nil {
		r := i.Public
		r.Kind = i.Kind
		return r
	}
	return i.Last.Record
}

// Name is the latest name.
func (i Institution) Name() string { return i.Latest().Name }

// Summary is the institution for the alarms (its latest data).
func (i Institution) Summary() institution.Summary {
	return institution.Summary{ID: i.ID, Status: i.Status, Record: i.Latest()}
}

const revisionCols = `r.id, r.institution_id, r.status, r.data, r.source, r.changes, COALESCE(r.author_id, 0), r.author_login, r.created_at,
	COALESCE(r.reviewer_id, 0), r.reviewer_login, COALESCE(r.reviewed_at, ''), r.review_note`

func scanRevision(sc interface{ Scan(...any) error }) (Revision, error) {
	var r Revision
	var data, changes, created, reviewed string
	if err := sc.Scan(&r.ID, &r.InstitutionID, &r.Status, &data, &r.Source, &changes, &r.AuthorID, &r.Author, &created,
		&r.ReviewerID, &r.Reviewer, &reviewed, &r.Note); err != nil {
		return r, err
	}
	r.Created, r.Reviewed = ParseTS(created), ParseTS(reviewed)
	if err := json.Unmarshal([]byte(data), &r.Record); err != nil {
		return r, fmt.Errorf("store: revision %d data: %w", r.ID, err)
	}
	_ = json.Unmarshal([]byte(changes), &r.Changes)
	return r, nil
}

const institutionCols = `i.id, i.kind, i.status, i.version, i.data, COALESCE(i.published_at, '')`

func scanInstitution(sc interface{ Scan(...any) error }) (Institution, error) {
	var i Institution
	var kind, status, data, published string
	if err := sc.Scan(&i.ID, &kind, &status, &i.Version, &data, &published); err != nil {
		return i, err
	}
	i.Kind, i.Status, i.PublishedAt = institution.Kind(kind), institution.Status(status), ParseTS(published)
	if i.Version > 0 {
		if err := json.Unmarshal([]byte(data), &i.Public); err != nil {
			return i, fmt.Errorf("store: institution %d data: %w", i.ID, err)
		}
	}
	return i, nil
}

// loadInstitution reads an institution with its pending revision.
func loadInstitution(ctx context.Context, s *Store, q querier, id int64) (Institution, error) {
	i, err := scanInstitution(q.QueryRow(ctx, `SELECT `+institutionCols+` FROM institutions i WHERE i.id = ?`, id))
	if err != nil {
		return i, fmt.Errorf("store: institution %d: %w", id, s.translateNotFound(err, "该机构不存在"))
	}
	r, err := scanRevision(q.QueryRow(ctx, `SELECT `+revisionCols+` FROM institution_revisions r WHERE r.institution_id = ? ORDER BY r.id DESC LIMIT 1`, id))
	switch {
	case err == nil:
		i.setLast(&r)
	case !IsNotFound(s.translate(err)):
		return i, fmt.Errorf("store: institution %d revision: %w", id, s.translate(err))
	}
	return i, nil
}

func (i *Institution) setLast(r *Revision) {
	i.Last = r
	if r != nil && r.Status == "pending" {
		i.Pending = r
	}
}

// Institution returns an institution with its pending change.
func (s *Store) Institution(ctx context.Context, id int64) (Institution, error) {
	return loadInstitution(ctx, s, readQ{s}, id)
}

// InstitutionFilter selects institutions for the console.
type InstitutionFilter struct {
	Kind        institution.Kind
	PendingOnly bool
}

// Institutions lists institutions for the console, with their pending
// changes, by kind and name.
func (s *Store) Institutions(ctx context.Context, f InstitutionFilter) ([]Institution, error) {
	where := ` FROM institutions i WHERE 1 = 1`
	var args []any
	if f.Kind != "" {
		where += ` AND i.kind = ?`
		args = append(args, string(f.Kind))
	}
	if f.PendingOnly {
		where += ` AND EXISTS (SELECT 1 FROM institution_revisions r WHERE r.institution_id = i.id AND r.status = 'pending')`
	}
	list, err := collect(ctx, s, scanInstitution, `SELECT `+institutionCols+where+` ORDER BY i.kind, i.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: institutions: %w", err)
	}
	last, err := collect(ctx, s, scanRevision, `SELECT `+revisionCols+` FROM institution_revisions r
		WHERE r.id IN (SELECT (SELECT MAX(x.id) FROM institution_revisions x WHERE x.institution_id = i.id)`+where+`)`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: latest revisions: %w", err)
	}
	by := map[int64]*Revision{}
	for k := range last {
		by[last[k].InstitutionID] = &last[k]
	}
	for k := range list {
		list[k].setLast(by[list[k].ID])
	}
	return list, nil
}

// InstitutionRevisions lists the versions of an institution, newest first.
func (s *Store) InstitutionRevisions(ctx context.Context, id int64) ([]Revision, error) {
	return collect(ctx, s, scanRevision, `SELECT `+revisionCols+` FROM institution_revisions r WHERE r.institution_id = ? ORDER BY r.id DESC`, id)
}

// licenceTaken returns the name of another institution that holds licence
// (public, or in a change waiting for review or returned to be fixed), or
// "". On PostgreSQL it first takes a
// transaction lock on the licence number, so two saves of the same number
// (two nodes, or two clerks at once) check one after the other and the
// second sees the first; SQLite's write transactions are serial already.
func (tx *Tx) licenceTaken(ctx context.Context, licence string, self int64) (string, error) {
	if tx.s.Dialect == Postgres {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtext(?))`, "institution licence "+licence); err != nil {
			return "", fmt.Errorf("store: licence lock: %w", tx.s.translate(err))
		}
	}
	var name string
	err := tx.QueryRow(ctx, `SELECT name FROM institutions WHERE licence_no = ? AND id <> ? AND status <> 'withdrawn'
		UNION ALL SELECT r.name FROM institution_revisions r JOIN institutions i ON i.id = r.institution_id
		WHERE r.licence_no = ? AND r.institution_id <> ? AND r.status IN ('pending', 'returned') AND i.status <> 'withdrawn' LIMIT 1`,
		licence, self, licence, self).Scan(&name)
	if IsNotFound(tx.s.translate(err)) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("store: licence check: %w", tx.s.translate(err))
	}
	return name, nil
}

// SaveResult says what saving a change did.
type SaveResult struct {
	ID        int64
	Created   bool
	Unchanged bool // the change equals what is on record: nothing saved
}

// SaveInstitution records a change of an institution (id 0: a new one) by
// a, from source (表单 or a file's name): checked (institution.Normalize, a
// licence number no other institution holds), kept as a pending revision
// that replaces an earlier pending one, the reviewers notified, audited.
// Nothing is public until the reviewer passes it.
func (s *Store) SaveInstitution(ctx context.Context, a auth.Actor, id int64, r institution.Record, source string) (SaveResult, error) {
	if err := institution.MayEdit(a); err != nil {
		return SaveResult{}, err
	}
	if err := institution.Normalize(&r, workday.DateOf(s.Now())); err != nil {
		return SaveResult{}, err
	}
	var res SaveResult
	err := s.InTx(ctx, func(tx *Tx) error {
		var err error
		res, err = tx.saveInstitution(ctx, a, id, r, source)
		return err
	})
	return res, err
}

func (tx *Tx) saveInstitution(ctx context.Context, a auth.Actor, id int64, r institution.Record, source string) (SaveResult, error) {
	res := SaveResult{ID: id}
	var before institution.Record // the public version, which the change is against
	if id != 0 {
		if err := tx.lockRow(ctx, "institutions", id); err != nil {
			return res, err
		}
		cur, err := loadInstitution(ctx, tx.s, tx, id)
		if err != nil {
			return res, err
		}
		if cur.Kind != r.Kind {
			return res, gongkai.Errorf(gongkai.EINVALID, "该机构登记为%s，不能改为%s", cur.Kind.Label(), r.Kind.Label())
		}
		if cur.Version > 0 {
			before = cur.Public
		}
		if cur.Pending != nil && len(institution.Diff(cur.Pending.Record, r)) == 0 {
			res.Unchanged = true // the same change waits for review already
			return res, nil
		}
		if cur.Pending == nil && cur.Version > 0 && len(institution.Diff(cur.Public, r)) == 0 {
			res.Unchanged = true
			return res, nil
		}
	}
	if other, err := tx.licenceTaken(ctx, r.LicenceNo, id); err != nil {
		return res, err
	} else if other != "" {
		return res, &institution.FieldError{Field: "licence_no", Msg: fmt.Sprintf("办学许可证号“%s”已由“%s”使用，一个许可证号只能登记一个机构，请核对", r.LicenceNo, other)}
	}
	changes := institution.Diff(before, r)
	now := TS(tx.Now)
	if id == 0 {
		var err error
		id, err = tx.Insert(ctx, `INSERT INTO institutions (kind, status, created_at, updated_at) VALUES (?, ?, ?, ?)`,
			string(r.Kind), string(institution.StatusDraft), now, now)
		if err != nil {
			return res, fmt.Errorf("store: new institution: %w", err)
		}
		res.ID, res.Created = id, true
	}
	if _, err := tx.Exec(ctx, `UPDATE institution_revisions SET status = 'superseded' WHERE institution_id = ? AND status = 'pending'`, id); err != nil {
		return res, fmt.Errorf("store: supersede: %w", err)
	}
	data, _ := json.Marshal(r)
	ch, _ := json.Marshal(changes)
	revID, err := tx.Insert(ctx, `INSERT INTO institution_revisions (institution_id, status, data, name, licence_no, source, changes, author_id, author_login, created_at)
		VALUES (?, 'pending', ?, ?, ?, ?, ?, ?, ?, ?)`, id, string(data), r.Name, r.LicenceNo, source, string(ch), nullID(a.UserID), a.Login, now)
	if err != nil {
		return res, fmt.Errorf("store: revision: %w", err)
	}
	if err := tx.notifyRole(ctx, auth.RoleReviewer, fmt.Sprintf("inst:%d:rev:%d", id, revID), "待审核："+r.Kind.Label()+"“"+r.Name+"”的登记信息",
		fmt.Sprintf("%d 项修改，来源：%s", len(changes), source), fmt.Sprintf("/admin/institutions/%d", id)); err != nil {
		return res, err
	}
	verb := "修改"
	if res.Created {
		verb = "登记"
	}
	var labels []string
	for _, c := range changes {
		labels = append(labels, c.Label)
	}
	return res, tx.Audit(ctx, a, "update", "institution", id, fmt.Sprintf("%s%s“%s”（%s；待审核）：%s", verb, r.Kind.Label(), r.Name, source, strings.Join(labels, "、")), nil, changes)
}

// InstitutionImport says what an institutions import did.
type InstitutionImport struct {
	Created, Updated, Unchanged int
	Warnings                    []string
}

// ImportInstitutions saves every institution of a workbook as a pending
// change, in one transaction: an institution is matched by its licence
// number (public or pending) or, failing that, its credit code; a list
// sheet absent from the workbook keeps the lists on record. Any refusal
// names the sheet, row and column, and nothing is saved.
func (s *Store) ImportInstitutions(ctx context.Context, a auth.Actor, file string, wb institution.Workbook) (InstitutionImport, error) {
	res := InstitutionImport{Warnings: wb.Warnings}
	if err := institution.MayEdit(a); err != nil {
		return res, err
	}
	today := workday.DateOf(s.Now())
	err := s.InTx(ctx, func(tx *Tx) error {
		res.Created, res.Updated, res.Unchanged = 0, 0, 0
		for _, p := range wb.Institutions {
			id, err := tx.matchInstitution(ctx, p.Record)
			if err != nil {
				return err
			}
			r := p.Record
			if id != 0 {
				if err := tx.lockRow(ctx, "institutions", id); err != nil {
					return err
				}
				cur, err := loadInstitution(ctx, tx.s, tx, id)
				if err != nil {
					return err
				}
				if cur.Kind != r.Kind {
					return p.Locate(file, &institution.FieldError{Field: "licence_no", Msg: fmt.Sprintf("办学许可证号“%s”已登记为%s“%s”，不能作为%s导入", r.LicenceNo, cur.Kind.Label(), cur.Name(), r.Kind.Label())})
				}
				old := cur.Latest()
				if !wb.HasFees {
					r.Fees = old.Fees
				}
				if !wb.HasInspect {
					r.Inspections = old.Inspections
				}
				if !wb.HasSanctions {
					r.Sanctions = old.Sanctions
				}
			}
			if err := institution.Normalize(&r, today); err != nil {
				return p.Locate(file, err)
			}
			sr, err := tx.saveInstitution(ctx, a, id, r, "导入："+file)
			if err != nil {
				return p.Locate(file, err)
			}
			switch {
			case sr.Created:
				res.Created++
			case sr.Unchanged:
				res.Unchanged++
			default:
				res.Updated++
			}
		}
		return tx.Audit(ctx, a, "import", "institution", "", fmt.Sprintf("导入机构登记表 %s：新增 %d、修改 %d、未变 %d（均待审核）", file, res.Created, res.Updated, res.Unchanged), nil, nil)
	})
	return res, err
}

// matchInstitution finds the institution a record is about: by licence
// number, then by credit code; 0 when it is new.
func (tx *Tx) matchInstitution(ctx context.Context, r institution.Record) (int64, error) {
	var id int64
	err := tx.QueryRow(ctx, `SELECT id FROM institutions WHERE licence_no = ? AND status <> 'withdrawn'
		UNION ALL SELECT r.institution_id FROM institution_revisions r JOIN institutions i ON i.id = r.institution_id
		WHERE r.licence_no = ? AND r.status IN ('pending', 'returned') AND i.status <> 'withdrawn' LIMIT 1`, r.LicenceNo, r.LicenceNo).Scan(&id)
	if err == nil {
		return id, nil
	}
	if !IsNotFound(tx.s.translate(err)) {
		return 0, fmt.Errorf("store: match institution: %w", tx.s.translate(err))
	}
	err = tx.QueryRow(ctx, `SELECT id FROM institutions WHERE data LIKE ? AND status <> 'withdrawn' LIMIT 1`, `%"credit_code":"`+r.CreditCode+`"%`).Scan(&id)
	if err == nil {
		return id, nil
	}
	if IsNotFound(tx.s.translate(err)) {
		return 0, nil
	}
	return 0, fmt.Errorf("store: match institution: %w", tx.s.translate(err))
}

// ReviewInstitution is the reviewer's decision on the pending change of
// an institution: pass publishes it — refused while a finding graded
// 必须修改 stands over its text (the publication gate) — and return sends
// it back with the reason. Never by its author (审写分离). Audited; the
// author is notified.
func (s *Store) ReviewInstitution(ctx context.Context, a auth.Actor, id int64, pass bool, note string) error {
	note = strings.TrimSpace(note)
	if len([]rune(note)) > 500 {
		return gongkai.Errorf(gongkai.EINVALID, "审核意见不能超过 500 字（现有 %d 字）", len([]rune(note)))
	}
	err := s.InTx(ctx, func(tx *Tx) error {
		if err := tx.lockRow(ctx, "institutions", id); err != nil {
			return err
		}
		cur, err := loadInstitution(ctx, tx.s, tx, id)
		if err != nil {
			return err
		}
		rev := cur.Pending
		if rev == nil {
			return gongkai.Errorf(gongkai.ECONFLICT, "“%s”没有待审核的修改", cur.Name())
		}
		if err := disclosure.MayReview(a.Role, a.UserID, rev.AuthorID); err != nil {
			return err
		}
		r := rev.Record
		now := TS(tx.Now)
		link := fmt.Sprintf("/admin/institutions/%d", id)
		if !pass {
			if len([]rune(note)) < 2 {
				return gongkai.Errorf(gongkai.EINVALID, "退回时请写明退回理由（需要修改的地方）")
			}
			if err := tx.Guarded(ctx, `UPDATE institution_revisions SET status = 'returned', reviewer_id = ?, reviewer_login = ?, reviewed_at = ?, review_note = ? WHERE id = ? AND status = 'pending'`,
				nullID(a.UserID), a.Login, now, note, rev.ID); err != nil {
				return err
			}
			if rev.AuthorID != 0 {
				if _, err := tx.Notify(ctx, notify.Notification{Key: fmt.Sprintf("inst:%d:rev:%d:returned", id, rev.ID), UserID: rev.AuthorID, Level: "warn",
					Title: "登记信息被退回：" + r.Name, Body: note, Link: link}); err != nil {
					return err
				}
			}
			return tx.Audit(ctx, a, "return", "institution", id, fmt.Sprintf("退回%s“%s”的修改：%s", r.Kind.Label(), r.Name, note), nil, map[string]any{"revision": rev.ID, "reason": note})
		}
		fs, err := tx.gateItem(ctx, disclosure.ItemInstitution, id, "pass", fmt.Sprintf("%s“%s”的登记信息不能公开", r.Kind.Label(), r.Name), institution.Texts(r))
		if err != nil {
			return err
		}
		data, _ := json.Marshal(r)
		if err := tx.Guarded(ctx, `UPDATE institutions SET status = ?, name = ?, licence_no = ?, district = ?, list_status = ?, data = ?, version = version + 1,
			published_at = ?, updated_at = ? WHERE id = ? AND version = ?`,
			string(institution.StatusPublished), r.Name, r.LicenceNo, r.District, string(r.List), string(data), now, now, id, cur.Version); err != nil {
			return err
		}
		if err := tx.Guarded(ctx, `UPDATE institution_revisions SET status = 'passed', reviewer_id = ?, reviewer_login = ?, reviewed_at = ?, review_note = ?, findings = ? WHERE id = ? AND status = 'pending'`,
			nullID(a.UserID), a.Login, now, note, findingsJSON(fs), rev.ID); err != nil {
			return err
		}
		if rev.AuthorID != 0 {
			if _, err := tx.Notify(ctx, notify.Notification{Key: fmt.Sprintf("inst:%d:rev:%d:passed", id, rev.ID), UserID: rev.AuthorID, Level: "info",
				Title: "登记信息已审核公开：" + r.Name, Link: link}); err != nil {
				return err
			}
		}
		if err := tx.BumpPortal(ctx); err != nil {
			return err
		}
		return tx.Audit(ctx, a, "pass", "institution", id, fmt.Sprintf("审核通过并公开%s“%s”（第 %d 版）", r.Kind.Label(), r.Name, cur.Version+1), cur.Public, r)
	})
	return s.auditRefused(ctx, a, err)
}

// WithdrawInstitution takes an institution off the portal (it closed, or
// was entered by mistake), with the reason; the exchange sends its
// tombstone. The office only. Audited.
func (s *Store) WithdrawInstitution(ctx context.Context, a auth.Actor, id int64, reason string) error {
	reason = strings.TrimSpace(reason)
	if len([]rune(reason)) > 200 {
		return gongkai.Errorf(gongkai.EINVALID, "撤下原因不能超过 200 字（现有 %d 字）", len([]rune(reason)))
	}
	if err := institution.MayEdit(a); err != nil {
		return err
	}
	if len([]rune(reason)) < 2 {
		return gongkai.Errorf(gongkai.EINVALID, "请写明撤下的原因（如：已终止办学）")
	}
	return s.InTx(ctx, func(tx *Tx) error {
		cur, err := loadInstitution(ctx, tx.s, tx, id)
		if err != nil {
			return err
		}
		if cur.Status != institution.StatusPublished {
			return gongkai.Errorf(gongkai.ECONFLICT, "“%s”当前为“%s”，只有已公开的机构可以撤下", cur.Name(), cur.Status.Label())
		}
		if err := tx.Guarded(ctx, `UPDATE institutions SET status = ?, updated_at = ? WHERE id = ? AND status = ?`,
			string(institution.StatusWithdrawn), TS(tx.Now), id, string(institution.StatusPublished)); err != nil {
			return err
		}
		// a change waiting for review would publish it again when passed
		if _, err := tx.Exec(ctx, `UPDATE institution_revisions SET status = 'superseded' WHERE institution_id = ? AND status = 'pending'`, id); err != nil {
			return fmt.Errorf("store: supersede: %w", err)
		}
		if err := tx.BumpPortal(ctx); err != nil {
			return err
		}
		return tx.Audit(ctx, a, "withdraw", "institution", id, fmt.Sprintf("撤下%s“%s”：%s", cur.Kind.Label(), cur.Name(), reason), string(cur.Status), string(institution.StatusWithdrawn))
	})
}

// PublicInstitution is an institution as the portal shows it.
type PublicInstitution struct {
	ID          int64
	Record      institution.Record
	PublishedAt time.Time
}

// PublicFilter selects institutions on the portal.
type PublicFilter struct {
	Kind     institution.Kind
	Query    string // part of the name
	District string
	List     institution.ListStatus
}

// PublicInstitutions lists the published institutions of the portal.
func (s *Store) PublicInstitutions(ctx context.Context, f PublicFilter) ([]PublicInstitution, error) {
	q := publicInstitutionSelect
	var args []any
	if f.Kind != "" {
		q += ` AND kind = ?`
		args = append(args, string(f.Kind))
	}
	if t := strings.TrimSpace(f.Query); t != "" {
		q += ` AND name LIKE ? ESCAPE '\'`
		args = append(args, "%"+likeEscape(t)+"%")
	}
	if d := strings.TrimSpace(f.District); d != "" {
		q += ` AND district = ?`
		args = append(args, d)
	}
	if f.List != "" {
		q += ` AND list_status = ?`
		args = append(args, string(f.List))
	}
	out, err := collect(ctx, s, scanPublicInstitution, q+` ORDER BY name`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: public institutions: %w", err)
	}
	return out, nil
}

// PublicInstitutionByID returns a published institution, or not found.
func (s *Store) PublicInstitutionByID(ctx context.Context, id int64) (PublicInstitution, error) {
	p, err := scanPublicInstitution(s.queryRow(ctx, publicInstitutionSelect+` AND id = ?`, id))
	if err != nil {
		return p, fmt.Errorf("store: public institution %d: %w", id, s.translateNotFound(err, "该机构信息不存在或未公开"))
	}
	return p, nil
}

const publicInstitutionSelect = `SELECT id, data, COALESCE(published_at, '') FROM institutions WHERE status = 'published'`

func scanPublicInstitution(sc interface{ Scan(...any) error }) (PublicInstitution, error) {
	var p PublicInstitution
	var data, published string
	if err := sc.Scan(&p.ID, &data, &published); err != nil {
		return p, err
	}
	if err := json.Unmarshal([]byte(data), &p.Record); err != nil {
		return p, fmt.Errorf("store: institution %d data: %w", p.ID, err)
	}
	p.PublishedAt = ParseTS(published)
	return p, nil
}

// InstitutionDistricts lists the districts of the published institutions
// of a kind, for the portal's search form.
func (s *Store) InstitutionDistricts(ctx context.Context, kind institution.Kind) ([]string, error) {
	return collect(ctx, s, func(sc interface{ Scan(...any) error }) (string, error) {
		var d string
		err := sc.Scan(&d)
		return d, err
	}, `SELECT DISTINCT district FROM institutions WHERE status = 'published' AND kind = ? AND district <> '' ORDER BY district`, string(kind))
}

func likeEscape(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return r.Replace(s)
}
