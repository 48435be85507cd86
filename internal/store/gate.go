package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"gongkai"
	"gongkai/internal/auth"
	"gongkai/internal/disclosure"
	"gongkai/internal/notify"
	"gongkai/internal/scan"
)

// The publication gate in the store: every method that makes something
// public computes the findings itself, inside its transaction, from what
// is stored (never from findings a caller hands in), and refuses while one
// stands (disclosure.GateError: ECONFLICT with details {"findings": […]}).
// The refusal is audited in a transaction of its own after the refused one
// rolled back (auditRefused). Dismissals are stored per item and
// fingerprint (finding_dismissals).

// querier reads inside a transaction (*Tx) or on the read pool (readQ).
type querier interface {
	Query(ctx context.Context, q string, args ...any) (*sql.Rows, error)
	QueryRow(ctx context.Context, q string, args ...any) *sql.Row
}

type readQ struct{ s *Store }

func (r readQ) Query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return r.s.query(ctx, q, args...)
}

func (r readQ) QueryRow(ctx context.Context, q string, args ...any) *sql.Row {
	return r.s.queryRow(ctx, q, args...)
}

// lockRow takes the row lock of table's row id until the transaction ends,
// so that changes to what belongs to it (interpretations, attachments,
// dismissals) and the gate over it happen one after the other. SQLite
// write transactions are serial already (BEGIN IMMEDIATE).
func (tx *Tx) lockRow(ctx context.Context, table string, id int64) error {
	if tx.s.Dialect != Postgres {
		return nil
	}
	var x int64
	if err := tx.QueryRow(ctx, `SELECT id FROM `+table+` WHERE id = ? FOR UPDATE`, id).Scan(&x); err != nil {
		return fmt.Errorf("store: lock %s %d: %w", table, id, tx.s.translate(err))
	}
	return nil
}

// sensitiveWords reads the list the checks look for.
func sensitiveWords(ctx context.Context, s *Store, q querier) ([]string, error) {
	rows, err := q.Query(ctx, `SELECT word FROM sensitive_words ORDER BY word`)
	if err != nil {
		return nil, fmt.Errorf("store: sensitive words: %w", s.translate(err))
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var w string
		if err := rows.Scan(&w); err != nil {
			return nil, err
		}
		out = append(out, w)
	}
	return out, s.translate(rows.Err())
}

const dismissalCols = `d.id, d.item_kind, d.item_id, d.fingerprint, d.source, d.field_label, d.kind, d.label, d.masked, d.reason,
	COALESCE(d.actor_id, 0), d.actor_login, COALESCE(u.name, ''), d.created_at`

func scanDismissal(sc interface{ Scan(...any) error }) (disclosure.Dismissal, error) {
	var d disclosure.Dismissal
	var item, at string
	err := sc.Scan(&d.ID, &item, &d.ItemID, &d.Fingerprint, &d.Source, &d.FieldLabel, &d.Kind, &d.Label, &d.Masked, &d.Reason,
		&d.ByID, &d.By, &d.ByName, &at)
	d.Item, d.At = disclosure.ItemKind(item), ParseTS(at)
	return d, err
}

func dismissalsOf(ctx context.Context, s *Store, q querier, item disclosure.ItemKind, id int64) ([]disclosure.Dismissal, error) {
	rows, err := q.Query(ctx, `SELECT `+dismissalCols+` FROM finding_dismissals d LEFT JOIN users u ON u.id = d.actor_id
		WHERE d.item_kind = ? AND d.item_id = ? ORDER BY d.id`, string(item), id)
	if err != nil {
		return nil, fmt.Errorf("store: dismissals: %w", s.translate(err))
	}
	defer rows.Close()
	var out []disclosure.Dismissal
	for rows.Next() {
		d, err := scanDismissal(rows)
		if err != nil {
			return nil, fmt.Errorf("store: scan dismissal: %w", err)
		}
		out = append(out, d)
	}
	return out, s.translate(rows.Err())
}

