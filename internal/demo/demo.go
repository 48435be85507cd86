// Package demo fills an empty database with a plausible organisation —
// the district education and sports bureau of the seed notice, its office
// and departments, schools, kindergartens and town committees — one user
// per role, and each area's demo data.
package demo

import (
	"context"
	"fmt"
	"io"
	"time"

	"gongkai/internal/auth"
	"gongkai/internal/org"
	"gongkai/internal/store"
)

// Password is the password of every demo user. It is printed at start-up;
// a demo database is not for production.
const Password = "Gongkai@2023"

// Login is one demo user, for printing.
type Login struct {
	Login, Role, Unit string
}

// Result says what Seed did.
type Result struct {
	Created bool // false when the database already had data
	Logins  []Login
}

// Demo is what the areas' seeders get: the units by name, the users by
// login, the clock.
type Demo struct {
	Store *store.Store
	Units map[string]org.Unit
	Users map[string]auth.User
	Now   time.Time
	Actor auth.Actor
}

type unitSpec struct {
	name, parent, code string
	kind               org.Kind
	tags               []string
}

// Bureau is the name of the demo organisation's root.
const Bureau = "济宁市兖州区教育和体育局"

var units = []unitSpec{
	{Bureau, "", "YZJT", org.KindBureau, nil},
	{"办公室", Bureau, "BGS", org.KindOffice, nil},
	{"基础教育科", Bureau, "JJK", org.KindDepartment, nil},
	{"职教科", Bureau, "ZJK", org.KindDepartment, nil},
	{"政策研究室", Bureau, "ZYS", org.KindDepartment, nil},
	{"人事科", Bureau, "RSK", org.KindDepartment, nil},
	{"计划财务科", Bureau, "CWK", org.KindDepartment, nil},
	{"体育卫生艺术科", Bureau, "TWY", org.KindDepartment, nil},
	{"安全管理科", Bureau, "AQK", org.KindDepartment, nil},
	{"宣传信息中心", Bureau, "XXZX", org.KindCenter, nil},
	{"教学研究中心", Bureau, "JYZX", org.KindCenter, nil},
	{"兖州区第一中学", Bureau, "YZ1Z", org.KindSchool, []string{"区直", "高中"}},
	{"兖州区实验初级中学", Bureau, "SYCZ", org.KindSchool, []string{"区直", "初中"}},
	{"兖州区东方中学", Bureau, "DFZX", org.KindSchool, []string{"区直", "初中"}},
	{"兖州区实验小学", Bureau, "SYXX", org.KindSchool, []string{"区直", "小学"}},
	{"兖州区第一实验小学", Bureau, "DYXX", org.KindSchool, []string{"区直", "小学"}},
	{"兖州区职业中等专业学校", Bureau, "ZZ", org.KindVocational, []string{"区直"}},
	{"兖州区实验幼儿园", Bureau, "SYYEY", org.KindKinder, []string{"区直"}},
	{"兖州区第二实验幼儿园", Bureau, "EYEY", org.KindKinder, []string{"区直"}},
	{"新兖镇教委", Bureau, "XYZ", org.KindTown, nil},
	{"漕河镇教委", Bureau, "CHZ", org.KindTown, nil},
	{"鼓楼街道教委", Bureau, "GLJD", org.KindTown, nil},
	{"漕河镇中心小学", "漕河镇教委", "CHXX", org.KindSchool, []string{"小学", "乡镇"}},
	{"新兖镇中学", "新兖镇教委", "XYZX", org.KindSchool, []string{"初中", "乡镇"}},
	{"漕河镇中心幼儿园", "漕河镇教委", "CHYEY", org.KindKinder, []string{"乡镇"}},
}

type userSpec struct {
	login, name string
	role        auth.Role
	unit        string
}

