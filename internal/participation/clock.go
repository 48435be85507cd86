package participation

import (
	"fmt"
	"strings"
	"time"

	"gongkai"
	"gongkai/internal/workday"
)

// Statutory and house time limits of this area.
const (
	FeedbackWorkdays        = 10             // feedback report after the decision is issued
	DefaultReplyWorkdays    = 5              // message reply deadline unless configured
	MessageStaleMonths      = 3              // a valid message unanswered this long is a single-veto item
	MediaStaleDays          = 14             // no post for 2 weeks is a single-veto item for new media
	MediaWarnDays           = 10             // warn before the 2-week alarm
	MajorConsultationDays   = 30             // minimum consultation period of a major decision (calendar days)
	AuthoritativeInfoWithin = 5 * time.Hour  // major emergency: authoritative information
	PressConferenceWithin   = 24 * time.Hour // major emergency: press conference
	ResponseWithin          = 48 * time.Hour // other events: a response
	DueSoonHours            = 2 * time.Hour  // hour clocks warn this long before they expire
)

// State is where a clock stands.
type State string

const (
	StateOpen    State = "open"     // running, not near its end
	StateDueSoon State = "due_soon" // running, near its end
	StateOverdue State = "overdue"  // running, past its end
	StateMet     State = "met"      // done in time
	StateLate    State = "late"     // done after its end
)

// Label is the state's Chinese name.
func (s State) Label() string {
	switch s {
	case StateOpen:
		return "进行中"
	case StateDueSoon:
		return "即将到期"
	case StateOverdue:
		return "已超期"
	case StateMet:
		return "按时完成"
	case StateLate:
		return "逾期完成"
	}
	return string(s)
}

// Badge is the CSS badge class of the state.
func (s State) Badge() string {
	switch s {
	case StateMet:
		return "ok"
	case StateDueSoon:
		return "warn"
	case StateOverdue, StateLate:
		return "bad"
	}
	return ""
}

// DayState places a working-day clock due on due: done is the day it was
// met (zero while open), today the current civil date. It is due soon in
// the one sense of workday.DueSoonWorkdays (Calendar.DueSoon).
func DayState(cal *workday.Calendar, due, done, today workday.Date) State {
	if !done.IsZero() {
		if done.After(due) {
			return StateLate
		}
		return StateMet
	}
	switch {
	case today.After(due):
		return StateOverdue
	case cal.DueSoon(due, today):
		return StateDueSoon
	}
	return StateOpen
}

// HourState places an hour clock due at due: done is when it was met (zero
// while open).
func HourState(due, done, now time.Time) State {
	if !done.IsZero() {
		if done.After(due) {
			return StateLate
		}
		return StateMet
	}
	switch {
	case now.After(due):
		return StateOverdue
	case due.Sub(now) <= DueSoonHours:
		return StateDueSoon
	}
	return StateOpen
}

// FeedbackDue is the last day to publish the feedback report: 10 working
// days after the day the decision document was issued.
func FeedbackDue(cal *workday.Calendar, decisionIssued workday.Date) (workday.Result, error) {
	if decisionIssued.IsZero() {
		return workday.Result{}, gongkai.Errorf(gongkai.EINVALID, "请填写决策文件的印发日期")
	}
	res, err := cal.AddWorkdays(decisionIssued, FeedbackWorkdays)
	if err != nil {
		return res, gongkai.Errorf(gongkai.EINVALID, "计算意见采纳情况反馈时限失败：%s", err.Error())
	}
	return res, nil
}

// ReplyDue is the reply deadline of a message received on received: days
// working days later (DefaultReplyWorkdays when days ≤ 0).
func ReplyDue(cal *workday.Calendar, received workday.Date, days int) (workday.Result, error) {
	if days <= 0 {
		days = DefaultReplyWorkdays
	}
	if days > 60 {
		return workday.Result{}, gongkai.Errorf(gongkai.EINVALID, "留言答复时限 %d 个工作日过长，请设置 1 到 60 之间的整数", days)
	}
	res, err := cal.AddWorkdays(received, days)
	if err != nil {
		return res, gongkai.Errorf(gongkai.EINVALID, "计算留言答复时限失败：%s", err.Error())
	}
	return res, nil
}

// AddMonths adds n calendar months to d, clamping to the month's last day
// (2023-11-30 + 3 months = 2024-02-29).
func AddMonths(d workday.Date, n int) workday.Date {
	y, m := d.Year, int(d.Month)-1+n
	y += m / 12
	m %= 12
	if m < 0 {
		m += 12
		y--
	}
	first := workday.Date{Year: y, Month: time.Month(m + 1), Day: 1}
	last := first.AddDays(40)
	last = workday.Date{Year: last.Year, Month: last.Month, Day: 1}.AddDays(-1)
	day := d.Day
	if day > last.Day {
		day = last.Day
	}
	return workday.Date{Year: y, Month: time.Month(m + 1), Day: day}
}

