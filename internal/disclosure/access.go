package disclosure

import (
	"gongkai"
	"gongkai/internal/auth"
)

// Who may do what with a document. The console, the API and the store
// apply these rules; they are written once, here.

// CanSee reports whether u may see d: a unit user only their own unit's
// documents (auth.User.SeesUnit).
func CanSee(u auth.User, d Document) bool { return u.SeesUnit(d.UnitID) }

// CanEdit reports whether u may edit (and submit) d: a holder of
// PermDocEdit who sees its unit — the office any document, a unit user
// their own unit's.
func CanEdit(u auth.User, d Document) bool {
	return auth.Allowed(u.Role, auth.PermDocEdit) && u.SeesUnit(d.UnitID)
}

// DraftUnit returns the unit a document drafted by u belongs to: the one
// asked for, or a unit user's own unit (asked may be 0 for it); a unit
// user asking for another unit is refused, and a draft needs a unit.
func DraftUnit(u auth.User, asked int64) (int64, error) {
	own, all := u.UnitScope()
	switch {
	case all && asked == 0:
		return 0, gongkai.Errorf(gongkai.EINVALID, "请选择发布机构（起草单位）")
	case all:
		return asked, nil
	case own == auth.ScopeNone:
		return 0, gongkai.Errorf(gongkai.EFORBIDDEN, "您的账号未绑定单位，不能起草文件，请联系系统管理员")
	case asked != 0 && asked != own:
		return 0, gongkai.Errorf(gongkai.EFORBIDDEN, "只能为本单位（%s）起草文件", u.UnitName)
	}
	return own, nil
}

// MovePerm is the permission an action needs on a document in status
// from: submit needs PermDocEdit (and CanEdit), pass and a return from
// review need PermDocReview, sign and a return from sign-off PermDocSign,
// withdraw (from the portal) PermDocManage.
func MovePerm(act Action, from Status) (auth.Perm, error) {
	switch {
	case act == ActSubmit:
		return auth.PermDocEdit, nil
	case act == ActPass || (act == ActReturn && from == StatusSubmitted):
		return auth.PermDocReview, nil
	case act == ActSign || act == ActReturn:
		return auth.PermDocSign, nil
	case act == ActWithdraw:
		return auth.PermDocManage, nil
	}
	return "", gongkai.Errorf(gongkai.EINVALID, "未知的操作“%s”，可用：submit（提交审查）、pass（保密审查通过）、return（退回）、sign（签发并发布）、withdraw（撤回）", act)
}

// MayMove says whether u may apply act to d, and if not, why: the role
// must hold the action's permission (MovePerm), and only the document's
// own unit (or the office) submits it. Transition then checks the state,
// that the author does not review or sign their own document, and the
// reason of a return.
func MayMove(u auth.User, d Document, act Action) error {
	need, err := MovePerm(act, d.Status)
	if err != nil {
		return err
	}
	if act == ActSubmit && !CanSee(u, d) {
		return gongkai.Errorf(gongkai.EFORBIDDEN, "只有本单位人员可以提交该文件")
	}
	if !auth.Allowed(u.Role, need) {
		return gongkai.Errorf(gongkai.EFORBIDDEN, "您的角色（%s）不能%s", u.Role.Label(), act.Label())
	}
	return nil
}
