package participation

import (
	"time"

	"gongkai"
)

// Severity is the grade of a public-opinion event.
type Severity string

const (
	SeverityMajor Severity = "major" // 特别重大、重大突发事件
	SeverityOther Severity = "other" // 其他舆情
)

// Severities lists the grades for forms.
var Severities = []Severity{SeverityMajor, SeverityOther}

// Label is the grade's Chinese name.
func (s Severity) Label() string {
	switch s {
	case SeverityMajor:
		return "特别重大、重大突发事件"
	case SeverityOther:
		return "其他舆情"
	}
	return string(s)
}

// Valid reports whether s is a known grade.
func (s Severity) Valid() bool { return s == SeverityMajor || s == SeverityOther }

// ResponseKind is the form of a response to an opinion event.
type ResponseKind string

const (
	ResponseAuthoritative ResponseKind = "authoritative" // 发布权威信息
	ResponseStatement     ResponseKind = "statement"     // 发布声明、情况通报
	ResponsePress         ResponseKind = "press"         // 新闻发布会
	ResponseInterview     ResponseKind = "interview"     // 接受采访
)

// ResponseKinds lists the forms for forms.
var ResponseKinds = []ResponseKind{ResponseAuthoritative, ResponseStatement, ResponsePress, ResponseInterview}

// Label is the form's Chinese name.
func (k ResponseKind) Label() string {
	switch k {
	case ResponseAuthoritative:
		return "发布权威信息"
	case ResponseStatement:
		return "发布声明、情况通报"
	case ResponsePress:
		return "召开新闻发布会"
	case ResponseInterview:
		return "接受媒体采访"
	}
	return string(k)
}

// Valid reports whether k is a known form.
func (k ResponseKind) Valid() bool {
	for _, x := range ResponseKinds {
		if k == x {
			return true
		}
	}
	return false
}

// Response is one recorded response to an event.
type Response struct {
	Kind ResponseKind
	At   time.Time
}

// HourClock is one hour limit of an opinion event.
type HourClock struct {
	Key   string // "authoritative", "press", "response"
	Label string
	Due   time.Time
	Done  time.Time // the first response that meets it; zero while open
	State State
}

// OpinionClocks returns the hour clocks of an event discovered at
// discovered: for a major emergency, authoritative information within 5
// hours and a press conference within 24 hours; otherwise a response (of
// any form) within 48 hours. Each clock is met by the earliest response
// that counts for it; now places the open ones.
func OpinionClocks(sev Severity, discovered time.Time, responses []Response, now time.Time) []HourClock {
	first := func(ok func(ResponseKind) bool) time.Time {
		var t time.Time
		for _, r := range responses {
			if ok(r.Kind) && !r.At.Before(discovered) && (t.IsZero() || r.At.Before(t)) {
				t = r.At
			}
		}
		return t
	}
	var out []HourClock
	if sev == SeverityMajor {
		out = append(out,
			HourClock{Key: "authoritative", Label: "5小时内发布权威信息", Due: discovered.Add(AuthoritativeInfoWithin),
				Done: first(func(k ResponseKind) bool { return k != ResponseInterview })},
			HourClock{Key: "press", Label: "24小时内召开新闻发布会", Due: discovered.Add(PressConferenceWithin),
				Done: first(func(k ResponseKind) bool { return k == ResponsePress })})
	} else {
		out = append(out, HourClock{Key: "response", Label: "48小时内予以回应", Due: discovered.Add(ResponseWithin),
			Done: first(func(ResponseKind) bool { return true })})
	}
	for i := range out {
		out[i].State = HourState(out[i].Due, out[i].Done, now)
	}
	return out
}

// CheckResponseTime refuses a response dated before the event was
// discovered or in the future.
func CheckResponseTime(discovered, at, now time.Time) error {
	if at.IsZero() {
		return gongkai.Errorf(gongkai.EINVALID, "请填写回应时间")
	}
	if at.Before(discovered) {
		return gongkai.Errorf(gongkai.EINVALID, "回应时间早于舆情发现时间，请更正")
	}
	if at.After(now.Add(5 * time.Minute)) {
		return gongkai.Errorf(gongkai.EINVALID, "回应时间晚于当前时间，请填写已发生的回应")
	}
	return nil
}
