package store_test

import (
	"context"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"gongkai"
	"gongkai/internal/auth"
	"gongkai/internal/request"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// burst runs fn n times at once (released together) and returns the
// errors by code, with one message per code.
func burst(n int, fn func(i int) error) (map[string]int, map[string]string) {
	var wg sync.WaitGroup
	var mu sync.Mutex
	start := make(chan struct{})
	codes, msgs := map[string]int{}, map[string]string{}
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			<-start
			err := fn(i)
			code := gongkai.ErrorCode(err)
			if err == nil {
				code = "ok"
			}
			mu.Lock()
			codes[code]++
			if err != nil {
				msgs[code] = err.Error()
			}
			mu.Unlock()
		}(i)
	}
	close(start)
	wg.Wait()
	return codes, msgs
}

func fixedClock(s *store.Store, t0 time.Time) func(time.Duration) {
	var mu sync.Mutex
	now := t0
	s.Now = func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	return func(d time.Duration) { mu.Lock(); now = now.Add(d); mu.Unlock() }
}

var lockout = store.LoginPolicy{MaxFailures: 5, Window: 15 * time.Minute}

func TestLoginBurstChecksAtMostFive(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		advance := fixedClock(s, time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC))
		p := auth.PasswordPolicy{MinLength: 8, MinClasses: 2}
		if _, err := s.CreateUser(ctx, auth.System, store.NewUser{Login: "wang", Name: "王主任", Role: auth.RoleOffice, Password: "Right-pass-2026"}, p); err != nil {
			t.Fatal(err)
		}
		codes, msgs := burst(40, func(int) error {
			_, err := s.Login(ctx, lockout, "wang", "wrong-password", "203.0.113.7")
			return err
		})
		if codes[gongkai.EUNAUTHENTICATED] > 5 || codes[gongkai.EUNAUTHENTICATED]+codes[gongkai.ERATELIMIT] != 40 {
			t.Fatalf("40 wrong passwords at once: %v; want at most 5 checked (unauthenticated), the rest rate-limited", codes)
		}
		if !strings.Contains(msgs[gongkai.EUNAUTHENTICATED], "登录名或密码错误") || !strings.Contains(msgs[gongkai.ERATELIMIT], "账号已临时锁定") {
			t.Errorf("messages %q", msgs)
		}
		t.Logf("40 wrong passwords at once: %v", codes)

		// The right password, from another address, is refused unchecked
		// for the lockout period, with the wait in the details.
		_, err := s.Login(ctx, lockout, "wang", "Right-pass-2026", "198.51.100.1")
		wait, ok := store.RetryAfter(err)
		if gongkai.ErrorCode(err) != gongkai.ERATELIMIT || !ok || wait <= 14*time.Minute || wait > 15*time.Minute {
			t.Fatalf("right password after the burst: %v (wait %v); want rate-limited for 15 minutes", err, wait)
		}
		if !strings.Contains(gongkai.ErrorMessage(err), "请 15 分钟后再试") {
			t.Errorf("message %q; want the wait", gongkai.ErrorMessage(err))
		}
		advance(14 * time.Minute)
		if _, err := s.Login(ctx, lockout, "wang", "Right-pass-2026", "198.51.100.1"); gongkai.ErrorCode(err) != gongkai.ERATELIMIT {
			t.Fatalf("right password after 14 minutes: %v; want still locked", err)
		}
		advance(time.Minute + time.Second)
		u, err := s.Login(ctx, lockout, "wang", "Right-pass-2026", "198.51.100.1")
		if err != nil || u.Login != "wang" {
			t.Fatalf("right password after the lockout: %+v %v", u, err)
		}
		// The success cleared the failures: five more may be checked.
		var byLogin int
		err = s.DB().QueryRowContext(ctx, s.Rebind(`SELECT COUNT(*) FROM login_attempts WHERE login = ?`), "wang").Scan(&byLogin)
		if err != nil || byLogin != 0 {
			t.Errorf("attempts left after success = %d, %v; want 0", byLogin, err)
		}
		for i := 1; i <= 5; i++ {
			_, err := s.Login(ctx, lockout, "wang", "wrong", "198.51.100.1")
			want := "登录名或密码错误"
			if i == 3 {
				want = "再失败 2 次将临时锁定"
			}
			if i == 5 {
				want = "失败次数已达上限，请 15 分钟后再试"
			}
			if gongkai.ErrorCode(err) != gongkai.EUNAUTHENTICATED || !strings.Contains(gongkai.ErrorMessage(err), want) {
				t.Errorf("failure %d: %v; want unauthenticated with %q", i, err, want)
			}
		}
		if _, err := s.Login(ctx, lockout, "wang", "Right-pass-2026", "198.51.100.1"); gongkai.ErrorCode(err) != gongkai.ERATELIMIT {
			t.Errorf("after 5 sequential failures: %v; want locked", err)
		}
		var audited int
		if err := s.DB().QueryRowContext(ctx, s.Rebind(`SELECT COUNT(*) FROM audit_log WHERE action = 'login_failed' AND actor_login = 'wang'`)).Scan(&audited); err != nil || audited != codes[gongkai.EUNAUTHENTICATED]+5 {
			t.Errorf("audited failures = %d, %v; want %d", audited, err, codes[gongkai.EUNAUTHENTICATED]+5)
		}
	})
}

