package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"gongkai"
	"gongkai/internal/auth"
	"gongkai/internal/disclosure"
	"gongkai/internal/sanitize"
	"gongkai/internal/workday"
	"time"
)

const catalogColumns = `id, COALESCE(parent_id, 0), level, seq, name, content, basis, time_limit, limit_days, subject, channels, audience, mode, tier, sort, updated_at`

func scanCatalogItem(sc interface{ Scan(...any) error }) (disclosure.CatalogItem, error) {
	var it disclosure.CatalogItem
	var updated string
	err := sc.Scan(&it.ID, &it.ParentID, &it.Level, &it.Seq, &it.Name, &it.Content, &it.Basis, &it.TimeLimit, &it.LimitDays,
		&it.Subject, &it.Channels, &it.Audience, &it.Mode, &it.Tier, &it.Sort, &updated)
	it.Updated = ParseTS(updated)
	return it, err
}

// CatalogItems lists every catalogue item.
func (s *Store) CatalogItems(ctx context.Context) ([]disclosure.CatalogItem, error) {
	out, err := collect(ctx, s, scanCatalogItem, `SELECT `+catalogColumns+` FROM catalog_items ORDER BY sort, id`)
	if err != nil {
		return nil, fmt.Errorf("store: catalog: %w", err)
	}
	return out, nil
}

// CatalogItem returns one item.
func (s *Store) CatalogItem(ctx context.Context, id int64) (disclosure.CatalogItem, error) {
	it, err := scanCatalogItem(s.queryRow(ctx, `SELECT `+catalogColumns+` FROM catalog_items WHERE id = ?`, id))
	if err != nil {
		return it, fmt.Errorf("store: catalog item %d: %w", id, s.translate(err))
	}
	return it, nil
}

func validateCatalogItem(it *disclosure.CatalogItem) error {
	it.Name = strings.TrimSpace(it.Name)
	if it.Name == "" {
		return gongkai.Errorf(gongkai.EINVALID, "请填写事项名称")
	}
	if err := sanitize.CheckName("事项名称", it.Name); err != nil {
		return err
	}
	if it.LimitDays == 0 {
		it.LimitDays = disclosure.ParseTimeLimit(it.TimeLimit)
	}
	return nil
}

