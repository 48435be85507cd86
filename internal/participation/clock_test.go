package participation

import (
	"testing"
	"time"

	"gongkai"
	"gongkai/internal/workday"
)

var d = workday.MustDate

func TestFeedbackDue(t *testing.T) {
	cal := workday.Default()
	tests := []struct {
		issued, want string
	}{
		{"2023-11-01", "2023-11-15"}, // two plain weeks
		{"2023-09-28", "2023-10-18"}, // across 中秋国庆, with the 10-07/10-08 调休 working weekend
		{"2023-12-29", "2024-01-15"}, // across 元旦
		{"2024-02-08", "2024-02-28"}, // across 春节 2024 (02-10…02-17 off, 02-18 worked)
	}
	for _, tt := range tests {
		res, err := FeedbackDue(cal, d(tt.issued))
		if err != nil {
			t.Fatalf("FeedbackDue(%s): %v", tt.issued, err)
		}
		if got := res.Due.String(); got != tt.want {
			t.Errorf("FeedbackDue(%s) = %s; want %s", tt.issued, got, tt.want)
		}
	}
	if _, err := FeedbackDue(cal, workday.Date{}); gongkai.ErrorCode(err) != gongkai.EINVALID {
		t.Errorf("FeedbackDue(zero) error = %v; want invalid", err)
	}
}

func TestReplyDue(t *testing.T) {
	cal := workday.Default()
	tests := []struct {
		received string
		days     int
		want     string
	}{
		{"2023-11-01", 0, "2023-11-08"}, // default 5
		{"2023-11-01", 5, "2023-11-08"},
		{"2023-11-03", 3, "2023-11-08"},  // Friday, over the weekend
		{"2023-09-27", 5, "2023-10-10"},  // across the national holiday
		{"2023-11-01", 15, "2023-11-22"}, // a configured 15
	}
	for _, tt := range tests {
		res, err := ReplyDue(cal, d(tt.received), tt.days)
		if err != nil {
			t.Fatalf("ReplyDue(%s, %d): %v", tt.received, tt.days, err)
		}
		if got := res.Due.String(); got != tt.want {
			t.Errorf("ReplyDue(%s, %d) = %s; want %s", tt.received, tt.days, got, tt.want)
		}
	}
	if _, err := ReplyDue(cal, d("2023-11-01"), 61); err == nil {
		t.Errorf("ReplyDue(61 days) error = nil; want a refusal")
	}
}

func TestMessageStale(t *testing.T) {
	tests := []struct {
		received, today string
		want            bool
	}{
		{"2023-01-15", "2023-04-15", false}, // exactly 3 months: not yet more than
		{"2023-01-15", "2023-04-16", true},  // more than 3 months
		{"2023-11-30", "2024-02-29", false}, // clamped to the month's end (leap year)
		{"2023-11-30", "2024-03-01", true},
		{"2023-10-31", "2024-01-31", false},
		{"2023-10-31", "2024-02-01", true},
		{"2023-05-01", "2023-05-02", false},
	}
	for _, tt := range tests {
		if got := MessageStale(d(tt.received), d(tt.today)); got != tt.want {
			t.Errorf("MessageStale(%s, %s) = %v; want %v", tt.received, tt.today, got, tt.want)
		}
	}
}

func TestAddMonths(t *testing.T) {
	tests := []struct {
		from string
		n    int
		want string
	}{
		{"2023-01-31", 1, "2023-02-28"},
		{"2024-01-31", 1, "2024-02-29"},
		{"2023-10-15", 3, "2024-01-15"},
		{"2023-12-31", 12, "2024-12-31"},
		{"2023-03-31", -1, "2023-02-28"},
	}
	for _, tt := range tests {
		if got := AddMonths(d(tt.from), tt.n).String(); got != tt.want {
			t.Errorf("AddMonths(%s, %d) = %s; want %s", tt.from, tt.n, got, tt.want)
		}
	}
}

