package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"time"

	"gongkai"
	"gongkai/internal/auth"
	"gongkai/internal/disclosure"
	"gongkai/internal/org"
	"gongkai/internal/workday"
)

// ImportedDocument is one historical document moved over from an old site.
type ImportedDocument struct {
	Row         int
	Input       DocumentInput
	PublishedOn workday.Date
	Validity    string
}

// DocImportResult says what an import did.
type DocImportResult struct {
	IDs []int64 // every imported document, in row order
	// Held are the rows the gate stopped: imported but not published,
	// waiting for the confidentiality review.
	Held []ImportHeld
}

// ImportHeld is a row held for review, with the findings that hold it.
type ImportHeld struct {
	Row      int
	ID       int64
	Title    string
	Findings []disclosure.Finding
}

var shanghaiTZ = func() *time.Location {
	if loc, err := time.LoadLocation("Asia/Shanghai"); err == nil {
		return loc
	}
	return time.FixedZone("CST", 8*3600)
}()

// ImportDocuments imports historical documents (see ImportDocumentsReport)
// and returns their ids.
func (s *Store) ImportDocuments(ctx context.Context, a auth.Actor, docs []ImportedDocument) ([]int64, error) {
	res, err := s.ImportDocumentsReport(ctx, a, docs)
	return res.IDs, err
}

// ImportDocumentsReport imports historical documents in one transaction
// (a failed import writes nothing). Each gets an index number and an audit
// row with action "import". A document in which the checks find nothing
// that must be fixed is published as it was on the old site, with a closed
// review record marked as an import. One with a finding that must be fixed
// (an ID or mobile number, a sensitive word …) does not go public: it is
// imported waiting for the confidentiality review (待保密审查), with an
// open review record, an event saying why and a notification to the
// reviewers; when it is reviewed and signed off it is published with its
// original publication date. For historical documents the gate looks at
// the text only: their elements and document numbers stay as issued.
//
// A large listing is imported in batches (gongkai import documents: 500
// to a transaction): PrepareImport does the work that needs no database
// (checks, full-text tokens, word bags) on every core, ImportPrepared
// writes one batch.
func (s *Store) ImportDocumentsReport(ctx context.Context, a auth.Actor, docs []ImportedDocument) (DocImportResult, error) {
	p, err := s.PrepareImport(ctx, docs)
	if err != nil {
		return DocImportResult{}, err
	}
	return s.ImportPrepared(ctx, a, p)
}

// PreparedImport is a batch of historical documents ready to be written.
type PreparedImport struct {
	docs  []preparedDoc
	words []string // the sensitive words the findings were computed with
}

type preparedDoc struct {
	in       ImportedDocument
	doc      disclosure.Document // as it will be stored (no id yet)
	standing []disclosure.Finding
	index    *indexEntry
}

// CheckImport checks historical documents as PrepareImport does, and
// writes nothing (the first pass of an import, and --dry-run).
func (s *Store) CheckImport(ctx context.Context, docs []ImportedDocument) error {
	byID, err := s.unitsByID(ctx)
	if err != nil {
		return err
	}
	now := s.Now()
	for _, in := range docs {
		if err := checkImported(&in, now, byID); err != nil {
			return err
		}
	}
	return nil
}

// unitsByID returns the units by id.
func (s *Store) unitsByID(ctx context.Context) (map[int64]org.Unit, error) {
	units, err := s.Units(ctx)
	if err != nil {
		return nil, err
	}
	byID := make(map[int64]org.Unit, len(units))
	for _, u := range units {
		byID[u.ID] = u
	}
	return byID, nil
}

// checkImported checks one historical document (normalising its input).
func checkImported(in *ImportedDocument, now time.Time, units map[int64]org.Unit) error {
	if err := in.Input.Validate(); err != nil {
		return fmt.Errorf("第 %d 行：%w", in.Row, err)
	}
	if err := checkWrittenOn(in.Input.WrittenOn, now); err != nil {
		return fmt.Errorf("第 %d 行：%w", in.Row, err)
	}
	if in.Input.UnitID != 0 {
		if _, ok := units[in.Input.UnitID]; !ok {
			return gongkai.Errorf(gongkai.EINVALID, "第 %d 行：单位（编号 %d）不存在", in.Row, in.Input.UnitID)
		}
	}
	return nil
}

