package workday

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	tests := []struct {
		in   string
		want Date
		ok   bool
	}{
		{"2023-10-31", Date{2023, time.October, 31}, true},
		{"2024-02-29", Date{2024, time.February, 29}, true},
		{"2000-02-29", Date{2000, time.February, 29}, true},
		{"0001-01-01", Date{1, time.January, 1}, true},
		{"9999-12-31", Date{9999, time.December, 31}, true},
		{"2023-02-30", Date{}, false},
		{"2023-02-29", Date{}, false},
		{"1900-02-29", Date{}, false},
		{"2023-04-31", Date{}, false},
		{"2023-13-01", Date{}, false},
		{"2023-00-10", Date{}, false},
		{"2023-01-00", Date{}, false},
		{"0000-01-01", Date{}, false},
		{"2023-2-3", Date{}, false},
		{"2023/02/03", Date{}, false},
		{"2023-02-03 ", Date{}, false},
		{" 2023-02-03", Date{}, false},
		{"2023-02-03T00:00:00Z", Date{}, false},
		{"+023-02-03", Date{}, false},
		{"2023-0a-03", Date{}, false},
		{"２０２３-02-03", Date{}, false},
		{"", Date{}, false},
		{"junk", Date{}, false},
	}
	for _, tt := range tests {
		got, err := ParseDate(tt.in)
		if tt.ok {
			if err != nil || got != tt.want {
				t.Errorf("ParseDate(%q) = %v, %v; want %v, nil", tt.in, got, err, tt.want)
			}
			continue
		}
		if err == nil {
			t.Errorf("ParseDate(%q) = %v, nil; want error", tt.in, got)
			continue
		}
		if !strings.Contains(err.Error(), "请按 YYYY-MM-DD") {
			t.Errorf("ParseDate(%q) error %q; want a Chinese hint to use YYYY-MM-DD", tt.in, err)
		}
	}
}

func TestParseDateErrorText(t *testing.T) {
	_, err := ParseDate("2023-02-30")
	want := "日期“2023-02-30”无效，请按 YYYY-MM-DD 填写实际存在的日期"
	if err == nil || err.Error() != want {
		t.Errorf("ParseDate error = %v; want %q", err, want)
	}
}

// TestDateArithmetic checks AddDays, Weekday and DaysUntil against the
// time package for every day in a wide range.
func TestDateArithmetic(t *testing.T) {
	start := time.Date(1899, 12, 1, 0, 0, 0, 0, time.UTC)
	d0 := DateOf(start.Add(-8 * time.Hour)) // 1899-12-01 00:00 CST
	if want := (Date{1899, time.December, 1}); d0 != want {
		t.Fatalf("DateOf = %v; want %v", d0, want)
	}
	for i := 0; i < 200*366; i += 7 {
		tm := start.AddDate(0, 0, i)
		want := Date{tm.Year(), tm.Month(), tm.Day()}
		if got := d0.AddDays(i); got != want {
			t.Fatalf("%v.AddDays(%d) = %v; want %v", d0, i, got, want)
		}
		if got := want.AddDays(-i); got != d0 {
			t.Fatalf("%v.AddDays(%d) = %v; want %v", want, -i, got, d0)
		}
		if got := want.Weekday(); got != tm.Weekday() {
			t.Fatalf("%v.Weekday() = %v; want %v", want, got, tm.Weekday())
		}
		if got := d0.DaysUntil(want); got != i {
			t.Fatalf("DaysUntil(%v) = %d; want %d", want, got, i)
		}
		if !want.Time().Equal(tm) {
			t.Fatalf("%v.Time() = %v; want %v", want, want.Time(), tm)
		}
	}
	if got := MustDate("0001-01-01").DaysUntil(MustDate("9999-12-31")); got != 3652058 {
		t.Errorf("DaysUntil over the whole range = %d; want 3652058", got)
	}
}

func TestDateOf(t *testing.T) {
	tests := []struct {
		t    time.Time
		want string
	}{
		{time.Date(2023, 10, 31, 15, 59, 0, 0, time.UTC), "2023-10-31"},
		{time.Date(2023, 10, 31, 16, 0, 0, 0, time.UTC), "2023-11-01"},
		{time.Date(2023, 12, 31, 23, 0, 0, 0, time.FixedZone("X", -5*3600)), "2024-01-01"},
	}
	for _, tt := range tests {
		if got := DateOf(tt.t).String(); got != tt.want {
			t.Errorf("DateOf(%v) = %s; want %s", tt.t, got, tt.want)
		}
	}
}

