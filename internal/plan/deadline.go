// Package plan is the supervision of the year's task-breakdown table: the
// importer (schema, mapping, unit resolution, deadline parsing), the
// assignments' state machine, overdue and reminder computation, scoring.
// Everything here is pure: the store persists, the web and CLI call.
package plan

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"gongkai"
	"gongkai/internal/workday"
)

// DeadlineKind says what a 完成时限 cell means.
type DeadlineKind string

const (
	DeadlineDate       DeadlineKind = "date"       // a civil date
	DeadlineContinuous DeadlineKind = "continuous" // 持续推进 / 长期坚持 / 常态化: report monthly
	DeadlineRecurring  DeadlineKind = "recurring"  // 每季度 / 每月: report every period
	DeadlineNone       DeadlineKind = "none"       // empty cell
	DeadlineText       DeadlineKind = "text"       // wording not understood, kept as written
)

// Period is how often a continuous or recurring task reports.
type Period string

const (
	PeriodMonth   Period = "monthly"
	PeriodQuarter Period = "quarterly"
	PeriodHalf    Period = "half-yearly"
	PeriodYear    Period = "yearly"
)

// Label is the Chinese name of the period.
func (p Period) Label() string {
	switch p {
	case PeriodMonth:
		return "每月"
	case PeriodQuarter:
		return "每季度"
	case PeriodHalf:
		return "每半年"
	case PeriodYear:
		return "每年"
	}
	return ""
}

// Deadline is a parsed 完成时限 with its original wording.
type Deadline struct {
	Kind   DeadlineKind
	Date   workday.Date // for DeadlineDate
	Period Period       // for continuous (monthly) and recurring
	Text   string       // as written
}

// Value is the deadline as the import summary prints it: "YYYY-MM-DD",
// "continuous", "recurring:quarterly", "" (none) or "text".
func (d Deadline) Value() string {
	switch d.Kind {
	case DeadlineDate:
		return d.Date.String()
	case DeadlineContinuous:
		return "continuous"
	case DeadlineRecurring:
		return "recurring:" + string(d.Period)
	case DeadlineText:
		return "text"
	}
	return ""
}

// Label is the deadline for people: the date with the wording, or the kind.
func (d Deadline) Label() string {
	switch d.Kind {
	case DeadlineDate:
		if d.Text != "" && d.Text != d.Date.String() {
			return d.Date.String() + "（" + d.Text + "）"
		}
		return d.Date.String()
	case DeadlineContinuous:
		return "持续推进（每月报送进展）"
	case DeadlineRecurring:
		return d.Period.Label() + "报送"
	}
	return d.Text
}

var (
	continuousWords = []string{"持续推进", "长期坚持", "常态化", "长期", "持续开展", "持续", "经常性", "日常"}
	recurringWords  = []struct {
		word string
		p    Period
	}{{"每季度", PeriodQuarter}, {"每个季度", PeriodQuarter}, {"按季度", PeriodQuarter}, {"每月", PeriodMonth}, {"每个月", PeriodMonth}, {"按月", PeriodMonth},
		{"每半年", PeriodHalf}, {"每年", PeriodYear}}

	reYMD      = regexp.MustCompile(`^(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日`)
	reISO      = regexp.MustCompile(`^(\d{4})[-./](\d{1,2})[-./](\d{1,2})`)
	reMonthEnd = regexp.MustCompile(`^(?:(\d{4})年)?(\d{1,2})月(底|末|份|上旬|中旬|下旬)?`)
	reQuarter  = regexp.MustCompile(`^(?:(\d{4})年)?(?:第)?([一二三四1-4])季度`)
	reYearEnd  = regexp.MustCompile(`^(?:(\d{4})年)?(年底|年末|年内|全年|上半年|下半年|年中)`)
)

