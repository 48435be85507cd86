package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// run runs the command line with a fresh environment and returns the exit
// status and what it printed.
func run(t *testing.T, stdin string, env map[string]string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Run(context.Background(), args, Env{
		Getenv: func(k string) string { return env[k] },
		Stdin:  strings.NewReader(stdin),
		Stdout: &out,
		Stderr: &errb,
	})
	return code, out.String(), errb.String()
}

func TestCommandLineErrors(t *testing.T) {
	tests := []struct {
		args []string
		code int
		want string
	}{
		{nil, ExitUsage, "用法"},
		{[]string{"frobnicate"}, ExitUsage, "未知命令"},
		{[]string{"serve", "--bogus"}, ExitUsage, "不认识的参数 -bogus"},
		{[]string{"serve", "--addr"}, ExitUsage, "需要一个值"},
		{[]string{"user"}, ExitUsage, "user add"},
		{[]string{"user", "add", "--login", "x"}, ExitUsage, "--role"},
		{[]string{"user", "add", "--login", "x", "--role", "king", "--password-stdin"}, ExitUsage, "角色“king”无效"},
		{[]string{"calendar", "add", "2023-02-30", "5"}, ExitError, "2023-02-30"},
		{[]string{"calendar", "add", "2023-01-01", "-1"}, ExitError, "0"},
		{[]string{"calendar", "add", "2023-01-01", "2001"}, ExitError, "2000"},
		{[]string{"calendar", "add", "2023-01-01", "abc"}, ExitError, "整数"},
		{[]string{"calendar", "add", "2023-01-01"}, ExitUsage, "calendar add"},
		{[]string{"calendar", "nope"}, ExitUsage, "add 和 import"},
	}
	for _, tt := range tests {
		code, out, errOut := run(t, "", nil, tt.args...)
		if code != tt.code {
			t.Errorf("%v: exit %d; want %d (stderr %q)", tt.args, code, tt.code, errOut)
		}
		if !strings.Contains(out+errOut, tt.want) {
			t.Errorf("%v: output %q %q; want it to contain %q", tt.args, out, errOut, tt.want)
		}
	}
}

func TestUnreachableDatabaseHidesPassword(t *testing.T) {
	code, _, errOut := run(t, "", nil, "migrate", "--db", "postgres://app:s3cret@127.0.0.1:1/gk?connect_timeout=2")
	if code != ExitError {
		t.Fatalf("exit %d; want 1 (stderr %q)", code, errOut)
	}
	if strings.Contains(errOut, "s3cret") || !strings.Contains(errOut, "127.0.0.1:1") || !strings.Contains(errOut, "无法连接数据库") {
		t.Errorf("stderr = %q; want a Chinese message naming the URL without its password", errOut)
	}
}

