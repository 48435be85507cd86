package cli

import "context"

func runExport(ctx context.Context, env Env, args []string) error {
	if len(args) == 0 || args[0] != "ledger" {
		return usagef("用法：gongkai export ledger --year 年份 -o 文件.xlsx")
	}
	return exportLedger(ctx, env, args[1:])
}
