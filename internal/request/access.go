package request

import (
	"gongkai"
	"gongkai/internal/auth"
)

// CanSee reports whether u may see request rec at all: the office and the
// leader every request, a unit user only the requests routed to their
// unit (auth.User.SeesUnit), nobody else.
func CanSee(u auth.User, rec Record) bool {
	switch u.Role {
	case auth.RoleOffice, auth.RoleLeader:
		return true
	case auth.RoleUnit:
		return rec.UnitID != 0 && u.SeesUnit(rec.UnitID)
	}
	return false
}

// CanSeePersonal reports whether u may see the applicant's identity,
// contact and address: those who handle the request (the office, the
// leader and the unit it was routed to). Everyone else sees them masked.
func CanSeePersonal(u auth.User, rec Record) bool { return CanSee(u, rec) }

// MayRecord says whether a user of role may record a clock event of type
// t, and if not, why (EFORBIDDEN with a message that says who may). The
// office records the handling events; an extension is approved only by a
// leader (负责人, article 33), who records nothing else. The console, the
// API and the store all apply it.
func MayRecord(role auth.Role, t EventType) error {
	switch role {
	case auth.RoleOffice:
		if t == EvExtended {
			return gongkai.Errorf(gongkai.EFORBIDDEN, "延期须经负责人（分管领导）批准：请提请延期，由负责人批准后生效，办公室不能直接登记延期")
		}
		return nil
	case auth.RoleLeader:
		if t == EvExtended {
			return nil
		}
		return gongkai.Errorf(gongkai.EFORBIDDEN, "负责人只能批准延期，其他办理事件由政府信息公开工作机构（办公室）登记")
	}
	return gongkai.Errorf(gongkai.EFORBIDDEN, "只有政府信息公开工作机构（办公室）能登记办理事件（延期由负责人批准）")
}

// MayHandle reports whether u may work on rec's reply (draft it, ask for
// an extension): a holder of PermRequestHandle who may see it — the office
// any request, a unit user one routed to their unit.
func MayHandle(u auth.User, rec Record) bool {
	return auth.Allowed(u.Role, auth.PermRequestHandle) && CanSee(u, rec)
}

// errNotRouted is the refusal of a unit user acting on a request that was
// not routed to their unit.
var errNotRouted = gongkai.Errorf(gongkai.EFORBIDDEN, "该申请未交由您所在单位办理")

// CheckHandle returns nil when u may work on rec's reply (MayHandle), else
// the refusal.
func CheckHandle(u auth.User, rec Record) error {
	if !MayHandle(u, rec) {
		return errNotRouted
	}
	return nil
}
