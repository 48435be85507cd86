package cli

import (
	"bufio"
	"context"
	"fmt"
	"strings"

	"gongkai/internal/auth"
	"gongkai/internal/store"
)

func runUser(ctx context.Context, env Env, args []string) error {
	if len(args) == 0 || args[0] != "add" {
		return usagef("用法：gongkai user add --login 登录名 --role 角色 [--unit 单位名称] [--name 姓名] --password-stdin [--db …]")
	}
	fs := flags("user add")
	login := fs.String("login", "", "登录名")
	role := fs.String("role", "", "角色")
	unit := fs.String("unit", "", "单位名称")
	name := fs.String("name", "", "姓名")
	stdin := fs.Bool("password-stdin", false, "从标准输入读取密码")
	db := fs.String("db", "", "数据库")
	pos, err := parse(fs, args[1:])
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("user add 不接受位置参数：%v", pos)
	}
	if *login == "" || *role == "" {
		return usagef("请用 --login 和 --role 指定登录名和角色（admin、office、leader、reviewer、unit、auditor）")
	}
	if !auth.Role(*role).Valid() {
		return usagef("角色“%s”无效，可选：admin、office、leader、reviewer、unit、auditor", *role)
	}
	if !*stdin {
		return usagef("请加 --password-stdin，从标准输入提供密码（不在命令行中明文传递）")
	}
	line, err := bufio.NewReader(env.Stdin).ReadString('\n')
	if err != nil && line == "" {
		return fmt.Errorf("未能从标准输入读到密码")
	}
	password := strings.TrimRight(line, "\r\n")
	cfg, err := loadConfig(env, *db)
	if err != nil {
		return err
	}
	st, err := openReady(ctx, env, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	var unitID int64
	if *unit != "" {
		u, err := st.UnitByName(ctx, *unit)
		if err != nil {
			return fmt.Errorf("找不到单位“%s”，请先在系统管理中创建，或检查名称", *unit)
		}
		unitID = u.ID
	} else if auth.Role(*role).NeedsUnit() {
		return usagef("单位联络员（unit）必须用 --unit 指定所属单位")
	}
	policy := auth.PasswordPolicy{MinLength: cfg.PasswordMinLen, MinClasses: cfg.PasswordClasses}
	u, err := st.CreateUser(ctx, auth.CLI, store.NewUser{Login: *login, Name: *name, Role: auth.Role(*role), UnitID: unitID, Password: password}, policy)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "已创建用户 %s（%s）\n", u.Login, u.Role.Label())
	return nil
}
