package request

import (
	"strings"
	"testing"

	"gongkai/internal/workday"
)

func d(s string) workday.Date { return workday.MustDate(s) }

func rcv(on string) Event { return Event{Type: EvReceived, On: d(on)} }

func ext(on string, n int) Event {
	return Event{Type: EvExtended, On: d(on), Workdays: n, ApprovedBy: "fenguan", Notified: true}
}

// The expected dates below were counted by hand on the 2023 schedule
// (国办发明电〔2022〕16号): 春节 2023-01-21…27 off, 01-28 (Sat) and 01-29
// (Sun) working; 国庆 2023-09-29…10-06 off, 10-07 (Sat) and 10-08 (Sun) working.
func TestReplayDueDates(t *testing.T) {
	cal := workday.Default()
	tests := []struct {
		name      string
		events    []Event
		state     State
		due       string
		outcome   Outcome
		paused    string
		noticeBy  string
		warnCount int
	}{
		{"spring festival plain", []Event{rcv("2023-01-18")}, Processing, "2023-02-20", "", "", "2023-02-01", 0},
		{"national day plain", []Event{rcv("2023-09-27")}, Processing, "2023-10-31", "", "", "", 0},
		{"due on a make-up Sunday", []Event{rcv("2023-09-04")}, Processing, "2023-10-08", "", "", "", 0},
		{"correction pending stops the clock", []Event{rcv("2023-01-10"),
			{Type: EvCorrectionRequested, On: d("2023-01-13"), Deadline: d("2023-02-03")}}, Correction, "", "", "", "2023-01-19", 0},
		{"correction restarts the 20 days across spring festival", []Event{rcv("2023-01-10"),
			{Type: EvCorrectionRequested, On: d("2023-01-13"), Deadline: d("2023-02-03")},
			{Type: EvCorrectionReceived, On: d("2023-01-30")}}, Processing, "2023-02-27", "", "", "", 0},
		{"correction deadline by working days", []Event{rcv("2023-01-10"),
			{Type: EvCorrectionRequested, On: d("2023-01-13"), Workdays: 7}}, Correction, "", "", "", "", 0},
		{"late correction notice warns", []Event{rcv("2023-01-10"),
			{Type: EvCorrectionRequested, On: d("2023-01-30"), Deadline: d("2023-02-10")}}, Correction, "", "", "", "", 1},
		{"no correction by the deadline: abandoned", []Event{rcv("2023-01-10"),
			{Type: EvCorrectionRequested, On: d("2023-01-13"), Deadline: d("2023-02-03")},
			{Type: EvAbandoned, On: d("2023-02-06")}}, Abandoned, "", OtherNoCorrection, "", "", 0},
		{"extension 10 across national day", []Event{rcv("2023-09-04"), ext("2023-09-28", 10)}, Processing, "2023-10-20", "", "", "", 0},
		{"extension 20 (the maximum)", []Event{rcv("2023-09-04"), ext("2023-09-28", 20)}, Processing, "2023-11-03", "", "", "", 0},
		{"extension in two parts", []Event{rcv("2023-09-04"), ext("2023-09-28", 10), ext("2023-10-19", 10)}, Processing, "2023-11-03", "", "", "", 0},
		{"consultation open: due is the latest possible", []Event{rcv("2023-09-04"),
			{Type: EvConsultationStarted, On: d("2023-09-15"), Party: ThirdParty}}, Consulting, "2023-10-27", "", "2023-10-12", "", 0},
		{"consultation ended early resumes", []Event{rcv("2023-09-04"),
			{Type: EvConsultationStarted, On: d("2023-09-15"), Party: ThirdParty},
			{Type: EvConsultationEnded, On: d("2023-09-27")}}, Processing, "2023-10-18", "", "", "", 0},
		{"consultation answered late: pause capped at 15 days", []Event{rcv("2023-09-04"),
			{Type: EvConsultationStarted, On: d("2023-09-15"), Party: Agency},
			{Type: EvConsultationEnded, On: d("2023-10-20")}}, Processing, "2023-10-27", "", "", "", 0},
		{"consultation then extension", []Event{rcv("2023-09-04"),
			{Type: EvConsultationStarted, On: d("2023-09-15"), Party: ThirdParty},
			{Type: EvConsultationEnded, On: d("2023-09-27")}, ext("2023-10-10", 5)}, Processing, "2023-10-25", "", "", "", 0},
		{"correction, then consultation and extension across both holidays", []Event{rcv("2023-01-10"),
			{Type: EvCorrectionRequested, On: d("2023-01-13"), Deadline: d("2023-02-03")},
			{Type: EvCorrectionReceived, On: d("2023-01-30")},
			{Type: EvConsultationStarted, On: d("2023-02-06"), Party: ThirdParty}, // 5 used (01-31…02-06)
			{Type: EvConsultationEnded, On: d("2023-02-10")},                      // 15 left from 02-10
			ext("2023-02-20", 20)}, Processing, "2023-03-31", "", "", "", 0},
		{"fee notice pauses the clock", []Event{rcv("2023-01-10"),
			{Type: EvFeeNotified, On: d("2023-01-13"), Amount: 200}}, AwaitFee, "2023-03-10", "", "2023-02-15", "", 0},
		{"fee paid resumes", []Event{rcv("2023-01-10"),
			{Type: EvFeeNotified, On: d("2023-01-13"), Amount: 200},
			{Type: EvFeePaid, On: d("2023-01-30")}}, Processing, "2023-02-22", "", "", "", 0},
		{"fee not paid: abandoned", []Event{rcv("2023-01-10"),
			{Type: EvFeeNotified, On: d("2023-01-13"), Amount: 200},
			{Type: EvAbandoned, On: d("2023-02-16")}}, Abandoned, "", OtherNoFee, "", "", 0},
		{"consultation across spring festival", []Event{rcv("2023-01-16"),
			{Type: EvConsultationStarted, On: d("2023-01-18"), Party: ThirdParty}, // 2 used; third party until 02-13
			{Type: EvConsultationEnded, On: d("2023-02-01")}}, Processing, "2023-02-27", "", "", "", 0},
		{"late correction across national day", []Event{rcv("2023-09-20"),
			{Type: EvCorrectionRequested, On: d("2023-09-22"), Workdays: 5}, // deadline 10-07, a make-up Saturday
			{Type: EvCorrectionReceived, On: d("2023-10-09")}}, Processing, "2023-11-06", "", "", "", 1},
		{"extension while consulting", []Event{rcv("2023-09-04"),
			{Type: EvConsultationStarted, On: d("2023-09-15"), Party: ThirdParty},
			ext("2023-09-20", 5)}, Consulting, "2023-11-03", "", "2023-10-12", "", 0},
		{"reply in time", []Event{rcv("2023-09-27"), {Type: EvReplied, On: d("2023-10-20"), Outcome: Partial}}, Replied, "2023-10-31", Partial, "", "", 0},
		{"late reply warns", []Event{rcv("2023-09-27"), {Type: EvReplied, On: d("2023-11-01"), Outcome: Disclosed}}, Replied, "2023-10-31", Disclosed, "", "", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Replay(cal, tt.events)
			if err != nil {
				t.Fatalf("Replay: %v", err)
			}
			if c.State != tt.state {
				t.Errorf("state = %s; want %s", c.State, tt.state)
			}
			if got := dateStr(c.DueOn); got != tt.due {
				t.Errorf("due = %q; want %q", got, tt.due)
			}
			if c.Outcome != tt.outcome {
				t.Errorf("outcome = %q; want %q", c.Outcome, tt.outcome)
			}
			if got := dateStr(c.PausedUntil); got != tt.paused {
				t.Errorf("paused until = %q; want %q", got, tt.paused)
			}
			if tt.noticeBy != "" && c.CorrectionNoticeBy.String() != tt.noticeBy {
				t.Errorf("correction notice by = %s; want %s", c.CorrectionNoticeBy, tt.noticeBy)
			}
			if len(c.Warnings) != tt.warnCount {
				t.Errorf("warnings = %q; want %d", c.Warnings, tt.warnCount)
			}
			if len(c.Steps) != len(tt.events) {
				t.Errorf("steps = %d; want one per event (%d)", len(c.Steps), len(tt.events))
			}
		})
	}
}

