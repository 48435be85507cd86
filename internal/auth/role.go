// Package auth holds who may do what: roles, permissions, a user's unit
// scope (scope.go), passwords and tokens. It has no I/O; the store keeps
// users and sessions.
package auth

import "strings"

// Role is what a user does in the system. A unit user is bound to one unit.
type Role string

const (
	RoleAdmin    Role = "admin"    // 系统管理员: units, users, holidays, settings
	RoleOffice   Role = "office"   // 办公室: runs the disclosure work
	RoleLeader   Role = "leader"   // 分管负责人: sign-off, approvals
	RoleReviewer Role = "reviewer" // 保密审查员
	RoleUnit     Role = "unit"     // 科室、学校联络员 of one unit
	RoleAuditor  Role = "auditor"  // 安全审计员: reads the audit log only
)

// Roles lists every role in display order.
var Roles = []Role{RoleAdmin, RoleOffice, RoleLeader, RoleReviewer, RoleUnit, RoleAuditor}

var roleLabels = map[Role]string{
	RoleAdmin:    "系统管理员",
	RoleOffice:   "办公室（政务公开办）",
	RoleLeader:   "分管负责人",
	RoleReviewer: "保密审查员",
	RoleUnit:     "单位联络员",
	RoleAuditor:  "安全审计员",
}

// Label is the Chinese name of the role.
func (r Role) Label() string {
	if l, ok := roleLabels[r]; ok {
		return l
	}
	return string(r)
}

// Valid reports whether r is a known role.
func (r Role) Valid() bool { _, ok := roleLabels[r]; return ok }

// NeedsUnit reports whether users of this role must be bound to a unit.
func (r Role) NeedsUnit() bool { return r == RoleUnit }

// User is a person who logs in to the console.
type User struct {
	ID       int64
	Login    string
	Name     string
	Role     Role
	UnitID   int64 // 0 when not bound
	UnitName string
	Active   bool
	// Scope is set when the request came with a scoped API token: the
	// permissions it was given, which are all it may do (Can).
	Scope []Perm
}

// Actor is whoever causes a change: a user, or the system itself (the
// scheduler, an import from the command line). It goes into audit rows.
type Actor struct {
	UserID int64
	Login  string
	Role   Role
	UnitID int64
	IP     string
}

// System is the actor for changes made by the program itself.
var System = Actor{Login: "system"}

// CLI is the actor for changes made from the command line.
var CLI = Actor{Login: "cli"}

// CLIOperator is the actor for the command line run by an operating-system
// user, recorded in the audit log as "cli:user".
func CLIOperator(osUser string) Actor {
	if osUser == "" {
		return CLI
	}
	return Actor{Login: CLI.Login + ":" + osUser}
}

// IsCLI reports whether a is the command line (CLI or a CLIOperator).
func (a Actor) IsCLI() bool {
	return a.UserID == 0 && (a.Login == CLI.Login || strings.HasPrefix(a.Login, CLI.Login+":"))
}

// ActorOf returns the actor for u acting from ip.
func ActorOf(u User, ip string) Actor {
	return Actor{UserID: u.ID, Login: u.Login, Role: u.Role, UnitID: u.UnitID, IP: ip}
}
