// Package workday implements the Chinese working-day calendar (工作日历):
// Monday–Friday minus statutory holidays, plus the weekend days that the
// State Council's yearly notice turns into working days (调休上班).
//
// The built-in schedule comes from github.com/6tail/lunar-go (HolidayUtil);
// an overlay of extra days (edited by an administrator or imported for a new
// year) takes precedence over it.
package workday

import (
	"database/sql/driver"
	"fmt"
	"time"
)

// Date is a civil date (no time zone), e.g. 2023-10-31.
// The zero value means "no date".
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// shanghai is the time zone used by DateOf.
var shanghai = loadShanghai()

func loadShanghai() *time.Location {
	if loc, err := time.LoadLocation("Asia/Shanghai"); err == nil {
		return loc
	}
	// China has had no DST since 1991; a fixed +08:00 is correct for
	// every date this package deals with.
	return time.FixedZone("CST", 8*3600)
}

// ParseDate parses a strict YYYY-MM-DD date (four-digit year 0001–9999,
// two-digit month and day) and rejects dates that do not exist.
func ParseDate(s string) (Date, error) {
	d, ok := parseDate(s)
	if !ok {
		return Date{}, fmt.Errorf("日期“%s”无效，请按 YYYY-MM-DD 填写实际存在的日期", s)
	}
	return d, nil
}

func parseDate(s string) (Date, bool) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return Date{}, false
	}
	y, ok1 := digits(s[0:4])
	m, ok2 := digits(s[5:7])
	d, ok3 := digits(s[8:10])
	if !ok1 || !ok2 || !ok3 {
		return Date{}, false
	}
	date := Date{Year: y, Month: time.Month(m), Day: d}
	if !date.IsValid() {
		return Date{}, false
	}
	return date, true
}

func digits(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// MustDate is ParseDate that panics on error; for tests and constants.
func MustDate(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// DateOf returns the civil date of t in China (Asia/Shanghai).
func DateOf(t time.Time) Date {
	y, m, d := t.In(shanghai).Date()
	return Date{Year: y, Month: m, Day: d}
}

// IsValid reports whether d is an existing date in years 1–9999.
func (d Date) IsValid() bool {
	if d.Year < 1 || d.Year > 9999 || d.Month < time.January || d.Month > time.December || d.Day < 1 {
		return false
	}
	return d.Day <= daysIn(d.Year, d.Month)
}

func daysIn(y int, m time.Month) int {
	switch m {
	case time.February:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case time.April, time.June, time.September, time.November:
		return 30
	}
	return 31
}

// String returns "YYYY-MM-DD", or "" for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

// Time returns midnight UTC of d.
func (d Date) Time() time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC)
}

// IsZero reports whether d is the zero Date.
func (d Date) IsZero() bool { return d == Date{} }

// days returns the number of days since 1970-01-01 (proleptic Gregorian).
func (d Date) days() int {
	return daysFromCivil(d.Year, int(d.Month), d.Day)
}

func fromDays(z int) Date {
	y, m, d := civilFromDays(z)
	return Date{Year: y, Month: time.Month(m), Day: d}
}

// AddDays returns d shifted by n calendar days.
func (d Date) AddDays(n int) Date { return fromDays(d.days() + n) }

// Weekday returns the day of the week of d.
func (d Date) Weekday() time.Weekday { return weekdayOf(d.days()) }

func weekdayOf(z int) time.Weekday {
	// 1970-01-01 was a Thursday.
	return time.Weekday(mod(z+4, 7))
}

// Compare returns -1, 0 or +1 as d is before, equal to or after o.
func (d Date) Compare(o Date) int {
	switch {
	case d.Year != o.Year:
		return cmp(d.Year, o.Year)
	case d.Month != o.Month:
		return cmp(int(d.Month), int(o.Month))
	default:
		return cmp(d.Day, o.Day)
	}
}

func cmp(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Before reports whether d is before o.
func (d Date) Before(o Date) bool { return d.Compare(o) < 0 }

// After reports whether d is after o.
func (d Date) After(o Date) bool { return d.Compare(o) > 0 }

// Equal reports whether d and o are the same date.
func (d Date) Equal(o Date) bool { return d == o }

// DaysUntil returns the number of calendar days from d to o (o - d).
func (d Date) DaysUntil(o Date) int { return o.days() - d.days() }

// MarshalText encodes d as "YYYY-MM-DD" (empty for the zero Date).
func (d Date) MarshalText() ([]byte, error) {
	return []byte(d.String()), nil
}

// UnmarshalText decodes "YYYY-MM-DD"; empty input gives the zero Date.
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = Date{}
		return nil
	}
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// Value implements driver.Valuer: TEXT "YYYY-MM-DD", NULL for the zero Date.
func (d Date) Value() (driver.Value, error) {
	if d.IsZero() {
		return nil, nil
	}
	return d.String(), nil
}

// Scan implements sql.Scanner. It accepts a "YYYY-MM-DD" string or []byte
// (a trailing time part such as "2023-10-31 00:00:00" or
// "2023-10-31T00:00:00Z" is ignored), a time.Time (its own calendar date,
// as the driver returned it) and nil (the zero Date).
func (d *Date) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*d = Date{}
		return nil
	case time.Time:
		y, m, day := v.Date()
		*d = Date{Year: y, Month: m, Day: day}
		return nil
	case []byte:
		return d.scanString(string(v))
	case string:
		return d.scanString(v)
	}
	return fmt.Errorf("无法把数据库中的 %T 类型值读取为日期，请把该列改为 YYYY-MM-DD 格式的文本", src)
}

func (d *Date) scanString(s string) error {
	if s == "" {
		*d = Date{}
		return nil
	}
	if len(s) > 10 && (s[10] == ' ' || s[10] == 'T') {
		s = s[:10]
	}
	v, err := ParseDate(s)
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// daysFromCivil and civilFromDays follow Howard Hinnant's algorithms
// (http://howardhinnant.github.io/date_algorithms.html).
func daysFromCivil(y, m, d int) int {
	if m <= 2 {
		y--
	}
	era := floorDiv(y, 400)
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

func civilFromDays(z int) (y, m, d int) {
	z += 719468
	era := floorDiv(z, 146097)
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y = yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d = doy - (153*mp+2)/5 + 1
	if mp < 10 {
		m = mp + 3
	} else {
		m = mp - 9
	}
	if m <= 2 {
		y++
	}
	return y, m, d
}

func floorDiv(a, b int) int {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

func mod(a, b int) int {
	r := a % b
	if r < 0 {
		r += b
	}
	return r
}
