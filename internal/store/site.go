package store

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"time"

	"gongkai"
	"gongkai/internal/auth"
	"gongkai/internal/site"
)

// The portal's identity (网站标识与联系方式) and its 信息公开指南, one row
// each in site_documents. A database where no identity was ever saved has
// none: the console shows a banner and the inspection reports it; nothing
// falls back to another body's name.

const (
	siteIdentityKey = "identity"
	siteGuideKey    = "guide"
)

// SiteGuide is the guide's draft and what the portal shows.
type SiteGuide struct {
	Draft       site.Guide
	Published   *site.Guide // nil while never published
	PublishedAt time.Time
	PublishedBy string
	Version     int
	Stored      bool // false: Draft is the default first draft
}

// Changed reports whether the draft differs from the published guide.
func (g SiteGuide) Changed() bool {
	return g.Published == nil || !reflect.DeepEqual(g.Draft, *g.Published)
}

type siteDoc struct {
	current, published     string
	version                int
	publishedAt, publisher string
}

// siteDocQ reads one site document through the read pool or a transaction.
func (s *Store) siteDoc(ctx context.Context, tx *Tx, key string) (siteDoc, bool, error) {
	var d siteDoc
	const q = `SELECT current, published, version, published_at, published_by FROM site_documents WHERE key = ?`
	var err error
	if tx != nil {
		err = tx.QueryRow(ctx, q, key).Scan(&d.current, &d.published, &d.version, &d.publishedAt, &d.publisher)
	} else {
		err = s.queryRow(ctx, q, key).Scan(&d.current, &d.published, &d.version, &d.publishedAt, &d.publisher)
	}
	if err = s.translate(err); IsNotFound(err) {
		return d, false, nil
	} else if err != nil {
		return d, false, fmt.Errorf("store: site %s: %w", key, err)
	}
	return d, true, nil
}

// writeSiteDoc inserts or updates (guarded by version) a site document.
func (t *Tx) writeSiteDoc(ctx context.Context, a auth.Actor, key string, old siteDoc, exists bool, current, published, publishedAt, publisher string) error {
	if !exists {
		_, err := t.Exec(ctx, `INSERT INTO site_documents (key, current, published, version, updated_at, updated_by, published_at, published_by) VALUES (?, ?, ?, 1, ?, ?, ?, ?)`,
			key, current, published, TS(t.Now), a.Login, publishedAt, publisher)
		return err
	}
	return t.Guarded(ctx, `UPDATE site_documents SET current = ?, published = ?, version = version + 1, updated_at = ?, updated_by = ?, published_at = ?, published_by = ?
		WHERE key = ? AND version = ?`, current, published, TS(t.Now), a.Login, publishedAt, publisher, key, old.version)
}

// SiteIdentity returns the stored identity (the zero Identity when none
// was ever saved; Identity.Set tells).
func (s *Store) SiteIdentity(ctx context.Context) (site.Identity, error) {
	d, ok, err := s.siteDoc(ctx, nil, siteIdentityKey)
	if err != nil || !ok {
		return site.Identity{}, err
	}
	var id site.Identity
	if err := json.Unmarshal([]byte(d.current), &id); err != nil {
		return id, fmt.Errorf("store: site identity: %w", err)
	}
	return id, nil
}

// SaveSiteIdentity validates and stores the identity, audited. While a
// guide is published, a change that would take away one of its required
// contact elements is refused (site.Missing on the published guide).
func (s *Store) SaveSiteIdentity(ctx context.Context, a auth.Actor, in site.Identity) error {
	in, err := in.Validate()
	if err != nil {
		return err
	}
	return s.InTx(ctx, func(tx *Tx) error {
		old, exists, err := s.siteDoc(ctx, tx, siteIdentityKey)
		if err != nil {
			return err
		}
		var before site.Identity
		if exists {
			_ = json.Unmarshal([]byte(old.current), &before)
		}
		g, gok, err := s.siteDoc(ctx, tx, siteGuideKey)
		if err != nil {
			return err
		}
		if gok && g.published != "" {
			var pub site.Guide
			if err := json.Unmarshal([]byte(g.published), &pub); err != nil {
				return fmt.Errorf("store: published guide: %w", err)
			}
			if miss := site.Missing(pub, in); len(miss) > 0 && len(site.Missing(pub, before)) == 0 {
				return gongkai.Errorf(gongkai.EINVALID, "信息公开指南已发布，它所需的联系方式不能删去：%s", strings.Join(miss, "；")).WithDetails(map[string]any{"missing": miss})
			}
		}
		b, _ := json.Marshal(in)
		if err := tx.writeSiteDoc(ctx, a, siteIdentityKey, old, exists, string(b), "", "", ""); err != nil {
			return err
		}
		if err := tx.BumpPortal(ctx); err != nil {
			return err
		}
		return tx.Audit(ctx, a, "update", "site_identity", "", "修改网站标识与联系方式", before, in)
	})
}

