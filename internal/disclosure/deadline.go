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