// Dismissals lists the dismissed findings of an item, oldest first, for
// the signer and the record (Current says which still cover a finding is
// known only with the findings: see DocumentFindings, ItemFindings).
func (s *Store) Dismissals(ctx context.Context, item disclosure.ItemKind, id int64) ([]disclosure.Dismissal, error) {
	return dismissalsOf(ctx, s, readQ{s}, item, id)
}

// gateItem scans texts of an item that is about to become public, marks
// the dismissed findings and returns them; when one stands it returns the
// gate refusal, whose details name the item and the action for the audit.
func (tx *Tx) gateItem(ctx context.Context, item disclosure.ItemKind, id int64, action, what string, texts []disclosure.Text) ([]disclosure.Finding, error) {
	words, err := sensitiveWords(ctx, tx.s, tx)
	if err != nil {
		return nil, err
	}
	ds, err := dismissalsOf(ctx, tx.s, tx, item, id)
	if err != nil {
		return nil, err
	}
	fs := disclosure.ApplyDismissals(disclosure.ScanTexts(item, id, texts, words), ds)
	return fs, gateRefusal(item, id, action, what, fs)
}

// gateRefusal is disclosure.GateError with the item and action added to
// the details, for the audit row of the refusal.
func gateRefusal(item disclosure.ItemKind, id int64, action, what string, fs []disclosure.Finding) error {
	err := disclosure.GateError(item, what, fs)
	if err == nil {
		return nil
	}
	var ge *gongkai.Error
	errors.As(err, &ge)
	d := ge.Details.(map[string]any)
	d["item"], d["item_id"], d["action"] = string(item), id, action
	return ge
}

// auditRefused writes the audit row of a gate refusal (who tried to
// publish what, and which findings stopped it) in its own transaction,
// after the refused one rolled back. It returns err unchanged; any other
// error passes through without a row.
func (s *Store) auditRefused(ctx context.Context, a auth.Actor, err error) error {
	fs := disclosure.GateFindings(err)
	if len(fs) == 0 {
		return err
	}
	d := gongkai.ErrorDetails(err).(map[string]any)
	item, _ := d["item"].(string)
	id, _ := d["item_id"].(int64)
	action, _ := d["action"].(string)
	var parts []string
	for _, f := range fs {
		parts = append(parts, f.FieldLabel+"："+f.Label+" "+f.Masked)
	}
	summary := fmt.Sprintf("发布前检查拦截（%s）：%d 项必须修改的问题未处理：%s", action, len(fs), strings.Join(parts, "；"))
	if r := []rune(summary); len(r) > 1000 {
		summary = string(r[:1000]) + "…"
	}
	entity := item
	if entity == "" {
		entity = "document"
	}
	actx := context.WithoutCancel(ctx) // the refusal is recorded even if the request is gone
	aerr := s.InTx(actx, func(tx *Tx) error {
		return tx.Audit(actx, a, "gate_refused", entity, id, summary, map[string]any{"action": action}, map[string]any{"findings": fs})
	})
	if aerr != nil {
		return errors.Join(err, fmt.Errorf("store: audit gate refusal: %w", aerr))
	}
	return err
}

// DismissRequest dismisses one finding of an item as a false positive.
type DismissRequest struct {
	Item        disclosure.ItemKind
	ItemID      int64
	Fingerprint string
	Reason      string
}

