package cli

import (
	"context"
	"fmt"
	"os/user"
	"strconv"
	"text/tabwriter"

	"gongkai"
	"gongkai/internal/auth"
	"gongkai/internal/store"
	"gongkai/internal/workday"
)

const tokenUsage = `用法：
  gongkai token create --login 登录名 [--name 用途] [--days 天数] [--permission 权限] [--db …]
      为用户创建接口令牌（有效期默认 90 天，最长 365 天）；令牌只显示这一次。
      --permission exchange：只能调用数据交换接口（供上级平台使用），不具有该用户角色的其他权限
  gongkai token list [--login 登录名] [--db …]
      列出接口令牌（不显示令牌本身）
  gongkai token revoke --id 编号 [--db …]
      立即撤销一个接口令牌`

func runToken(ctx context.Context, env Env, args []string) error {
	if len(args) == 0 {
		return usagef("%s", tokenUsage)
	}
	switch args[0] {
	case "create":
		return tokenCreate(ctx, env, args[1:])
	case "list":
		return tokenList(ctx, env, args[1:])
	case "revoke":
		return tokenRevoke(ctx, env, args[1:])
	}
	return usagef("%s", tokenUsage)
}

// operator is the actor of the command line: "cli:" and the operating-
// system user who ran it, for the audit log.
func operator(env Env) auth.Actor {
	name := env.Getenv("USER")
	if name == "" {
		name = env.Getenv("LOGNAME")
	}
	if name == "" {
		if u, err := user.Current(); err == nil {
			name = u.Username
		}
	}
	return auth.CLIOperator(name)
}

func tokenCreate(ctx context.Context, env Env, args []string) error {
	fs := flags("token create")
	login := fs.String("login", "", "令牌所属用户的登录名")
	name := fs.String("name", "命令行创建", "用途")
	days := fs.Int("days", auth.TokenDefaultDays, "有效期（天），最长 365")
	perm := fs.String("permission", "", "令牌只具有的权限（如 exchange），多个用逗号分隔")
	db := fs.String("db", "", "数据库")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if *login == "" || len(pos) > 0 {
		return usagef("请用 --login 指定令牌所属的用户\n%s", tokenUsage)
	}
	if *days < 1 || *days > auth.TokenMaxDays {
		return usagef("--days 应为 1 到 %d（最长一年），现为 %d", auth.TokenMaxDays, *days)
	}
	scope, err := auth.ParseScope(*perm)
	if err != nil {
		return usagef("--permission：%s", gongkai.ErrorMessage(err))
	}
	st, err := openReady(ctx, env, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	u, _, err := st.UserByLogin(ctx, *login)
	if err != nil {
		return fmt.Errorf("找不到用户“%s”", *login)
	}
	tok, secret, err := st.IssueToken(ctx, operator(env), store.NewToken{UserID: u.ID, Name: *name, Days: *days, Scope: scope})
	if err != nil {
		return err
	}
	fmt.Fprintln(env.Stdout, secret)
	fmt.Fprintf(env.Stderr, "已为用户 %s 创建接口令牌“%s”（编号 %d），有效期至 %s，权限%s；令牌只显示这一次，请妥善保存\n",
		u.Login, tok.Name, tok.ID, workday.DateOf(tok.Expires), tok.ScopeLabel())
	return nil
}

func tokenList(ctx context.Context, env Env, args []string) error {
	fs := flags("token list")
	login := fs.String("login", "", "只列出该用户的令牌")
	db := fs.String("db", "", "数据库")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("%s", tokenUsage)
	}
	st, err := openReady(ctx, env, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	var userID int64
	if *login != "" {
		u, _, err := st.UserByLogin(ctx, *login)
		if err != nil {
			return fmt.Errorf("找不到用户“%s”", *login)
		}
		userID = u.ID
	}
	toks, err := st.Tokens(ctx, userID)
	if err != nil {
		return err
	}
	now := st.Now()
	w := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "编号\t用户\t用途\t权限\t创建\t最近使用\t到期\t状态")
	for _, t := range toks {
		last := "—"
		if !t.LastUsed.IsZero() {
			last = workday.DateOf(t.LastUsed).String()
		}
		fmt.Fprintf(w, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", t.ID, t.Login, t.Name, t.ScopeLabel(), workday.DateOf(t.Created), last, workday.DateOf(t.Expires), t.StateLabel(now))
	}
	return w.Flush()
}

func tokenRevoke(ctx context.Context, env Env, args []string) error {
	fs := flags("token revoke")
	id := fs.String("id", "", "令牌编号（见 token list）")
	db := fs.String("db", "", "数据库")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	n, perr := strconv.ParseInt(*id, 10, 64)
	if perr != nil || n <= 0 || len(pos) > 0 {
		return usagef("请用 --id 指定要撤销的令牌编号（见 gongkai token list）")
	}
	st, err := openReady(ctx, env, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.RevokeToken(ctx, operator(env), n); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "已撤销接口令牌 %d\n", n)
	return nil
}
