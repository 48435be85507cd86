// Package cli is the command line: subcommands, one file each. Run is the
// whole program, testable without a process: it takes the arguments, the
// environment and the standard streams, and returns the exit status.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"

	"gongkai/internal/config"
)

// Env is what a command may use from its process.
type Env struct {
	Getenv func(string) string
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
}

// Exit statuses.
const (
	ExitOK    = 0
	ExitError = 1 // bad input, unreachable database, failed work
	ExitUsage = 2 // wrong command line
)

// usageError is a wrong command line: exit status 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

type command struct {
	name, summary string
	run           func(ctx context.Context, env Env, args []string) error
}

func commands() []command {
	return []command{
		{"serve", "启动网站（门户、工作平台和接口）", runServe},
		{"migrate", "升级数据库结构", runMigrate},
		{"backup", "在线备份整个数据库到一个文件（可加密）", runBackup},
		{"restore", "从备份文件恢复到一个空数据库（SQLite 或 PostgreSQL）", runRestore},
		{"version", "显示程序版本", runVersion},
		{"user", "用户管理：user add", runUser},
		{"token", "接口令牌：token create / list / revoke", runToken},
		{"calendar", "工作日计算与节假日导入：calendar add / calendar import", runCalendar},
		{"import", "导入：import tasks / documents / catalog", runImport},
		{"export", "导出：export ledger", runExport},
		{"report", "报告：report annual", runReport},
		{"scan", "发布前检查：扫描文件中的个人信息、敏感词、文号和日期", runScan},
		{"inspect", "网站自查：按国家检查指标检查本网站或其他网站（不合格时退出码为 3）", runInspect},
		{"publish", "静态发布：把门户网站写成文件（--out 目录），或打印 nginx 配置（--nginx-conf）", runPublish},
	}
}

const topUsage = `gongkai — 政务公开工作平台

用法：gongkai 命令 [参数]

命令：
%s
常用：
  gongkai serve --demo                      用内置示例数据启动（SQLite）
  gongkai calendar add 2023-09-25 20        计算 20 个工作日后的日期
  gongkai import tasks 分解表.xlsx --year 2023 --dry-run
`

func usage() string {
	var b strings.Builder
	for _, c := range commands() {
		fmt.Fprintf(&b, "  %-10s %s\n", c.name, c.summary)
	}
	return fmt.Sprintf(topUsage, b.String())
}

// Run runs the command line args (without the program name).
func Run(ctx context.Context, args []string, env Env) int {
	if env.Getenv == nil {
		env.Getenv = os.Getenv
	}
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprint(env.Stdout, usage())
		if len(args) == 0 {
			return ExitUsage
		}
		return ExitOK
	}
	for _, c := range commands() {
		if c.name == args[0] {
			err := c.run(ctx, env, args[1:])
			return report(env, err)
		}
	}
	fmt.Fprintf(env.Stderr, "未知命令“%s”。\n\n%s", args[0], usage())
	return ExitUsage
}

func report(env Env, err error) int {
	if err == nil {
		return ExitOK
	}
	var fail inspectFailed
	if errors.As(err, &fail) {
		fmt.Fprintln(env.Stderr, fail.Error())
		return ExitInspectFailed
	}
	var ue usageError
	if errors.As(err, &ue) {
		fmt.Fprintf(env.Stderr, "命令行有误：%s\n", ue.msg)
		return ExitUsage
	}
	if errors.Is(err, flag.ErrHelp) {
		return ExitOK
	}
	fmt.Fprintf(env.Stderr, "错误：%s\n", userMessage(err))
	return ExitError
}

// flags returns a flag set that reports errors in Chinese through usage
// errors instead of printing English help.
func flags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return fs
}

// parse parses flags anywhere among the arguments (Go's flag package stops
// at the first positional one) and returns the positional arguments. A
// negative number such as -1 is a positional argument, not a flag.
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for len(args) > 0 {
		cut := len(args)
		for i, a := range args {
			if isNegativeNumber(a) {
				cut = i
				break
			}
		}
		rest, err := parseFlags(fs, args[:cut])
		if err != nil {
			return nil, err
		}
		pos = append(pos, rest...)
		if cut < len(args) {
			pos = append(pos, args[cut])
			cut++
		}
		args = args[cut:]
	}
	return pos, nil
}

func parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, usagef("%s 的参数：%s", fs.Name(), flagList(fs))
			}
			return nil, usagef("%s（%s 的参数：%s）", translateFlagError(err), fs.Name(), flagList(fs))
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		if rest[0] == "--" {
			return append(pos, rest[1:]...), nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

func isNegativeNumber(s string) bool {
	if len(s) < 2 || s[0] != '-' {
		return false
	}
	for _, r := range s[1:] {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

func flagList(fs *flag.FlagSet) string {
	var parts []string
	fs.VisitAll(func(f *flag.Flag) { parts = append(parts, "--"+f.Name) })
	if len(parts) == 0 {
		return "无"
	}
	return strings.Join(parts, " ")
}

func translateFlagError(err error) string {
	msg := err.Error()
	switch {
	case strings.HasPrefix(msg, "flag provided but not defined: "):
		return "不认识的参数 " + strings.TrimPrefix(msg, "flag provided but not defined: ")
	case strings.HasPrefix(msg, "flag needs an argument: "):
		return "参数 " + strings.TrimPrefix(msg, "flag needs an argument: ") + " 需要一个值"
	case strings.HasPrefix(msg, "invalid value "):
		return "参数值无效：" + strings.TrimPrefix(msg, "invalid value ")
	}
	return msg
}

// loadConfig reads the environment and applies the --db flag value.
func loadConfig(env Env, db string) (config.Config, error) {
	cfg, err := config.Load(env.Getenv)
	if err != nil {
		return cfg, err
	}
	if db != "" {
		cfg.DB = db
	}
	return cfg, nil
}

func newLogger(w io.Writer, getenv func(string) string) *slog.Logger {
	level := slog.LevelInfo
	if getenv("GONGKAI_LOG_LEVEL") == "debug" {
		level = slog.LevelDebug
	}
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: level}))
}
