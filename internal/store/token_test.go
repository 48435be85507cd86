package store_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gongkai"
	"gongkai/internal/auth"
	"gongkai/internal/org"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

func TestTokenLifeCycle(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		advance := fixedClock(s, time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC))
		p := auth.PasswordPolicy{MinLength: 8, MinClasses: 2}
		mk := func(login string, role auth.Role) (auth.User, auth.Actor) {
			u, err := s.CreateUser(ctx, auth.System, store.NewUser{Login: login, Name: login, Role: role, Password: "Right-pass-2026"}, p)
			if err != nil {
				t.Fatal(err)
			}
			return u, auth.ActorOf(u, "10.0.0.1")
		}
		office, officeA := mk("bgs", auth.RoleOffice)
		_, adminA := mk("admin", auth.RoleAdmin)
		auditor, auditorA := mk("shenji", auth.RoleAuditor)

		// A user names their own token; the default life is 90 days.
		tok, secret, err := s.IssueToken(ctx, officeA, store.NewToken{UserID: office.ID, Name: "数据同步脚本"})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(secret, "gk_") || tok.Name != "数据同步脚本" || tok.CreatedBy != "bgs" || tok.Expires.Sub(tok.Created) != 90*24*time.Hour {
			t.Errorf("token %+v", tok)
		}
		if u, err := s.TokenUser(ctx, secret); err != nil || u.ID != office.ID {
			t.Fatalf("token user: %+v %v", u, err)
		}
		// At most a year; a name is required and may hold no bidi character.
		for _, n := range []store.NewToken{{UserID: office.ID, Name: "x", Days: 366}, {UserID: office.ID, Name: "x", Days: -1}, {UserID: office.ID, Name: " "}, {UserID: office.ID, Name: "脚本\u202e"}} {
			if _, _, err := s.IssueToken(ctx, officeA, n); gongkai.ErrorCode(err) != gongkai.EINVALID {
				t.Errorf("IssueToken(%+v) = %v; want invalid", n, err)
			}
		}
		_, _, err = s.IssueToken(ctx, officeA, store.NewToken{UserID: office.ID, Name: "x", Days: 400})
		if !strings.Contains(gongkai.ErrorMessage(err), "最长一年") {
			t.Errorf("400 days: %q; want the one-year limit named", gongkai.ErrorMessage(err))
		}
		year, _, err := s.IssueToken(ctx, officeA, store.NewToken{UserID: office.ID, Name: "年度报表", Days: 365})
		if err != nil || year.Expires.Sub(year.Created) != 365*24*time.Hour {
			t.Errorf("one-year token: %+v %v", year, err)
		}

		// Nobody creates a token for another user: not the admin (三员分立),
		// not another role. The command line may, and is audited as such.
		for _, a := range []auth.Actor{adminA, auditorA, auth.System} {
			if _, _, err := s.IssueToken(ctx, a, store.NewToken{UserID: office.ID, Name: "代建"}); gongkai.ErrorCode(err) != gongkai.EFORBIDDEN {
				t.Errorf("%s creating a token for bgs: %v; want forbidden", a.Login, err)
			}
		}
		cli := auth.CLIOperator("root")
		cliTok, cliSecret, err := s.IssueToken(ctx, cli, store.NewToken{UserID: auditor.ID, Name: "审计导出", Days: 7})
		if err != nil || cliTok.CreatedBy != "cli:root" {
			t.Fatalf("command line: %+v %v", cliTok, err)
		}
		var summary, actor string
		if err := s.DB().QueryRowContext(ctx, s.Rebind(`SELECT summary, actor_login FROM audit_log WHERE entity = 'api_token' AND entity_id = ?`), itoa(cliTok.ID)).Scan(&summary, &actor); err != nil ||
			actor != "cli:root" || !strings.Contains(summary, "命令行") || !strings.Contains(summary, "shenji") {
			t.Errorf("audit of the command line: %q by %q, %v", summary, actor, err)
		}

		// Lists: one's own; the admin's view of all.
		own, err := s.Tokens(ctx, office.ID)
		if err != nil || len(own) != 2 {
			t.Fatalf("own tokens: %d %v", len(own), err)
		}
		all, err := s.Tokens(ctx, 0)
		if err != nil || len(all) != 3 {
			t.Fatalf("all tokens: %d %v", len(all), err)
		}

		// Revoking: not someone else's; the owner their own; the admin any.
		if err := s.RevokeToken(ctx, auditorA, tok.ID); gongkai.ErrorCode(err) != gongkai.EFORBIDDEN {
			t.Errorf("auditor revoking bgs's token: %v; want forbidden", err)
		}
		if err := s.RevokeToken(ctx, adminA, cliTok.ID); err != nil {
			t.Errorf("admin revoking: %v", err)
		}
		if _, err := s.TokenUser(ctx, cliSecret); gongkai.ErrorMessage(err) != "接口令牌无效、已过期或已撤销" {
			t.Errorf("revoked token: %v", err)
		}
		if err := s.RevokeToken(ctx, adminA, cliTok.ID); gongkai.ErrorCode(err) != gongkai.ECONFLICT {
			t.Errorf("revoking twice: %v; want conflict", err)
		}
		got, _ := s.Token(ctx, cliTok.ID)
		if got.State(s.Now()) != store.TokenRevoked || got.RevokedBy != "admin" || got.StateLabel(s.Now()) != "已撤销（由 admin 撤销）" {
			t.Errorf("revoked: %+v %q", got, got.StateLabel(s.Now()))
		}

		// Expiry.
		advance(90*24*time.Hour - time.Second)
		if _, err := s.TokenUser(ctx, secret); err != nil {
			t.Errorf("token one second before expiry: %v", err)
		}
		advance(time.Second)
		if _, err := s.TokenUser(ctx, secret); gongkai.ErrorCode(err) != gongkai.EUNAUTHENTICATED || gongkai.ErrorMessage(err) != "接口令牌无效、已过期或已撤销" {
			t.Errorf("expired token: %v; want unauthenticated", err)
		}
		if got, _ := s.Token(ctx, tok.ID); got.StateLabel(s.Now()) != "已过期" {
			t.Errorf("state %q", got.StateLabel(s.Now()))
		}

		// A password change revokes the tokens and ends the sessions.
		sess, err := s.CreateSession(ctx, office, "10.0.0.1", "test", 12*time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.TokenUser(ctx, "gk_unknown"); gongkai.ErrorCode(err) != gongkai.EUNAUTHENTICATED {
			t.Errorf("unknown token: %v", err)
		}
		if u, err := s.Login(ctx, lockout, "bgs", "Right-pass-2026", "10.0.0.1"); err != nil || u.ID != office.ID {
			t.Fatalf("login: %v", err)
		}
		yearSecret := ""
		_, yearSecret, _ = s.IssueToken(ctx, officeA, store.NewToken{UserID: office.ID, Name: "另一个"})
		if err := s.SetPassword(ctx, officeA, office.ID, "bgs", "New-pass-2026x", p); err != nil {
			t.Fatal(err)
		}
		if _, err := s.TokenUser(ctx, yearSecret); gongkai.ErrorCode(err) != gongkai.EUNAUTHENTICATED {
			t.Errorf("token after the password change: %v; want unauthenticated", err)
		}
		if _, err := s.SessionUser(ctx, sess, 30*time.Minute); err == nil {
			t.Errorf("session after the password change: %v; want ended", err)
		}
		for _, tk := range mustTokens(t, s, office.ID) {
			if tk.State(s.Now()) == store.TokenActive {
				t.Errorf("token %q still active after the password change", tk.Name)
			}
		}
		if err := s.DB().QueryRowContext(ctx, s.Rebind(`SELECT summary FROM audit_log WHERE action = 'password' AND entity_id = ?`), itoa(office.ID)).Scan(&summary); err != nil ||
			!strings.Contains(summary, "撤销其接口令牌 2 个") {
			t.Errorf("password audit: %q %v", summary, err)
		}
		// A reset by the admin does the same.
		_, s2, _ := s.IssueToken(ctx, auth.ActorOf(office, ""), store.NewToken{UserID: office.ID, Name: "重置前"})
		if err := s.SetPassword(ctx, adminA, office.ID, "bgs", "Reset-pass-2026y", p); err != nil {
			t.Fatal(err)
		}
		if _, err := s.TokenUser(ctx, s2); gongkai.ErrorCode(err) != gongkai.EUNAUTHENTICATED {
			t.Errorf("token after the admin's reset: %v", err)
		}
	})
}

