package workday

import (
	"fmt"
	"sort"
	"sync"
	"time"

	"github.com/6tail/lunar-go/HolidayUtil"
)

// DayKind says what a scheduled day is.
type DayKind string

const (
	// Holiday is a day off (放假).
	Holiday DayKind = "holiday"
	// Workday is a weekend day made a working day (调休上班).
	Workday DayKind = "workday"
)

// Valid reports whether k is Holiday or Workday.
func (k DayKind) Valid() bool { return k == Holiday || k == Workday }

// Label returns the Chinese label of k: 放假 or 调休上班.
func (k DayKind) Label() string {
	switch k {
	case Holiday:
		return "放假"
	case Workday:
		return "调休上班"
	}
	return string(k)
}

// Day is one entry of a holiday schedule.
type Day struct {
	Date Date
	Kind DayKind
	Name string // e.g. 春节
}

// MaxWorkdays is the largest n accepted by AddWorkdays.
const MaxWorkdays = 2000

// Result is the outcome of AddWorkdays.
type Result struct {
	Due      Date
	Warnings []string
}

// Calendar answers working-day questions. It is immutable and safe for
// concurrent use.
type Calendar struct {
	days   map[Date]Day // merged: lunar-go, then overlay on top
	sorted []Day        // the values of days, sorted by date
	known  map[int]bool // years whose schedule is known
}

// base is the lunar-go schedule, read once.
type baseData struct {
	days  map[Date]Day
	known map[int]bool
}

var (
	baseOnce sync.Once
	base     baseData
)

// lunarYears bounds the years read from lunar-go (its data starts at
// 2001-12-29).
const lunarFirstYear, lunarLastYear = 2001, 2100

func loadBase() baseData {
	baseOnce.Do(func() {
		base = baseData{days: map[Date]Day{}, known: map[int]bool{}}
		for y := lunarFirstYear; y <= lunarLastYear; y++ {
			l := HolidayUtil.GetHolidaysByYear(y)
			for e := l.Front(); e != nil; e = e.Next() {
				h, ok := e.Value.(*HolidayUtil.Holiday)
				if !ok || h == nil {
					continue
				}
				d, ok := parseDate(h.GetDay())
				if !ok {
					continue
				}
				kind := Holiday
				if h.IsWork() {
					kind = Workday
				}
				base.days[d] = Day{Date: d, Kind: kind, Name: h.GetName()}
				// A year counts as known when its own notice is in the
				// data: the festival ("target") year, not the date's year
				// (2022-12-31 belongs to the 2023 notice).
				if t, ok := parseDate(h.GetTarget()); ok {
					base.known[t.Year] = true
				}
			}
		}
	})
	return base
}

// New returns a Calendar made of the lunar-go schedule with overlay on top.
// Overlay entries win over lunar-go; among overlay entries for the same
// date the last one wins. Entries with an invalid date or kind are ignored.
// A year with at least one overlay entry counts as known.
func New(overlay []Day) *Calendar {
	b := loadBase()
	c := &Calendar{
		days:  make(map[Date]Day, len(b.days)+len(overlay)),
		known: make(map[int]bool, len(b.known)+1),
	}
	for d, v := range b.days {
		c.days[d] = v
	}
	for y := range b.known {
		c.known[y] = true
	}
	for _, o := range overlay {
		if !o.Date.IsValid() || !o.Kind.Valid() {
			continue
		}
		c.days[o.Date] = o
		c.known[o.Date.Year] = true
	}
	c.sorted = make([]Day, 0, len(c.days))
	for _, v := range c.days {
		c.sorted = append(c.sorted, v)
	}
	sort.Slice(c.sorted, func(i, j int) bool { return c.sorted[i].Date.Before(c.sorted[j].Date) })
	return c
}

var defaultCalendar = sync.OnceValue(func() *Calendar { return New(nil) })

// Default returns the shared Calendar without overlay.
func Default() *Calendar { return defaultCalendar() }

// Lookup returns the holiday or make-up-workday record for d, if any.
func (c *Calendar) Lookup(d Date) (Day, bool) {
	v, ok := c.days[d]
	return v, ok
}

