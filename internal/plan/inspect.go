package plan

import (
	"strings"
	"time"

	"gongkai"
	"gongkai/internal/auth"
	"gongkai/internal/workday"
)

// Inspection is a 督查: a scope (units, tasks), a date, findings.
type Inspection struct {
	ID          int64
	Year        int
	Title       string
	InspectedOn workday.Date
	ScopeUnits  []int64
	ScopeTasks  []int64
	Status      string // open, closed
	Findings    []Finding
}

// Finding is what an inspection found at a unit (optionally about one
// assignment), with its rectification items.
type Finding struct {
	ID           int64
	InspectionID int64
	UnitID       int64
	UnitName     string
	AssignmentID int64
	Text         string
	Created      time.Time
	Items        []Rectification
}

// RectStatus is the state of a rectification item.
type RectStatus string

const (
	RectOpen     RectStatus = "open"     // 整改中
	RectReported RectStatus = "reported" // 已报整改
	RectClosed   RectStatus = "closed"   // 已销号
)

// Label is the Chinese name.
func (s RectStatus) Label() string {
	switch s {
	case RectOpen:
		return "整改中"
	case RectReported:
		return "已报整改"
	case RectClosed:
		return "已销号"
	}
	return string(s)
}

// Rectification is one 整改 item with its own due date and follow-up.
type Rectification struct {
	ID          int64
	FindingID   int64
	UnitID      int64
	UnitName    string
	Requirement string
	DueOn       workday.Date
	Status      RectStatus
	ReportText  string
	ReportedAt  time.Time
	ClosedAt    time.Time
	Inspection  string
	Created     time.Time
}

// Late reports whether the item is past its due date and not closed (or
// was closed after it).
func (r Rectification) Late(today workday.Date) bool {
	if r.Status == RectClosed {
		return !r.ClosedAt.IsZero() && workday.DateOf(r.ClosedAt).After(r.DueOn)
	}
	return r.DueOn.Before(today)
}

// RectAction is a move on a rectification item.
type RectAction string

const (
	RectReport RectAction = "report" // the unit reports what it fixed
	RectClose  RectAction = "close"  // the office closes (销号)
	RectReject RectAction = "reject" // the office sends it back
)

// MoveRect checks and applies a move on a rectification item.
func MoveRect(r Rectification, act RectAction, u auth.User, text string, now time.Time) (Rectification, error) {
	office := u.Role == auth.RoleOffice || u.Role == auth.RoleAdmin
	out := r
	switch act {
	case RectReport:
		if u.Role == auth.RoleUnit && u.UnitID != r.UnitID || !office && u.Role != auth.RoleUnit {
			return r, gongkai.Errorf(gongkai.EFORBIDDEN, "只能报送本单位的整改情况")
		}
		if r.Status != RectOpen {
			return r, gongkai.Errorf(gongkai.ECONFLICT, "整改事项当前为“%s”，不能报送", r.Status.Label())
		}
		if strings.TrimSpace(text) == "" {
			return r, gongkai.Errorf(gongkai.EINVALID, "请填写整改情况")
		}
		out.Status, out.ReportText, out.ReportedAt = RectReported, strings.TrimSpace(text), now
	case RectClose, RectReject:
		if !office {
			return r, gongkai.Errorf(gongkai.EFORBIDDEN, "只有办公室可以销号或退回整改")
		}
		if r.Status != RectReported {
			return r, gongkai.Errorf(gongkai.ECONFLICT, "整改事项当前为“%s”，需单位报送整改情况后才能处理", r.Status.Label())
		}
		if act == RectClose {
			out.Status, out.ClosedAt = RectClosed, now
		} else {
			if strings.TrimSpace(text) == "" {
				return r, gongkai.Errorf(gongkai.EINVALID, "退回整改时请写明原因")
			}
			out.Status = RectOpen
		}
	default:
		return r, gongkai.Errorf(gongkai.EINVALID, "未知操作")
	}
	return out, nil
}
