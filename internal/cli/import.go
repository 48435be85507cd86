package cli

import "context"

func runImport(ctx context.Context, env Env, args []string) error {
	if len(args) == 0 {
		return usagef("用法：gongkai import tasks|documents|catalog 文件 …")
	}
	switch args[0] {
	case "tasks":
		return importTasks(ctx, env, args[1:])
	case "documents":
		return importDocuments(ctx, env, args[1:])
	case "catalog":
		return importCatalog(ctx, env, args[1:])
	}
	return usagef("import 的对象只有 tasks、documents、catalog，收到“%s”", args[0])
}
