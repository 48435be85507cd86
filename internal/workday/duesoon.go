package workday

// DueSoonWorkdays is what "due soon" (即将到期) means everywhere: an open
// clock whose due date is today or at most this many working days after
// today. Every list, dashboard, job and reminder that says a deadline is
// near uses DueSoon or DueSoonUntil, in every area.
const DueSoonWorkdays = 3

// DueSoon reports whether a clock due on due is due soon on today: not
// past, and at most DueSoonWorkdays working days away (working days in
// (today, due], as WorkdaysBetween counts them).
func (c *Calendar) DueSoon(due, today Date) bool {
	return !due.IsZero() && !today.After(due) && c.WorkdaysBetween(today, due) <= DueSoonWorkdays
}

// DueSoonUntil is the last due date that is due soon on today: the day
// before the next working day after the DueSoonWorkdays-th, so that a due
// date on the weekend or holiday that follows still counts. Lists filter
// with due dates in [today, DueSoonUntil(today)].
func (c *Calendar) DueSoonUntil(today Date) Date {
	d := today
	for n := 0; n < DueSoonWorkdays; {
		d = d.AddDays(1)
		if c.IsWorkday(d) {
			n++
		}
	}
	return c.NextWorkday(d.AddDays(1)).AddDays(-1)
}
