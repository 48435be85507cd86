package plan

import (
	"testing"
	"time"

	"gongkai"
	"gongkai/internal/auth"
	"gongkai/internal/workday"
)

func TestMove(t *testing.T) {
	now := time.Date(2023, 10, 9, 2, 0, 0, 0, time.UTC)
	school := auth.User{ID: 5, Role: auth.RoleUnit, UnitID: 7}
	other := auth.User{ID: 6, Role: auth.RoleUnit, UnitID: 8}
	office := auth.User{ID: 2, Role: auth.RoleOffice, UnitID: 1}
	leader := auth.User{ID: 3, Role: auth.RoleLeader}
	ev := Input{Text: "已完成", Links: []string{"https://example.org/a"}}
	tests := []struct {
		name string
		from Status
		act  Action
		u    auth.User
		in   Input
		want Status
		code string
	}{
		{"claim", StatusPending, ActClaim, school, Input{Person: "陈老师"}, StatusClaimed, ""},
		{"claim without person", StatusPending, ActClaim, school, Input{}, StatusPending, gongkai.EINVALID},
		{"claim other unit", StatusPending, ActClaim, other, Input{Person: "x"}, StatusPending, gongkai.EFORBIDDEN},
		{"leader cannot claim", StatusPending, ActClaim, leader, Input{Person: "x"}, StatusPending, gongkai.EFORBIDDEN},
		{"claim twice", StatusClaimed, ActClaim, school, Input{Person: "x"}, StatusClaimed, gongkai.ECONFLICT},
		{"progress", StatusClaimed, ActProgress, school, Input{Text: "进展"}, StatusInProgress, ""},
		{"progress empty", StatusClaimed, ActProgress, school, Input{}, StatusClaimed, gongkai.EINVALID},
		{"progress before claim", StatusPending, ActProgress, school, Input{Text: "x"}, StatusPending, gongkai.ECONFLICT},
		{"finish", StatusInProgress, ActFinish, school, ev, StatusReported, ""},
		{"finish without evidence", StatusInProgress, ActFinish, school, Input{Text: "x"}, StatusInProgress, gongkai.EINVALID},
		{"finish with evidence on file", StatusInProgress, ActFinish, school, Input{Text: "x", OnFile: 2}, StatusReported, ""},
		{"unit cannot confirm", StatusReported, ActConfirm, school, Input{}, StatusReported, gongkai.EFORBIDDEN},
		{"confirm", StatusReported, ActConfirm, office, Input{}, StatusConfirmed, ""},
		{"return without reason", StatusReported, ActReturn, office, Input{}, StatusReported, gongkai.EINVALID},
		{"return", StatusReported, ActReturn, office, Input{Reason: "佐证不足"}, StatusReturned, ""},
		{"progress after return", StatusReturned, ActProgress, school, Input{Text: "补充"}, StatusInProgress, ""},
		{"confirm in progress", StatusInProgress, ActConfirm, office, Input{}, StatusInProgress, gongkai.ECONFLICT},
		{"reopen", StatusConfirmed, ActReopen, office, Input{}, StatusInProgress, ""},
	}
	for _, tc := range tests {
		a := Assignment{ID: 1, UnitID: 7, Status: tc.from}
		got, err := Move(a, tc.act, tc.u, tc.in, now)
		if tc.code != "" {
			if gongkai.ErrorCode(err) != tc.code {
				t.Errorf("%s: got error %v; want code %s", tc.name, err, tc.code)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if got.Status != tc.want {
			t.Errorf("%s: got %s; want %s", tc.name, got.Status, tc.want)
		}
	}
}

func TestOverdueDays(t *testing.T) {
	d := func(s string) workday.Date { return workday.MustDate(s) }
	dated := Deadline{Kind: DeadlineDate, Date: d("2023-11-30")}
	monthly := Deadline{Kind: DeadlineContinuous, Period: PeriodMonth}
	created := time.Date(2023, 9, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name  string
		dl    Deadline
		a     Assignment
		today string
		want  int
	}{
		{"before deadline", dated, Assignment{Status: StatusClaimed}, "2023-11-30", 0},
		{"after deadline", dated, Assignment{Status: StatusClaimed}, "2023-12-05", 5},
		{"reported late", dated, Assignment{Status: StatusReported, ReportedAt: time.Date(2023, 12, 2, 2, 0, 0, 0, time.UTC)}, "2024-01-10", 2},
		{"reported on time", dated, Assignment{Status: StatusConfirmed, ReportedAt: time.Date(2023, 11, 2, 2, 0, 0, 0, time.UTC)}, "2024-01-10", 0},
		{"monthly reported last month", monthly, Assignment{Status: StatusInProgress, LastProgress: time.Date(2023, 9, 20, 2, 0, 0, 0, time.UTC)}, "2023-10-09", 0},
		{"monthly missing last month", monthly, Assignment{Status: StatusInProgress, LastProgress: time.Date(2023, 8, 20, 2, 0, 0, 0, time.UTC)}, "2023-11-03", 3},
	}
	for _, tc := range tests {
		if got := OverdueDays(tc.dl, tc.a, created, d(tc.today)); got != tc.want {
			t.Errorf("%s: got %d; want %d", tc.name, got, tc.want)
		}
	}
}
