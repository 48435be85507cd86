package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"gongkai"
	"gongkai/internal/auth"
	"gongkai/internal/org"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
	"gongkai/internal/workday"
)

var ctx = context.Background()

func TestMigrateIsUpToDate(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		cur, target, pending, err := s.SchemaStatus(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if pending || cur != target || cur == 0 {
			t.Fatalf("schema status: current %d target %d pending %v; want up to date", cur, target, pending)
		}
		if n, err := s.Migrate(ctx); err != nil || n != 0 {
			t.Fatalf("second migrate ran %d, %v; want 0, nil", n, err)
		}
		if msg, err := s.SchemaBehind(ctx); err != nil || msg != "" {
			t.Fatalf("SchemaBehind on a current schema: %q, %v; want empty", msg, err)
		}
		// A lower migration missing while the highest is applied (areas
		// number their migrations in their own ranges): the message names
		// it instead of comparing two equal version numbers.
		if _, err := s.DB().Exec(`DELETE FROM goose_db_version WHERE version_id = 20`); err != nil {
			t.Fatal(err)
		}
		msg, err := s.SchemaBehind(ctx)
		if err != nil || !strings.Contains(msg, "00020") || !strings.Contains(msg, "尚未升级") {
			t.Fatalf("SchemaBehind with 00020 missing: %q, %v; want it named", msg, err)
		}
	})
}

func TestErrorTranslation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		a := auth.System
		u, err := s.CreateUnit(ctx, a, org.Unit{Name: "办公室", Kind: org.KindOffice})
		if err != nil {
			t.Fatal(err)
		}
		// Duplicate name → conflict.
		_, err = s.CreateUnit(ctx, a, org.Unit{Name: "办公室", Kind: org.KindOffice})
		if got := gongkai.ErrorCode(err); got != gongkai.ECONFLICT {
			t.Errorf("duplicate unit: code %q (%v); want conflict", got, err)
		}
		// Missing row → not found.
		_, err = s.Unit(ctx, 9999)
		if !errors.Is(err, gongkai.ErrNotFound) && gongkai.ErrorCode(err) != gongkai.ENOTFOUND {
			t.Errorf("missing unit: %v; want not found", err)
		}
		// Foreign key → invalid.
		_, err = s.CreateUnit(ctx, a, org.Unit{Name: "孤儿", Kind: org.KindSchool, ParentID: 4242})
		if got := gongkai.ErrorCode(err); got != gongkai.EINVALID {
			t.Errorf("bad parent: code %q (%v); want invalid", got, err)
		}
		// Check constraint → invalid.
		err = s.InTx(ctx, func(tx *store.Tx) error {
			_, err := tx.Exec(ctx, `INSERT INTO holidays (date, kind, name, created_at) VALUES (?, ?, ?, ?)`, "2030-01-01", "nonsense", "", "x")
			return err
		})
		if got := gongkai.ErrorCode(err); got != gongkai.EINVALID {
			t.Errorf("check violation: code %q (%v); want invalid", got, err)
		}
		// Guarded update that matches nothing → conflict.
		err = s.InTx(ctx, func(tx *store.Tx) error {
			return tx.Guarded(ctx, `UPDATE units SET name = ? WHERE id = ? AND active = ?`, "x", u.ID, false)
		})
		if got := gongkai.ErrorCode(err); got != gongkai.ECONFLICT {
			t.Errorf("guarded update: code %q (%v); want conflict", got, err)
		}
	})
}

func TestAuditIsAppendOnly(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		if _, err := s.CreateUnit(ctx, auth.Actor{Login: "admin", Role: auth.RoleAdmin, UserID: 0}, org.Unit{Name: "职教科", Kind: org.KindDepartment}); err != nil {
			t.Fatal(err)
		}
		rows, err := s.Audit(ctx, store.AuditFilter{Entity: "unit"})
		if err != nil || len(rows) != 1 {
			t.Fatalf("audit rows %d, %v; want 1", len(rows), err)
		}
		if rows[0].ActorLogin != "admin" || rows[0].Action != "create" || rows[0].After == "" {
			t.Errorf("audit row = %+v; want admin create with after state", rows[0])
		}
		for _, q := range []string{`UPDATE audit_log SET summary = 'x'`, `DELETE FROM audit_log`} {
			err := s.InTx(ctx, func(tx *store.Tx) error { _, err := tx.Exec(ctx, q); return err })
			if got := gongkai.ErrorCode(err); got != gongkai.EFORBIDDEN {
				t.Errorf("%s: code %q (%v); want forbidden", q, got, err)
			}
		}
		rows, _ = s.Audit(ctx, store.AuditFilter{})
		if len(rows) != 1 || rows[0].Summary == "x" {
			t.Errorf("audit log changed: %+v", rows)
		}
	})
}

func TestFailedTransactionLeavesNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		err := s.InTx(ctx, func(tx *store.Tx) error {
			if _, err := tx.CreateUnit(ctx, org.Unit{Name: "半成品", Kind: org.KindSchool}); err != nil {
				return err
			}
			return errors.New("boom")
		})
		if err == nil {
			t.Fatal("want error")
		}
		if _, err := s.UnitByName(ctx, "半成品"); !store.IsNotFound(err) {
			t.Errorf("unit after rollback: %v; want not found", err)
		}
	})
}

