package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"gongkai"
	"gongkai/internal/auth"
	"gongkai/internal/notify"
	"gongkai/internal/participation"
	"gongkai/internal/workday"
)

// MediaAccount is a stored official new-media account.
type MediaAccount struct {
	ID int64
	participation.Account
	UnitName string
	Status   participation.AccountStatus
	Opened   workday.Date
	Closed   workday.Date
	LastPost workday.Date
	Pending  int // applications waiting for approval
}

// Freshness is the 2-week alarm state as of today (only for active accounts).
func (m MediaAccount) Freshness(today workday.Date) participation.State {
	if m.Status != participation.AccountActive {
		return ""
	}
	return participation.MediaState(m.LastPost, m.Opened, today)
}

// MediaApplication is one application in an account's life cycle.
type MediaApplication struct {
	ID        int64
	AccountID int64
	Kind      participation.AppKind
	Details   string
	Reason    string
	Status    string // pending, approved, refused
	AppliedBy string
	AppliedAt time.Time
	DecidedBy string
	DecidedAt time.Time
	Note      string
}

// StatusLabel is the application's state in Chinese.
func (a MediaApplication) StatusLabel() string {
	switch a.Status {
	case "pending":
		return "待审批"
	case "approved":
		return "已批准"
	case "refused":
		return "未批准"
	}
	return a.Status
}

// MediaRelease records a document released in step on an account.
type MediaRelease struct {
	ID            int64
	AccountID     int64
	AccountName   string
	DocumentID    int64
	DocumentTitle string
	Released      workday.Date
	Link          string
}

const mediaCols = `m.id, m.platform, m.name, m.account_id, m.unit_id, COALESCE(u.name, ''), m.person, m.purpose, m.status, m.opened_on, m.closed_on, m.last_post_on,
	(SELECT COUNT(*) FROM media_applications a WHERE a.account_id = m.id AND a.status = 'pending')`

func scanMedia(sc interface{ Scan(...any) error }) (MediaAccount, error) {
	var m MediaAccount
	var status string
	err := sc.Scan(&m.ID, &m.Platform, &m.Name, &m.AccountID, &m.UnitID, &m.UnitName, &m.Person, &m.Purpose, &status, &m.Opened, &m.Closed, &m.LastPost, &m.Pending)
	m.Status = participation.AccountStatus(status)
	return m, err
}

// MediaAccounts lists accounts (of one unit when unitID ≠ 0).
func (s *Store) MediaAccounts(ctx context.Context, unitID int64) ([]MediaAccount, error) {
	q := `SELECT ` + mediaCols + ` FROM media_accounts m LEFT JOIN units u ON u.id = m.unit_id`
	var args []any
	if unitID != 0 {
		q += ` WHERE m.unit_id = ?`
		args = append(args, unitID)
	}
	out, err := collect(ctx, s, scanMedia, q+` ORDER BY m.status, m.platform, m.name`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: media accounts: %w", err)
	}
	return out, nil
}

// MediaAccount returns one account.
func (s *Store) MediaAccount(ctx context.Context, id int64) (MediaAccount, error) {
	m, err := scanMedia(s.queryRow(ctx, `SELECT `+mediaCols+` FROM media_accounts m LEFT JOIN units u ON u.id = m.unit_id WHERE m.id = ?`, id))
	if err != nil {
		return m, fmt.Errorf("store: media account %d: %w", id, s.translate(err))
	}
	return m, nil
}

// ApplyOpenMedia registers a new account with its opening application.
func (s *Store) ApplyOpenMedia(ctx context.Context, a auth.Actor, in participation.Account, reason string) (int64, error) {
	in, err := in.Validate()
	if err != nil {
		return 0, err
	}
	if reason = strings.TrimSpace(reason); reason == "" {
		return 0, gongkai.Errorf(gongkai.EINVALID, "请填写申请开设的理由")
	}
	var id int64
	err = s.InTx(ctx, func(tx *Tx) error {
		id, err = tx.Insert(ctx, `INSERT INTO media_accounts (platform, name, account_id, unit_id, person, purpose, status, created_at) VALUES (?, ?, ?, ?, ?, ?, 'pending', ?)`,
			in.Platform, in.Name, in.AccountID, in.UnitID, in.Person, in.Purpose, TS(tx.Now))
		if err != nil {
			return err
		}
		app, err := tx.Insert(ctx, `INSERT INTO media_applications (account_id, kind, details, reason, status, applied_by, applied_at) VALUES (?, 'open', ?, ?, 'pending', ?, ?)`,
			id, in.Platform+" "+in.Name, reason, a.Login, TS(tx.Now))
		if err != nil {
			return err
		}
		if err := tx.notifyMediaApplication(ctx, app, id, participation.AppOpen, in.Platform+"“"+in.Name+"”"); err != nil {
			return err
		}
		return tx.Audit(ctx, a, "apply", "media_account", id, "申请开设政务新媒体“"+in.Name+"”", nil, in)
	})
	return id, err
}

