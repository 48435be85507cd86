package plan

import (
	"time"

	"gongkai/internal/workday"
)

// AsOf returns the assignment as it stood at the end of day d (China
// time), replayed from its history (its progress rows in the order they
// were recorded): the status, the claim, report, confirmation and
// last-progress dates and the number of returns known by then. Work with
// nothing recorded by d is pending. What is not dated in the history (the
// person named, the return reason) is kept as it is now.
func AsOf(a Assignment, history []Progress, d workday.Date) Assignment {
	out := a
	out.Status = StatusPending
	out.ClaimedAt, out.ReportedAt, out.ConfirmedAt, out.LastProgress, out.UpdatedAt = time.Time{}, time.Time{}, time.Time{}, time.Time{}, time.Time{}
	out.Returns = 0
	for _, p := range history {
		if p.AssignmentID != 0 && p.AssignmentID != a.ID {
			continue
		}
		if workday.DateOf(p.Created).After(d) {
			break
		}
		out.Status, out.UpdatedAt = p.To, p.Created
		switch p.Action {
		case ActClaim:
			out.ClaimedAt = p.Created
		case ActProgress:
			out.LastProgress = p.Created
		case ActFinish:
			out.ReportedAt, out.LastProgress = p.Created, p.Created
		case ActConfirm:
			out.ConfirmedAt = p.Created
		case ActReturn:
			out.Returns++
		case ActReopen:
			out.ConfirmedAt = time.Time{}
		}
	}
	return out
}

// LineAsOf is the ledger line of l as it stood at the end of day d: the
// assignment replayed (AsOf) and its overdue days and next due date
// computed on d.
func LineAsOf(l Line, history []Progress, d workday.Date) Line {
	out := l
	out.Assignment = AsOf(l.Assignment, history, d)
	out.Overdue = OverdueDays(l.Task.Deadline, out.Assignment, l.Created, d)
	out.Due = Due(l.Task.Deadline, out.Assignment, d)
	return out
}

// PeriodEnd is the default as-of date of an assessment: 30 June for the
// mid-year review, 31 December for the annual one.
func PeriodEnd(year int, period string) workday.Date {
	if period == PeriodMidYear {
		return workday.Date{Year: year, Month: time.June, Day: 30}
	}
	return workday.Date{Year: year, Month: time.December, Day: 31}
}

// RectAsOf is a rectification item as it stood at the end of day d:
// closed if it was closed by then, reported if its report came by then,
// otherwise open. ok is false when the item did not exist yet.
func RectAsOf(r Rectification, d workday.Date) (Rectification, bool) {
	if !r.Created.IsZero() && workday.DateOf(r.Created).After(d) {
		return r, false
	}
	closed := r.Status == RectClosed && !r.ClosedAt.IsZero() && !workday.DateOf(r.ClosedAt).After(d)
	reported := !r.ReportedAt.IsZero() && !workday.DateOf(r.ReportedAt).After(d)
	switch {
	case closed:
	case reported:
		r.Status, r.ClosedAt = RectReported, time.Time{}
	default:
		r.Status, r.ClosedAt, r.ReportedAt = RectOpen, time.Time{}, time.Time{}
	}
	return r, true
}