func TestCalendarAdd(t *testing.T) {
	code, out, errOut := run(t, "", nil, "calendar", "add", "2023-09-25", "20")
	if code != 0 || strings.TrimSpace(out) != "2023-10-27" {
		t.Fatalf("calendar add across National Day 2023 = %d %q %q; want 2023-10-27", code, out, errOut)
	}
	code, out, _ = run(t, "", nil, "calendar", "add", "2026-12-20", "20", "--json")
	var got struct {
		Due      string   `json:"due"`
		Warnings []string `json:"warnings"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil || code != 0 {
		t.Fatalf("--json: %d %q %v", code, out, err)
	}
	if got.Due != "2027-01-15" || len(got.Warnings) != 1 || !strings.Contains(got.Warnings[0], "2027") {
		t.Errorf("into 2027: %+v; want due 2027-01-15 with a warning naming 2027", got)
	}
}

func TestUserTokenAndCalendarImport(t *testing.T) {
	db := filepath.Join(t.TempDir(), "g.db")
	env := map[string]string{}
	if code, _, e := run(t, "", env, "migrate", "--db", db); code != 0 {
		t.Fatalf("migrate: %d %s", code, e)
	}
	code, _, errOut := run(t, "short\n", env, "user", "add", "--login", "li", "--role", "office", "--password-stdin", "--db", db)
	if code != ExitError || !strings.Contains(errOut, "密码至少需要") {
		t.Errorf("weak password: %d %q; want exit 1 and the password rule", code, errOut)
	}
	code, _, errOut = run(t, "", env, "user", "add", "--login", "wang", "--role", "unit", "--unit", "没有这个单位", "--password-stdin", "--db", db)
	if code != ExitError || !strings.Contains(errOut, "未能从标准输入") && !strings.Contains(errOut, "找不到单位") {
		t.Errorf("unknown unit: %d %q", code, errOut)
	}
	code, out, errOut := run(t, "Strong-Pass-2023\n", env, "user", "add", "--login", "li", "--role", "office", "--name", "李", "--password-stdin", "--db", db)
	if code != 0 || !strings.Contains(out, "已创建用户 li") {
		t.Fatalf("user add: %d %q %q", code, out, errOut)
	}
	code, out, errOut = run(t, "", env, "token", "create", "--login", "li", "--db", db)
	if code != 0 || !strings.HasPrefix(strings.TrimSpace(out), "gk_") || !strings.Contains(errOut, "只显示这一次") {
		t.Fatalf("token create: %d %q %q", code, out, errOut)
	}
	code, _, errOut = run(t, "", env, "token", "create", "--login", "li", "--days", "400", "--db", db)
	if code != ExitUsage || !strings.Contains(errOut, "最长一年") {
		t.Errorf("token create --days 400: %d %q; want a usage error naming the one-year limit", code, errOut)
	}
	env["USER"] = "ops"
	code, out, errOut = run(t, "", env, "token", "create", "--login", "li", "--name", "备份脚本", "--days", "30", "--db", db)
	if code != 0 || !strings.HasPrefix(out, "gk_") {
		t.Fatalf("token create --name --days: %d %q %q", code, out, errOut)
	}
	code, out, errOut = run(t, "", env, "token", "create", "--login", "li", "--name", "上级平台", "--permission", "exchange", "--db", db)
	if code != 0 || !strings.HasPrefix(out, "gk_") || !strings.Contains(errOut, "仅限：数据交换") {
		t.Fatalf("token create --permission exchange: %d %q %q", code, out, errOut)
	}
	if code, _, errOut = run(t, "", env, "token", "create", "--login", "li", "--permission", "root", "--db", db); code != ExitUsage || !strings.Contains(errOut, "exchange") {
		t.Errorf("token create --permission root: %d %q; want a usage error listing exchange", code, errOut)
	}
	code, out, _ = run(t, "", env, "token", "list", "--login", "li", "--db", db)
	if code != 0 || !strings.Contains(out, "备份脚本") || !strings.Contains(out, "命令行创建") || !strings.Contains(out, "仅限：数据交换") || strings.Contains(out, "gk_") {
		t.Errorf("token list: %d %q; want the tokens with their scope, no secret", code, out)
	}
	code, out, errOut = run(t, "", env, "token", "revoke", "--id", "2", "--db", db)
	if code != 0 || !strings.Contains(out, "已撤销") {
		t.Errorf("token revoke: %d %q %q", code, out, errOut)
	}
	if code, out, _ = run(t, "", env, "token", "list", "--db", db); code != 0 || !strings.Contains(out, "已撤销（由 cli:ops 撤销）") {
		t.Errorf("token list after revoke: %d %q", code, out)
	}
	sched := filepath.Join(t.TempDir(), "2027.csv")
	if err := os.WriteFile(sched, []byte("date,type,name\n2027-01-01,放假,元旦\n2027-01-04,放假,元旦\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, out, e := run(t, "", env, "calendar", "import", sched, "--db", db); code != 0 || !strings.Contains(out, "2 天") {
		t.Fatalf("calendar import: %d %q %q", code, out, e)
	}
	code, out, _ = run(t, "", env, "calendar", "add", "2026-12-31", "1", "--db", db)
	if code != 0 || strings.TrimSpace(out) != "2027-01-05" {
		t.Errorf("after import, 1 working day after 2026-12-31 = %q; want 2027-01-05 (01-01 and 01-04 off)", out)
	}
}