// ApplyMedia files a change or close application for an active account.
func (s *Store) ApplyMedia(ctx context.Context, a auth.Actor, accountID int64, kind participation.AppKind, details, reason string) (int64, error) {
	m, err := s.MediaAccount(ctx, accountID)
	if err != nil {
		return 0, err
	}
	if err := participation.CheckApplication(kind, m.Status, m.Pending); err != nil {
		return 0, err
	}
	details, reason = strings.TrimSpace(details), strings.TrimSpace(reason)
	if reason == "" {
		return 0, gongkai.Errorf(gongkai.EINVALID, "请填写申请%s的理由", kind.Label())
	}
	if kind == participation.AppChange && details == "" {
		return 0, gongkai.Errorf(gongkai.EINVALID, "请写明变更内容（如名称、负责人、用途）")
	}
	var id int64
	err = s.InTx(ctx, func(tx *Tx) error {
		id, err = tx.Insert(ctx, `INSERT INTO media_applications (account_id, kind, details, reason, status, applied_by, applied_at) VALUES (?, ?, ?, ?, 'pending', ?, ?)`,
			accountID, string(kind), details, reason, a.Login, TS(tx.Now))
		if err != nil {
			return err
		}
		if err := tx.notifyMediaApplication(ctx, id, accountID, kind, m.Platform+"“"+m.Name+"”"); err != nil {
			return err
		}
		return tx.Audit(ctx, a, "apply", "media_account", accountID, "申请"+kind.Label()+"政务新媒体“"+m.Name+"”", nil, map[string]string{"details": details, "reason": reason})
	})
	return id, err
}

// DecideMediaApplication approves or refuses a pending application and
// moves the account accordingly (open → active, close → closed). An
// approved change applies the new person in charge or purpose when given.
func (s *Store) DecideMediaApplication(ctx context.Context, a auth.Actor, appID int64, approve bool, note string, change *participation.Account) error {
	return s.InTx(ctx, func(tx *Tx) error {
		var accountID, unitID int64
		var kind, status, name string
		if err := tx.QueryRow(ctx, `SELECT a.account_id, a.kind, m.status, m.unit_id, m.platform || '“' || m.name || '”' FROM media_applications a JOIN media_accounts m ON m.id = a.account_id WHERE a.id = ?`, appID).
			Scan(&accountID, &kind, &status, &unitID, &name); err != nil {
			return fmt.Errorf("store: media application %d: %w", appID, s.translate(err))
		}
		res := "refused"
		if approve {
			res = "approved"
		}
		if err := tx.Guarded(ctx, `UPDATE media_applications SET status = ?, decided_by = ?, decided_at = ?, decision_note = ? WHERE id = ? AND status = 'pending'`,
			res, a.Login, TS(tx.Now), strings.TrimSpace(note), appID); err != nil {
			return err
		}
		today := workday.DateOf(tx.Now)
		to := participation.AfterApproval(participation.AppKind(kind), participation.AccountStatus(status), approve)
		switch {
		case to == participation.AccountActive && status == string(participation.AccountPending):
			if err := tx.Guarded(ctx, `UPDATE media_accounts SET status = ?, opened_on = ? WHERE id = ? AND status = ?`, string(to), today, accountID, status); err != nil {
				return err
			}
		case to == participation.AccountClosed:
			if err := tx.Guarded(ctx, `UPDATE media_accounts SET status = ?, closed_on = ? WHERE id = ? AND status = ?`, string(to), today, accountID, status); err != nil {
				return err
			}
		case string(to) != status:
			if err := tx.Guarded(ctx, `UPDATE media_accounts SET status = ? WHERE id = ? AND status = ?`, string(to), accountID, status); err != nil {
				return err
			}
		}
		if approve && participation.AppKind(kind) == participation.AppChange && change != nil {
			if _, err := tx.Exec(ctx, `UPDATE media_accounts SET name = COALESCE(NULLIF(?, ''), name), person = COALESCE(NULLIF(?, ''), person), purpose = COALESCE(NULLIF(?, ''), purpose) WHERE id = ?`,
				strings.TrimSpace(change.Name), strings.TrimSpace(change.Person), strings.TrimSpace(change.Purpose), accountID); err != nil {
				return err
			}
		}
		verdict := map[bool]string{true: "已批准", false: "未批准"}[approve]
		if _, err := tx.Notify(ctx, notify.Notification{Key: fmt.Sprintf("participation:media-application:%d:decided", appID), UnitID: unitID, Level: "info",
			Title: "政务新媒体" + participation.AppKind(kind).Label() + "申请" + verdict + "：" + name, Body: strings.TrimSpace(note),
			Link: fmt.Sprintf("/admin/participation/media/%d", accountID)}); err != nil {
			return err
		}
		return tx.Audit(ctx, a, "decide", "media_application", appID, participation.AppKind(kind).Label()+"申请："+verdict, status, string(to))
	})
}

