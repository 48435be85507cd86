package api_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"gongkai/internal/auth"
	"gongkai/internal/store"
	"gongkai/internal/webtest"
	"gongkai/internal/workday"
)

// TestRequestListOpen is the issue's check on a fresh demo (real clock):
// GET /api/v1/requests?state=open lists the running clocks to the office,
// none more than 60 calendar days past its due date; a unit sees only the
// requests routed to it; the public is refused; a wrong state is 400.
func TestRequestListOpen(t *testing.T) {
	env := webtest.Start(t)
	ctx := context.Background()
	token := func(login string) string {
		u, _, err := env.Store.UserByLogin(ctx, login)
		if err != nil {
			t.Fatal(err)
		}
		_, secret, err := env.Store.IssueToken(ctx, auth.CLI, store.NewToken{UserID: u.ID, Name: "test"})
		if err != nil {
			t.Fatal(err)
		}
		return secret
	}
	type list struct {
		Count    int `json:"count"`
		Requests []struct {
			Code         string        `json:"code"`
			State        string        `json:"state"`
			DueOn        *workday.Date `json:"due_on"`
			Unit         string        `json:"unit"`
			Overdue      bool          `json:"overdue"`
			OverdueDays  int           `json:"overdue_days"`
			WorkdaysLeft *int          `json:"workdays_left"`
			Applicant    any           `json:"applicant"`
		} `json:"requests"`
	}
	c := &http.Client{Timeout: 30 * time.Second}
	get := func(tok, q string, v any) int {
		req, _ := http.NewRequest("GET", env.URL+"/api/v1/requests"+q, nil)
		if tok != "" {
			req.Header.Set("Authorization", "Bearer "+tok)
		}
		return getJSON(t, c, req, v)
	}
	today := workday.DateOf(time.Now())
	var office list
	if st := get(token("bangongshi"), "?state=open", &office); st != 200 || office.Count < 4 || office.Count != len(office.Requests) {
		t.Fatalf("office: %d, %d requests", st, office.Count)
	}
	late, running := 0, 0
	for _, r := range office.Requests {
		if r.State == "replied" || r.State == "abandoned" || r.Applicant != nil {
			t.Errorf("%s: state %s, applicant %v in an open list", r.Code, r.State, r.Applicant)
		}
		if r.DueOn != nil {
			if d := r.DueOn.DaysUntil(today); d > 60 {
				t.Errorf("%s: %d days past its due date %s", r.Code, d, r.DueOn)
			}
		}
		if r.Overdue {
			late++
			if r.OverdueDays <= 0 || r.WorkdaysLeft != nil {
				t.Errorf("%s overdue: %d days, left %v", r.Code, r.OverdueDays, r.WorkdaysLeft)
			}
		} else if r.WorkdaysLeft != nil {
			running++
			if *r.WorkdaysLeft < 0 {
				t.Errorf("%s: %d working days left", r.Code, *r.WorkdaysLeft)
			}
		}
	}
	if running < 2 {
		t.Errorf("%d clocks running now; want several", running)
	}
	var unit list
	if st := get(token("jijiaoke"), "?state=open", &unit); st != 200 {
		t.Fatalf("unit: %d", st)
	}
	for _, r := range unit.Requests {
		if r.Unit != "基础教育科" {
			t.Errorf("the unit sees %s of %q", r.Code, r.Unit)
		}
	}
	var all list
	if st := get(token("bangongshi"), "?state=all&year="+time.Now().Format("2006"), &all); st != 200 || all.Count < office.Count-2 {
		t.Errorf("all of this year: %d, %d", st, all.Count)
	}
	var e map[string]any
	if st := get("", "?state=open", &e); st != 401 && st != 403 {
		t.Errorf("public: %d; want 401", st)
	}
	if st := get(token("bangongshi"), "?state=bogus", &e); st != 400 {
		t.Errorf("bad state: %d; want 400", st)
	}
}
