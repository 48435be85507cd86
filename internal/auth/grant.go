package auth

import (
	"slices"
	"strings"

	"gongkai"
)

// Permissions that no role holds are given to an API token on purpose
// (a scoped token): the upper-level platform's exchange, for instance. A
// scoped token may do exactly what it was given and nothing of its owner's
// role, so the token handed to another system cannot act as the office.

// PermExchange reads the exchange API for the upper-level platform
// (集约化平台 and the upper-level catalogue): changed documents, catalogue
// items and institutions, with tombstones. No role holds it.
const PermExchange Perm = "exchange"

// PermMetrics reads /metrics (Prometheus): counts and timings of the
// program, no business data. No role holds it; the admin gives it to a
// token for the monitoring system.
const PermMetrics Perm = "metrics"

type grant struct {
	label string
	by    []Role // who may give it to a token of their own in the console
}

// grants lists the permissions a token may be given, with who may give
// them from the console (the operator at the command line may give any).
var grants = map[Perm]grant{
	PermExchange: {label: "数据交换（上级平台）", by: []Role{RoleAdmin, RoleOffice}},
	PermMetrics:  {label: "监控指标（Prometheus）", by: []Role{RoleAdmin}},
}

// Grantable lists the permissions a token may be given, sorted.
func Grantable() []Perm {
	out := make([]Perm, 0, len(grants))
	for p := range grants {
		out = append(out, p)
	}
	slices.Sort(out)
	return out
}

// GrantLabel is the Chinese name of a grantable permission.
func (p Perm) GrantLabel() string {
	if g, ok := grants[p]; ok {
		return g.label
	}
	return string(p)
}

// GrantableBy lists the permissions a user of role may give a token of
// their own in the console.
func GrantableBy(role Role) []Perm {
	var out []Perm
	for _, p := range Grantable() {
		if slices.Contains(grants[p].by, role) {
			out = append(out, p)
		}
	}
	return out
}

// MayGrant says whether a may give p to a token: the command line always,
// a user of a role that grants lists.
func MayGrant(a Actor, p Perm) error {
	g, ok := grants[p]
	if !ok {
		return gongkai.Errorf(gongkai.EINVALID, "未知的令牌权限“%s”，可选：%s", p, strings.Join(permStrings(Grantable()), "、"))
	}
	if a.IsCLI() || slices.Contains(g.by, a.Role) {
		return nil
	}
	return gongkai.Errorf(gongkai.EFORBIDDEN, "您的角色（%s）不能创建具有“%s”权限的接口令牌", a.Role.Label(), g.label)
}

// ParseScope reads a list of grantable permissions ("exchange", "a,b"),
// without duplicates, sorted; "" is no scope.
func ParseScope(s string) ([]Perm, error) {
	var out []Perm
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '，' }) {
		p := Perm(strings.ToLower(strings.TrimSpace(f)))
		if _, ok := grants[p]; !ok {
			return nil, gongkai.Errorf(gongkai.EINVALID, "未知的令牌权限“%s”，可选：%s", f, strings.Join(permStrings(Grantable()), "、"))
		}
		if !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	slices.Sort(out)
	return out, nil
}

// ScopeString is the stored form of a scope: "a,b".
func ScopeString(ps []Perm) string { return strings.Join(permStrings(ps), ",") }

func permStrings(ps []Perm) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = string(p)
	}
	return out
}

// Can reports whether u may act under p: a scoped token (u.Scope set) only
// under the permissions it was given, anyone else as their role allows.
func Can(u User, p Perm) bool {
	if p == PermPublic {
		return true
	}
	if u.Scope != nil {
		return slices.Contains(u.Scope, p)
	}
	return Allowed(u.Role, p)
}