// PrepareImport checks a batch of historical documents and computes what
// their writing needs (their findings, full-text tokens and word bags),
// in parallel. A row that fails its checks fails the batch, naming it.
func (s *Store) PrepareImport(ctx context.Context, docs []ImportedDocument) (PreparedImport, error) {
	byID, err := s.unitsByID(ctx)
	if err != nil {
		return PreparedImport{}, err
	}
	words, err := sensitiveWords(ctx, s, readQ{s})
	if err != nil {
		return PreparedImport{}, err
	}
	p := PreparedImport{docs: make([]preparedDoc, len(docs)), words: words}
	now := s.Now()
	for i, in := range docs {
		if err := checkImported(&in, now, byID); err != nil {
			return PreparedImport{}, err
		}
		if in.Validity == "" {
			in.Validity = disclosure.ValidityInForce
		}
		u := byID[in.Input.UnitID]
		p.docs[i] = preparedDoc{in: in, doc: disclosure.Document{UnitID: in.Input.UnitID, UnitName: u.Name, UnitCode: u.Code, Issuer: in.Input.Issuer,
			Title: in.Input.Title, DocNo: in.Input.DocNo, WrittenOn: in.Input.WrittenOn, ChangedOn: in.Input.WrittenOn, CatalogItemID: in.Input.CatalogItemID,
			Topic: in.Input.Topic, Genre: in.Input.Genre, Tags: in.Input.Tags, Validity: in.Validity, BodyHTML: in.Input.BodyHTML, BodyText: in.Input.BodyText,
			Attribute: in.Input.Attribute, AttributeGround: in.Input.AttributeGround, AudienceUnitID: in.Input.AudienceUnitID, AudienceNote: in.Input.AudienceNote,
			Major: in.Input.Major, Status: disclosure.StatusPublished, Version: 1, Imported: true}}
	}
	eachOnCores(len(p.docs), func(i int) {
		d := &p.docs[i]
		d.standing = importFindings(d.doc, words)
		if len(d.standing) == 0 && d.doc.Public() {
			d.index = newIndexEntry(d.doc.Title, d.doc.DocNo, d.doc.BodyText)
		}
	})
	return p, nil
}

// importFindings are the findings that stand over a new historical
// document: the same checks as docReport's for a document that has no
// interpretations, attachments or dismissals yet.
func importFindings(d disclosure.Document, words []string) []disclosure.Finding {
	return disclosure.StandingFindings(disclosure.CheckDocument(docCheckInput(d), 0, nil, words, nil, true).Findings)
}

// ImportPrepared writes a prepared batch in one transaction. The findings
// are computed again inside it when the sensitive words changed since
// PrepareImport.
func (s *Store) ImportPrepared(ctx context.Context, a auth.Actor, p PreparedImport) (DocImportResult, error) {
	var res DocImportResult
	err := s.InTx(ctx, func(tx *Tx) error {
		res = DocImportResult{}
		words, err := sensitiveWords(ctx, s, tx)
		if err != nil {
			return err
		}
		again := !slices.Equal(words, p.words)
		var indexIDs []int64
		var indexes []*indexEntry
		for i := range p.docs {
			d := p.docs[i]
			if again {
				d.standing = importFindings(d.doc, words)
				if len(d.standing) > 0 {
					d.index = nil
				} else if d.index == nil && d.doc.Public() {
					d.index = newIndexEntry(d.doc.Title, d.doc.DocNo, d.doc.BodyText)
				}
			}
			id, err := tx.importDocument(ctx, a, d)
			if err != nil {
				return fmt.Errorf("第 %d 行：%w", d.in.Row, err)
			}
			if len(d.standing) == 0 && d.index != nil {
				indexIDs, indexes = append(indexIDs, id), append(indexes, d.index)
			}
			res.IDs = append(res.IDs, id)
			if len(d.standing) > 0 {
				res.Held = append(res.Held, ImportHeld{Row: d.in.Row, ID: id, Title: d.doc.Title, Findings: d.standing})
			}
		}
		if err := tx.BumpPortal(ctx); err != nil {
			return err
		}
		if err := tx.writeIndexes(ctx, indexIDs, indexes); err != nil {
			return err
		}
		summary := fmt.Sprintf("导入历史文件 %d 件", len(res.IDs))
		if len(res.Held) > 0 {
			summary += fmt.Sprintf("，其中 %d 件含必须修改的内容，未公开，待保密审查", len(res.Held))
		}
		return tx.Audit(ctx, a, "import", "documents", "", summary, nil, res.IDs)
	})
	if err != nil {
		return DocImportResult{}, err
	}
	return res, nil
}

