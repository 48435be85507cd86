package app_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"gongkai/internal/app"
	"gongkai/internal/auth"
	"gongkai/internal/webtest"
)

func TestDocDeadlineReminders(t *testing.T) {
	now := time.Date(2023, 9, 1, 2, 0, 0, 0, time.UTC)
	env := webtest.StartWith(t, webtest.Options{Now: now})
	ctx := context.Background()
	if n, err := app.DocDeadlineReminders(ctx, env.Store, now); err != nil || n != 0 {
		t.Fatalf("on the day the demo drafts were written: %d reminders, %v; want none", n, err)
	}
	later := now.AddDate(0, 2, 0) // well past 20 working days
	n, err := app.DocDeadlineReminders(ctx, env.Store, later)
	if err != nil || n == 0 {
		t.Fatalf("two months later: %d reminders, %v; want alarms for the unpublished demo documents", n, err)
	}
	if again, _ := app.DocDeadlineReminders(ctx, env.Store, later); again != 0 {
		t.Errorf("second run created %d; want 0 (each alarm once)", again)
	}
	office, _, _ := env.Store.UserByLogin(ctx, "bangongshi")
	list, err := env.Store.Notifications(ctx, office, true, 50)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, nt := range list {
		if strings.Contains(nt.Title, "超过公开时限") && nt.Level == "alert" && nt.Role == auth.RoleOffice {
			found = true
		}
	}
	if !found {
		t.Errorf("the office has no overdue alarm among %d notifications", len(list))
	}
}