// InitSiteIdentity stores in as the identity only when none was ever
// saved (the GONGKAI_SITE_* variables are initial values, nothing more).
// It reports whether it stored anything.
func (s *Store) InitSiteIdentity(ctx context.Context, a auth.Actor, in site.Identity) (bool, error) {
	in, err := in.Validate()
	if err != nil {
		return false, err
	}
	stored := false
	err = s.InTx(ctx, func(tx *Tx) error {
		_, exists, err := s.siteDoc(ctx, tx, siteIdentityKey)
		if err != nil || exists {
			return err
		}
		b, _ := json.Marshal(in)
		if err := tx.writeSiteDoc(ctx, a, siteIdentityKey, siteDoc{}, false, string(b), "", "", ""); err != nil {
			return err
		}
		stored = true
		if err := tx.BumpPortal(ctx); err != nil {
			return err
		}
		return tx.Audit(ctx, a, "create", "site_identity", "", "以环境变量为初始值设置网站标识", nil, in)
	})
	return stored, err
}

// SiteGuide returns the guide: the stored draft (or the default first
// draft) and the published version.
func (s *Store) SiteGuide(ctx context.Context) (SiteGuide, error) {
	return s.siteGuide(ctx, nil)
}

func (s *Store) siteGuide(ctx context.Context, tx *Tx) (SiteGuide, error) {
	var out SiteGuide
	d, ok, err := s.siteDoc(ctx, tx, siteGuideKey)
	if err != nil {
		return out, err
	}
	if !ok {
		id, err := s.SiteIdentity(ctx)
		if err != nil {
			return out, err
		}
		out.Draft = site.DefaultGuide(id.Organiser)
		return out, nil
	}
	out.Stored, out.Version, out.PublishedBy, out.PublishedAt = true, d.version, d.publisher, ParseTS(d.publishedAt)
	if err := json.Unmarshal([]byte(d.current), &out.Draft); err != nil {
		return out, fmt.Errorf("store: guide draft: %w", err)
	}
	if d.published != "" {
		var p site.Guide
		if err := json.Unmarshal([]byte(d.published), &p); err != nil {
			return out, fmt.Errorf("store: published guide: %w", err)
		}
		out.Published = &p
	}
	return out, nil
}

// SaveGuideDraft stores the guide's draft (the portal keeps showing the
// published guide), audited.
func (s *Store) SaveGuideDraft(ctx context.Context, a auth.Actor, g site.Guide) error {
	g, err := g.Validate()
	if err != nil {
		return err
	}
	return s.InTx(ctx, func(tx *Tx) error {
		old, exists, err := s.siteDoc(ctx, tx, siteGuideKey)
		if err != nil {
			return err
		}
		b, _ := json.Marshal(g)
		if err := tx.writeSiteDoc(ctx, a, siteGuideKey, old, exists, string(b), old.published, old.publishedAt, old.publisher); err != nil {
			return err
		}
		return tx.Audit(ctx, a, "update", "site_guide", "", "修改信息公开指南草稿", jsonOrNil(old.current), g)
	})
}

// PublishGuide publishes the guide's draft once every element 条例第十二条
// requires is there (site.Missing, with the identity's contact); otherwise
// it refuses with the list and publishes nothing.
func (s *Store) PublishGuide(ctx context.Context, a auth.Actor) error {
	return s.InTx(ctx, func(tx *Tx) error {
		old, exists, err := s.siteDoc(ctx, tx, siteGuideKey)
		if err != nil {
			return err
		}
		if !exists {
			return gongkai.Errorf(gongkai.EINVALID, "请先填写并保存信息公开指南，再发布")
		}
		var g site.Guide
		if err := json.Unmarshal([]byte(old.current), &g); err != nil {
			return fmt.Errorf("store: guide draft: %w", err)
		}
		idDoc, _, err := s.siteDoc(ctx, tx, siteIdentityKey)
		if err != nil {
			return err
		}
		var id site.Identity
		if idDoc.current != "" {
			_ = json.Unmarshal([]byte(idDoc.current), &id)
		}
		if miss := site.Missing(g, id); len(miss) > 0 {
			return gongkai.Errorf(gongkai.EINVALID, "信息公开指南缺少必备要素，未发布：%s", strings.Join(miss, "；")).WithDetails(map[string]any{"missing": miss})
		}
		if err := tx.writeSiteDoc(ctx, a, siteGuideKey, old, true, old.current, old.current, TS(tx.Now), a.Login); err != nil {
			return err
		}
		if err := tx.BumpPortal(ctx); err != nil {
			return err
		}
		return tx.Audit(ctx, a, "publish", "site_guide", "", "发布信息公开指南", jsonOrNil(old.published), g)
	})
}

// jsonOrNil decodes stored JSON for an audit row (nil when empty).
func jsonOrNil(s string) any {
	if s == "" {
		return nil
	}
	var v any
	if json.Unmarshal([]byte(s), &v) != nil {
		return nil
	}
	return v
}