var users = []userSpec{
	{"admin", "系统管理员", auth.RoleAdmin, ""},
	{"bangongshi", "王主任（办公室）", auth.RoleOffice, "办公室"},
	{"fenguan", "刘副局长", auth.RoleLeader, ""},
	{"shencha", "赵审查员", auth.RoleReviewer, "办公室"},
	{"xiaoxue", "陈老师（实验小学联络员）", auth.RoleUnit, "兖州区实验小学"},
	{"jijiaoke", "孙科员（基础教育科）", auth.RoleUnit, "基础教育科"},
	{"zhijiaoke", "周科员（职教科）", auth.RoleUnit, "职教科"},
	{"shenji", "钱审计员", auth.RoleAuditor, ""},
}

// Seed creates the demo data when the database has no units yet.
func Seed(ctx context.Context, st *store.Store, now time.Time) (Result, error) {
	var res Result
	for _, u := range users {
		res.Logins = append(res.Logins, Login{Login: u.login, Role: u.role.Label(), Unit: u.unit})
	}
	existing, err := st.Units(ctx)
	if err != nil {
		return res, err
	}
	if len(existing) > 0 {
		return res, nil
	}
	// The demo data is as of now: while seeding, the store's clock runs from
	// now too, so rows stamped by the store agree with the dates the seeders
	// compute (a test may seed "as of" 2023 on a machine living in 2026).
	prevNow, start := st.Now, time.Now()
	st.Now = func() time.Time { return now.Add(time.Since(start)) }
	defer func() { st.Now = prevNow }()
	d := &Demo{Store: st, Units: map[string]org.Unit{}, Users: map[string]auth.User{}, Now: now, Actor: auth.Actor{Login: "demo"}}
	hash, err := auth.HashPassword(Password, auth.DefaultArgon2)
	if err != nil {
		return res, err
	}
	err = st.InTx(ctx, func(tx *store.Tx) error {
		for i, u := range units {
			unit := org.Unit{Name: u.name, Code: u.code, Kind: u.kind, Tags: u.tags, Active: true, Sort: i}
			if u.parent != "" {
				unit.ParentID = d.Units[u.parent].ID
			}
			id, err := tx.CreateUnit(ctx, unit)
			if err != nil {
				return fmt.Errorf("demo unit %s: %w", u.name, err)
			}
			unit.ID = id
			d.Units[u.name] = unit
		}
		for _, u := range users {
			n := store.NewUser{Login: u.login, Name: u.name, Role: u.role, UnitID: d.Units[u.unit].ID}
			id, err := tx.CreateUser(ctx, n, hash)
			if err != nil {
				return fmt.Errorf("demo user %s: %w", u.login, err)
			}
			d.Users[u.login] = auth.User{ID: id, Login: u.login, Name: u.name, Role: u.role, UnitID: n.UnitID, UnitName: u.unit, Active: true}
		}
		return tx.Audit(ctx, d.Actor, "demo", "organisation", "", fmt.Sprintf("创建示例组织机构 %d 个单位、%d 个用户", len(units), len(users)), nil, nil)
	})
	if err != nil {
		return res, err
	}
	for _, seed := range []func(context.Context, *Demo) error{seedSite, seedPlan, seedDocs, seedRequests, seedParticipation, seedInstitutions} {
		if err := seed(ctx, d); err != nil {
			return res, err
		}
	}
	res.Created = true
	return res, nil
}

// PrintLogins writes the demo logins.
func PrintLogins(w io.Writer, res Result) {
	if res.Created {
		fmt.Fprintln(w, "已创建示例数据（济宁市兖州区教育和体育局）。示例账号：")
	} else {
		fmt.Fprintln(w, "数据库已有数据，未重新创建示例数据。示例账号（如未修改）：")
	}
	for _, l := range res.Logins {
		unit := l.Unit
		if unit == "" {
			unit = "—"
		}
		fmt.Fprintf(w, "  %-11s %-14s %s\n", l.Login, l.Role, unit)
	}
	fmt.Fprintf(w, "所有示例账号的密码：%s\n", Password)
}