func mustTokens(t *testing.T, s *store.Store, userID int64) []store.Token {
	t.Helper()
	out, err := s.Tokens(ctx, userID)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// Tokens made before migration 00021 get 90 days from the migration.
func TestTokenMigrationGivesOldTokensNinetyDays(t *testing.T) {
	run := func(t *testing.T, dsn string) {
		s, err := store.Open(context.Background(), dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		if err := s.MigrateTo(ctx, 20); err != nil {
			t.Fatal(err)
		}
		db := s.DB()
		if _, err := db.ExecContext(ctx, `INSERT INTO users (id, login, role, password_hash, created_at, updated_at, password_changed_at) VALUES (1, 'old', 'office', 'x', '2024-01-01T00:00:00.000000Z', '2024-01-01T00:00:00.000000Z', '2024-01-01T00:00:00.000000Z')`); err != nil {
			t.Fatal(err)
		}
		if _, err := db.ExecContext(ctx, `INSERT INTO api_tokens (user_id, name, token_hash, created_at) VALUES (1, '旧令牌', 'h', '2024-01-01T00:00:00.000000Z')`); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		toks, err := s.Tokens(ctx, 1)
		if err != nil || len(toks) != 1 {
			t.Fatalf("tokens %v %v", toks, err)
		}
		if d := time.Until(toks[0].Expires); d < 89*24*time.Hour || d > 90*24*time.Hour {
			t.Errorf("old token expires in %v (%s); want 90 days from now", d, toks[0].Expires)
		}
	}
	t.Run("sqlite", func(t *testing.T) { run(t, filepath.Join(t.TempDir(), "old.db")) })
	t.Run("postgres", func(t *testing.T) {
		dsn := storetest.PostgresURL(t)
		if dsn == "" {
			t.Skip("GONGKAI_TEST_POSTGRES not set")
		}
		run(t, dsn)
	})
}

// A scoped token may do only what it was given: the exchange permission
// (which no role holds) is given by the command line, or by the office and
// the admin to a token of their own; a unit user may not give it, and an
// unknown permission is refused.
func TestScopedToken(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		p := auth.PasswordPolicy{MinLength: 8, MinClasses: 2}
		mk := func(login string, role auth.Role, unit int64) (auth.User, auth.Actor) {
			u, err := s.CreateUser(ctx, auth.System, store.NewUser{Login: login, Name: login, Role: role, UnitID: unit, Password: "Right-pass-2026"}, p)
			if err != nil {
				t.Fatal(err)
			}
			return u, auth.ActorOf(u, "10.0.0.1")
		}
		unit, err := s.CreateUnit(ctx, auth.System, org.Unit{Name: "基础教育科", Kind: org.KindDepartment})
		if err != nil {
			t.Fatal(err)
		}
		office, officeA := mk("bgs", auth.RoleOffice, 0)
		liaison, liaisonA := mk("lly", auth.RoleUnit, unit.ID)
		platform, _ := mk("shangji", auth.RoleAuditor, 0)

		tok, secret, err := s.IssueToken(ctx, officeA, store.NewToken{UserID: office.ID, Name: "上级平台", Scope: []auth.Perm{auth.PermExchange, auth.PermExchange}})
		if err != nil {
			t.Fatal(err)
		}
		if len(tok.Scope) != 1 || tok.Scope[0] != auth.PermExchange || !strings.Contains(tok.ScopeLabel(), "数据交换") {
			t.Errorf("scope %v %q", tok.Scope, tok.ScopeLabel())
		}
		u, err := s.TokenUser(ctx, secret)
		if err != nil || len(u.Scope) != 1 {
			t.Fatalf("token user %+v %v", u, err)
		}
		if !auth.Can(u, auth.PermExchange) || auth.Can(u, auth.PermDocView) || auth.Can(u, auth.PermConsole) || !auth.Can(u, auth.PermPublic) {
			t.Errorf("scoped office token: exchange %v, doc.view %v; want only exchange", auth.Can(u, auth.PermExchange), auth.Can(u, auth.PermDocView))
		}
		// An ordinary office token has the role's powers, not the exchange.
		_, plain, err := s.IssueToken(ctx, officeA, store.NewToken{UserID: office.ID, Name: "脚本"})
		if err != nil {
			t.Fatal(err)
		}
		if u, _ := s.TokenUser(ctx, plain); u.Scope != nil || auth.Can(u, auth.PermExchange) || !auth.Can(u, auth.PermDocView) {
			t.Errorf("plain token %+v", u)
		}
		if _, _, err := s.IssueToken(ctx, liaisonA, store.NewToken{UserID: liaison.ID, Name: "交换", Scope: []auth.Perm{auth.PermExchange}}); gongkai.ErrorCode(err) != gongkai.EFORBIDDEN {
			t.Errorf("unit user grants exchange: %v; want forbidden", err)
		}
		if _, _, err := s.IssueToken(ctx, officeA, store.NewToken{UserID: office.ID, Name: "x", Scope: []auth.Perm{"root"}}); gongkai.ErrorCode(err) != gongkai.EINVALID {
			t.Errorf("unknown permission: %v; want invalid", err)
		}
		cli := auth.CLIOperator("ops")
		ct, _, err := s.IssueToken(ctx, cli, store.NewToken{UserID: platform.ID, Name: "集约化平台", Scope: []auth.Perm{auth.PermExchange}})
		if err != nil || len(ct.Scope) != 1 {
			t.Fatalf("cli exchange token: %+v %v", ct, err)
		}
		list := mustTokens(t, s, platform.ID)
		if len(list) != 1 || len(list[0].Scope) != 1 {
			t.Errorf("listed %+v", list)
		}
	})
}