// importDocument writes one prepared historical document: published with
// its original date, or held for review when findings stand.
func (tx *Tx) importDocument(ctx context.Context, a auth.Actor, p preparedDoc) (int64, error) {
	d := p.doc
	held := len(p.standing) > 0
	if held {
		d.Status = disclosure.StatusSubmitted
	}
	no, err := tx.nextIndexNo(ctx, d, p.in.PublishedOn.Year)
	if err != nil {
		return 0, err
	}
	now := TS(tx.Now)
	var published any
	if !held {
		published = TS(time.Date(p.in.PublishedOn.Year, p.in.PublishedOn.Month, p.in.PublishedOn.Day, 9, 0, 0, 0, shanghaiTZ))
	}
	id, err := tx.Insert(ctx, `INSERT INTO documents (unit_id, issuer, author_id, title, index_no, doc_no, written_on, changed_on, published_at, catalog_item_id, topic, genre, tags, validity,
		body_html, body_text, attribute, attribute_ground, audience_unit_id, audience_note, major, status, version, imported, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?)`,
		nullID(d.UnitID), d.Issuer, nullID(a.UserID), d.Title, no, d.DocNo, d.WrittenOn, d.WrittenOn, published, nullID(d.CatalogItemID), d.Topic, d.Genre, joinTags(d.Tags), d.Validity,
		storedBodyHTML(d.BodyHTML, d.BodyText), d.BodyText, d.Attribute, d.AttributeGround, nullID(d.AudienceUnitID), d.AudienceNote, d.Major, string(d.Status), true,
		now, now)
	if err != nil {
		return 0, fmt.Errorf("store: insert document: %w", err)
	}
	d.ID, d.IndexNo = id, no
	// The first version is the document itself (no version row until a
	// newer version replaces it); the audit row records the import, the
	// numbers it gave and a hash of the body.
	sum := sha256.Sum256([]byte(d.BodyText))
	if err := tx.Audit(ctx, a, "import", "document", id, "导入历史文件《"+d.Title+"》", nil,
		map[string]any{"row": p.in.Row, "index_no": no, "doc_no": d.DocNo, "published_on": p.in.PublishedOn, "status": d.Status, "body_sha256": hex.EncodeToString(sum[:])}); err != nil {
		return 0, err
	}
	if held {
		return id, tx.holdImported(ctx, a, d, p.in.PublishedOn, p.standing)
	}
	if _, err := tx.Exec(ctx, `INSERT INTO document_reviews (document_id, opened_at, closed_at, outcome, review_note) VALUES (?, ?, ?, 'imported', ?)`,
		id, now, now, "历史信息导入：原网站已发布"); err != nil {
		return 0, err
	}
	return id, nil // indexed by ImportPrepared (unless 依申请公开 or targeted)
}

// holdImported keeps an imported document off the portal for review.
func (tx *Tx) holdImported(ctx context.Context, a auth.Actor, d disclosure.Document, published workday.Date, st []disclosure.Finding) error {
	now := TS(tx.Now)
	if _, err := tx.Exec(ctx, `INSERT INTO imported_originals (document_id, published_on) VALUES (?, ?)`, d.ID, published); err != nil {
		return err
	}
	revID, err := tx.Insert(ctx, `INSERT INTO document_reviews (document_id, opened_at, findings) VALUES (?, ?, ?)`, d.ID, now, findingsJSON(st))
	if err != nil {
		return err
	}
	reason := fmt.Sprintf("历史文件导入时发现 %d 项必须修改的问题，未公开，需保密审查后发布", len(st))
	if _, err := tx.Exec(ctx, `INSERT INTO document_events (document_id, review_id, at, actor_id, actor_login, from_status, to_status, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		d.ID, revID, now, nullID(a.UserID), a.Login, "", string(disclosure.StatusSubmitted), reason); err != nil {
		return err
	}
	if err := tx.notifyRole(ctx, auth.RoleReviewer, fmt.Sprintf("doc:%d:import-held", d.ID), "导入的历史文件待保密审查："+d.Title, reason, fmt.Sprintf("/admin/docs/d/%d", d.ID)); err != nil {
		return err
	}
	return tx.Audit(ctx, a, "import_held", "document", d.ID, fmt.Sprintf("《%s》%s", d.Title, reason), nil, map[string]any{"findings": st})
}

// publishedAt is the publication time of d when it is signed off now: an
// imported document held for review keeps its original date.
func (tx *Tx) publishedAt(ctx context.Context, d disclosure.Document) (string, error) {
	if d.Imported {
		var on workday.Date
		err := tx.QueryRow(ctx, `SELECT published_on FROM imported_originals WHERE document_id = ?`, d.ID).Scan(&on)
		if err == nil {
			return TS(time.Date(on.Year, on.Month, on.Day, 9, 0, 0, 0, shanghaiTZ)), nil
		}
		if !IsNotFound(tx.s.translate(err)) {
			return "", fmt.Errorf("store: imported original: %w", tx.s.translate(err))
		}
	}
	return TS(tx.Now), nil
}
