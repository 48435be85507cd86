package plan

import (
	"strings"
	"time"

	"gongkai"
	"gongkai/internal/auth"
	"gongkai/internal/workday"
)

// Status is the state of an assignment.
type Status string

const (
	StatusPending    Status = "pending"     // 待认领
	StatusClaimed    Status = "claimed"     // 已认领
	StatusInProgress Status = "in_progress" // 推进中
	StatusReported   Status = "reported"    // 已报完成
	StatusConfirmed  Status = "confirmed"   // 已确认
	StatusReturned   Status = "returned"    // 已退回
)

// Statuses in their order of life.
var Statuses = []Status{StatusPending, StatusClaimed, StatusInProgress, StatusReported, StatusReturned, StatusConfirmed}

var statusLabels = map[Status]string{
	StatusPending: "待认领", StatusClaimed: "已认领", StatusInProgress: "推进中",
	StatusReported: "已报完成", StatusConfirmed: "已确认", StatusReturned: "已退回",
}

// Label is the Chinese name.
func (s Status) Label() string { return statusLabels[s] }

// Valid reports whether s is a known status.
func (s Status) Valid() bool { _, ok := statusLabels[s]; return ok }

// Open reports whether the unit still has work to do.
func (s Status) Open() bool { return s != StatusConfirmed && s != StatusReported }

// Badge is the CSS badge class.
func (s Status) Badge() string {
	switch s {
	case StatusConfirmed:
		return "ok"
	case StatusReturned:
		return "bad"
	case StatusReported:
		return "warn"
	}
	return ""
}

// Action is a move on an assignment.
type Action string

const (
	ActClaim    Action = "claim"    // the unit accepts it and names the person responsible
	ActProgress Action = "progress" // the unit reports progress
	ActFinish   Action = "finish"   // the unit reports it done, with evidence
	ActConfirm  Action = "confirm"  // the office confirms
	ActReturn   Action = "return"   // the office returns it with a reason
	ActReopen   Action = "reopen"   // the office reopens a confirmed assignment
)

var actionLabels = map[Action]string{ActClaim: "认领", ActProgress: "报送进展", ActFinish: "报告完成",
	ActConfirm: "确认完成", ActReturn: "退回", ActReopen: "重新打开"}

// Label is the Chinese name.
func (a Action) Label() string { return actionLabels[a] }

type move struct {
	from []Status
	to   Status
	unit bool // done by the assignment's own unit (office and admin may act for it)
}

// transitions is the whole state machine.
var transitions = map[Action]move{
	ActClaim:    {from: []Status{StatusPending}, to: StatusClaimed, unit: true},
	ActProgress: {from: []Status{StatusClaimed, StatusInProgress, StatusReturned}, to: StatusInProgress, unit: true},
	ActFinish:   {from: []Status{StatusClaimed, StatusInProgress, StatusReturned}, to: StatusReported, unit: true},
	ActConfirm:  {from: []Status{StatusReported}, to: StatusConfirmed},
	ActReturn:   {from: []Status{StatusReported}, to: StatusReturned},
	ActReopen:   {from: []Status{StatusConfirmed}, to: StatusInProgress},
}

// Assignment is one task × responsible unit.
type Assignment struct {
	ID           int64
	TaskID       int64
	UnitID       int64
	UnitName     string
	Status       Status
	Person       string // named when claimed
	Phone        string
	ClaimedAt    time.Time
	ReportedAt   time.Time // last 已报完成
	ConfirmedAt  time.Time
	ReturnReason string
	LastProgress time.Time // last progress report of any kind
	Returns      int       // how many times it was returned
	UpdatedAt    time.Time
}

// Input is what a move brings.
type Input struct {
	Person   string
	Phone    string
	Text     string
	Links    []string
	Files    int // number of files attached
	OnFile   int // evidence (files and links) attached to the assignment's earlier reports
	Reason   string
	Progress string
}