// MediaApplications lists an account's applications (all accounts when 0;
// only pending ones when pendingOnly).
func (s *Store) MediaApplications(ctx context.Context, accountID int64, pendingOnly bool) ([]MediaApplication, error) {
	q := `SELECT id, account_id, kind, details, reason, status, applied_by, applied_at, decided_by, COALESCE(decided_at, ''), decision_note FROM media_applications WHERE 1 = 1`
	var args []any
	if accountID != 0 {
		q += ` AND account_id = ?`
		args = append(args, accountID)
	}
	if pendingOnly {
		q += ` AND status = 'pending'`
	}
	rows, err := s.query(ctx, q+` ORDER BY id DESC`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: media applications: %w", err)
	}
	defer rows.Close()
	var out []MediaApplication
	for rows.Next() {
		var m MediaApplication
		var kind, applied, decided string
		if err := rows.Scan(&m.ID, &m.AccountID, &kind, &m.Details, &m.Reason, &m.Status, &m.AppliedBy, &applied, &m.DecidedBy, &decided, &m.Note); err != nil {
			return nil, fmt.Errorf("store: scan media application: %w", err)
		}
		m.Kind, m.AppliedAt, m.DecidedAt = participation.AppKind(kind), ParseTS(applied), ParseTS(decided)
		out = append(out, m)
	}
	return out, s.translate(rows.Err())
}

// SetLastPost records the date of an account's last post (not in the
// future, not before the recorded one).
func (s *Store) SetLastPost(ctx context.Context, a auth.Actor, accountID int64, d workday.Date) error {
	if d.IsZero() {
		return gongkai.Errorf(gongkai.EINVALID, "请填写最近一次发布日期")
	}
	if d.After(workday.DateOf(s.Now())) {
		return gongkai.Errorf(gongkai.EINVALID, "最近发布日期（%s）晚于今天，请更正", d)
	}
	return s.InTx(ctx, func(tx *Tx) error {
		return tx.setLastPost(ctx, a, accountID, d)
	})
}

func (t *Tx) setLastPost(ctx context.Context, a auth.Actor, accountID int64, d workday.Date) error {
	var before workday.Date
	var status string
	if err := t.QueryRow(ctx, `SELECT last_post_on, status FROM media_accounts WHERE id = ?`, accountID).Scan(&before, &status); err != nil {
		return fmt.Errorf("store: media account %d: %w", accountID, t.s.translate(err))
	}
	if status != string(participation.AccountActive) {
		return gongkai.Errorf(gongkai.EINVALID, "账号不在运行中，不能登记发布日期")
	}
	if !before.IsZero() && !d.After(before) {
		return nil // an older date changes nothing
	}
	if _, err := t.Exec(ctx, `UPDATE media_accounts SET last_post_on = ? WHERE id = ?`, d, accountID); err != nil {
		return err
	}
	return t.Audit(ctx, a, "update", "media_account", accountID, "登记最近发布日期 "+d.String(), before, d)
}

// LastPostRow is one row of a last-post import.
type LastPostRow = participation.LastPost

