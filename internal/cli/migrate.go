package cli

import (
	"context"
	"fmt"

	"gongkai/internal/store"
)

func runMigrate(ctx context.Context, env Env, args []string) error {
	fs := flags("migrate")
	db := fs.String("db", "", "数据库")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("migrate 不接受位置参数：%v", pos)
	}
	st, err := openStore(ctx, env, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	n, err := st.Migrate(ctx)
	if err != nil {
		return err
	}
	cur, _, _, err := st.SchemaStatus(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "数据库 %s：执行了 %d 个升级，当前结构版本 %d\n", st.Where, n, cur)
	return nil
}

// openStore opens the configured database.
func openStore(ctx context.Context, env Env, db string) (*store.Store, error) {
	cfg, err := loadConfig(env, db)
	if err != nil {
		return nil, err
	}
	return store.Open(ctx, cfg.DB)
}

// openReady opens the database and refuses a schema that is behind.
func openReady(ctx context.Context, env Env, db string) (*store.Store, error) {
	st, err := openStore(ctx, env, db)
	if err != nil {
		return nil, err
	}
	behind, err := st.SchemaBehind(ctx)
	if err != nil {
		st.Close()
		return nil, err
	}
	if behind != "" {
		st.Close()
		return nil, fmt.Errorf("%s，请先运行 gongkai migrate", behind)
	}
	return st, nil
}
