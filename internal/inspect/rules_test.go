package inspect

import (
	"strings"
	"testing"
	"time"

	"gongkai/internal/workday"
)

func d(s string) workday.Date { return workday.MustDate(s) }

// probes makes n probes spread evenly over the span before now, the first
// bad of them failed.
func probes(now time.Time, span time.Duration, n, bad int) []Probe {
	out := make([]Probe, n)
	for i := range out {
		out[i] = Probe{At: now.Add(-span + time.Duration(i)*span/time.Duration(n)), OK: i >= bad, Status: 200}
		if i < bad {
			out[i].Status, out[i].Error = 0, "超过 15 秒未响应"
		}
	}
	return out
}

func TestAvailabilityThreshold(t *testing.T) {
	now := time.Date(2023, 11, 30, 2, 0, 0, 0, time.UTC)
	week := ProbeWindow
	// 20 a day for 7 days = 140 probes: 7 failures are 5% (veto), 6 are not.
	for _, tt := range []struct {
		bad  int
		want bool
	}{{0, true}, {6, true}, {7, false}, {30, false}} {
		it := AvailabilityItem(probes(now, week, 140, tt.bad), time.Time{}, now, "http://x/", "")
		if it.OK == nil || *it.OK != tt.want {
			t.Errorf("%d of 140 failed: ok = %v; want %v (%v)", tt.bad, it.OK, tt.want, it.Findings)
		}
	}
	// Fewer than 7 days of probes: not judged, even with failures; and
	// judged from the moment the oldest probe is 7 days old.
	young := probes(now, week-time.Minute, 140, 50)
	if it := AvailabilityItem(young, time.Time{}, now, "http://x/", ""); it.OK != nil || !strings.Contains(it.Findings[0].Detail, "不足 7 天") {
		t.Errorf("6 days 23:59 of probes: ok = %v, %v; want null", it.OK, it.Findings)
	}
	if it := AvailabilityItem(young, now.Add(-week), now, "http://x/", ""); it.OK == nil || *it.OK {
		t.Errorf("with probes kept from exactly 7 days ago: ok = %v; want judged and failed", it.OK)
	}
	// Only the last 7 days count: old failures are forgotten.
	old := append(probes(now.Add(-week), week, 140, 140), probes(now, week, 140, 0)...)
	if it := AvailabilityItem(old, time.Time{}, now, "http://x/", ""); it.OK == nil || !*it.OK {
		t.Errorf("failures only before the window: ok = %v; want pass", it.OK)
	}
	// Unreachable now: fails with the error, whatever the history.
	it := AvailabilityItem(nil, time.Time{}, now, "http://x/", "连接被拒绝")
	if it.OK == nil || *it.OK || !strings.Contains(it.Findings[0].Detail, "连接被拒绝") {
		t.Errorf("unreachable: %+v", it)
	}
}

func TestHomepageThreshold(t *testing.T) {
	today := d("2023-11-30")
	for _, tt := range []struct {
		last string
		want bool
	}{{"2023-11-30", true}, {"2023-11-16", true}, {"2023-11-15", false}} { // 14 days ago passes, 15 fails
		it := HomepageItem("/", d(tt.last), today)
		if *it.OK != tt.want {
			t.Errorf("last %s: ok = %v; want %v", tt.last, *it.OK, tt.want)
		}
	}
	if it := HomepageItem("/", workday.Date{}, today); *it.OK {
		t.Error("a home page without dated items passed")
	}
}

func cols(n int, class Class, last workday.Date) []Column {
	out := make([]Column, n)
	for i := range out {
		out[i] = Column{Name: "栏目", URL: "/c", Class: class, Items: 3, Last: last}
	}
	return out
}

func TestColumnThresholds(t *testing.T) {
	today := d("2023-11-30")
	fresh, stale2w := d("2023-11-16"), d("2023-11-15") // dynamic: 14 days ok, 15 stale
	// Class boundaries.
	for _, tt := range []struct {
		c    Class
		last string
		want bool
	}{
		{ClassDynamic, "2023-11-16", false}, {ClassDynamic, "2023-11-15", true},
		{ClassNotice, "2023-05-30", false}, {ClassNotice, "2023-05-29", true},
		{ClassPlan, "2022-11-30", false}, {ClassPlan, "2022-11-29", true},
		{ClassIrregular, "2000-01-01", false},
	} {
		c := Column{Class: tt.c, Items: 1, Last: d(tt.last)}
		if got := c.Stale(today); got != tt.want {
			t.Errorf("%s last %s: stale = %v; want %v", tt.c, tt.last, got, tt.want)
		}
	}
	if !(Column{Class: ClassNotice, Items: 2}).Stale(today) {
		t.Error("a column whose items have no publish date is not stale")
	}
	// 4 stale dynamic columns: findings, no veto; the 5th: veto.
	four := append(cols(4, ClassDynamic, stale2w), cols(10, ClassDynamic, fresh)...)
	if st, _ := ColumnItems(four, today); !*st.OK || len(st.Findings) != 4 {
		t.Errorf("4 stale: ok=%v, %d findings; want pass with 4", *st.OK, len(st.Findings))
	}
	five := append(four, cols(1, ClassNotice, d("2023-01-01"))...)
	if st, _ := ColumnItems(five, today); *st.OK {
		t.Error("5 stale dynamic/notice columns: passed")
	}
	// 9 stale plan columns pass, 10 fail (the "all stale" rule).
	if st, _ := ColumnItems(cols(9, ClassPlan, d("2021-01-01")), today); !*st.OK {
		t.Error("9 stale plan columns: failed")
	}
	if st, _ := ColumnItems(cols(10, ClassPlan, d("2021-01-01")), today); *st.OK {
		t.Error("10 stale plan columns: passed")
	}
	// Blank: 4 pass, 5 fail; blank columns are not also stale.
	blank := func(n int) []Column { return cols(n, ClassDynamic, workday.Date{})[:n:n] }
	b4 := blank(4)
	for i := range b4 {
		b4[i].Items = 0
	}
	if st, bl := ColumnItems(b4, today); !*bl.OK || len(bl.Findings) != 4 || len(st.Findings) != 0 {
		t.Errorf("4 blank: %v %v", bl, st)
	}
	b5 := append(b4, Column{Name: "空", Class: ClassIrregular})
	if _, bl := ColumnItems(b5, today); *bl.OK {
		t.Error("5 blank columns: passed")
	}
}

