package institution

import (
	"fmt"

	"gongkai/internal/workday"
)

// The alarms of the registry: a licence that expires within
// LicenceWarnDays (and one that has expired), and a yearly inspection that
// is overdue — the previous year's result not on record after the day
// InspectionDue of this year.

// LicenceWarnDays is how long before a licence expires the office is
// warned.
const LicenceWarnDays = 30

// InspectionDueMonth and InspectionDueDay are the day of the year by which
// the previous year's inspection (年检) must be on record.
const (
	InspectionDueMonth = 6
	InspectionDueDay   = 30
)

// Alarm is one warning about one institution; Key makes it happen once.
type Alarm struct {
	Key           string
	InstitutionID int64
	Level         string // warn, alert
	Title         string
	Body          string
	Link          string
}

// Alarms returns the alarms due today for the institutions (withdrawn
// ones have none). The keys carry the licence's date and the year, so each
// alarm is raised once, and again for a new licence or a new year.
func Alarms(list []Summary, today workday.Date) []Alarm {
	var out []Alarm
	due := workday.Date{Year: today.Year, Month: InspectionDueMonth, Day: InspectionDueDay}
	for _, s := range list {
		if s.Status == StatusWithdrawn {
			continue
		}
		r := s.Record
		link := fmt.Sprintf("/admin/institutions/%d", s.ID)
		if u := r.LicenceUntil; !u.IsZero() {
			switch left := today.DaysUntil(u); {
			case left < 0:
				out = append(out, Alarm{Key: fmt.Sprintf("inst:%d:licence:%s:expired", s.ID, u), InstitutionID: s.ID, Level: "alert", Link: link,
					Title: fmt.Sprintf("办学许可证已过期：%s", r.Name),
					Body:  fmt.Sprintf("%s的办学许可证（%s）已于 %s 到期，请核实换证情况并更新登记信息", r.Kind.Label(), r.LicenceNo, u)})
			case left <= LicenceWarnDays:
				out = append(out, Alarm{Key: fmt.Sprintf("inst:%d:licence:%s:%d", s.ID, u, LicenceWarnDays), InstitutionID: s.ID, Level: "warn", Link: link,
					Title: fmt.Sprintf("办学许可证 %d 天后到期：%s", left, r.Name),
					Body:  fmt.Sprintf("%s的办学许可证（%s）将于 %s 到期（还有 %d 天），请提醒办理延续手续", r.Kind.Label(), r.LicenceNo, u, left)})
			}
		}
		if !today.After(due) {
			continue
		}
		year := today.Year - 1
		if !r.LicenceFrom.IsZero() && r.LicenceFrom.Year > year {
			continue // licensed after that year: nothing to inspect
		}
		if HasInspection(r, year) {
			continue
		}
		out = append(out, Alarm{Key: fmt.Sprintf("inst:%d:inspection:%d", s.ID, year), InstitutionID: s.ID, Level: "warn", Link: link,
			Title: fmt.Sprintf("%d 年度年检结果未录入：%s", year, r.Name),
			Body:  fmt.Sprintf("%s“%s”的 %d 年度年检（年度报告）结果应于 %s 前录入并公开，现仍未录入", r.Kind.Label(), r.Name, year, due)})
	}
	return out
}

// HasInspection reports whether r has the inspection of year.
func HasInspection(r Record, year int) bool {
	for _, in := range r.Inspections {
		if in.Year == year {
			return true
		}
	}
	return false
}
