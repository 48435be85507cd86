package plan

import (
	"testing"
	"time"

	"gongkai/internal/workday"
)

func TestScoreUnits(t *testing.T) {
	dl := Deadline{Kind: DeadlineDate, Date: workday.MustDate("2023-11-30")}
	mk := func(unit int64, name string, st Status, overdue, returns int) Line {
		return Line{Task: Task{Deadline: dl}, Assignment: Assignment{UnitID: unit, UnitName: name, Status: st, Returns: returns,
			ReportedAt: time.Date(2023, 11, 1, 0, 0, 0, 0, time.UTC)}, Overdue: overdue}
	}
	lines := []Line{
		mk(1, "甲", StatusConfirmed, 0, 0), mk(1, "甲", StatusConfirmed, 0, 0), // 100
		mk(2, "乙", StatusConfirmed, 3, 2), mk(2, "乙", StatusClaimed, 5, 0), // on time 0/2, done 1/2 → 20 − 2 − 2 = 16
		mk(3, "丙", StatusPending, 0, 0), mk(3, "丙", StatusInProgress, 0, 0), // on time 1/2 → 30
	}
	got := ScoreUnits(lines, map[int64]int{3: 1}, map[int64]int{3: 1}, DefaultWeights, PeriodAnnual, 2023, workday.MustDate("2023-12-05"))
	want := []struct {
		name        string
		score, rank int
	}{{"甲", 100, 1}, {"丙", 25, 2}, {"乙", 16, 3}} // 丙: 30 − 2 (finding) − 3 (late rectification)
	if len(got) != len(want) {
		t.Fatalf("scores: got %d; want %d", len(got), len(want))
	}
	for i, w := range want {
		if got[i].UnitName != w.name || got[i].Score != w.score || got[i].Rank != w.rank {
			t.Errorf("rank %d: got %s %d (#%d); want %s %d (#%d)", i+1, got[i].UnitName, got[i].Score, got[i].Rank, w.name, w.score, w.rank)
		}
	}
	if err := (Weights{OnTime: 50, Done: 40}).Validate(); err == nil {
		t.Errorf("weights summing to 90: got no error")
	}
}

func TestScoreAllZeroNoRanking(t *testing.T) {
	today := workday.MustDate("2023-12-20")
	d := Deadline{Kind: DeadlineDate, Date: workday.MustDate("2023-11-30")}
	lines := []Line{
		{Task: Task{ID: 1, Deadline: d}, Assignment: Assignment{ID: 1, UnitID: 1, UnitName: "甲", Status: StatusPending}, Overdue: 20},
		{Task: Task{ID: 1, Deadline: d}, Assignment: Assignment{ID: 2, UnitID: 2, UnitName: "乙", Status: StatusPending}, Overdue: 20},
	}
	for _, s := range ScoreUnits(lines, nil, nil, DefaultWeights, PeriodAnnual, 2023, today) {
		if s.Score != 0 || s.Rank != 0 {
			t.Errorf("%s: score %d rank %d; want 0 and no rank", s.UnitName, s.Score, s.Rank)
		}
	}
}