func (tx *Tx) insertCatalogItem(ctx context.Context, a auth.Actor, it disclosure.CatalogItem) (int64, error) {
	now := TS(tx.Now)
	id, err := tx.Insert(ctx, `INSERT INTO catalog_items (parent_id, level, seq, name, content, basis, time_limit, limit_days, subject, channels, audience, mode, tier, sort, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		nullID(it.ParentID), it.Level, it.Seq, it.Name, it.Content, it.Basis, it.TimeLimit, it.LimitDays, it.Subject, it.Channels, it.Audience, it.Mode, it.Tier, it.Sort, now, now)
	if err != nil {
		return 0, fmt.Errorf("store: insert catalog item: %w", err)
	}
	it.ID = id
	if err := tx.catalogHistory(ctx, a, id, "新建事项", nil, it); err != nil {
		return 0, err
	}
	return id, nil
}

func (tx *Tx) catalogHistory(ctx context.Context, a auth.Actor, id int64, summary string, before, after any) error {
	b, _ := json.Marshal(before)
	if before == nil {
		b = nil
	}
	af, _ := json.Marshal(after)
	if _, err := tx.Exec(ctx, `INSERT INTO catalog_history (item_id, at, actor_login, summary, before_json, after_json) VALUES (?, ?, ?, ?, ?, ?)`,
		id, TS(tx.Now), a.Login, summary, string(b), string(af)); err != nil {
		return fmt.Errorf("store: catalog history: %w", err)
	}
	return tx.Audit(ctx, a, "catalog", "catalog_item", id, summary, before, after)
}

// CreateCatalogItem adds an item.
func (s *Store) CreateCatalogItem(ctx context.Context, a auth.Actor, it disclosure.CatalogItem) (int64, error) {
	if err := validateCatalogItem(&it); err != nil {
		return 0, err
	}
	var id int64
	err := s.InTx(ctx, func(tx *Tx) error {
		if it.ParentID != 0 {
			var lvl int
			if err := tx.QueryRow(ctx, `SELECT level FROM catalog_items WHERE id = ?`, it.ParentID).Scan(&lvl); err != nil {
				return gongkai.Errorf(gongkai.EINVALID, "上级事项不存在")
			}
			it.Level = lvl + 1
		} else {
			it.Level = 1
		}
		var err error
		id, err = tx.insertCatalogItem(ctx, a, it)
		if err != nil {
			return err
		}
		return tx.BumpPortal(ctx)
	})
	return id, err
}

// UpdateCatalogItem edits an item; the history keeps before and after.
func (s *Store) UpdateCatalogItem(ctx context.Context, a auth.Actor, it disclosure.CatalogItem) error {
	if err := validateCatalogItem(&it); err != nil {
		return err
	}
	return s.InTx(ctx, func(tx *Tx) error {
		before, err := scanCatalogItem(tx.QueryRow(ctx, `SELECT `+catalogColumns+` FROM catalog_items WHERE id = ?`, it.ID))
		if err != nil {
			return fmt.Errorf("store: catalog item %d: %w", it.ID, tx.s.translate(err))
		}
		if err := tx.Guarded(ctx, `UPDATE catalog_items SET seq = ?, name = ?, content = ?, basis = ?, time_limit = ?, limit_days = ?, subject = ?, channels = ?, audience = ?, mode = ?, tier = ?, sort = ?, updated_at = ? WHERE id = ?`,
			it.Seq, it.Name, it.Content, it.Basis, it.TimeLimit, it.LimitDays, it.Subject, it.Channels, it.Audience, it.Mode, it.Tier, it.Sort, TS(tx.Now), it.ID); err != nil {
			return err
		}
		it.ParentID, it.Level = before.ParentID, before.Level
		if err := tx.catalogHistory(ctx, a, it.ID, "修改事项《"+it.Name+"》", before, it); err != nil {
			return err
		}
		return tx.BumpPortal(ctx)
	})
}

// CatalogChange is one entry of an item's history.
type CatalogChange struct {
	At        time.Time
	Actor     string // login
	ActorName string // the person's name, when the login is a user
	Summary   string
	Changes   []disclosure.FieldChange // field by field, in Chinese
}

// CatalogHistory lists an item's changes, newest first: who (name and
// login), when, and which field changed from what to what.
func (s *Store) CatalogHistory(ctx context.Context, id int64) ([]CatalogChange, error) {
	rows, err := s.query(ctx, `SELECT h.at, h.actor_login, COALESCE(u.name, ''), h.summary, h.before_json, h.after_json
		FROM catalog_history h LEFT JOIN users u ON u.login = h.actor_login WHERE h.item_id = ? ORDER BY h.id DESC`, id)
	if err != nil {
		return nil, fmt.Errorf("store: catalog history: %w", err)
	}
	defer rows.Close()
	var out []CatalogChange
	for rows.Next() {
		var c CatalogChange
		var at, before, after string
		if err := rows.Scan(&at, &c.Actor, &c.ActorName, &c.Summary, &before, &after); err != nil {
			return nil, err
		}
		c.At, c.Changes = ParseTS(at), disclosure.CatalogChanges(before, after)
		out = append(out, c)
	}
	return out, s.translate(rows.Err())
}

// ImportCatalog adds imported rows under their paths of names, reusing
// items that already exist under the same parent, in one transaction: a
// failed import writes nothing. It returns how many items were created.
func (s *Store) ImportCatalog(ctx context.Context, a auth.Actor, rows []disclosure.ImportedItem) (int, error) {
	created := 0
	err := s.InTx(ctx, func(tx *Tx) error {
		existing := map[string]int64{} // parentID/name → id
		r, err := tx.Query(ctx, `SELECT id, COALESCE(parent_id, 0), name FROM catalog_items`)
		if err != nil {
			return err
		}
		for r.Next() {
			var id, parent int64
			var name string
			if err := r.Scan(&id, &parent, &name); err != nil {
				r.Close()
				return err
			}
			existing[fmt.Sprintf("%d/%s", parent, name)] = id
		}
		r.Close()
		sort := 0
		for _, row := range rows {
			var parent int64
			for lvl, name := range row.Path {
				if err := sanitize.CheckName("公开事项", name); err != nil {
					return fmt.Errorf("第 %d 行：%w", row.Row, err)
				}
				key := fmt.Sprintf("%d/%s", parent, name)
				id, ok := existing[key]
				last := lvl == len(row.Path)-1
				if ok && last {
					it := row.Item
					if _, err := tx.Exec(ctx, `UPDATE catalog_items SET seq = ?, content = ?, basis = ?, time_limit = ?, limit_days = ?, subject = ?, channels = ?, audience = ?, mode = ?, tier = ?, updated_at = ? WHERE id = ?`,
						it.Seq, it.Content, it.Basis, it.TimeLimit, it.LimitDays, it.Subject, it.Channels, it.Audience, it.Mode, it.Tier, TS(tx.Now), id); err != nil {
						return fmt.Errorf("第 %d 行：%w", row.Row, err)
					}
					if err := tx.catalogHistory(ctx, a, id, "导入更新事项《"+name+"》", nil, it); err != nil {
						return err
					}
				}
				if !ok {
					it := disclosure.CatalogItem{Name: name, Level: lvl + 1, ParentID: parent, Sort: sort}
					if lvl == 0 && !last {
						it.Seq = row.Item.Seq // 序号 numbers the first-level item
					}
					if last {
						it = row.Item
						it.ParentID, it.Level, it.Sort = parent, lvl+1, sort
						if lvl > 0 {
							it.Seq = ""
						}
					}
					sort++
					id, err = tx.insertCatalogItem(ctx, a, it)
					if err != nil {
						return fmt.Errorf("第 %d 行：%w", row.Row, err)
					}
					existing[key] = id
					created++
				}
				parent = id
			}
		}
		if err := tx.BumpPortal(ctx); err != nil {
			return err
		}
		return tx.Audit(ctx, a, "import", "catalog", "", fmt.Sprintf("导入目录：%d 行，新建 %d 个事项", len(rows), created), nil, nil)
	})
	return created, err
}

// LastPublished is the latest published document of a catalogue item.
type LastPublished struct {
	Published time.Time
	ChangedOn workday.Date
	Count     int
}

// CatalogLastPublished returns, per item, its latest public document.
func (s *Store) CatalogLastPublished(ctx context.Context) (map[int64]LastPublished, error) {
	rows, err := s.query(ctx, `SELECT d.catalog_item_id, d.published_at, d.changed_on, c.n FROM documents d
		JOIN (SELECT catalog_item_id, MAX(published_at) AS mp, COUNT(*) AS n FROM documents WHERE status = 'published' AND catalog_item_id IS NOT NULL GROUP BY catalog_item_id) c
		ON c.catalog_item_id = d.catalog_item_id AND c.mp = d.published_at WHERE d.status = 'published'`)
	if err != nil {
		return nil, fmt.Errorf("store: catalog last published: %w", err)
	}
	defer rows.Close()
	out := map[int64]LastPublished{}
	for rows.Next() {
		var id int64
		var pub string
		var lp LastPublished
		if err := rows.Scan(&id, &pub, &lp.ChangedOn, &lp.Count); err != nil {
			return nil, err
		}
		lp.Published = ParseTS(pub)
		out[id] = lp
	}
	return out, s.translate(rows.Err())
}