// DismissFinding records that a finding is a false positive, with the
// reason, audited. Only the role MayDismiss names may; the finding must be
// in the item's current text and dismissible (a missing element is not).
// The dismissal is keyed by the fingerprint (kind, source and a hash of
// the value), so it survives unrelated edits but not a change of that
// value. Dismissing twice is refused with ECONFLICT.
func (s *Store) DismissFinding(ctx context.Context, a auth.Actor, r DismissRequest) (disclosure.Dismissal, error) {
	reason, err := disclosure.CheckDismissReason(r.Reason)
	if err != nil {
		return disclosure.Dismissal{}, err
	}
	var out disclosure.Dismissal
	err = s.InTx(ctx, func(tx *Tx) error {
		fs, authorID, title, err := tx.itemFindings(ctx, r.Item, r.ItemID)
		if err != nil {
			return err
		}
		if err := disclosure.MayDismiss(a.Role, r.Item, a.UserID, authorID); err != nil {
			return err
		}
		var f *disclosure.Finding
		for i := range fs {
			if fs[i].Fingerprint == r.Fingerprint {
				f = &fs[i]
				break
			}
		}
		if f == nil {
			return gongkai.Errorf(gongkai.ENOTFOUND, "该问题已不存在（文字可能已修改），请刷新页面后重试")
		}
		if !f.Dismissible {
			return gongkai.Errorf(gongkai.EINVALID, "“%s”不能确认为误报，请补全或修改后再提交", f.Label)
		}
		if f.Dismissed {
			return gongkai.Errorf(gongkai.ECONFLICT, "该问题已于 %s 由 %s 确认为误报", f.Dismissal.At.In(shanghaiTZ).Format("2006-01-02 15:04"), f.Dismissal.By)
		}
		out = disclosure.Dismissal{Item: r.Item, ItemID: r.ItemID, Fingerprint: f.Fingerprint, Source: f.Source, FieldLabel: f.FieldLabel,
			Kind: f.Kind, Label: f.Label, Masked: f.Masked, Reason: reason, ByID: a.UserID, By: a.Login, At: tx.Now, Current: true}
		out.ID, err = tx.Insert(ctx, `INSERT INTO finding_dismissals (item_kind, item_id, fingerprint, source, field_label, kind, label, masked, reason, actor_id, actor_login, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			string(r.Item), r.ItemID, f.Fingerprint, f.Source, f.FieldLabel, f.Kind, f.Label, f.Masked, reason, nullID(a.UserID), a.Login, TS(tx.Now))
		if err != nil {
			if gongkai.ErrorCode(err) == gongkai.ECONFLICT {
				return gongkai.Errorf(gongkai.ECONFLICT, "该问题已被其他人确认为误报，请刷新页面")
			}
			return fmt.Errorf("store: dismiss: %w", err)
		}
		return tx.Audit(ctx, a, "dismiss_finding", string(r.Item), r.ItemID,
			fmt.Sprintf("%s“%s”：将%s中的%s“%s”确认为误报：%s", r.Item.Label(), title, f.FieldLabel, f.Label, f.Masked, reason),
			nil, map[string]any{"fingerprint": f.Fingerprint, "source": f.Source, "kind": f.Kind, "value": f.Masked, "reason": reason})
	})
	return out, err
}

// itemFindings computes the current findings of an item inside tx, with
// the item's author (documents) and title, for a dismissal.
func (tx *Tx) itemFindings(ctx context.Context, item disclosure.ItemKind, id int64) (fs []disclosure.Finding, authorID int64, title string, err error) {
	if item == disclosure.ItemDocument {
		if err := tx.lockRow(ctx, "documents", id); err != nil {
			return nil, 0, "", err
		}
		d, err := tx.document(ctx, id)
		if err != nil {
			return nil, 0, "", err
		}
		rep, err := tx.s.docReport(ctx, tx, d, true)
		if err != nil {
			return nil, 0, "", err
		}
		return rep.Findings, d.AuthorID, d.Title, nil
	}
	pc, err := tx.s.publicCheck(ctx, tx, item, id)
	if err != nil {
		return nil, 0, "", err
	}
	if item == disclosure.ItemInstitution { // the reviewer dismisses, never the author of the change
		cur, err := loadInstitution(ctx, tx.s, tx, id)
		if err != nil {
			return nil, 0, "", err
		}
		if cur.Pending != nil {
			authorID = cur.Pending.AuthorID
		}
	}
	return pc.Findings, authorID, pc.Title, nil
}

// notifyReviewers tells the reviewers that something waits for review.
func (tx *Tx) notifyRole(ctx context.Context, role auth.Role, key, title, body, link string) error {
	_, err := tx.Notify(ctx, notify.Notification{Key: key, Role: role, Level: "warn", Title: title, Body: body, Link: link})
	return err
}

// maskedTexts masks citizens' texts for the portal.
func maskedTexts(ts []disclosure.Text) []disclosure.Text {
	out := make([]disclosure.Text, len(ts))
	for i, t := range ts {
		t.Text = scan.MaskPersonal(t.Text)
		out[i] = t
	}
	return out
}