// Move checks that user u may do act on a (whose unit is a.UnitID) and
// returns the assignment after the move, with its dates set at now. It is
// the only place that knows the rules.
func Move(a Assignment, act Action, u auth.User, in Input, now time.Time) (Assignment, error) {
	m, ok := transitions[act]
	if !ok {
		return a, gongkai.Errorf(gongkai.EINVALID, "未知操作“%s”", act)
	}
	switch {
	case m.unit:
		if !u.SeesUnit(a.UnitID) {
			return a, gongkai.Errorf(gongkai.EFORBIDDEN, "只能办理本单位的任务")
		}
		if u.Role != auth.RoleUnit && u.Role != auth.RoleOffice && u.Role != auth.RoleAdmin {
			return a, gongkai.Errorf(gongkai.EFORBIDDEN, "您的角色（%s）不能%s", u.Role.Label(), act.Label())
		}
	default:
		if u.Role != auth.RoleOffice && u.Role != auth.RoleAdmin {
			return a, gongkai.Errorf(gongkai.EFORBIDDEN, "只有办公室可以%s", act.Label())
		}
	}
	allowed := false
	for _, f := range m.from {
		if a.Status == f {
			allowed = true
		}
	}
	if !allowed {
		return a, gongkai.Errorf(gongkai.ECONFLICT, "任务当前状态为“%s”，不能%s", a.Status.Label(), act.Label())
	}
	out := a
	out.Status = m.to
	out.UpdatedAt = now
	switch act {
	case ActClaim:
		p := strings.TrimSpace(in.Person)
		if p == "" {
			return a, gongkai.Errorf(gongkai.EINVALID, "认领时请填写责任人")
		}
		if len([]rune(p)) > 40 {
			return a, gongkai.Errorf(gongkai.EINVALID, "责任人不超过 40 个字")
		}
		out.Person, out.Phone, out.ClaimedAt = p, strings.TrimSpace(in.Phone), now
	case ActProgress:
		if strings.TrimSpace(in.Text) == "" && in.Files == 0 && len(in.Links) == 0 {
			return a, gongkai.Errorf(gongkai.EINVALID, "请填写进展情况，或附上佐证材料")
		}
		out.LastProgress = now
	case ActFinish:
		if strings.TrimSpace(in.Text) == "" {
			return a, gongkai.Errorf(gongkai.EINVALID, "报告完成时请说明完成情况")
		}
		if in.Files == 0 && len(in.Links) == 0 && in.OnFile == 0 {
			return a, gongkai.Errorf(gongkai.EINVALID, "报告完成时请附上佐证材料（文件或已发布页面的链接）")
		}
		out.ReportedAt, out.LastProgress = now, now
	case ActConfirm:
		out.ConfirmedAt = now
		out.ReturnReason = ""
	case ActReturn:
		r := strings.TrimSpace(in.Reason)
		if r == "" {
			return a, gongkai.Errorf(gongkai.EINVALID, "退回时请写明原因")
		}
		out.ReturnReason = r
		out.Returns++
	case ActReopen:
		out.ConfirmedAt = time.Time{}
	}
	return out, nil
}

// Allowed lists the actions u may take on a now (for buttons).
func Allowed(a Assignment, u auth.User) []Action {
	var out []Action
	for _, act := range []Action{ActClaim, ActProgress, ActFinish, ActConfirm, ActReturn, ActReopen} {
		m := transitions[act]
		ok := false
		for _, f := range m.from {
			if f == a.Status {
				ok = true
			}
		}
		if !ok {
			continue
		}
		if m.unit {
			if (u.Role == auth.RoleUnit && u.UnitID == a.UnitID) || u.Role == auth.RoleOffice || u.Role == auth.RoleAdmin {
				out = append(out, act)
			}
		} else if u.Role == auth.RoleOffice || u.Role == auth.RoleAdmin {
			out = append(out, act)
		}
	}
	return out
}

// DoneDate is the civil date the unit reported it done (zero if not).
func (a Assignment) DoneDate() workday.Date {
	if a.Status != StatusReported && a.Status != StatusConfirmed || a.ReportedAt.IsZero() {
		return workday.Date{}
	}
	return workday.DateOf(a.ReportedAt)
}