// ImportLastPosts records many last-post dates in one transaction: any
// unknown account refuses the whole import, naming its row.
func (s *Store) ImportLastPosts(ctx context.Context, a auth.Actor, file string, rows []LastPostRow) (int, error) {
	accounts, err := s.MediaAccounts(ctx, 0)
	if err != nil {
		return 0, err
	}
	today := workday.DateOf(s.Now())
	n := 0
	err = s.InTx(ctx, func(tx *Tx) error {
		for _, r := range rows {
			var id int64
			for _, m := range accounts {
				if (r.AccountID != "" && m.AccountID == r.AccountID && (r.Platform == "" || m.Platform == r.Platform)) || (r.AccountID == "" && m.Name == r.Name) {
					id = m.ID
					break
				}
			}
			if id == 0 {
				return gongkai.Errorf(gongkai.EINVALID, "%s 第 %d 行：找不到账号“%s%s”，请核对平台、账号ID或名称；未导入任何数据", file, r.Row, r.Name, r.AccountID)
			}
			if r.Date.After(today) {
				return gongkai.Errorf(gongkai.EINVALID, "%s 第 %d 行：发布日期 %s 晚于今天；未导入任何数据", file, r.Row, r.Date)
			}
			if err := tx.setLastPost(ctx, a, id, r.Date); err != nil {
				return gongkai.Errorf(gongkai.EINVALID, "%s 第 %d 行：%s；未导入任何数据", file, r.Row, gongkai.ErrorMessage(err))
			}
			n++
		}
		return nil
	})
	return n, err
}

// AddMediaRelease records that a document was released in step on an
// account.
func (s *Store) AddMediaRelease(ctx context.Context, a auth.Actor, r MediaRelease) (int64, error) {
	r.DocumentTitle = strings.TrimSpace(r.DocumentTitle)
	if r.DocumentID <= 0 || r.DocumentTitle == "" {
		return 0, gongkai.Errorf(gongkai.EINVALID, "请填写文件编号和文件标题")
	}
	if r.Released.IsZero() {
		return 0, gongkai.Errorf(gongkai.EINVALID, "请填写同步发布日期")
	}
	m, err := s.MediaAccount(ctx, r.AccountID)
	if err != nil {
		return 0, err
	}
	if m.Status != participation.AccountActive {
		return 0, gongkai.Errorf(gongkai.EINVALID, "账号不在运行中，不能登记同步发布")
	}
	var id int64
	err = s.InTx(ctx, func(tx *Tx) error {
		id, err = tx.Insert(ctx, `INSERT INTO media_releases (account_id, document_id, document_title, released_on, link, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
			r.AccountID, r.DocumentID, r.DocumentTitle, r.Released, strings.TrimSpace(r.Link), TS(tx.Now))
		if err != nil {
			return err
		}
		if err := tx.setLastPost(ctx, a, r.AccountID, r.Released); err != nil {
			return err
		}
		return tx.Audit(ctx, a, "create", "media_release", id, "登记文件“"+r.DocumentTitle+"”在“"+m.Name+"”同步发布", nil, r)
	})
	return id, err
}

// MediaReleases lists the releases on an account (all when 0), newest first.
func (s *Store) MediaReleases(ctx context.Context, accountID int64) ([]MediaRelease, error) {
	q := `SELECT r.id, r.account_id, m.name, r.document_id, r.document_title, r.released_on, r.link FROM media_releases r JOIN media_accounts m ON m.id = r.account_id`
	var args []any
	if accountID != 0 {
		q += ` WHERE r.account_id = ?`
		args = append(args, accountID)
	}
	rows, err := s.query(ctx, q+` ORDER BY r.released_on DESC, r.id DESC`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: media releases: %w", err)
	}
	defer rows.Close()
	var out []MediaRelease
	for rows.Next() {
		var r MediaRelease
		if err := rows.Scan(&r.ID, &r.AccountID, &r.AccountName, &r.DocumentID, &r.DocumentTitle, &r.Released, &r.Link); err != nil {
			return nil, fmt.Errorf("store: scan media release: %w", err)
		}
		out = append(out, r)
	}
	return out, s.translate(rows.Err())
}

// notifyMediaApplication tells the office that an application waits for
// approval.
func (t *Tx) notifyMediaApplication(ctx context.Context, appID, accountID int64, kind participation.AppKind, name string) error {
	_, err := t.Notify(ctx, notify.Notification{Key: fmt.Sprintf("participation:media-application:%d:pending", appID), Role: auth.RoleOffice, Level: "info",
		Title: "政务新媒体" + kind.Label() + "申请待审批：" + name, Link: fmt.Sprintf("/admin/participation/media/%d", accountID)})
	return err
}
