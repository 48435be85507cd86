package disclosure

import "gongkai/internal/workday"

// PublishWithin is the statutory limit: public within 20 working days of
// being formed or changed (条例第二十六条).
const PublishWithin = 20

// Clock is the state of an unpublished document's 20-working-day clock.
type Clock struct {
	Start    workday.Date
	Due      workday.Date
	Left     int // working days left; negative when late
	Late     bool
	Warnings []string
}

// DueClock computes the clock of a document formed or changed on start,
// as of today.
func DueClock(cal *workday.Calendar, start, today workday.Date) (Clock, error) {
	res, err := cal.AddWorkdays(start, PublishWithin)
	if err != nil {
		return Clock{}, err
	}
	c := Clock{Start: start, Due: res.Due, Warnings: res.Warnings}
	if today.After(res.Due) {
		c.Late = true
		c.Left = -cal.WorkdaysBetween(res.Due, today)
	} else {
		c.Left = cal.WorkdaysBetween(today, res.Due)
	}
	return c, nil
}

// ClockAt is the clock of a stored due date as of today.
func ClockAt(cal *workday.Calendar, start, due, today workday.Date) Clock {
	c := Clock{Start: start, Due: due}
	if today.After(due) {
		c.Late = true
		c.Left = -cal.WorkdaysBetween(due, today)
	} else {
		c.Left = cal.WorkdaysBetween(today, due)
	}
	return c
}

// DocClock is the clock of a document: from its stored due date, or computed when none
// is stored.
func DocClock(cal *workday.Calendar, d Document, today workday.Date) (Clock, error) {
	if d.DueOn.IsZero() {
		return DueClock(cal, d.ChangedOn, today)
	}
	return ClockAt(cal, d.ChangedOn, d.DueOn, today), nil
}