func TestInteractionThreshold(t *testing.T) {
	today := d("2023-11-30")
	msg := func(received string, answered, valid bool) Message {
		return Message{Title: "留言", Received: d(received), Answered: answered, Valid: valid}
	}
	for _, tt := range []struct {
		m    Message
		want bool
	}{
		{msg("2023-08-30", false, true), true},  // exactly 3 months: not yet "more than"
		{msg("2023-08-29", false, true), false}, // 3 months and a day
		{msg("2023-08-29", true, true), true},   // answered
		{msg("2023-08-29", false, false), true}, // invalid (spam)
		{msg("2022-11-29", false, true), true},  // before the last year
		{msg("2022-11-30", false, true), false}, // within the last year
	} {
		it := InteractionItem("/messages/new", true, "", []Message{tt.m}, today)
		if *it.OK != tt.want {
			t.Errorf("%+v: ok = %v; want %v", tt.m, *it.OK, tt.want)
		}
	}
	if it := InteractionItem("/messages/new", false, "HTTP 404", nil, today); *it.OK || !strings.Contains(it.Findings[0].Detail, "HTTP 404") {
		t.Errorf("no channel: %+v", it)
	}
}

func TestMediaThreshold(t *testing.T) {
	today := d("2023-11-30")
	for _, tt := range []struct {
		last string
		want bool
	}{{"2023-11-16", true}, {"2023-11-15", false}} {
		it := MediaItem([]Account{{Name: "兖州教体", Platform: "抖音", LastPost: d(tt.last)}}, today)
		if *it.OK != tt.want {
			t.Errorf("last post %s: ok = %v; want %v", tt.last, *it.OK, tt.want)
		}
	}
	// Per account: one stale account fails the item, and is named.
	it := MediaItem([]Account{{Name: "甲", Platform: "微信公众号", LastPost: d("2023-11-29")}, {Name: "乙", Platform: "微博", LastPost: d("2023-10-01")}}, today)
	if *it.OK || len(it.Findings) != 1 || !strings.Contains(it.Findings[0].Detail, "乙") {
		t.Errorf("two accounts: %+v", it)
	}
}

func TestSearchSerious(t *testing.T) {
	list := []SeriousEntry{{Wrong: "兖州区教育局", Correct: "兖州区教育和体育局"}, {Wrong: "张局长", Correct: "刘局长", Note: "分管领导"}, {Wrong: "教育和体育", Correct: "教育和体育局"}}
	hits := SearchSerious("济宁市兖州区教育局发布；张局长讲话。", list)
	if len(hits) != 2 {
		t.Errorf("hits = %+v; want 2", hits)
	}
	// The correct form containing the wrong one is not a hit.
	if h := SearchSerious("济宁市兖州区教育和体育局", list[2:]); len(h) != 0 {
		t.Errorf("correct form reported: %+v", h)
	}
	if h := SearchSerious("兖州区教育和体育局；另有教育和体育工作", list[2:]); len(h) != 1 {
		t.Errorf("a wrong use next to a right one: %+v", h)
	}
	if got := list[1].Detail("文件"); got != "文件出现“张局长”，应为“刘局长”（分管领导）" {
		t.Errorf("detail = %q", got)
	}
}

func TestFinish(t *testing.T) {
	now := time.Date(2023, 11, 30, 2, 0, 0, 0, time.UTC)
	items := []Item{FindingsItem(BrokenLinks, []Finding{{URL: "/x", Detail: "坏"}}), Unknown(Availability, "不足"), FindingsItem(Interaction, nil)}
	r := Finish(now, items)
	if !r.Passed || len(r.Vetoes) != 0 || r.Items[0].Code != Availability {
		t.Errorf("broken links and an unknown availability must not fail: %+v", r)
	}
	r = Finish(now, append(items, FindingsItem(MediaStale, []Finding{{Detail: "x"}})))
	if r.Passed || len(r.Vetoes) != 1 || r.Vetoes[0] != MediaStale {
		t.Errorf("a failed veto item: %+v", r)
	}
}