func TestCompare(t *testing.T) {
	a, b := MustDate("2023-10-31"), MustDate("2023-11-01")
	tests := []struct {
		name string
		got  bool
	}{
		{"a.Before(b)", a.Before(b)},
		{"!b.Before(a)", !b.Before(a)},
		{"b.After(a)", b.After(a)},
		{"!a.After(a)", !a.After(a)},
		{"a.Equal(a)", a.Equal(a)},
		{"!a.Equal(b)", !a.Equal(b)},
		{"Compare(a,b)==-1", a.Compare(b) == -1},
		{"Compare(b,a)==1", b.Compare(a) == 1},
		{"Compare(a,a)==0", a.Compare(a) == 0},
		{"Date{}.IsZero()", Date{}.IsZero()},
		{"!a.IsZero()", !a.IsZero()},
		{"DaysUntil", b.DaysUntil(a) == -1},
	}
	for _, tt := range tests {
		if !tt.got {
			t.Errorf("%s = false; want true", tt.name)
		}
	}
}

func TestJSON(t *testing.T) {
	type doc struct {
		Due  Date  `json:"due"`
		Opt  Date  `json:"opt"`
		Ptr  *Date `json:"ptr"`
		List []Date
	}
	d := MustDate("2023-10-31")
	b, err := json.Marshal(doc{Due: d, Ptr: &d, List: []Date{d}})
	if err != nil {
		t.Fatal(err)
	}
	want := `{"due":"2023-10-31","opt":"","ptr":"2023-10-31","List":["2023-10-31"]}`
	if string(b) != want {
		t.Errorf("json = %s; want %s", b, want)
	}
	var back doc
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if back.Due != d || !back.Opt.IsZero() || *back.Ptr != d || back.List[0] != d {
		t.Errorf("round trip = %+v; want due %v", back, d)
	}
	if err := json.Unmarshal([]byte(`{"due":"2023-02-30"}`), &back); err == nil || !strings.Contains(err.Error(), "2023-02-30") {
		t.Errorf("Unmarshal bad date error = %v; want one naming 2023-02-30", err)
	}
}

func TestSQL(t *testing.T) {
	d := MustDate("2023-10-31")
	if v, err := d.Value(); err != nil || v != "2023-10-31" {
		t.Errorf("Value() = %v, %v; want 2023-10-31", v, err)
	}
	if v, err := (Date{}).Value(); err != nil || v != nil {
		t.Errorf("zero Value() = %v, %v; want nil", v, err)
	}
	tests := []struct {
		src  any
		want Date
		ok   bool
	}{
		{"2023-10-31", d, true},
		{[]byte("2023-10-31"), d, true},
		{"2023-10-31 00:00:00", d, true},
		{"2023-10-31T00:00:00Z", d, true},
		{time.Date(2023, 10, 31, 0, 0, 0, 0, time.UTC), d, true},
		{nil, Date{}, true},
		{"", Date{}, true},
		{"2023-10-32", Date{}, false},
		{"2023-10-31x", Date{}, false},
		{42, Date{}, false},
	}
	for _, tt := range tests {
		var got Date
		got.Year = 1 // must be overwritten
		err := got.Scan(tt.src)
		if tt.ok && (err != nil || got != tt.want) {
			t.Errorf("Scan(%#v) = %v, %v; want %v, nil", tt.src, got, err, tt.want)
		}
		if !tt.ok && err == nil {
			t.Errorf("Scan(%#v) = %v, nil; want error", tt.src, got)
		}
	}
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2023-10-31", "2024-02-29", "2023-02-30", "2023-2-3", "", "9999-12-31", "0000-00-00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		if err != nil {
			return
		}
		if got := d.String(); got != s {
			t.Fatalf("ParseDate(%q).String() = %q; want %q", s, got, s)
		}
		if !d.IsValid() {
			t.Fatalf("ParseDate(%q) = %v; want a valid date", s, d)
		}
		if back := d.AddDays(1).AddDays(-1); back != d {
			t.Fatalf("%v.AddDays(1).AddDays(-1) = %v; want %v", d, back, d)
		}
	})
}
