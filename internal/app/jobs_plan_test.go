package app

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"gongkai/internal/auth"
	"gongkai/internal/demo"
	"gongkai/internal/notify"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

func TestPlanRemindersAndDelivery(t *testing.T) {
	ctx := context.Background()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		// Monday 2023-11-27: 3 working days before the 11月底前 tasks.
		now := time.Date(2023, 11, 27, 1, 0, 0, 0, time.UTC)
		st.Now = func() time.Time { return now }
		if _, err := demo.Seed(ctx, st, now); err != nil {
			t.Fatal(err)
		}
		n1, err := PlanReminders(ctx, st, now)
		if err != nil {
			t.Fatal(err)
		}
		if n1 == 0 {
			t.Fatalf("reminders: got none; want some")
		}
		n2, err := PlanReminders(ctx, st, now.Add(time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		if n2 != 0 {
			t.Errorf("second run: got %d new reminders; want 0 (keyed)", n2)
		}
		// Another area's notification goes out over the same channels.
		if _, err := st.Notify(ctx, notify.Notification{Key: "requests:r:1:due", Role: auth.RoleOffice, Level: "warn", Title: "依申请公开：申请即将到期"}); err != nil {
			t.Fatal(err)
		}
		var mu sync.Mutex
		var titles []string
		fail := true
		hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			b, _ := io.ReadAll(r.Body)
			var m struct {
				Text struct{ Content string } `json:"text"`
			}
			_ = json.Unmarshal(b, &m)
			mu.Lock()
			defer mu.Unlock()
			if fail {
				io.WriteString(w, `{"errcode":45009,"errmsg":"api freq out of limit"}`)
				return
			}
			titles = append(titles, m.Text.Content)
			io.WriteString(w, `{"errcode":0,"errmsg":"ok"}`)
		}))
		defer hook.Close()
		d := notify.Deliverer{Config: notify.Config{WeComURL: hook.URL + "/?key=k"}, BaseURL: "http://gk.test"}
		sent, err := DeliverNotifications(ctx, st, d, now)
		if err != nil {
			t.Fatal(err)
		}
		if sent != 0 {
			t.Fatalf("with the robot refusing: got %d sent; want 0", sent)
		}
		mu.Lock()
		fail = false
		mu.Unlock()
		// Not yet due for retry.
		if sent, _ := DeliverNotifications(ctx, st, d, now); sent != 0 {
			t.Errorf("before the backoff: got %d sent; want 0", sent)
		}
		now = now.Add(2 * time.Minute)
		sent, err = DeliverNotifications(ctx, st, d, now)
		if err != nil {
			t.Fatal(err)
		}
		var total int
		if err := st.DB().QueryRowContext(ctx, st.Rebind(`SELECT COUNT(*) FROM notifications WHERE created_at >= ?`), store.TS(now.Add(-24*time.Hour))).Scan(&total); err != nil {
			t.Fatal(err)
		}
		if sent != total {
			t.Errorf("after retry: got %d sent; want every notification (%d)", sent, total)
		}
		again, _ := DeliverNotifications(ctx, st, d, now.Add(time.Hour))
		if again != 0 {
			t.Errorf("third run: got %d sent; want 0 (each once)", again)
		}
		found := false
		for _, s := range titles {
			if s == "【提醒】依申请公开：申请即将到期" {
				found = true
			}
		}
		if !found {
			t.Errorf("the requests area's notification was not delivered; got %d messages", len(titles))
		}
	})
}

// Reminders and digests cover open assignments of every year: a 2023
// assignment still open in March 2026 is reminded (once) and counted in
// its unit's digest, marked with its year.
func TestPlanRemindersEveryOpenYear(t *testing.T) {
	ctx := context.Background()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		seedNow := time.Date(2023, 11, 27, 1, 0, 0, 0, time.UTC)
		st.Now = func() time.Time { return seedNow }
		if _, err := demo.Seed(ctx, st, seedNow); err != nil {
			t.Fatal(err)
		}
		now := time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC) // Monday, a working day
		st.Now = func() time.Time { return now }
		n, err := PlanReminders(ctx, st, now)
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			t.Fatal("reminders in 2026 for open 2023 work: got none")
		}
		zj, err := st.UnitByName(ctx, "职教科")
		if err != nil {
			t.Fatal(err)
		}
		list, err := st.Notifications(ctx, auth.User{ID: 0, Role: auth.RoleUnit, UnitID: zj.ID}, false, 500)
		if err != nil {
			t.Fatal(err)
		}
		var overdue, digest int
		for _, nt := range list {
			if strings.HasPrefix(nt.Title, "已逾期：2023 年度任务序号") {
				overdue++
			}
			if strings.HasPrefix(nt.Title, "2026-03-02 任务督办日报") && strings.Contains(nt.Body, "已逾期") {
				digest++
			}
		}
		if overdue == 0 || digest != 1 {
			t.Errorf("职教科 in 2026: %d overdue reminders for 2023 work, %d digests counting it; want some and 1", overdue, digest)
		}
		if again, _ := PlanReminders(ctx, st, now.Add(time.Hour)); again != 0 {
			t.Errorf("second run: %d new; want 0 (keyed)", again)
		}
	})
}
