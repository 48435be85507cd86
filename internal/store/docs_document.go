package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"gongkai"
	"gongkai/internal/auth"
	"gongkai/internal/disclosure"
	"gongkai/internal/sanitize"
	"gongkai/internal/workday"
)

const docColumns = `d.id, COALESCE(d.unit_id, 0), COALESCE(u.name, ''), COALESCE(u.code, ''), d.issuer, COALESCE(d.author_id, 0), COALESCE(au.name, ''),
	d.title, COALESCE(d.index_no, ''), d.doc_no, d.written_on, d.changed_on, COALESCE(d.due_on, ''), COALESCE(d.published_at, ''), COALESCE(d.catalog_item_id, 0), COALESCE(ci.name, ''),
	d.topic, d.genre, d.tags, d.validity, COALESCE(d.validity_on, ''), COALESCE(d.replaced_by_id, 0), COALESCE(rb.title, ''),
	d.body_html, d.body_text, d.attribute, d.attribute_ground, COALESCE(d.audience_unit_id, 0), COALESCE(aud.name, ''), d.audience_note,
	d.major, d.status, d.version, d.imported, d.created_at, d.updated_at`

const docFrom = ` FROM documents d
	LEFT JOIN units u ON u.id = d.unit_id
	LEFT JOIN users au ON au.id = d.author_id
	LEFT JOIN catalog_items ci ON ci.id = d.catalog_item_id
	LEFT JOIN documents rb ON rb.id = d.replaced_by_id
	LEFT JOIN units aud ON aud.id = d.audience_unit_id`

func scanDocument(sc interface{ Scan(...any) error }) (disclosure.Document, error) {
	var d disclosure.Document
	var pub, created, updated, tags, status, validityOn, dueOn string
	err := sc.Scan(&d.ID, &d.UnitID, &d.UnitName, &d.UnitCode, &d.Issuer, &d.AuthorID, &d.AuthorName,
		&d.Title, &d.IndexNo, &d.DocNo, &d.WrittenOn, &d.ChangedOn, &dueOn, &pub, &d.CatalogItemID, &d.CatalogItemName,
		&d.Topic, &d.Genre, &tags, &d.Validity, &validityOn, &d.ReplacedByID, &d.ReplacedByTitle,
		&d.BodyHTML, &d.BodyText, &d.Attribute, &d.AttributeGround, &d.AudienceUnitID, &d.AudienceName, &d.AudienceNote,
		&d.Major, &status, &d.Version, &d.Imported, &created, &updated)
	if err != nil {
		return d, err
	}
	d.PublishedAt, d.Created, d.Updated = ParseTS(pub), ParseTS(created), ParseTS(updated)
	d.BodyHTML = loadedBodyHTML(d.BodyHTML, d.BodyText)
	d.Tags = splitTags(tags)
	d.Status = disclosure.Status(status)
	if validityOn != "" {
		d.ValidityOn, _ = workday.ParseDate(validityOn)
	}
	if dueOn != "" {
		d.DueOn, _ = workday.ParseDate(dueOn)
	}
	return d, nil
}

// Document returns one document.
func (s *Store) Document(ctx context.Context, id int64) (disclosure.Document, error) {
	d, err := scanDocument(s.queryRow(ctx, `SELECT `+docColumns+docFrom+` WHERE d.id = ?`, id))
	if err != nil {
		return d, fmt.Errorf("store: document %d: %w", id, s.translate(err))
	}
	return d, nil
}

// DocFilter selects documents for the console and the portal.
type DocFilter struct {
	Status        []disclosure.Status
	UnitID        int64 // documents of one unit (unit users see only theirs)
	CatalogItemID int64
	Genre         string
	DocNo         string
	DueBefore     workday.Date // unpublished documents whose 20-day clock ran out before this day
	Genres        []string
	Year          int
	Validity      string
	PublicOnly    bool  // published, 主动公开, not targeted
	AudienceUnit  int64 // published documents targeted at this audience
	IDs           []int64
	Limit, Offset int
	Order         string // "published" (newest first, default), "updated"
	NoTotal       bool   // the caller needs no count (Documents returns -1)
}

