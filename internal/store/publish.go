package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"gongkai/internal/auth"
	"gongkai/internal/disclosure"
)

// The reads and the bookkeeping of static publishing (gongkai publish and
// the publish job): what the portal shows, what changed since the last
// run, and each output directory's last run.

// PortalDoc is a document the portal shows at its own address.
type PortalDoc struct {
	ID             int64
	CatalogItemID  int64
	AudienceUnitID int64 // targeted (定向公开): listed on its audience's page only
	Updated        time.Time
}

// portalDocWhere is disclosure.Document.OnPortal in SQL.
const portalDocWhere = `d.status = '` + string(disclosure.StatusPublished) + `' AND d.attribute = '` + disclosure.AttrProactive + `'`

// PortalDocs lists every document shown at /docs/{id}, by id.
func (s *Store) PortalDocs(ctx context.Context) ([]PortalDoc, error) {
	return collect(ctx, s, func(sc interface{ Scan(...any) error }) (PortalDoc, error) {
		var d PortalDoc
		var updated string
		err := sc.Scan(&d.ID, &d.CatalogItemID, &d.AudienceUnitID, &updated)
		d.Updated = ParseTS(updated)
		return d, err
	}, `SELECT d.id, COALESCE(d.catalog_item_id, 0), COALESCE(d.audience_unit_id, 0), d.updated_at FROM documents d WHERE `+portalDocWhere+` ORDER BY d.id`)
}

// PortalFile is an attachment the portal offers for download.
type PortalFile struct {
	ID, DocumentID int64
	Name           string
}

// PortalFiles lists the attachments of the documents on the portal that
// are not held for review (store.PublicAttachments, for all documents).
func (s *Store) PortalFiles(ctx context.Context) ([]PortalFile, error) {
	return collect(ctx, s, func(sc interface{ Scan(...any) error }) (PortalFile, error) {
		var f PortalFile
		err := sc.Scan(&f.ID, &f.DocumentID, &f.Name)
		return f, err
	}, `SELECT a.id, a.document_id, a.name FROM document_attachments a JOIN documents d ON d.id = a.document_id
		WHERE `+portalDocWhere+` AND NOT EXISTS (SELECT 1 FROM held_sources h WHERE h.source = 'attachment:' || a.id) ORDER BY a.id`)
}

// DocumentsOfInterpretations maps interpretation ids to their documents.
func (s *Store) DocumentsOfInterpretations(ctx context.Context, ids []int64) ([]int64, error) {
	return s.idsFor(ctx, `SELECT DISTINCT document_id FROM interpretations WHERE id IN `, ids)
}

// DocumentsReplacedBy lists the documents whose pages name one of ids as
// the document in force (现行文件见…).
func (s *Store) DocumentsReplacedBy(ctx context.Context, ids []int64) ([]int64, error) {
	return s.idsFor(ctx, `SELECT id FROM documents WHERE replaced_by_id IN `, ids)
}

func (s *Store) idsFor(ctx context.Context, q string, ids []int64) ([]int64, error) {
	var out []int64
	for len(ids) > 0 {
		n := min(len(ids), 500)
		args := make([]any, n)
		for i, id := range ids[:n] {
			args[i] = id
		}
		got, err := collect(ctx, s, scanID, q+"("+strings.TrimSuffix(strings.Repeat("?,", n), ",")+")", args...)
		if err != nil {
			return nil, fmt.Errorf("store: ids: %w", err)
		}
		out = append(out, got...)
		ids = ids[n:]
	}
	return out, nil
}

// AuditChange is an audit row as the publisher reads it: what changed.
type AuditChange struct {
	ID       int64
	At       time.Time
	Action   string
	Entity   string
	EntityID string
	IDs      []int64 // the documents of a bulk import (entity "documents")
}

// AuditChanges returns the audit rows after id after and those written
// since since (a transaction that began before the last run may commit
// later with a smaller id), oldest first. Every change of state writes an
// audit row in its own transaction, so these are all the changes.
func (s *Store) AuditChanges(ctx context.Context, after int64, since time.Time) ([]AuditChange, error) {
	scan := func(sc interface{ Scan(...any) error }) (AuditChange, error) {
		var c AuditChange
		var at, ids string
		if err := sc.Scan(&c.ID, &at, &c.Action, &c.Entity, &c.EntityID, &ids); err != nil {
			return c, err
		}
		c.At = ParseTS(at)
		if ids != "" {
			_ = json.Unmarshal([]byte(ids), &c.IDs) // not a list of ids: no documents named
		}
		return c, nil
	}
	const cols = `SELECT id, at, action, entity, entity_id, CASE WHEN entity = 'documents' THEN after_json ELSE '' END FROM audit_log WHERE `
	newer, err := collect(ctx, s, scan, cols+`id > ? ORDER BY id`, after)
	if err != nil {
		return nil, fmt.Errorf("store: audit changes: %w", err)
	}
	late, err := collect(ctx, s, scan, cols+`at >= ? AND id <= ? ORDER BY id`, TS(since), after)
	if err != nil {
		return nil, fmt.Errorf("store: audit changes: %w", err)
	}
	return append(late, newer...), nil
}

// MaxAuditID is the id of the newest audit row (0 for none).
func (s *Store) MaxAuditID(ctx context.Context) (int64, error) {
	var id int64
	if err := s.queryRow(ctx, `SELECT COALESCE(MAX(id), 0) FROM audit_log`).Scan(&id); err != nil {
		return 0, fmt.Errorf("store: max audit id: %w", s.translate(err))
	}
	return id, nil
}