func TestLoginLockoutPerAddress(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		fixedClock(s, time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC))
		p := store.LoginPolicy{MaxFailures: 2, Window: 15 * time.Minute} // 8 per address
		for i := 0; i < 8; i++ {
			_, err := s.Login(ctx, p, "nobody"+itoa(int64(i)), "x", "203.0.113.9")
			if gongkai.ErrorCode(err) != gongkai.EUNAUTHENTICATED {
				t.Fatalf("attempt %d: %v; want unauthenticated", i, err)
			}
		}
		_, err := s.Login(ctx, p, "someone-else", "x", "203.0.113.9")
		if gongkai.ErrorCode(err) != gongkai.ERATELIMIT || !strings.Contains(gongkai.ErrorMessage(err), "此网络地址") {
			t.Fatalf("ninth login from the address: %v; want the address locked", err)
		}
		if _, err := s.Login(ctx, p, "someone-else", "x", "203.0.113.10"); gongkai.ErrorCode(err) != gongkai.EUNAUTHENTICATED {
			t.Errorf("from another address: %v; want checked", err)
		}
		if _, err := s.Login(ctx, p, "", "x", "203.0.113.10"); gongkai.ErrorCode(err) != gongkai.EINVALID {
			t.Errorf("empty login: %v; want invalid", err)
		}
		long := strings.Repeat("长", 100)
		if _, err := s.Login(ctx, p, long, "x", "203.0.113.11"); gongkai.ErrorCode(err) != gongkai.EUNAUTHENTICATED {
			t.Errorf("300-byte login: %v; want unauthenticated", err)
		}
	})
}

func TestInactiveUserCannotLogIn(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		p := auth.PasswordPolicy{MinLength: 8, MinClasses: 2}
		u, err := s.CreateUser(ctx, auth.System, store.NewUser{Login: "zhao", Role: auth.RoleOffice, Password: "Right-pass-2026"}, p)
		if err != nil {
			t.Fatal(err)
		}
		u.Active = false
		if err := s.UpdateUser(ctx, auth.System, u); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Login(ctx, lockout, "zhao", "Right-pass-2026", "10.0.0.1"); gongkai.ErrorCode(err) != gongkai.EUNAUTHENTICATED {
			t.Errorf("inactive user: %v; want unauthenticated", err)
		}
	})
}

func TestApplicationBurstAcceptsAtMostFive(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		advance := fixedClock(s, time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC))
		app := testApp(request.Natural, "2025年度学校食堂食品安全抽检结果")
		app.Channel = request.Online
		submit := func(ip string) error {
			_, err := s.CreateRequest(ctx, auth.Actor{Login: "public", IP: ip}, store.NewRequest{Application: app, SubmitIP: ip, Limits: store.RequestLimits})
			return err
		}
		codes, msgs := burst(30, func(int) error { return submit("203.0.113.20") })
		if codes["ok"] > 5 || codes["ok"]+codes[gongkai.ERATELIMIT] != 30 {
			t.Fatalf("30 applications at once: %v %v; want at most 5 accepted, the rest rate-limited", codes, msgs)
		}
		t.Logf("30 applications at once: %v", codes)
		var stored int
		if err := s.DB().QueryRowContext(ctx, `SELECT COUNT(*) FROM requests`).Scan(&stored); err != nil || stored != codes["ok"] {
			t.Errorf("stored %d, %v; want %d", stored, err, codes["ok"])
		}
		if m := msgs[gongkai.ERATELIMIT]; !strings.Contains(m, "1 小时内最多提交 5 件") || !strings.Contains(m, "后再试") {
			t.Errorf("refusal %q", m)
		}
		if err := submit("203.0.113.21"); err != nil {
			t.Errorf("from another address: %v", err)
		}
		// 5 an hour, 20 a day: after three more full hours the day is used
		// up.
		for h := 1; h <= 3; h++ {
			advance(time.Hour)
			for i := 0; i < 5; i++ {
				if err := submit("203.0.113.20"); err != nil {
					t.Fatalf("hour %d application %d: %v", h, i+1, err)
				}
			}
		}
		advance(time.Hour)
		err := submit("203.0.113.20")
		wait, _ := store.RetryAfter(err)
		if !strings.Contains(gongkai.ErrorMessage(err), "24 小时内最多提交 20 件") || wait < 19*time.Hour {
			t.Errorf("21st application of the day: %v (wait %v); want the day limit, about 20 hours", err, wait)
		}
		// An invalid application is refused before the limit: it costs
		// nothing.
		bad := app
		bad.Applicant.Name = ""
		if _, err := s.CreateRequest(ctx, auth.Actor{Login: "public"}, store.NewRequest{Application: bad, SubmitIP: "203.0.113.22", Limits: store.RequestLimits}); gongkai.ErrorCode(err) != gongkai.EINVALID {
			t.Fatalf("invalid application: %v", err)
		}
		for i := 0; i < 5; i++ {
			if err := submit("203.0.113.22"); err != nil {
				t.Fatalf("application %d after an invalid one: %v", i+1, err)
			}
		}
	})
}

func TestTakeLimitAllOrNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		advance := fixedClock(s, time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC))
		short := store.Rule{Name: "t-short", Max: 3, Window: time.Minute, Says: "短"}
		long := store.Rule{Name: "t-long", Max: 4, Window: time.Hour, Says: "长"}
		for i := 0; i < 3; i++ {
			if err := s.TakeLimit(ctx, "a", short, long); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.TakeLimit(ctx, "a", short, long); gongkai.ErrorMessage(err) != "短，请 1 分钟后再试" {
			t.Fatalf("fourth within a minute: %v", err)
		}
		advance(time.Minute)
		if err := s.TakeLimit(ctx, "a", short, long); err != nil {
			t.Fatalf("after a minute: %v", err)
		}
		// The long rule is full: the refusal records nothing under the
		// short one.
		if err := s.TakeLimit(ctx, "a", short, long); !strings.HasPrefix(gongkai.ErrorMessage(err), "长，请 59 分钟后再试") {
			t.Fatalf("fifth within the hour: %v", err)
		}
		var n int
		if err := s.DB().QueryRowContext(ctx, `SELECT COUNT(*) FROM limit_hits`).Scan(&n); err != nil || n != 8 {
			t.Errorf("hits = %d, %v; want 8 (4 accepted × 2 rules)", n, err)
		}
		if err := s.TakeLimit(ctx, "b", short, long); err != nil {
			t.Errorf("another address: %v", err)
		}
		advance(2 * time.Hour)
		if err := s.PurgeSessions(ctx, 30*time.Minute); err != nil {
			t.Fatal(err)
		}
		var keys int
		if err := s.DB().QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM limit_hits) + (SELECT COUNT(*) FROM limit_keys)`).Scan(&keys); err != nil || keys != 0 {
			t.Errorf("rows after the purge = %d, %v; want 0", keys, err)
		}
	})
}

// Two nodes — two Stores opened on one database — share the message limit:
// of 24 messages sent at once through both, 5 pass.
func TestTwoNodesShareLimits(t *testing.T) {
	open := func(t *testing.T, dsn string) *store.Store {
		s, err := store.Open(context.Background(), dsn)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	}
	run := func(t *testing.T, dsn string) {
		a := open(t, dsn)
		if _, err := a.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		b := open(t, dsn)
		codes, msgs := burst(24, func(i int) error {
			node := a
			if i%2 == 1 {
				node = b
			}
			return node.TakeLimit(ctx, "203.0.113.30", store.LimitMessages)
		})
		if codes["ok"] != 5 || codes[gongkai.ERATELIMIT] != 19 {
			t.Fatalf("24 messages through two nodes: %v %v; want 5 accepted", codes, msgs)
		}
		if !strings.Contains(msgs[gongkai.ERATELIMIT], "10 分钟内最多提交 5 条留言") {
			t.Errorf("refusal %q", msgs[gongkai.ERATELIMIT])
		}
		t.Logf("24 messages through two nodes: %v", codes)
	}
	t.Run("sqlite", func(t *testing.T) { run(t, filepath.Join(t.TempDir(), "shared.db")) })
	t.Run("postgres", func(t *testing.T) {
		dsn := storetest.PostgresURL(t)
		if dsn == "" {
			t.Skip("GONGKAI_TEST_POSTGRES not set")
		}
		run(t, dsn)
	})
}

func TestWaitText(t *testing.T) {
	for d, want := range map[time.Duration]string{
		10 * time.Second: "1 分钟", time.Minute: "1 分钟", 61 * time.Second: "2 分钟",
		15 * time.Minute: "15 分钟", 2 * time.Hour: "120 分钟", 20*time.Hour + time.Second: "21 小时",
	} {
		if got := store.WaitText(d); got != want {
			t.Errorf("WaitText(%v) = %q; want %q", d, got, want)
		}
	}
}

// BenchmarkTakeLimit measures what a public form pays for its limit: one
// transaction that locks the key, reads the window and records the hit
// (both rules of the application form). Run:
// go test ./internal/store -run '^$' -bench TakeLimit
func BenchmarkTakeLimit(b *testing.B) {
	for _, db := range []string{"sqlite", "postgres"} {
		b.Run(db, func(b *testing.B) {
			s := storetest.SQLite(b)
			if db == "postgres" {
				if s = storetest.Postgres(b); s == nil {
					b.Skip("GONGKAI_TEST_POSTGRES not set")
				}
			}
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if err := s.TakeLimit(ctx, "198.51.100."+itoa(int64(i%250))+"/"+itoa(int64(i/250)), store.RequestLimits...); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