func TestMediaState(t *testing.T) {
	tests := []struct {
		last, opened, today string
		want                State
	}{
		{"2023-11-01", "", "2023-11-05", StateOpen},
		{"2023-11-01", "", "2023-11-11", StateDueSoon}, // 10 days
		{"2023-11-01", "", "2023-11-15", StateDueSoon}, // 14 days: still within the 2 weeks
		{"2023-11-01", "", "2023-11-16", StateOverdue}, // no post in the 2 weeks before today
		{"", "2023-11-01", "2023-11-20", StateOverdue}, // never posted: counts from the opening
		{"", "", "2023-11-20", StateOverdue},
	}
	for _, tt := range tests {
		var last, opened workday.Date
		if tt.last != "" {
			last = d(tt.last)
		}
		if tt.opened != "" {
			opened = d(tt.opened)
		}
		if got := MediaState(last, opened, d(tt.today)); got != tt.want {
			t.Errorf("MediaState(%s, %s, %s) = %s; want %s", tt.last, tt.opened, tt.today, got, tt.want)
		}
	}
	if got := MediaStaleOn(d("2023-11-01")).String(); got != "2023-11-16" {
		t.Errorf("MediaStaleOn(2023-11-01) = %s; want 2023-11-16", got)
	}
}

func TestCheckPeriod(t *testing.T) {
	tests := []struct {
		name          string
		opens, closes string
		major         bool
		reason        string
		ok            bool
	}{
		{"30 days major", "2023-03-01", "2023-03-30", true, "", true},
		{"29 days major without reason", "2023-03-01", "2023-03-29", true, "", false},
		{"29 days major with reason", "2023-03-01", "2023-03-29", true, "秋季学期开学前须完成", true},
		{"blank reason is no reason", "2023-03-01", "2023-03-10", true, "   ", false},
		{"short, not major", "2023-03-01", "2023-03-10", false, "", true},
		{"closing before opening", "2023-03-10", "2023-03-01", false, "", false},
		{"one day", "2023-03-10", "2023-03-10", false, "", true},
	}
	for _, tt := range tests {
		err := CheckPeriod(d(tt.opens), d(tt.closes), tt.major, tt.reason)
		if (err == nil) != tt.ok {
			t.Errorf("%s: CheckPeriod error = %v; want ok=%v", tt.name, err, tt.ok)
		}
		if err != nil && gongkai.ErrorCode(err) != gongkai.EINVALID {
			t.Errorf("%s: code = %s; want invalid", tt.name, gongkai.ErrorCode(err))
		}
	}
}

func TestDecisionAndFeedbackOrder(t *testing.T) {
	if err := CheckDecision(d("2023-03-30"), d("2023-03-29")); err == nil {
		t.Errorf("decision before closing: error = nil; want a refusal")
	}
	if err := CheckDecision(d("2023-03-30"), d("2023-03-30")); err != nil {
		t.Errorf("decision on the closing day: %v; want nil", err)
	}
	if err := CheckFeedbackDate(d("2023-04-10"), d("2023-04-09")); err == nil {
		t.Errorf("feedback before the decision: error = nil; want a refusal")
	}
	if err := CheckFeedbackDate(workday.Date{}, d("2023-04-09")); err == nil {
		t.Errorf("feedback without a decision: error = nil; want a refusal")
	}
	if err := CheckFeedbackDate(d("2023-04-10"), d("2023-04-10")); err != nil {
		t.Errorf("feedback on the decision day: %v; want nil", err)
	}
}

func TestDayState(t *testing.T) {
	due := d("2023-11-15")
	tests := []struct {
		done, today string
		want        State
	}{
		{"", "2023-11-01", StateOpen},
		{"", "2023-11-09", StateOpen},    // Thursday: 4 working days before
		{"", "2023-11-10", StateDueSoon}, // Friday: 3 working days before
		{"", "2023-11-13", StateDueSoon},
		{"", "2023-11-15", StateDueSoon},
		{"", "2023-11-16", StateOverdue},
		{"2023-11-15", "2023-11-20", StateMet},
		{"2023-11-16", "2023-11-20", StateLate},
	}
	for _, tt := range tests {
		var done workday.Date
		if tt.done != "" {
			done = d(tt.done)
		}
		if got := DayState(workday.Default(), due, done, d(tt.today)); got != tt.want {
			t.Errorf("DayState(due %s, done %q, today %s) = %s; want %s", due, tt.done, tt.today, got, tt.want)
		}
	}
}

