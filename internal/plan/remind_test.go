package plan

import (
	"testing"
	"time"

	"gongkai/internal/workday"
)

func TestReminders(t *testing.T) {
	cal := workday.Default()
	d := workday.MustDate
	line := func(id int64, due string, st Status) Line {
		return Line{Task: Task{Seq: int(id), Requirement: "要求", Deadline: Deadline{Kind: DeadlineDate, Date: d(due)}},
			Assignment: Assignment{ID: id, UnitID: 9, Status: st}, Due: d(due), Created: time.Date(2023, 3, 1, 0, 0, 0, 0, time.UTC)}
	}
	// 2023-11-30 is a Thursday; 3 working days before is Monday 11-27.
	lines := []Line{line(1, "2023-11-30", StatusClaimed), line(2, "2023-11-27", StatusPending), line(3, "2023-11-20", StatusInProgress), line(4, "2023-11-20", StatusConfirmed)}
	got := Reminders(lines, d("2023-11-27"), cal, 3)
	want := map[string]string{"plan:a:1:2023-11-30:due-3": "warn", "plan:a:2:2023-11-27:due-0": "warn", "plan:a:3:2023-11-20:overdue": "alert"}
	if len(got) != len(want) {
		t.Fatalf("reminders: got %d %+v; want %d", len(got), got, len(want))
	}
	for _, r := range got {
		if want[r.Key] != r.Level {
			t.Errorf("reminder %s: got level %q; want %q", r.Key, r.Level, want[r.Key])
		}
	}
	if got := Reminders(lines, d("2023-11-25"), cal, 3); got != nil {
		t.Errorf("on a Saturday: got %d reminders; want none", len(got))
	}
	lines[2].Overdue = 7
	dg := Digests(lines, d("2023-11-27"), cal)
	if len(dg) != 1 || dg[0].Key != "plan:digest:9:2023-11-27" || dg[0].Level != "alert" {
		t.Fatalf("digests: got %+v; want one alert for unit 9", dg)
	}
	if want := "本单位：待认领 1 项，已逾期 1 项，即将到期 2 项。"; dg[0].Body != want {
		t.Errorf("digest body: got %q; want %q", dg[0].Body, want)
	}
}

func TestRectReminders(t *testing.T) {
	cal := workday.Default()
	items := []Rectification{
		{ID: 1, UnitID: 4, Requirement: "更新公开栏", DueOn: workday.MustDate("2023-10-16"), Status: RectOpen},
		{ID: 2, UnitID: 4, Requirement: "补充目录", DueOn: workday.MustDate("2023-10-06"), Status: RectOpen},
		{ID: 3, UnitID: 4, Requirement: "已报", DueOn: workday.MustDate("2023-10-06"), Status: RectReported},
	}
	got := RectReminders(items, workday.MustDate("2023-10-12"), cal, 3)
	if len(got) != 2 || got[0].Key != "plan:rect:1:2023-10-16:due-3" || got[1].Key != "plan:rect:2:2023-10-06:overdue" {
		t.Errorf("rect reminders: got %+v", got)
	}
}
