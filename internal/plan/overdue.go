package plan

import (
	"time"

	"gongkai/internal/workday"
)

// periodBounds returns the first and last day of the period of kind p
// that contains d.
func periodBounds(p Period, d workday.Date) (workday.Date, workday.Date) {
	months := 1
	switch p {
	case PeriodQuarter:
		months = 3
	case PeriodHalf:
		months = 6
	case PeriodYear:
		months = 12
	}
	m0 := (int(d.Month)-1)/months*months + 1
	start := workday.Date{Year: d.Year, Month: time.Month(m0), Day: 1}
	endMonth := time.Month(m0 + months - 1)
	end := workday.Date{Year: d.Year, Month: endMonth, Day: lastDay(d.Year, endMonth)}
	return start, end
}

// Due is the date by which the assignment must next deliver, as of today:
// the deadline for a dated task, the end of the current period for a
// continuous or recurring one, zero when there is none or it is done.
func Due(d Deadline, a Assignment, today workday.Date) workday.Date {
	if !a.Status.Open() {
		return workday.Date{}
	}
	switch d.Kind {
	case DeadlineDate:
		return d.Date
	case DeadlineContinuous, DeadlineRecurring:
		p := d.Period
		if p == "" {
			p = PeriodMonth
		}
		_, end := periodBounds(p, today)
		return end
	}
	return workday.Date{}
}

// OverdueDays is how many days the assignment is (or was) late, computed
// from the deadline and never stored: for a dated task still open, the
// days since the deadline; for one reported done, the days it was done
// after the deadline; for a continuous or recurring task, the days since
// the end of the previous period when that period had no report (only
// when the assignment existed during it).
func OverdueDays(d Deadline, a Assignment, created time.Time, today workday.Date) int {
	switch d.Kind {
	case DeadlineDate:
		if done := a.DoneDate(); !done.IsZero() {
			return max(0, d.Date.DaysUntil(done))
		}
		if a.Status == StatusConfirmed {
			return 0
		}
		return max(0, d.Date.DaysUntil(today))
	case DeadlineContinuous, DeadlineRecurring:
		if !a.Status.Open() {
			return 0
		}
		p := d.Period
		if p == "" {
			p = PeriodMonth
		}
		start, _ := periodBounds(p, today)
		prevStart, prevEnd := periodBounds(p, start.AddDays(-1))
		if created.IsZero() || !workday.DateOf(created).Before(prevEnd) {
			return 0
		}
		if !a.LastProgress.IsZero() && !workday.DateOf(a.LastProgress).Before(prevStart) {
			return 0
		}
		return prevEnd.DaysUntil(today)
	}
	return 0
}