func TestOpinionClocks(t *testing.T) {
	t0 := time.Date(2023, 11, 1, 8, 0, 0, 0, time.UTC)
	h := func(n float64) time.Time { return t0.Add(time.Duration(n * float64(time.Hour))) }
	type want struct {
		key   string
		due   time.Time
		state State
	}
	tests := []struct {
		name      string
		sev       Severity
		responses []Response
		now       time.Time
		want      []want
	}{
		{"major, nothing yet, 1h in", SeverityMajor, nil, h(1),
			[]want{{"authoritative", h(5), StateOpen}, {"press", h(24), StateOpen}}},
		{"major, 4h in: 5h clock due soon", SeverityMajor, nil, h(4),
			[]want{{"authoritative", h(5), StateDueSoon}, {"press", h(24), StateOpen}}},
		{"major, 5h01 in: authoritative overdue", SeverityMajor, nil, h(5.02),
			[]want{{"authoritative", h(5), StateOverdue}, {"press", h(24), StateOpen}}},
		{"major, statement at 4h, press at 23h", SeverityMajor,
			[]Response{{ResponseStatement, h(4)}, {ResponsePress, h(23)}}, h(30),
			[]want{{"authoritative", h(5), StateMet}, {"press", h(24), StateMet}}},
		{"major, press at 25h is late and counts as the first information too", SeverityMajor,
			[]Response{{ResponsePress, h(25)}}, h(30),
			[]want{{"authoritative", h(5), StateLate}, {"press", h(24), StateLate}}},
		{"major, an interview is not authoritative information", SeverityMajor,
			[]Response{{ResponseInterview, h(2)}}, h(6),
			[]want{{"authoritative", h(5), StateOverdue}, {"press", h(24), StateOpen}}},
		{"other, 47h in", SeverityOther, nil, h(47),
			[]want{{"response", h(48), StateDueSoon}}},
		{"other, 49h in", SeverityOther, nil, h(49),
			[]want{{"response", h(48), StateOverdue}}},
		{"other, interview at 30h", SeverityOther, []Response{{ResponseInterview, h(30)}}, h(60),
			[]want{{"response", h(48), StateMet}}},
	}
	for _, tt := range tests {
		got := OpinionClocks(tt.sev, t0, tt.responses, tt.now)
		if len(got) != len(tt.want) {
			t.Fatalf("%s: %d clocks; want %d", tt.name, len(got), len(tt.want))
		}
		for i, w := range tt.want {
			if got[i].Key != w.key || !got[i].Due.Equal(w.due) || got[i].State != w.state {
				t.Errorf("%s: clock %d = %s due %s %s; want %s due %s %s", tt.name, i,
					got[i].Key, got[i].Due.Format(time.RFC3339), got[i].State, w.key, w.due.Format(time.RFC3339), w.state)
			}
		}
	}
}

func TestCheckResponseTime(t *testing.T) {
	t0 := time.Date(2023, 11, 1, 8, 0, 0, 0, time.UTC)
	if err := CheckResponseTime(t0, t0.Add(-time.Minute), t0.Add(time.Hour)); err == nil {
		t.Errorf("response before discovery: error = nil; want a refusal")
	}
	if err := CheckResponseTime(t0, t0.Add(2*time.Hour), t0.Add(time.Hour)); err == nil {
		t.Errorf("response in the future: error = nil; want a refusal")
	}
	if err := CheckResponseTime(t0, t0.Add(30*time.Minute), t0.Add(time.Hour)); err != nil {
		t.Errorf("response in time: %v; want nil", err)
	}
}

func TestQuotaState(t *testing.T) {
	tests := []struct {
		done, quota int
		today       string
		want        State
	}{
		{2, 2, "2023-03-01", StateMet},
		{0, 2, "2023-03-01", StateOpen},
		{1, 2, "2023-07-01", StateDueSoon},
		{1, 2, "2023-12-01", StateOverdue},
		{1, 0, "2024-01-05", StateOverdue}, // default quota 2
		{3, 3, "2024-01-05", StateMet},
	}
	for _, tt := range tests {
		if got := QuotaState(tt.done, tt.quota, 2023, d(tt.today)); got != tt.want {
			t.Errorf("QuotaState(%d/%d, %s) = %s; want %s", tt.done, tt.quota, tt.today, got, tt.want)
		}
	}
}

func BenchmarkFeedbackDue(b *testing.B) {
	cal := workday.Default()
	start := d("2023-09-28")
	for i := 0; i < b.N; i++ {
		if _, err := FeedbackDue(cal, start.AddDays(i%365)); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkOpinionClocks(b *testing.B) {
	t0 := time.Date(2023, 11, 1, 8, 0, 0, 0, time.UTC)
	rs := []Response{{ResponseStatement, t0.Add(3 * time.Hour)}, {ResponsePress, t0.Add(20 * time.Hour)}}
	for i := 0; i < b.N; i++ {
		OpinionClocks(SeverityMajor, t0, rs, t0.Add(30*time.Hour))
	}
}
