package plan

import (
	"strconv"
	"time"

	"gongkai/internal/workday"
)

// Plan is one year's task-breakdown table.
type Plan struct {
	ID         int64
	Year       int
	Title      string
	SourceFile string
	Created    time.Time
	Updated    time.Time
}

// Task is one row of the table.
type Task struct {
	ID          int64
	PlanID      int64
	Year        int
	Seq         int
	Category    string
	Subcategory string
	Requirement string
	UnitsText   string
	UnitNames   []string
	Designate   bool     // 各有关科室: the office designates the units
	Unresolved  []string // names kept as written
	Deadline    Deadline
	SourceRow   int
	Extra       map[string]string
}

// Progress is one entry in an assignment's history: a claim, a progress
// report, a report of completion, a return or a confirmation.
type Progress struct {
	ID           int64
	AssignmentID int64
	Action       Action
	From, To     Status
	Text         string
	Links        []string
	UserID       int64
	UserName     string
	Created      time.Time
	Files        []File
}

// File is evidence attached to a progress report (the content is a blob).
type File struct {
	ID          int64
	SHA256      string
	Name        string
	ContentType string
	Size        int64
}

// Line is one ledger line: an assignment with its task and the figures
// computed from them.
type Line struct {
	Task       Task
	Assignment Assignment
	Created    time.Time
	Overdue    int          // calendar days, computed
	OverdueWD  int          // the same span in working days (the store's calendar)
	Due        workday.Date // next date the unit must deliver
	LastText   string       // last progress text
	Links      []string     // evidence links of all reports
	FileCount  int
}

// OverdueLabel is the overdue text people read: 已逾期 N 个工作日 (a span
// over a weekend or holiday only: 已过完成时限 N 天), empty when not late.
// It is never a negative remainder.
func (l Line) OverdueLabel() string {
	switch {
	case l.Overdue <= 0:
		return ""
	case l.OverdueWD > 0:
		return "已逾期 " + strconv.Itoa(l.OverdueWD) + " 个工作日"
	}
	return "已过完成时限 " + strconv.Itoa(l.Overdue) + " 天"
}
