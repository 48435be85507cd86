package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"gongkai/internal/disclosure"
	"gongkai/internal/exchange"
	"gongkai/internal/institution"
)

// The records of the exchange as they stand inside a transaction: the
// public record of a thing, or its tombstone when it is not (or no longer)
// public. The sequencer hashes them to tell a real change from a write
// that changed nothing public.

// exchangeRecord returns the record of kind/id as it stands in tx, and
// whether it is a tombstone.
func (tx *Tx) exchangeRecord(ctx context.Context, kind exchange.Kind, id int64) (any, bool, error) {
	switch kind {
	case exchange.KindDocument:
		return tx.exchangeDocument(ctx, id)
	case exchange.KindCatalogItem:
		return tx.exchangeCatalogItem(ctx, id)
	case exchange.KindInstitution:
		return tx.exchangeInstitution(ctx, id)
	}
	return nil, false, fmt.Errorf("store: exchange: unknown kind %q", kind)
}

func (tx *Tx) exchangeDocument(ctx context.Context, id int64) (any, bool, error) {
	d, err := tx.document(ctx, id)
	if err != nil {
		if IsNotFound(err) {
			return exchange.Tombstone{ID: id, Reason: "deleted"}, true, nil
		}
		return nil, false, err
	}
	switch {
	case d.Status == disclosure.StatusWithdrawn:
		return exchange.Tombstone{ID: id, IndexNo: d.IndexNo, Title: d.Title, Reason: "withdrawn"}, true, nil
	case !d.Public():
		return exchange.Tombstone{ID: id, IndexNo: d.IndexNo, Title: d.Title, Reason: "not_public"}, true, nil
	}
	body := sha256.Sum256([]byte(d.BodyHTML))
	rec := exchange.Document{ID: d.ID, IndexNo: d.IndexNo, DocNo: d.DocNo, Title: d.Title, Issuer: d.IssuerName(), WrittenOn: d.WrittenOn.String(),
		PublishedAt: d.PublishedAt.UTC(), Topic: d.Topic, Genre: d.Genre, Attribute: d.Attribute, Validity: d.Validity, ValidityOn: d.ValidityOn.String(),
		Tags: d.Tags, URL: disclosure.DocumentURL(d.ID), BodySHA256: hex.EncodeToString(body[:]),
		Interpretations: []exchange.Interpretation{}, Attachments: []exchange.File{}}
	if rec.Tags == nil {
		rec.Tags = []string{}
	}
	if d.CatalogItemID != 0 {
		c, err := tx.exchangeCatalogPath(ctx, d.CatalogItemID)
		if err != nil {
			return nil, false, err
		}
		rec.Catalog = &c
	}
	if d.ReplacedByID != 0 {
		var ref exchange.Ref
		var idx *string
		err := tx.QueryRow(ctx, `SELECT id, index_no, title FROM documents WHERE id = ?`, d.ReplacedByID).Scan(&ref.ID, &idx, &ref.Title)
		if err != nil {
			return nil, false, fmt.Errorf("store: exchange replaced by %d: %w", d.ReplacedByID, tx.s.translate(err))
		}
		if idx != nil {
			ref.IndexNo = *idx
		}
		ref.URL = disclosure.DocumentURL(ref.ID)
		rec.ReplacedBy = &ref
	}
	rows, err := tx.Query(ctx, `SELECT i.id, i.title, i.form, i.media_url FROM interpretations i WHERE i.document_id = ?
		AND NOT EXISTS (SELECT 1 FROM held_sources h WHERE h.source = 'interpretation:' || i.id) ORDER BY i.id`, id)
	if err != nil {
		return nil, false, fmt.Errorf("store: exchange interpretations: %w", err)
	}
	for rows.Next() {
		var it exchange.Interpretation
		var form string
		if err := rows.Scan(&it.ID, &it.Title, &form, &it.MediaURL); err != nil {
			rows.Close()
			return nil, false, err
		}
		it.Form = disclosure.FormLabel(form)
		it.URL = disclosure.DocumentURL(id) + "#interp-" + strconv.FormatInt(it.ID, 10)
		rec.Interpretations = append(rec.Interpretations, it)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, false, tx.s.translate(err)
	}
	rows, err = tx.Query(ctx, `SELECT a.id, a.name, a.sha256, a.size, a.content_type FROM document_attachments a WHERE a.document_id = ?
		AND NOT EXISTS (SELECT 1 FROM held_sources h WHERE h.source = 'attachment:' || a.id) ORDER BY a.id`, id)
	if err != nil {
		return nil, false, fmt.Errorf("store: exchange attachments: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var f exchange.File
		var aid int64
		if err := rows.Scan(&aid, &f.Name, &f.SHA256, &f.Size, &f.ContentType); err != nil {
			return nil, false, err
		}
		f.URL = "/files/" + strconv.FormatInt(aid, 10)
		rec.Attachments = append(rec.Attachments, f)
	}
	return rec, false, tx.s.translate(rows.Err())
}

// exchangeCatalogPath names a catalogue item with the path of its
// ancestors (一级 / 二级 / 三级).
func (tx *Tx) exchangeCatalogPath(ctx context.Context, id int64) (exchange.Catalog, error) {
	c := exchange.Catalog{ID: id}
	var names []string
	cur := id
	for i := 0; i < 10 && cur != 0; i++ {
		var name string
		var parent *int64
		if err := tx.QueryRow(ctx, `SELECT name, parent_id FROM catalog_items WHERE id = ?`, cur).Scan(&name, &parent); err != nil {
			return c, fmt.Errorf("store: exchange catalog %d: %w", cur, tx.s.translate(err))
		}
		if cur == id {
			c.Name = name
		}
		names = append([]string{name}, names...)
		cur = 0
		if parent != nil {
			cur = *parent
		}
	}
	c.Path = strings.Join(names, " / ")
	return c, nil
}

func (tx *Tx) exchangeCatalogItem(ctx context.Context, id int64) (any, bool, error) {
	it, err := scanCatalogItem(tx.QueryRow(ctx, `SELECT `+catalogColumns+` FROM catalog_items WHERE id = ?`, id))
	if err != nil {
		if IsNotFound(tx.s.translate(err)) {
			return exchange.Tombstone{ID: id, Reason: "deleted"}, true, nil
		}
		return nil, false, fmt.Errorf("store: exchange catalog item %d: %w", id, tx.s.translate(err))
	}
	path, err := tx.exchangeCatalogPath(ctx, id)
	if err != nil {
		return nil, false, err
	}
	return exchange.CatalogItem{ID: it.ID, ParentID: it.ParentID, Level: it.Level, Seq: it.Seq, Name: it.Name, Path: path.Path,
		Content: it.Content, Basis: it.Basis, TimeLimit: it.TimeLimit, Subject: it.Subject, Channels: it.Channels, Audience: it.Audience,
		Mode: it.Mode, Tier: it.Tier, URL: "/catalog/" + strconv.FormatInt(it.ID, 10)}, false, nil
}

func (tx *Tx) exchangeInstitution(ctx context.Context, id int64) (any, bool, error) {
	var status, data, published string
	err := tx.QueryRow(ctx, `SELECT status, data, COALESCE(published_at, '') FROM institutions WHERE id = ?`, id).Scan(&status, &data, &published)
	if err != nil {
		if IsNotFound(tx.s.translate(err)) {
			return exchange.Tombstone{ID: id, Reason: "deleted"}, true, nil
		}
		return nil, false, fmt.Errorf("store: exchange institution %d: %w", id, tx.s.translate(err))
	}
	var r institution.Record
	if err := json.Unmarshal([]byte(data), &r); err != nil {
		return nil, false, fmt.Errorf("store: institution %d data: %w", id, err)
	}
	switch institution.Status(status) {
	case institution.StatusPublished:
	case institution.StatusWithdrawn:
		return exchange.Tombstone{ID: id, IndexNo: r.LicenceNo, Title: r.Name, Reason: "withdrawn"}, true, nil
	default:
		return exchange.Tombstone{ID: id, IndexNo: r.LicenceNo, Title: r.Name, Reason: "not_public"}, true, nil
	}
	return exchange.Institution{ID: id, KindLabel: r.Kind.Label(), ListLabel: listLabel(r), URL: institution.URL(id), UpdatedAt: ParseTS(published).UTC(), Record: r}, false, nil
}

func listLabel(r institution.Record) string {
	if r.Kind != institution.KindTraining {
		return ""
	}
	return r.List.Label()
}

// recordHash is the hash the sequencer compares: the record's JSON and
// whether it is a tombstone.
func recordHash(rec any, deleted bool) (string, []byte, error) {
	b, err := json.Marshal(rec)
	if err != nil {
		return "", nil, fmt.Errorf("store: exchange record: %w", err)
	}
	h := sha256.New()
	if deleted {
		h.Write([]byte("deleted\x00"))
	}
	h.Write(b)
	return hex.EncodeToString(h.Sum(nil)), b, nil
}