func dateStr(x workday.Date) string {
	if x.IsZero() {
		return ""
	}
	return x.String()
}

func TestReplayErrors(t *testing.T) {
	cal := workday.Default()
	corr := Event{Type: EvCorrectionRequested, On: d("2023-01-13"), Deadline: d("2023-02-03")}
	tests := []struct {
		name   string
		events []Event
		want   string
	}{
		{"reply before receipt", []Event{{Type: EvReplied, On: d("2023-01-10"), Outcome: Disclosed}}, "尚未确认收到申请"},
		{"date before receipt", []Event{rcv("2023-01-10"), {Type: EvReplied, On: d("2023-01-09"), Outcome: Disclosed}}, "早于收到申请之日"},
		{"out of order dates", []Event{rcv("2023-01-10"), ext("2023-01-20", 5), {Type: EvReplied, On: d("2023-01-19"), Outcome: Disclosed}}, "早于上一事件"},
		{"received twice", []Event{rcv("2023-01-10"), rcv("2023-01-11")}, "不能重复登记"},
		{"unknown outcome", []Event{rcv("2023-01-10"), {Type: EvReplied, On: d("2023-01-12"), Outcome: "granted"}}, "不在年度报告表三"},
		{"abandonment row by reply", []Event{rcv("2023-01-10"), {Type: EvReplied, On: d("2023-01-12"), Outcome: OtherNoCorrection}}, "不是答复结果"},
		{"extension past 20", []Event{rcv("2023-09-04"), ext("2023-09-28", 21)}, "最长不得超过 20 个工作日"},
		{"extensions adding past 20", []Event{rcv("2023-09-04"), ext("2023-09-28", 10), ext("2023-10-09", 11)}, "最多还能延长 10 个工作日"},
		{"extension without approval", []Event{rcv("2023-09-04"), {Type: EvExtended, On: d("2023-09-28"), Workdays: 5, Notified: true}}, "负责人同意"},
		{"extension without notice", []Event{rcv("2023-09-04"), {Type: EvExtended, On: d("2023-09-28"), Workdays: 5, ApprovedBy: "fenguan"}}, "告知申请人"},
		{"extension after due", []Event{rcv("2023-09-27"), ext("2023-11-01", 5)}, "已于 2023-10-31 届满"},
		{"correction twice", []Event{rcv("2023-01-10"), corr, {Type: EvCorrectionReceived, On: d("2023-01-30")}, {Type: EvCorrectionRequested, On: d("2023-01-31")}}, "一次性告知"},
		{"abandon before the correction deadline", []Event{rcv("2023-01-10"), corr, {Type: EvAbandoned, On: d("2023-02-03")}}, "尚未届满"},
		{"abandon a running request", []Event{rcv("2023-01-10"), {Type: EvAbandoned, On: d("2023-02-03")}}, "只有逾期不补正"},
		{"reply while waiting for correction", []Event{rcv("2023-01-10"), corr, {Type: EvReplied, On: d("2023-01-20"), Outcome: Disclosed}}, "等待补正"},
		{"reply while consulting", []Event{rcv("2023-01-10"), {Type: EvConsultationStarted, On: d("2023-01-12"), Party: ThirdParty}, {Type: EvReplied, On: d("2023-01-20"), Outcome: Disclosed}}, "征求意见尚未结束"},
		{"consultation without party", []Event{rcv("2023-01-10"), {Type: EvConsultationStarted, On: d("2023-01-12")}}, "征求谁的意见"},
		{"end without consultation", []Event{rcv("2023-01-10"), {Type: EvConsultationEnded, On: d("2023-01-12")}}, "没有进行中的征求意见"},
		{"event after close", []Event{rcv("2023-01-10"), {Type: EvReplied, On: d("2023-01-12"), Outcome: Disclosed}, ext("2023-01-13", 3)}, "不能再登记"},
		{"fee paid after its deadline", []Event{rcv("2023-01-10"), {Type: EvFeeNotified, On: d("2023-01-13"), Amount: 100}, {Type: EvFeePaid, On: d("2023-02-16")}}, "缴费期限已于 2023-02-15 届满"},
		{"unknown event", []Event{rcv("2023-01-10"), {Type: "closed", On: d("2023-01-12")}}, "未知的事件类型"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Replay(cal, tt.events)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v; want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestOverdue(t *testing.T) {
	cal := workday.Default()
	c, err := Replay(cal, []Event{rcv("2023-09-27")})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		today   string
		overdue bool
		left    int
	}{
		{"2023-10-31", false, 0},
		{"2023-11-01", true, -1},
		{"2023-09-28", false, 19},
	}
	for _, tt := range tests {
		if got := c.Overdue(d(tt.today)); got != tt.overdue {
			t.Errorf("Overdue(%s) = %v; want %v", tt.today, got, tt.overdue)
		}
		if got, _ := c.RemainingWorkdays(cal, d(tt.today)); got != tt.left {
			t.Errorf("RemainingWorkdays(%s) = %d; want %d", tt.today, got, tt.left)
		}
	}
}
