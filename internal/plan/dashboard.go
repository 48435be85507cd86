package plan

import (
	"sort"

	"gongkai/internal/workday"
)

// UnitStat is one unit's figures.
type UnitStat struct {
	Unit     string
	Total    int
	ByStatus map[Status]int
	Overdue  int
	Done     int // confirmed by the office
	Reported int // reported done, waiting for the office's confirmation
}

// Rate (完成率) is the share of confirmed work, 0–100: work reported done
// counts only once the office has confirmed it.
func (u UnitStat) Rate() int {
	if u.Total == 0 {
		return 0
	}
	return u.Done * 100 / u.Total
}

// DuePoint is work due on a day.
type DuePoint struct {
	Date workday.Date
	N    int
}

// Trend is the overdue count at a date.
type Trend struct {
	Date workday.Date
	N    int
}

// Stats is what the dashboard shows.
type Stats struct {
	Total, Done, Reported, Overdue int
	Units                          []UnitStat
	Categories                     []UnitStat // Unit holds the category
	DueSoon                        []DuePoint // due soon (workday.DueSoonWorkdays), by date
	OverdueTrend                   []Trend    // weekly, the last 12 weeks
}

// Compute makes the dashboard's figures from the ledger lines as of today.
func Compute(lines []Line, today workday.Date, cal *workday.Calendar) Stats {
	var st Stats
	units, cats := map[string]*UnitStat{}, map[string]*UnitStat{}
	var uorder, corder []string
	get := func(m map[string]*UnitStat, order *[]string, k string) *UnitStat {
		if s, ok := m[k]; ok {
			return s
		}
		s := &UnitStat{Unit: k, ByStatus: map[Status]int{}}
		m[k] = s
		*order = append(*order, k)
		return s
	}
	horizon := today
	if cal != nil {
		horizon = cal.DueSoonUntil(today) // due soon: workday.DueSoonWorkdays
	}
	due := map[workday.Date]int{}
	for _, l := range lines {
		a := l.Assignment
		done := a.Status == StatusConfirmed
		reported := a.Status == StatusReported
		overdue := l.Overdue > 0 && a.Status.Open()
		st.Total++
		for _, s := range []*UnitStat{get(units, &uorder, a.UnitName), get(cats, &corder, l.Task.Category)} {
			s.Total++
			s.ByStatus[a.Status]++
			if done {
				s.Done++
			}
			if reported {
				s.Reported++
			}
			if overdue {
				s.Overdue++
			}
		}
		if done {
			st.Done++
		}
		if reported {
			st.Reported++
		}
		if overdue {
			st.Overdue++
		}
		if !l.Due.IsZero() && !l.Due.Before(today) && !l.Due.After(horizon) {
			due[l.Due]++
		}
	}
	for _, k := range uorder {
		st.Units = append(st.Units, *units[k])
	}
	for _, k := range corder {
		st.Categories = append(st.Categories, *cats[k])
	}
	for d, n := range due {
		st.DueSoon = append(st.DueSoon, DuePoint{d, n})
	}
	sort.Slice(st.DueSoon, func(i, j int) bool { return st.DueSoon[i].Date.Before(st.DueSoon[j].Date) })
	// Overdue over time: how many dated assignments were overdue at each of
	// the last 12 week ends (an assignment done later counts until it was
	// reported done).
	for w := 11; w >= 0; w-- {
		d := today.AddDays(-7 * w)
		n := 0
		for _, l := range lines {
			if l.Task.Deadline.Kind != DeadlineDate || !l.Task.Deadline.Date.Before(d) || l.Created.IsZero() || workday.DateOf(l.Created).After(d) {
				continue
			}
			if done := l.Assignment.DoneDate(); !done.IsZero() && !done.After(d) {
				continue
			}
			n++
		}
		st.OverdueTrend = append(st.OverdueTrend, Trend{d, n})
	}
	return st
}
