package store_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"gongkai/internal/auth"
	"gongkai/internal/notify"
	"gongkai/internal/org"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

func TestNotifyOnceAndInbox(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		unit, _ := s.CreateUnit(ctx, auth.System, org.Unit{Name: "实验小学", Kind: org.KindSchool})
		p := auth.PasswordPolicy{MinLength: 8, MinClasses: 2}
		u, err := s.CreateUser(ctx, auth.System, store.NewUser{Login: "li", Role: auth.RoleUnit, UnitID: unit.ID, Password: "abcdefgh1"}, p)
		if err != nil {
			t.Fatal(err)
		}
		other, _ := s.CreateUser(ctx, auth.System, store.NewUser{Login: "wang", Role: auth.RoleOffice, Password: "abcdefgh1"}, p)
		n := notify.Notification{Key: "plan:a:1:due-3", UnitID: unit.ID, Level: "warn", Title: "任务临近截止"}
		for i := 0; i < 3; i++ {
			created, err := s.Notify(ctx, n)
			if err != nil || created != (i == 0) {
				t.Fatalf("notify #%d: created %v, %v; want only the first", i, created, err)
			}
		}
		if _, err := s.Notify(ctx, notify.Notification{Key: "office-1", Role: auth.RoleOffice, Title: "办公室通知"}); err != nil {
			t.Fatal(err)
		}
		if c, _ := s.UnreadCount(ctx, u); c != 1 {
			t.Errorf("unit user unread = %d; want 1", c)
		}
		if c, _ := s.UnreadCount(ctx, other); c != 1 {
			t.Errorf("office user unread = %d; want 1 (the role notice only)", c)
		}
		if err := s.MarkRead(ctx, u); err != nil {
			t.Fatal(err)
		}
		if c, _ := s.UnreadCount(ctx, u); c != 0 {
			t.Errorf("after mark read = %d", c)
		}
		list, _ := s.Notifications(ctx, u, false, 10)
		if len(list) != 1 || !list[0].Read || list[0].Title != "任务临近截止" {
			t.Errorf("inbox = %+v", list)
		}
	})
}

func TestWithLockExcludes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		var running, maxRunning, ran int32
		var wg sync.WaitGroup
		for i := 0; i < 4; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				ok, err := s.WithLock(context.Background(), "job:test", func(context.Context) error {
					n := atomic.AddInt32(&running, 1)
					for {
						m := atomic.LoadInt32(&maxRunning)
						if n <= m || atomic.CompareAndSwapInt32(&maxRunning, m, n) {
							break
						}
					}
					time.Sleep(50 * time.Millisecond)
					atomic.AddInt32(&running, -1)
					return nil
				})
				if err != nil {
					t.Error(err)
				}
				if ok {
					atomic.AddInt32(&ran, 1)
				}
			}()
		}
		wg.Wait()
		if maxRunning != 1 || ran < 1 {
			t.Errorf("max concurrent holders = %d, ran %d; want 1 holder at a time", maxRunning, ran)
		}
	})
}

func TestJobDue(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		now := time.Date(2026, 1, 5, 8, 0, 0, 0, time.UTC)
		s.Now = func() time.Time { return now }
		if due, _ := s.JobDue(ctx, "digest", time.Hour); !due {
			t.Error("a job that never ran is not due")
		}
		if err := s.MarkJob(ctx, "digest", nil); err != nil {
			t.Fatal(err)
		}
		if due, _ := s.JobDue(ctx, "digest", time.Hour); due {
			t.Error("due right after running")
		}
		now = now.Add(61 * time.Minute)
		if due, _ := s.JobDue(ctx, "digest", time.Hour); !due {
			t.Error("not due after its period")
		}
	})
}
