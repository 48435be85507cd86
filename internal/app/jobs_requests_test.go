package app

import (
	"context"
	"strings"
	"testing"
	"time"

	"gongkai/internal/auth"
	"gongkai/internal/request"
	"gongkai/internal/scan"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
	"gongkai/internal/workday"
)

func TestRequestReminders(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		st.Now = func() time.Time { return time.Date(2023, 11, 15, 2, 0, 0, 0, time.UTC) }
		id := "37088219900307123"
		id += string(scan.IDCheckChar(id))
		app := request.Application{Applicant: request.Applicant{Type: request.Natural, Name: "陈静", IDNumber: id, Phone: "13805379876"},
			Description: "课后服务收费", Form: "paper", Channel: request.InPerson}
		if _, err := st.CreateRequest(ctx, auth.System, store.NewRequest{Application: app, ReceivedOn: workday.MustDate("2023-11-15")}); err != nil {
			t.Fatal(err)
		}
		office := auth.User{Role: auth.RoleOffice}
		titles := func() string {
			ns, err := st.Notifications(ctx, office, false, 50)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, n := range ns {
				out = append(out, n.Title)
			}
			return strings.Join(out, "|")
		}
		tests := []struct {
			at   time.Time
			want string
		}{
			{time.Date(2023, 12, 1, 2, 0, 0, 0, time.UTC), ""},
			{time.Date(2023, 12, 8, 2, 0, 0, 0, time.UTC), "即将到期"},
			{time.Date(2023, 12, 14, 2, 0, 0, 0, time.UTC), "已逾期"},
		}
		for _, tt := range tests {
			if err := requestReminders(ctx, st, tt.at); err != nil {
				t.Fatal(err)
			}
			if got := titles(); (tt.want == "" && got != "") || !strings.Contains(got, tt.want) {
				t.Errorf("at %s: notifications %q; want one with %q", tt.at.Format("2006-01-02"), got, tt.want)
			}
		}
		n := len(strings.Split(titles(), "|"))
		if err := requestReminders(ctx, st, tests[2].at); err != nil {
			t.Fatal(err)
		}
		if again := len(strings.Split(titles(), "|")); again != n {
			t.Errorf("a repeated run added notifications: %d → %d", n, again)
		}
		// Annual report: reminded in December and January until published.
		if err := annualReportReminder(ctx, st, time.Date(2024, 1, 25, 2, 0, 0, 0, time.UTC)); err != nil {
			t.Fatal(err)
		}
		if got := titles(); !strings.Contains(got, "2023年度政府信息公开工作年度报告") {
			t.Errorf("annual reminder missing: %q", got)
		}
	})
}
