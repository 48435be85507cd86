package cli

import "context"

func exportLedger(ctx context.Context, env Env, args []string) error {
	return usagef("export ledger 尚未实现")
}
