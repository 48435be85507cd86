package cli

import "context"

func runReport(ctx context.Context, env Env, args []string) error {
	if len(args) == 0 || args[0] != "annual" {
		return usagef("用法：gongkai report annual --year 年份 [--format json|html|xlsx|docx]")
	}
	return reportAnnual(ctx, env, args[1:])
}
