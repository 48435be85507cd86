package app_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"gongkai/internal/auth"
	"gongkai/internal/request"
	"gongkai/internal/scan"
	"gongkai/internal/store"
	"gongkai/internal/webtest"
	"gongkai/internal/workday"
)

// TestDueSoonMeansOneThing: a request whose reply is due in
// workday.DueSoonWorkdays working days is in the console's 即将到期 tab and
// gets the office's 即将到期 reminder; one working day earlier it is in
// neither.
func TestDueSoonMeansOneThing(t *testing.T) {
	env := webtest.StartWith(t, webtest.Options{Now: time.Date(2023, 10, 18, 2, 0, 0, 0, time.UTC)})
	ctx := context.Background()
	id := "37088219900307123"
	id += string(scan.IDCheckChar(id))
	app := request.Application{Applicant: request.Applicant{Type: request.Natural, Name: "陈静", IDNumber: id, Phone: "13805379876"},
		Description: "课后服务收费标准（到期测试）", Form: "paper", Channel: request.InPerson}
	cr, err := env.Store.CreateRequest(ctx, auth.ActorOf(auth.User{Login: "bangongshi", Role: auth.RoleOffice}, ""), store.NewRequest{Application: app, ReceivedOn: workday.MustDate("2023-10-18")})
	if err != nil {
		t.Fatal(err)
	}
	rec, _ := env.Store.Request(ctx, cr.ID)
	cal, _ := env.Store.Calendar(ctx)
	soon := rec.DueOn // the last working day from which the due date is due soon
	for cal.WorkdaysBetween(soon, rec.DueOn) < workday.DueSoonWorkdays || !cal.IsWorkday(soon) {
		soon = soon.AddDays(-1)
	}
	before := soon.AddDays(-1)
	for !cal.IsWorkday(before) {
		before = before.AddDays(-1)
	}
	at := func(d workday.Date) {
		now := time.Date(d.Year, d.Month, d.Day, 2, 0, 0, 0, time.UTC)
		env.Store.Now = func() time.Time { return now }
		env.App.HTTP.Now = env.Store.Now
	}
	for _, tt := range []struct {
		day  workday.Date
		want bool
	}{{before, false}, {soon, true}} {
		at(tt.day)
		c := env.Client()
		env.Login(t, c, "bangongshi") // a session of that day
		st, page := get(t, c, env.URL+"/admin/requests/?tab=due")
		if st != http.StatusOK {
			t.Fatalf("on %s: the 即将到期 tab answers %d", tt.day, st)
		}
		if strings.Contains(page, cr.Code) != tt.want {
			t.Errorf("on %s (due %s): in the 即将到期 tab = %v; want %v", tt.day, rec.DueOn, !tt.want, tt.want)
		}
	}
	if err := env.App.RunJobsOnce(ctx); err != nil {
		t.Fatal(err)
	}
	ns, err := env.Store.Notifications(ctx, auth.User{Role: auth.RoleOffice}, false, 200)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, n := range ns {
		found = found || n.Title == "依申请公开即将到期："+cr.Code
	}
	if !found {
		t.Errorf("on %s no 即将到期 reminder for %s (due %s)", soon, cr.Code, rec.DueOn)
	}
}

func get(t *testing.T, c *http.Client, u string) (int, string) {
	t.Helper()
	resp, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}