// MessageStaleOn is the first day on which a valid message received on
// received and still unanswered has been waiting more than 3 months.
func MessageStaleOn(received workday.Date) workday.Date {
	return AddMonths(received, MessageStaleMonths).AddDays(1)
}

// MessageStale reports whether a valid message received on received and
// unanswered today has waited more than 3 months (a single-veto item of
// the national site inspection, reference §3.1 互动回应差).
func MessageStale(received, today workday.Date) bool {
	return !today.Before(MessageStaleOn(received))
}

// MediaState is the freshness of a new-media account whose last post was
// on lastPost: overdue (the single-veto alarm) when no post in the 2 weeks
// before today, due soon from MediaWarnDays on. An account that never
// posted counts from opened.
func MediaState(lastPost, opened, today workday.Date) State {
	from := lastPost
	if from.IsZero() {
		from = opened
	}
	if from.IsZero() {
		return StateOverdue
	}
	days := from.DaysUntil(today)
	switch {
	case days > MediaStaleDays:
		return StateOverdue
	case days >= MediaWarnDays:
		return StateDueSoon
	}
	return StateOpen
}

// MediaStaleOn is the first day of the 2-week alarm for a post on lastPost.
func MediaStaleOn(lastPost workday.Date) workday.Date { return lastPost.AddDays(MediaStaleDays + 1) }

// ConsultationDays is the length of a consultation period in calendar
// days, both ends included (open 1 March, close 30 March = 30 days).
func ConsultationDays(opens, closes workday.Date) int { return opens.DaysUntil(closes) + 1 }

// CheckPeriod validates a consultation period: closing not before opening,
// and at least 30 days for a major decision unless a reason for the
// shorter period is stated (it is shown on the public page).
func CheckPeriod(opens, closes workday.Date, major bool, shortReason string) error {
	if opens.IsZero() || closes.IsZero() {
		return gongkai.Errorf(gongkai.EINVALID, "请填写征求意见的开始日期和截止日期")
	}
	if closes.Before(opens) {
		return gongkai.Errorf(gongkai.EINVALID, "截止日期（%s）早于开始日期（%s），请更正", closes, opens)
	}
	if n := ConsultationDays(opens, closes); major && n < MajorConsultationDays && trimmed(shortReason) == "" {
		return gongkai.Errorf(gongkai.EINVALID, "重大行政决策公开征求意见的期限一般不少于30日，本次仅 %d 日；确需缩短的，请在“缩短期限的理由”中说明（将向社会公开）", n)
	}
	return nil
}

// CheckDecision validates the decision document's issue date against the
// consultation: it cannot be issued before the consultation closed.
func CheckDecision(closes, issued workday.Date) error {
	if issued.IsZero() {
		return gongkai.Errorf(gongkai.EINVALID, "请填写决策文件的印发日期")
	}
	if issued.Before(closes) {
		return gongkai.Errorf(gongkai.EINVALID, "决策文件印发日期（%s）早于征求意见截止日期（%s），请更正", issued, closes)
	}
	return nil
}

// CheckFeedbackDate validates the publication date of the feedback report:
// not before the decision was issued.
func CheckFeedbackDate(issued, published workday.Date) error {
	if issued.IsZero() {
		return gongkai.Errorf(gongkai.EINVALID, "决策文件尚未印发，不能发布意见采纳情况反馈")
	}
	if published.Before(issued) {
		return gongkai.Errorf(gongkai.EINVALID, "反馈发布日期（%s）早于决策文件印发日期（%s），请更正", published, issued)
	}
	return nil
}

// ParseDate reads a form date named field; empty is the zero date unless
// required.
func ParseDate(field, s string, required bool) (workday.Date, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		if required {
			return workday.Date{}, gongkai.Errorf(gongkai.EINVALID, "请填写“%s”", field)
		}
		return workday.Date{}, nil
	}
	d, err := workday.ParseDate(s)
	if err != nil {
		return d, gongkai.Errorf(gongkai.EINVALID, "“%s”%s", field, fmt.Sprint(err))
	}
	return d, nil
}

// Zone is the civil time zone in which hour clocks are shown (China has no
// daylight saving time, so a fixed +08:00 is Asia/Shanghai).
var Zone = time.FixedZone("CST", 8*3600)
