package cli

import "context"

func reportAnnual(ctx context.Context, env Env, args []string) error {
	return usagef("report annual 尚未实现")
}