func (f DocFilter) where() (string, []any) {
	var conds []string
	var args []any
	if len(f.Status) > 0 {
		ph := make([]string, len(f.Status))
		for i, st := range f.Status {
			ph[i] = "?"
			args = append(args, string(st))
		}
		conds = append(conds, "d.status IN ("+strings.Join(ph, ",")+")")
	}
	if f.UnitID != 0 {
		conds = append(conds, "d.unit_id = ?")
		args = append(args, f.UnitID)
	}
	if f.CatalogItemID != 0 {
		conds = append(conds, "d.catalog_item_id = ?")
		args = append(args, f.CatalogItemID)
	}
	if f.Genre != "" {
		conds = append(conds, "d.genre = ?")
		args = append(args, f.Genre)
	}
	if !f.DueBefore.IsZero() {
		conds = append(conds, "d.status <> 'published' AND d.due_on < ?")
		args = append(args, f.DueBefore)
	}
	if f.DocNo != "" {
		conds = append(conds, "d.doc_no = ?")
		args = append(args, f.DocNo)
	}
	if len(f.Genres) > 0 {
		ph := make([]string, len(f.Genres))
		for i, g := range f.Genres {
			ph[i] = "?"
			args = append(args, g)
		}
		conds = append(conds, "d.genre IN ("+strings.Join(ph, ",")+")")
	}
	if f.Year != 0 {
		conds = append(conds, "d.published_at >= ? AND d.published_at < ?")
		args = append(args, fmt.Sprintf("%04d", f.Year), fmt.Sprintf("%04d", f.Year+1))
	}
	if f.Validity != "" {
		conds = append(conds, "d.validity = ?")
		args = append(args, f.Validity)
	}
	if f.PublicOnly {
		conds = append(conds, "d.status = 'published' AND d.attribute = '主动公开' AND d.audience_unit_id IS NULL")
	}
	if f.AudienceUnit != 0 {
		conds = append(conds, "d.status = 'published' AND d.audience_unit_id = ?")
		args = append(args, f.AudienceUnit)
	}
	if len(f.IDs) > 0 {
		ph := make([]string, len(f.IDs))
		for i, id := range f.IDs {
			ph[i] = "?"
			args = append(args, id)
		}
		conds = append(conds, "d.id IN ("+strings.Join(ph, ",")+")")
	}
	if len(conds) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

// Documents lists documents matching f and how many match in all.
func (s *Store) Documents(ctx context.Context, f DocFilter) ([]disclosure.Document, int, error) {
	where, args := f.where()
	from := " FROM documents d" + s.publicIndex(f)
	total := -1 // looked up by id: the caller knows how many it asked for
	if len(f.IDs) == 0 && !f.NoTotal {
		if err := s.queryRow(ctx, `SELECT COUNT(*)`+from+where, args...).Scan(&total); err != nil {
			return nil, 0, fmt.Errorf("store: count documents: %w", s.translate(err))
		}
	}
	order := " ORDER BY d.published_at DESC, d.id DESC"
	if f.Order == "updated" {
		order = " ORDER BY d.updated_at DESC, d.id DESC"
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 50
	}
	page := fmt.Sprintf(" LIMIT %d OFFSET %d", limit, max(f.Offset, 0))
	if f.PublicOnly && len(f.IDs) == 0 && f.Order != "updated" {
		// The portal's lists: a page of ids from the partial index of the
		// public documents, then those rows (a deep page of 100,000
		// documents would otherwise read every row before it).
		ids, err := s.docIDs(ctx, `SELECT d.id`+from+where+order+page, args...)
		if err != nil || len(ids) == 0 {
			return nil, total, err
		}
		docs, _, err := s.Documents(ctx, DocFilter{IDs: ids, Limit: len(ids)})
		return docs, total, err
	}
	q := `SELECT ` + docColumns + docFrom + where + order + page
	rows, err := s.query(ctx, q, args...)
	if err != nil {
		return nil, 0, fmt.Errorf("store: documents: %w", err)
	}
	defer rows.Close()
	var out []disclosure.Document
	for rows.Next() {
		d, err := scanDocument(rows)
		if err != nil {
			return nil, 0, fmt.Errorf("store: scan document: %w", err)
		}
		out = append(out, d)
	}
	return out, total, s.translate(rows.Err())
}

// publicIndex names the partial index of the public documents for
// SQLite's planner, which without statistics prefers documents_status and
// sorts every published row (PostgreSQL's planner finds it by itself).
func (s *Store) publicIndex(f DocFilter) string {
	if s.Dialect == Postgres || !f.PublicOnly || len(f.IDs) > 0 || f.Order == "updated" {
		return ""
	}
	if f.CatalogItemID != 0 {
		return " INDEXED BY documents_public_catalog"
	}
	return " INDEXED BY documents_public"
}

func (s *Store) docIDs(ctx context.Context, q string, args ...any) ([]int64, error) {
	rows, err := s.query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: document ids: %w", err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, s.translate(rows.Err())
}

// DocumentInput is what an author writes.
type DocumentInput struct {
	UnitID          int64
	Issuer          string
	Title           string
	DocNo           string
	WrittenOn       workday.Date
	CatalogItemID   int64
	Topic           string
	Genre           string
	Tags            []string
	BodyHTML        string // sanitised by the caller
	BodyText        string
	Attribute       string
	AttributeGround string
	AudienceUnitID  int64
	AudienceNote    string
	Major           bool
}

// Validate checks the input's values (not the review pre-checks, which
// may still report problems on a draft).
func (in *DocumentInput) Validate() error {
	in.Title = strings.TrimSpace(in.Title)
	in.DocNo = strings.TrimSpace(in.DocNo)
	if in.Title == "" {
		return gongkai.Errorf(gongkai.EINVALID, "请填写标题")
	}
	if len([]rune(in.Title)) > 200 {
		return gongkai.Errorf(gongkai.EINVALID, "标题不能超过 200 字")
	}
	if err := sanitize.CheckNames("标题", in.Title, "发文字号", in.DocNo, "发布机构", in.Issuer); err != nil {
		return err
	}
	if in.WrittenOn.IsZero() {
		return gongkai.Errorf(gongkai.EINVALID, "请填写成文日期，格式如 2023-05-06")
	}
	if in.Attribute == "" {
		in.Attribute = disclosure.AttrProactive
	}
	ok := false
	for _, a := range disclosure.Attributes {
		ok = ok || a == in.Attribute
	}
	if !ok {
		return gongkai.Errorf(gongkai.EINVALID, "公开属性只能是 主动公开、依申请公开 或 不予公开")
	}
	return nil
}

// earliestWrittenOn is the earliest 成文日期 taken: historical documents
// are imported, so dates before 2000 are true, but none before the
// People's Republic.
var earliestWrittenOn = workday.Date{Year: 1949, Month: 10, Day: 1}

// checkWrittenOn refuses a 成文日期 in the future (a document is written
// before it is registered here) or before 1949-10-01.
func checkWrittenOn(d workday.Date, now time.Time) error {
	today := workday.DateOf(now)
	switch {
	case d.After(today):
		return gongkai.Errorf(gongkai.EINVALID, "成文日期 %s 晚于今天（%s），请填写文件实际印发或签发的日期", d, today)
	case d.Before(earliestWrittenOn):
		return gongkai.Errorf(gongkai.EINVALID, "成文日期 %s 早于 %s，请检查年份是否填错", d, earliestWrittenOn)
	}
	return nil
}

// docSnapshot is what audit rows and version rows record of a document:
// its elements, and of the body only its length and SHA-256 (the body is
// stored once, in the document; a version row gets the whole body only
// when a newer version replaces it, see supersedeVersion).
func docSnapshot(d disclosure.Document) string {
	b, _ := json.Marshal(docFields(d))
	return string(b)
}

func docFields(d disclosure.Document) map[string]any {
	sum := sha256.Sum256([]byte(d.BodyText))
	return map[string]any{
		"title": d.Title, "doc_no": d.DocNo, "written_on": d.WrittenOn, "issuer": d.Issuer, "unit_id": d.UnitID,
		"catalog_item_id": d.CatalogItemID, "topic": d.Topic, "genre": d.Genre, "tags": d.Tags, "validity": d.Validity,
		"attribute": d.Attribute, "attribute_ground": d.AttributeGround,
		"audience_unit_id": d.AudienceUnitID, "audience_note": d.AudienceNote, "major": d.Major, "status": d.Status,
		"body_chars": utf8.RuneCountInString(d.BodyText), "body_sha256": hex.EncodeToString(sum[:]),
	}
}

// supersedeVersion keeps the whole of version d (body included) in its
// version row, now that a newer version replaces it in the document.
func (tx *Tx) supersedeVersion(ctx context.Context, d disclosure.Document) error {
	f := docFields(d)
	f["body_html"], f["body_text"] = storedBodyHTML(d.BodyHTML, d.BodyText), d.BodyText
	b, _ := json.Marshal(f)
	res, err := tx.Exec(ctx, `UPDATE document_versions SET snapshot = ? WHERE document_id = ? AND version = ?`, string(b), d.ID, d.Version)
	if err != nil {
		return fmt.Errorf("store: keep version: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		_, err = tx.Exec(ctx, `INSERT INTO document_versions (document_id, version, at, actor_login, snapshot) VALUES (?, ?, ?, ?, ?)`,
			d.ID, d.Version, TS(d.Updated), "", string(b))
	}
	return err
}

// storedBodyHTML is the body_html a document stores: nothing when it is
// the plain rendering of its text (sanitize.Text), which scanDocument
// makes again, so an imported plain-text body is stored once.
func storedBodyHTML(bodyHTML, bodyText string) string {
	if bodyHTML == sanitize.Text(bodyText) {
		return ""
	}
	return bodyHTML
}

// loadedBodyHTML is a document's body as HTML from what storedBodyHTML
// kept: the plain rendering of its text when nothing else was stored.
func loadedBodyHTML(bodyHTML, bodyText string) string {
	if bodyHTML == "" && bodyText != "" {
		return sanitize.Text(bodyText)
	}
	return bodyHTML
}

// CreateDocument stores a new draft with its attachments, in one
// transaction. A unit user drafts only for their own unit
// (disclosure.DraftUnit).
func (s *Store) CreateDocument(ctx context.Context, a auth.Actor, in DocumentInput, atts ...NewAttachment) (int64, error) {
	unit, err := disclosure.DraftUnit(a.AsUser(), in.UnitID)
	if err != nil {
		return 0, err
	}
	in.UnitID = unit
	if err := in.Validate(); err != nil {
		return 0, err
	}
	prepareAttachments(ctx, atts)
	var id int64
	err = s.InTx(ctx, func(tx *Tx) error {
		var err error
		id, err = tx.insertDocument(ctx, a, in)
		if err != nil {
			return err
		}
		d, err := tx.document(ctx, id)
		if err != nil {
			return err
		}
		return tx.attach(ctx, a, d, atts)
	})
	return id, err
}

func (tx *Tx) insertDocument(ctx context.Context, a auth.Actor, in DocumentInput) (int64, error) {
	if err := checkWrittenOn(in.WrittenOn, tx.Now); err != nil {
		return 0, err
	}
	now := TS(tx.Now)
	due, err := tx.dueOn(ctx, in.WrittenOn)
	if err != nil {
		return 0, err
	}
	id, err := tx.Insert(ctx, `INSERT INTO documents (due_on, unit_id, issuer, author_id, title, doc_no, written_on, changed_on, catalog_item_id, topic, genre, tags,
		body_html, body_text, attribute, attribute_ground, audience_unit_id, audience_note, major, status, version, imported, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?)`,
		due, nullID(in.UnitID), in.Issuer, nullID(a.UserID), in.Title, in.DocNo, in.WrittenOn, in.WrittenOn, nullID(in.CatalogItemID), in.Topic, in.Genre, joinTags(in.Tags),
		storedBodyHTML(in.BodyHTML, in.BodyText), in.BodyText, in.Attribute, in.AttributeGround, nullID(in.AudienceUnitID), in.AudienceNote, in.Major, string(disclosure.StatusDraft), false,
		now, now)
	if err != nil {
		return 0, fmt.Errorf("store: insert document: %w", err)
	}
	d, err := tx.document(ctx, id)
	if err != nil {
		return 0, err
	}
	if err := tx.saveVersion(ctx, a, d); err != nil {
		return 0, err
	}
	return id, tx.Audit(ctx, a, "create", "document", id, "起草文件《"+in.Title+"》", nil, docSnapshot(d))
}

func (tx *Tx) document(ctx context.Context, id int64) (disclosure.Document, error) {
	d, err := scanDocument(tx.QueryRow(ctx, `SELECT `+docColumns+docFrom+` WHERE d.id = ?`, id))
	if err != nil {
		return d, fmt.Errorf("store: document %d: %w", id, tx.s.translate(err))
	}
	return d, nil
}

func (tx *Tx) saveVersion(ctx context.Context, a auth.Actor, d disclosure.Document) error {
	_, err := tx.Exec(ctx, `INSERT INTO document_versions (document_id, version, at, actor_login, snapshot) VALUES (?, ?, ?, ?, ?)`,
		d.ID, d.Version, TS(tx.Now), a.Login, docSnapshot(d))
	if err != nil {
		return fmt.Errorf("store: document version: %w", err)
	}
	return nil
}

// UpdateDocument changes an editable document and adds attachments, in
// one transaction; the former version is kept.
func (s *Store) UpdateDocument(ctx context.Context, a auth.Actor, id int64, in DocumentInput, atts ...NewAttachment) error {
	if err := in.Validate(); err != nil {
		return err
	}
	prepareAttachments(ctx, atts)
	return s.InTx(ctx, func(tx *Tx) error {
		before, err := tx.document(ctx, id)
		if err != nil {
			return err
		}
		if !before.Status.Editable() {
			return gongkai.Errorf(gongkai.ECONFLICT, "文件状态为“%s”，只有草稿或已退回的文件可以修改", before.Status.Label())
		}
		if err := checkWrittenOn(in.WrittenOn, tx.Now); err != nil {
			return err
		}
		changed := laterDate(in.WrittenOn, before.ChangedOn)
		due, err := tx.dueOn(ctx, changed)
		if err != nil {
			return err
		}
		err = tx.Guarded(ctx, `UPDATE documents SET due_on = ?, unit_id = ?, issuer = ?, title = ?, doc_no = ?, written_on = ?, changed_on = ?, catalog_item_id = ?, topic = ?, genre = ?, tags = ?,
			body_html = ?, body_text = ?, attribute = ?, attribute_ground = ?, audience_unit_id = ?, audience_note = ?, major = ?, version = version + 1,
			updated_at = ? WHERE id = ? AND status = ? AND version = ?`,
			due, nullID(in.UnitID), in.Issuer, in.Title, in.DocNo, in.WrittenOn, changed, nullID(in.CatalogItemID), in.Topic, in.Genre, joinTags(in.Tags),
			storedBodyHTML(in.BodyHTML, in.BodyText), in.BodyText, in.Attribute, in.AttributeGround, nullID(in.AudienceUnitID), in.AudienceNote, in.Major,
			TS(tx.Now), id, string(before.Status), before.Version)
		if err != nil {
			return err
		}
		if err := tx.supersedeVersion(ctx, before); err != nil {
			return err
		}
		after, err := tx.document(ctx, id)
		if err != nil {
			return err
		}
		if err := tx.saveVersion(ctx, a, after); err != nil {
			return err
		}
		if err := tx.attach(ctx, a, after, atts); err != nil {
			return err
		}
		return tx.Audit(ctx, a, "update", "document", id, fmt.Sprintf("修改文件《%s》（第 %d 版）", after.Title, after.Version), docSnapshot(before), docSnapshot(after))
	})
}

func laterDate(a, b workday.Date) workday.Date {
	if a.After(b) {
		return a
	}
	return b
}

// DocumentVersion is one kept version.
type DocumentVersion struct {
	Version  int
	At       time.Time
	Actor    string
	Snapshot map[string]any
}

// DocumentVersions lists the kept versions, newest first. The current
// version is the document itself: when it has no version row (an imported
// document), it is listed from the document.
func (s *Store) DocumentVersions(ctx context.Context, id int64) ([]DocumentVersion, error) {
	d, err := s.Document(ctx, id)
	if err != nil {
		return nil, err
	}
	out, err := s.versionRows(ctx, id)
	if err != nil {
		return nil, err
	}
	if len(out) == 0 || out[0].Version < d.Version {
		out = append([]DocumentVersion{{Version: d.Version, At: d.Updated, Snapshot: docFields(d)}}, out...)
	}
	return out, nil
}

func (s *Store) versionRows(ctx context.Context, id int64) ([]DocumentVersion, error) {
	rows, err := s.query(ctx, `SELECT version, at, actor_login, snapshot FROM document_versions WHERE document_id = ? ORDER BY version DESC`, id)
	if err != nil {
		return nil, fmt.Errorf("store: versions: %w", err)
	}
	defer rows.Close()
	var out []DocumentVersion
	for rows.Next() {
		var v DocumentVersion
		var snap, at string
		if err := rows.Scan(&v.Version, &at, &v.Actor, &snap); err != nil {
			return nil, err
		}
		v.At = ParseTS(at)
		_ = json.Unmarshal([]byte(snap), &v.Snapshot)
		out = append(out, v)
	}
	return out, s.translate(rows.Err())
}

// SetValidity changes the validity of a published document (with the
// replacing document, if any), audited, effective on the given date.
func (s *Store) SetValidity(ctx context.Context, a auth.Actor, id int64, validity string, on workday.Date, replacedBy int64) error {
	ok := false
	for _, v := range disclosure.Validities {
		ok = ok || v == validity
	}
	if !ok {
		return gongkai.Errorf(gongkai.EINVALID, "有效性只能是 有效、失效、废止 或 已修订")
	}
	if replacedBy == id {
		return gongkai.Errorf(gongkai.EINVALID, "替代文件不能是文件本身")
	}
	return s.InTx(ctx, func(tx *Tx) error {
		before, err := tx.document(ctx, id)
		if err != nil {
			return err
		}
		if replacedBy != 0 {
			if _, err := tx.document(ctx, replacedBy); err != nil {
				return gongkai.Errorf(gongkai.EINVALID, "替代文件（编号 %d）不存在", replacedBy)
			}
		}
		if err := tx.Guarded(ctx, `UPDATE documents SET validity = ?, validity_on = ?, replaced_by_id = ?, updated_at = ? WHERE id = ?`,
			validity, on, nullID(replacedBy), TS(tx.Now), id); err != nil {
			return err
		}
		if before.Status == disclosure.StatusPublished {
			if err := tx.indexDocument(ctx, id); err != nil { // the validity filter
				return err
			}
		}
		if err := tx.BumpPortal(ctx); err != nil {
			return err
		}
		return tx.Audit(ctx, a, "validity", "document", id, fmt.Sprintf("《%s》有效性：%s → %s", before.Title, before.Validity, validity), before.Validity, validity)
	})
}

// docExists is used by the importers.
func (tx *Tx) docExists(ctx context.Context, title, docNo string) (bool, error) {
	var id int64
	err := tx.QueryRow(ctx, `SELECT id FROM documents WHERE title = ? AND doc_no = ?`, title, docNo).Scan(&id)
	if err == sql.ErrNoRows {
		return false, nil
	}
	return err == nil, tx.s.translate(err)
}

// Audience is a unit with documents disclosed to it (定向公开).
type Audience struct {
	UnitID int64
	Name   string
	Count  int
}

// Audiences lists the units that have published targeted documents.
func (s *Store) Audiences(ctx context.Context) ([]Audience, error) {
	rows, err := s.query(ctx, `SELECT u.id, u.name, COUNT(*) FROM documents d JOIN units u ON u.id = d.audience_unit_id
		WHERE d.status = 'published' AND d.attribute = '主动公开' GROUP BY u.id, u.name ORDER BY u.name`)
	if err != nil {
		return nil, fmt.Errorf("store: audiences: %w", err)
	}
	defer rows.Close()
	var out []Audience
	for rows.Next() {
		var a Audience
		if err := rows.Scan(&a.UnitID, &a.Name, &a.Count); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, s.translate(rows.Err())
}