func TestUnitsMoveAndHistory(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		a := auth.System
		bureau, _ := s.CreateUnit(ctx, a, org.Unit{Name: "教体局", Kind: org.KindBureau})
		dept, _ := s.CreateUnit(ctx, a, org.Unit{Name: "基础教育科", Kind: org.KindDepartment, ParentID: bureau.ID})
		bureau.ParentID = dept.ID
		if _, err := s.UpdateUnit(ctx, a, bureau); gongkai.ErrorCode(err) != gongkai.EINVALID {
			t.Errorf("cycle move: %v; want invalid", err)
		}
		dept.Name, dept.Tags = "基础教育科（改）", []string{"区直", "区直"}
		if _, err := s.UpdateUnit(ctx, a, dept); err != nil {
			t.Fatal(err)
		}
		dept.Active = false
		if _, err := s.UpdateUnit(ctx, a, dept); err != nil {
			t.Fatal(err)
		}
		got, _ := s.Unit(ctx, dept.ID)
		if got.Active || got.Name != "基础教育科（改）" || len(got.Tags) != 1 {
			t.Errorf("unit = %+v", got)
		}
		hist, _ := s.Audit(ctx, store.AuditFilter{Entity: "unit", EntityID: itoa(dept.ID)})
		if len(hist) != 3 || hist[0].Action != "deactivate" || hist[1].Action != "rename" {
			t.Errorf("history = %d rows %+v; want create, rename, deactivate", len(hist), hist)
		}
	})
}

func TestUsersSessionsTokens(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		now := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
		s.Now = func() time.Time { return now }
		school, _ := s.CreateUnit(ctx, auth.System, org.Unit{Name: "实验小学", Kind: org.KindSchool})
		p := auth.PasswordPolicy{MinLength: 8, MinClasses: 2}
		if _, err := s.CreateUser(ctx, auth.System, store.NewUser{Login: "li", Role: auth.RoleUnit, Password: "abcdefgh1"}, p); gongkai.ErrorCode(err) != gongkai.EINVALID {
			t.Errorf("unit user without unit: %v; want invalid", err)
		}
		u, err := s.CreateUser(ctx, auth.System, store.NewUser{Login: "li", Name: "李老师", Role: auth.RoleUnit, UnitID: school.ID, Password: "abcdefgh1"}, p)
		if err != nil {
			t.Fatal(err)
		}
		got, hash, err := s.UserByLogin(ctx, "li")
		if err != nil || !auth.CheckPassword(hash, "abcdefgh1") || got.UnitName != "实验小学" {
			t.Fatalf("user by login: %+v %v", got, err)
		}
		tok, err := s.CreateSession(ctx, u, "127.0.0.1", "test", 12*time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		if su, err := s.SessionUser(ctx, tok, 30*time.Minute); err != nil || su.ID != u.ID {
			t.Fatalf("session user: %+v %v", su, err)
		}
		now = now.Add(31 * time.Minute)
		if _, err := s.SessionUser(ctx, tok, 30*time.Minute); gongkai.ErrorCode(err) != gongkai.EUNAUTHENTICATED {
			t.Errorf("idle session: %v; want unauthenticated", err)
		}
		_, secret, err := s.IssueToken(ctx, auth.CLI, store.NewToken{UserID: u.ID, Name: "脚本"})
		if err != nil {
			t.Fatal(err)
		}
		if tu, err := s.TokenUser(ctx, secret); err != nil || tu.Login != "li" {
			t.Errorf("token user: %+v %v", tu, err)
		}
		if _, err := s.TokenUser(ctx, secret+"x"); gongkai.ErrorCode(err) != gongkai.EUNAUTHENTICATED {
			t.Errorf("wrong token: %v; want unauthenticated", err)
		}
		u.Active = false
		if err := s.UpdateUser(ctx, auth.System, u); err != nil {
			t.Fatal(err)
		}
		if _, err := s.TokenUser(ctx, secret); err == nil {
			t.Error("token of a deactivated user still works")
		}
	})
}

func TestHolidaysOverlay(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		days := []workday.Day{{Date: workday.MustDate("2027-01-01"), Kind: workday.DayKind("holiday"), Name: "元旦"}}
		if err := s.PutHolidays(ctx, auth.System, days, "导入2027年"); err != nil {
			t.Fatal(err)
		}
		days[0].Name = "元旦节"
		if err := s.PutHolidays(ctx, auth.System, days, "再次导入"); err != nil {
			t.Fatal(err)
		}
		got, err := s.Holidays(ctx)
		if err != nil || len(got) != 1 || got[0].Name != "元旦节" || got[0].Date.String() != "2027-01-01" {
			t.Fatalf("holidays = %+v, %v", got, err)
		}
		if err := s.DeleteHoliday(ctx, auth.System, workday.MustDate("2027-01-02")); !store.IsNotFound(err) {
			t.Errorf("delete missing: %v; want not found", err)
		}
	})
}

func TestRedact(t *testing.T) {
	got := store.Redact("postgres://app:s3cret@db.example:5432/gk?sslmode=disable")
	if got != "postgres://app:xxxxx@db.example:5432/gk?sslmode=disable" {
		t.Errorf("Redact = %q", got)
	}
}

func itoa(n int64) string { return fmtInt(n) }
