package cli

import "context"

func importDocuments(ctx context.Context, env Env, args []string) error {
	return usagef("import documents 尚未实现")
}

func importCatalog(ctx context.Context, env Env, args []string) error {
	return usagef("import catalog 尚未实现")
}
