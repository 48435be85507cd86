package store

import (
	"context"
	"fmt"
	"strings"

	"gongkai/internal/auth"
	"gongkai/internal/org"
)

const unitCols = `id, COALESCE(parent_id, 0), name, code, kind, tags, active, sort`

func scanUnit(sc interface{ Scan(...any) error }) (org.Unit, error) {
	var u org.Unit
	var kind, tags string
	if err := sc.Scan(&u.ID, &u.ParentID, &u.Name, &u.Code, &kind, &tags, &u.Active, &u.Sort); err != nil {
		return u, err
	}
	u.Kind = org.Kind(kind)
	u.Tags = splitTags(tags)
	return u, nil
}

func joinTags(tags []string) string {
	if len(tags) == 0 {
		return ""
	}
	return "," + strings.Join(tags, ",") + ","
}

func splitTags(s string) []string {
	var out []string
	for _, t := range strings.Split(strings.Trim(s, ","), ",") {
		if t != "" {
			out = append(out, t)
		}
	}
	return out
}

// Units lists every unit, active or not, in tree order of insertion.
func (s *Store) Units(ctx context.Context) ([]org.Unit, error) {
	out, err := collect(ctx, s, scanUnit, `SELECT `+unitCols+` FROM units ORDER BY sort, id`)
	if err != nil {
		return nil, fmt.Errorf("store: units: %w", err)
	}
	return out, nil
}

// Unit returns one unit.
func (s *Store) Unit(ctx context.Context, id int64) (org.Unit, error) {
	u, err := scanUnit(s.queryRow(ctx, `SELECT `+unitCols+` FROM units WHERE id = ?`, id))
	if err != nil {
		return u, fmt.Errorf("store: unit %d: %w", id, s.translate(err))
	}
	return u, nil
}

// UnitByName returns the unit with exactly that name.
func (s *Store) UnitByName(ctx context.Context, name string) (org.Unit, error) {
	u, err := scanUnit(s.queryRow(ctx, `SELECT `+unitCols+` FROM units WHERE name = ?`, name))
	if err != nil {
		return u, fmt.Errorf("store: unit %q: %w", name, s.translate(err))
	}
	return u, nil
}

// CreateUnit inserts a unit and audits it.
func (s *Store) CreateUnit(ctx context.Context, a auth.Actor, u org.Unit) (org.Unit, error) {
	if err := u.Validate(); err != nil {
		return u, err
	}
	err := s.InTx(ctx, func(tx *Tx) error {
		var err error
		u.Active = true
		u.ID, err = tx.CreateUnit(ctx, u)
		if err != nil {
			return err
		}
		return tx.Audit(ctx, a, "create", "unit", u.ID, "新建单位 "+u.Name, nil, u)
	})
	if err != nil {
		return u, fmt.Errorf("store: create unit %q: %w", u.Name, err)
	}
	return u, nil
}

// CreateUnit inserts a unit inside a transaction (used by the demo too).
func (t *Tx) CreateUnit(ctx context.Context, u org.Unit) (int64, error) {
	return t.Insert(ctx, `INSERT INTO units (parent_id, name, code, kind, tags, active, sort, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		nullID(u.ParentID), u.Name, u.Code, string(u.Kind), joinTags(u.Tags), true, u.Sort, TS(t.Now), TS(t.Now))
}

// UpdateUnit changes a unit's name, code, kind, tags, parent, order or
// activity; the audit row keeps the state before and after (the unit's
// history). Moving under its own descendant is refused.
func (s *Store) UpdateUnit(ctx context.Context, a auth.Actor, u org.Unit) (org.Unit, error) {
	if err := u.Validate(); err != nil {
		return u, err
	}
	err := s.InTx(ctx, func(tx *Tx) error {
		before, err := scanUnit(tx.QueryRow(ctx, `SELECT `+unitCols+` FROM units WHERE id = ?`, u.ID))
		if err != nil {
			return s.translate(err)
		}
		if u.ParentID != before.ParentID && u.ParentID != 0 {
			all, err := s.Units(ctx)
			if err != nil {
				return err
			}
			if err := org.CheckMove(all, u.ID, u.ParentID); err != nil {
				return err
			}
		}
		if err := tx.Guarded(ctx, `UPDATE units SET parent_id = ?, name = ?, code = ?, kind = ?, tags = ?, active = ?, sort = ?, updated_at = ? WHERE id = ?`,
			nullID(u.ParentID), u.Name, u.Code, string(u.Kind), joinTags(u.Tags), u.Active, u.Sort, TS(tx.Now), u.ID); err != nil {
			return err
		}
		action := "update"
		switch {
		case before.Active && !u.Active:
			action = "deactivate"
		case !before.Active && u.Active:
			action = "activate"
		case before.Name != u.Name:
			action = "rename"
		case before.ParentID != u.ParentID:
			action = "move"
		}
		return tx.Audit(ctx, a, action, "unit", u.ID, "修改单位 "+u.Name, before, u)
	})
	if err != nil {
		return u, fmt.Errorf("store: update unit %d: %w", u.ID, err)
	}
	return u, nil
}
