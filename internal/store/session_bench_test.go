package store_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"gongkai/internal/auth"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// BenchmarkSessionUser measures what a console request pays to find its
// session: as built (the last use written at most every idle/60), against
// writing the last use on every request, each with the writer idle and with
// a busy writer (another goroutine running 2 ms write transactions back to
// back, as an import or a burst of form posts does). 64 sessions, requests
// in parallel. Run: go test ./internal/store -run '^$' -bench SessionUser
func BenchmarkSessionUser(b *testing.B) {
	dbs := map[string]func(testing.TB) *store.Store{"sqlite": storetest.SQLite, "postgres": storetest.Postgres}
	for _, dbName := range []string{"sqlite", "postgres"} {
		for _, every := range []bool{false, true} {
			for _, busy := range []bool{false, true} {
				name := dbName + "/written-per-idle60"
				if every {
					name = dbName + "/written-every-request"
				}
				if busy {
					name += "/busy-writer"
				} else {
					name += "/idle-writer"
				}
				b.Run(name, func(b *testing.B) {
					s := dbs[dbName](b)
					if s == nil {
						b.Skip("GONGKAI_TEST_POSTGRES not set")
					}
					benchSessions(b, s, every, busy)
				})
			}
		}
	}
}

func benchSessions(b *testing.B, s *store.Store, every, busy bool) {
	ctx := context.Background()
	u, err := s.CreateUser(ctx, auth.System, store.NewUser{Login: "perf", Role: auth.RoleOffice, Password: "Bench-pass-2026"}, auth.PasswordPolicy{})
	if err != nil {
		b.Fatal(err)
	}
	toks := make([]string, 64)
	for i := range toks {
		if toks[i], err = s.CreateSession(ctx, u, "10.0.0.1", "bench", 12*time.Hour); err != nil {
			b.Fatal(err)
		}
	}
	var stop atomic.Bool
	var wg sync.WaitGroup
	if busy {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !stop.Load() {
				_ = s.InTx(ctx, func(tx *store.Tx) error {
					_, err := tx.Exec(ctx, `UPDATE settings SET updated_at = updated_at WHERE key = 'none'`)
					time.Sleep(2 * time.Millisecond)
					return err
				})
			}
		}()
	}
	touch := s.Rebind(`UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?`)
	var n atomic.Int64
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			tok := toks[n.Add(1)%int64(len(toks))]
			if _, err := s.SessionUser(ctx, tok, 30*time.Minute); err != nil {
				b.Error(err)
				return
			}
			if every {
				if _, err := s.DB().ExecContext(ctx, touch, store.TS(time.Now()), auth.HashToken(tok)); err != nil {
					b.Error(err)
					return
				}
			}
		}
	})
	b.StopTimer()
	stop.Store(true)
	wg.Wait()
}