var cnQuarter = map[string]int{"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}

// ParseDeadline understands a 完成时限 cell for a plan year: 11月底前,
// 12月底前, 年底前, 6月底前, 上半年, 第三季度, 9月15日前, 2023年10月底前,
// 持续推进 / 长期坚持 / 常态化 (continuous), 每季度 / 每月 (recurring). An
// impossible date is an EINVALID error; wording it does not understand is
// kept as DeadlineText (the importer warns).
func ParseDeadline(text string, year int) (Deadline, error) {
	raw := strings.TrimSpace(text)
	d := Deadline{Text: raw, Kind: DeadlineNone}
	s := strings.Join(strings.Fields(raw), "")
	s = strings.NewReplacer("（", "(", "）", ")", "．", ".", "号", "日").Replace(s)
	if s == "" {
		return d, nil
	}
	s = toHalfWidthDigits(s)
	for _, w := range recurringWords {
		if strings.Contains(s, w.word) {
			d.Kind, d.Period = DeadlineRecurring, w.p
			return d, nil
		}
	}
	if date, ok, err := parseDatePart(s, year); err != nil {
		return d, err
	} else if ok {
		d.Kind, d.Date = DeadlineDate, date
		return d, nil
	}
	for _, w := range continuousWords {
		if strings.Contains(s, w) {
			d.Kind, d.Period = DeadlineContinuous, PeriodMonth
			return d, nil
		}
	}
	d.Kind = DeadlineText
	return d, nil
}

func toHalfWidthDigits(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '０' && r <= '９' {
			return r - '０' + '0'
		}
		return r
	}, s)
}

// parseDatePart finds the first date expression in s (after an optional
// prefix such as 于 or 在) and returns the last day it allows.
func parseDatePart(s string, year int) (workday.Date, bool, error) {
	s = strings.TrimLeft(s, "于在截至至到")
	yearOf := func(m string) (int, error) {
		if m == "" {
			return year, nil
		}
		y, _ := strconv.Atoi(m)
		if y < 2000 || y > 2100 {
			return 0, gongkai.Errorf(gongkai.EINVALID, "完成时限“%s”中的年份 %d 不合理", s, y)
		}
		return y, nil
	}
	mk := func(y, m, dd int) (workday.Date, bool, error) {
		if m < 1 || m > 12 {
			return workday.Date{}, false, gongkai.Errorf(gongkai.EINVALID, "完成时限“%s”中的月份 %d 不存在", s, m)
		}
		last := lastDay(y, time.Month(m))
		if dd < 1 || dd > last {
			return workday.Date{}, false, gongkai.Errorf(gongkai.EINVALID, "完成时限“%s”中的日期 %d年%d月%d日 不存在", s, y, m, dd)
		}
		return workday.Date{Year: y, Month: time.Month(m), Day: dd}, true, nil
	}
	if m := reISO.FindStringSubmatch(s); m != nil {
		y, err := yearOf(m[1])
		if err != nil {
			return workday.Date{}, false, err
		}
		mo, _ := strconv.Atoi(m[2])
		dd, _ := strconv.Atoi(m[3])
		return mk(y, mo, dd)
	}
	if m := reYMD.FindStringSubmatch(s); m != nil {
		y, err := yearOf(m[1])
		if err != nil {
			return workday.Date{}, false, err
		}
		mo, _ := strconv.Atoi(m[2])
		dd, _ := strconv.Atoi(m[3])
		return mk(y, mo, dd)
	}
	if m := reQuarter.FindStringSubmatch(s); m != nil {
		y, err := yearOf(m[1])
		if err != nil {
			return workday.Date{}, false, err
		}
		q := cnQuarter[m[2]]
		return mk(y, q*3, lastDay(y, time.Month(q*3)))
	}
	if m := reYearEnd.FindStringSubmatch(s); m != nil {
		y, err := yearOf(m[1])
		if err != nil {
			return workday.Date{}, false, err
		}
		switch m[2] {
		case "上半年", "年中":
			return mk(y, 6, 30)
		default:
			return mk(y, 12, 31)
		}
	}
	if m := reMonthEnd.FindStringSubmatch(s); m != nil {
		y, err := yearOf(m[1])
		if err != nil {
			return workday.Date{}, false, err
		}
		mo, _ := strconv.Atoi(m[2])
		if mo < 1 || mo > 12 {
			return workday.Date{}, false, gongkai.Errorf(gongkai.EINVALID, "完成时限“%s”中的月份 %d 不存在", s, mo)
		}
		switch m[3] {
		case "上旬":
			return mk(y, mo, 10)
		case "中旬":
			return mk(y, mo, 20)
		}
		return mk(y, mo, lastDay(y, time.Month(mo)))
	}
	return workday.Date{}, false, nil
}

func lastDay(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// String is for logs.
func (d Deadline) String() string { return fmt.Sprintf("%s(%s)", d.Value(), d.Text) }
