package participation

import (
	"gongkai"
)

// Platforms are the usual new-media platforms.
var Platforms = []string{"微信公众号", "微博", "抖音", "快手", "今日头条", "视频号", "其他"}

// AccountStatus is the state of a media account.
type AccountStatus string

const (
	AccountPending AccountStatus = "pending" // opening applied for
	AccountActive  AccountStatus = "active"  // operating
	AccountClosed  AccountStatus = "closed"  // closed
	AccountRefused AccountStatus = "refused" // opening refused
)

// Label is the status's Chinese name.
func (s AccountStatus) Label() string {
	switch s {
	case AccountPending:
		return "开设审批中"
	case AccountActive:
		return "运行中"
	case AccountClosed:
		return "已关停"
	case AccountRefused:
		return "未获批准"
	}
	return string(s)
}

// AppKind is the kind of an application in an account's life cycle.
type AppKind string

const (
	AppOpen   AppKind = "open"   // 开设
	AppChange AppKind = "change" // 变更
	AppClose  AppKind = "close"  // 关停
)

// Label is the kind's Chinese name.
func (k AppKind) Label() string {
	switch k {
	case AppOpen:
		return "开设"
	case AppChange:
		return "变更"
	case AppClose:
		return "关停"
	}
	return string(k)
}

// CheckApplication says whether an application of kind may be filed for an
// account in status with pending applications open.
func CheckApplication(kind AppKind, status AccountStatus, pending int) error {
	if pending > 0 {
		return gongkai.Errorf(gongkai.EINVALID, "该账号有待审批的申请，请先审批后再提交新的申请")
	}
	switch kind {
	case AppChange, AppClose:
		if status != AccountActive {
			return gongkai.Errorf(gongkai.EINVALID, "只有运行中的账号可以申请%s，当前状态为“%s”", kind.Label(), status.Label())
		}
		return nil
	}
	return gongkai.Errorf(gongkai.EINVALID, "未知的申请类型")
}

// AfterApproval is the account status after an application of kind is
// approved (approved) or refused.
func AfterApproval(kind AppKind, status AccountStatus, approved bool) AccountStatus {
	switch {
	case kind == AppOpen && approved:
		return AccountActive
	case kind == AppOpen:
		return AccountRefused
	case kind == AppClose && approved:
		return AccountClosed
	}
	return status
}

// Account is a media account as entered.
type Account struct {
	Platform, Name, AccountID string
	UnitID                    int64
	Person, Purpose           string
}

// Validate checks an account and returns it trimmed.
func (a Account) Validate() (Account, error) {
	var err error
	if a.Platform, err = checkName("平台", a.Platform, 1, 30); err != nil {
		return a, err
	}
	if a.Name, err = checkName("账号名称", a.Name, 2, 60); err != nil {
		return a, err
	}
	if a.AccountID, err = checkName("账号ID", a.AccountID, 1, 100); err != nil {
		return a, err
	}
	if a.UnitID == 0 {
		return a, gongkai.Errorf(gongkai.EINVALID, "请选择运营单位")
	}
	if a.Person, err = checkName("负责人", a.Person, 2, 40); err != nil {
		return a, err
	}
	if a.Purpose, err = checkText("开设用途", a.Purpose, 2, 1000); err != nil {
		return a, err
	}
	return a, nil
}
