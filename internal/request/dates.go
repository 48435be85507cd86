package request

import (
	"gongkai"
	"gongkai/internal/workday"
)

// Earliest is the earliest date a request's facts may carry: the system
// keeps the work of this century, so an earlier date is a typing mistake
// (1923 for 2023), never a receipt.
var Earliest = workday.Date{Year: 2000, Month: 1, Day: 1}

// CheckEventDate refuses a date that a clock event cannot have. The
// receipt (收到申请之日) is a fact that has happened: it is neither in the
// future nor before Earliest. The dates of the other events are not
// checked against today (an office may record a step it has scheduled,
// such as an extension decided for a given day) but none is before
// Earliest; that each follows the receipt the clock checks itself. today
// is the civil date now (Asia/Shanghai).
func CheckEventDate(ev Event, today workday.Date) error {
	if ev.Type == EvReceived {
		return CheckPastDate("收到申请之日", ev.On, today)
	}
	if !ev.On.IsZero() && ev.On.Before(Earliest) {
		return gongkai.Errorf(gongkai.EINVALID, "%s的日期 %s 早于 %s，请检查年份是否填错", ev.Type.Label(), ev.On, Earliest)
	}
	return nil
}

// CheckPastDate refuses a date d of a fact that has happened if it is
// after today or before Earliest; label names the date in the message.
// The zero date passes (the caller decides whether it is required).
func CheckPastDate(label string, d, today workday.Date) error {
	switch {
	case d.IsZero():
		return nil
	case d.After(today):
		return gongkai.Errorf(gongkai.EINVALID, "%s %s 晚于今天（%s），不能是将来的日期，请更正", label, d, today)
	case d.Before(Earliest):
		return gongkai.Errorf(gongkai.EINVALID, "%s %s 早于 %s，请检查年份是否填错", label, d, Earliest)
	}
	return nil
}