// IsWorkday reports whether d is a working day.
func (c *Calendar) IsWorkday(d Date) bool {
	if v, ok := c.days[d]; ok {
		return v.Kind == Workday
	}
	return isWeekday(d.Weekday())
}

func isWeekday(w time.Weekday) bool { return w != time.Saturday && w != time.Sunday }

// KnownYear reports whether the holiday schedule of year y is known
// (from lunar-go or from the overlay).
func (c *Calendar) KnownYear(y int) bool { return c.known[y] }

// UnknownYearWarning is the warning for a year without a schedule.
func UnknownYearWarning(y int) string {
	return fmt.Sprintf("%d年的节假日安排尚未录入，按普通周末计算，结果可能不准确", y)
}

// AddWorkdays returns the date n working days after start; counting starts
// the day after start, and n = 0 gives start itself. Result.Warnings holds
// one warning per year without a known schedule touched between start+1
// and the due date.
func (c *Calendar) AddWorkdays(start Date, n int) (Result, error) {
	if !start.IsValid() {
		return Result{}, fmt.Errorf("起始日期“%s”无效，请填写实际存在的日期（YYYY-MM-DD）", start)
	}
	if n < 0 || n > MaxWorkdays {
		return Result{}, fmt.Errorf("工作日数 %d 超出范围，请填写 0 到 %d 之间的整数", n, MaxWorkdays)
	}
	d := start
	for left := n; left > 0; {
		d = d.AddDays(1)
		if c.IsWorkday(d) {
			left--
		}
	}
	if !d.IsValid() {
		return Result{}, fmt.Errorf("从%s起算%d个工作日超出了公元9999年，请检查起始日期", start, n)
	}
	res := Result{Due: d}
	if n > 0 {
		res.Warnings = c.warnings(start.AddDays(1), d)
	}
	return res, nil
}

// warnings lists the unknown years in [from, to].
func (c *Calendar) warnings(from, to Date) []string {
	var w []string
	for y := from.Year; y <= to.Year; y++ {
		if !c.KnownYear(y) {
			w = append(w, UnknownYearWarning(y))
		}
	}
	return w
}

// WorkdaysBetween returns the number of working days in (from, to]. If to
// is before from the result is minus the count in (to, from]; it is zero
// when they are equal.
func (c *Calendar) WorkdaysBetween(from, to Date) int {
	if to.Before(from) {
		return -c.WorkdaysBetween(to, from)
	}
	a, b := from.days(), to.days()
	n := weekdaysUpTo(b) - weekdaysUpTo(a)
	// Correct for scheduled days in (from, to].
	i := sort.Search(len(c.sorted), func(i int) bool { return c.sorted[i].Date.After(from) })
	for ; i < len(c.sorted) && !c.sorted[i].Date.After(to); i++ {
		v := c.sorted[i]
		weekday := isWeekday(v.Date.Weekday())
		switch {
		case v.Kind == Holiday && weekday:
			n--
		case v.Kind == Workday && !weekday:
			n++
		}
	}
	return n
}

// weekdaysUpTo returns the number of Monday–Friday days in (epoch, z] up to
// an additive constant, so that differences count weekdays in a range.
func weekdaysUpTo(z int) int {
	// Day 4 (1970-01-05) is a Monday; k counts days from it through z.
	k := z - 4 + 1
	return 5*floorDiv(k, 7) + min(mod(k, 7), 5)
}

// NextWorkday returns d if it is a working day, else the next one.
func (c *Calendar) NextWorkday(d Date) Date {
	for !c.IsWorkday(d) {
		d = d.AddDays(1)
	}
	return d
}

// Holidays returns the merged schedule of year y (dates in y), sorted.
func (c *Calendar) Holidays(year int) []Day {
	lo := sort.Search(len(c.sorted), func(i int) bool { return c.sorted[i].Date.Year >= year })
	hi := sort.Search(len(c.sorted), func(i int) bool { return c.sorted[i].Date.Year > year })
	out := make([]Day, hi-lo)
	copy(out, c.sorted[lo:hi])
	return out
}