// PublishState is the last run of the publisher into one directory.
type PublishState struct {
	Dir         string
	Node        string // host name of the node that ran it
	Started     time.Time
	Finished    time.Time
	Full        bool // the last run rendered every page
	LastFull    time.Time
	Pages       int // files of the published site
	Rendered    int // pages rendered in the last run
	Written     int // files written (new or changed) in the last run
	Deleted     int // files removed in the last run
	Failed      int
	Failures    []PublishFailure // the first of them
	Duration    time.Duration
	Error       string // why the run stopped, if it did
	AuditCursor int64  // the last audit row the run saw
	RequestSeen int64  // the last 全部重新发布 request the run served
	Day         string // civil date of the last full run (date-dependent pages)
}

// PublishFailure is a page the publisher could not render.
type PublishFailure struct {
	Path  string `json:"path"`
	Error string `json:"error"`
}

const publishCols = `dir, node, started_at, finished_at, full_run, last_full_at, pages, rendered, written, deleted, failed, failures,
	duration_ms, error, audit_cursor, request_seen, day`

func scanPublishState(sc interface{ Scan(...any) error }) (PublishState, error) {
	var p PublishState
	var started, finished, lastFull, failures string
	var ms int64
	err := sc.Scan(&p.Dir, &p.Node, &started, &finished, &p.Full, &lastFull, &p.Pages, &p.Rendered, &p.Written, &p.Deleted, &p.Failed, &failures,
		&ms, &p.Error, &p.AuditCursor, &p.RequestSeen, &p.Day)
	p.Started, p.Finished, p.LastFull = ParseTS(started), ParseTS(finished), ParseTS(lastFull)
	p.Duration = time.Duration(ms) * time.Millisecond
	if failures != "" {
		_ = json.Unmarshal([]byte(failures), &p.Failures)
	}
	return p, err
}

// PublishStates lists the output directories and their last runs.
func (s *Store) PublishStates(ctx context.Context) ([]PublishState, error) {
	out, err := collect(ctx, s, scanPublishState, `SELECT `+publishCols+` FROM publish_state ORDER BY dir`)
	if err != nil {
		return nil, fmt.Errorf("store: publish states: %w", err)
	}
	return out, nil
}

// PublishStateOf returns the last run into dir (ENOTFOUND before the first).
func (s *Store) PublishStateOf(ctx context.Context, dir string) (PublishState, error) {
	p, err := scanPublishState(s.queryRow(ctx, `SELECT `+publishCols+` FROM publish_state WHERE dir = ?`, dir))
	if err != nil {
		return p, fmt.Errorf("store: publish state %s: %w", dir, s.translate(err))
	}
	return p, nil
}

// SavePublishState records a run (bookkeeping of a system job, like
// job_runs: not audited).
func (s *Store) SavePublishState(ctx context.Context, p PublishState) error {
	failures := ""
	if len(p.Failures) > 0 {
		b, err := json.Marshal(p.Failures)
		if err != nil {
			return err
		}
		failures = string(b)
	}
	ts := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return TS(t)
	}
	_, err := s.exec(ctx, `INSERT INTO publish_state (`+publishCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (dir) DO UPDATE SET node = excluded.node, started_at = excluded.started_at, finished_at = excluded.finished_at,
		full_run = excluded.full_run, last_full_at = excluded.last_full_at, pages = excluded.pages, rendered = excluded.rendered,
		written = excluded.written, deleted = excluded.deleted, failed = excluded.failed, failures = excluded.failures,
		duration_ms = excluded.duration_ms, error = excluded.error, audit_cursor = excluded.audit_cursor,
		request_seen = excluded.request_seen, day = excluded.day`,
		p.Dir, p.Node, ts(p.Started), ts(p.Finished), p.Full, ts(p.LastFull), p.Pages, p.Rendered, p.Written, p.Deleted, p.Failed, failures,
		p.Duration.Milliseconds(), p.Error, p.AuditCursor, p.RequestSeen, p.Day)
	if err != nil {
		return fmt.Errorf("store: save publish state: %w", s.translate(err))
	}
	return nil
}

// RebuildRequest is a 全部重新发布 asked for in the console.
type RebuildRequest struct {
	ID  int64
	At  time.Time
	By  string
	Set bool // a request exists
}

// RequestRebuild asks every publisher for a full rebuild at its next run
// (within seconds), audited.
func (s *Store) RequestRebuild(ctx context.Context, a auth.Actor) (int64, error) {
	var id int64
	err := s.InTx(ctx, func(tx *Tx) error {
		var err error
		id, err = tx.Insert(ctx, `INSERT INTO publish_requests (requested_at, requested_by) VALUES (?, ?)`, TS(tx.Now), a.Login)
		if err != nil {
			return fmt.Errorf("store: rebuild request: %w", err)
		}
		return tx.Audit(ctx, a, "rebuild", "publish", id, "静态发布：全部重新发布", nil, nil)
	})
	return id, err
}

// LastRebuildRequest returns the newest 全部重新发布 request.
func (s *Store) LastRebuildRequest(ctx context.Context) (RebuildRequest, error) {
	var r RebuildRequest
	var at string
	err := s.queryRow(ctx, `SELECT id, requested_at, requested_by FROM publish_requests ORDER BY id DESC LIMIT 1`).Scan(&r.ID, &at, &r.By)
	if err != nil {
		if IsNotFound(s.translate(err)) {
			return r, nil
		}
		return r, fmt.Errorf("store: rebuild request: %w", s.translate(err))
	}
	r.At, r.Set = ParseTS(at), true
	return r, nil
}
