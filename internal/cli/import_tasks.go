package cli

import "context"

func importTasks(ctx context.Context, env Env, args []string) error {
	return usagef("import tasks 尚未实现")
}
