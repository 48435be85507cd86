package request

import (
	"strings"
	"testing"

	"gongkai"
	"gongkai/internal/workday"
)

func TestCheckEventDate(t *testing.T) {
	today := workday.MustDate("2026-03-02")
	tests := []struct {
		ev   Event
		want string // "" for accepted; else a part of the message
	}{
		{Event{Type: EvReceived, On: today}, ""},
		{Event{Type: EvReceived, On: workday.MustDate("2000-01-01")}, ""},
		{Event{Type: EvReceived, On: workday.MustDate("2026-03-03")}, "收到申请之日 2026-03-03 晚于今天"},
		{Event{Type: EvReceived, On: workday.MustDate("1999-12-31")}, "收到申请之日 1999-12-31 早于 2000-01-01"},
		{Event{Type: EvReplied, On: workday.MustDate("2026-03-10")}, ""},
		{Event{Type: EvReplied, On: workday.MustDate("1999-01-01")}, "作出答复的日期 1999-01-01 早于 2000-01-01"},
		{Event{Type: EvExtended, On: workday.MustDate("1926-03-02")}, "请检查年份"},
	}
	for _, tt := range tests {
		err := CheckEventDate(tt.ev, today)
		if tt.want == "" {
			if err != nil {
				t.Errorf("%s %s: %v; want accepted", tt.ev.Type, tt.ev.On, err)
			}
			continue
		}
		if gongkai.ErrorCode(err) != gongkai.EINVALID || !strings.Contains(gongkai.ErrorMessage(err), tt.want) {
			t.Errorf("%s %s: %v; want invalid with %q", tt.ev.Type, tt.ev.On, err, tt.want)
		}
	}
}
