package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"gongkai/internal/plan"
	"gongkai/internal/store"
)

// exportLedger is `gongkai export ledger --year YYYY -o FILE.xlsx [--unit NAME] [--db …]`.
func exportLedger(ctx context.Context, env Env, args []string) error {
	fs := flags("export ledger")
	year := fs.Int("year", 0, "年度")
	out := fs.String("o", "", "输出文件 .xlsx")
	unit := fs.String("unit", "", "只导出一个单位")
	db := fs.String("db", "", "数据库")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 0 || *year == 0 || *out == "" {
		return usagef("用法：gongkai export ledger --year 年度 -o 文件.xlsx [--unit 单位名称]")
	}
	if filepath.Ext(*out) != ".xlsx" {
		return usagef("输出文件应以 .xlsx 结尾，收到“%s”", *out)
	}
	st, err := openReady(ctx, env, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	p, err := st.PlanByYear(ctx, *year)
	if err != nil {
		if store.IsNotFound(err) {
			return fmt.Errorf("%d 年还没有导入任务分解表", *year)
		}
		return err
	}
	f := store.LedgerFilter{Year: *year}
	title := fmt.Sprintf("%d年政务公开重点工作任务台账", *year)
	if p.Title != "" {
		title = p.Title + "（台账）"
	}
	if *unit != "" {
		u, err := st.UnitByName(ctx, *unit)
		if err != nil {
			return fmt.Errorf("找不到单位“%s”", *unit)
		}
		f.UnitID = u.ID
		title = u.Name + " " + title
	}
	lines, err := st.Ledger(ctx, f)
	if err != nil {
		return err
	}
	cfg, err := loadConfig(env, *db)
	if err != nil {
		return err
	}
	data, err := plan.LedgerXLSX(title, lines, cfg.BaseURL)
	if err != nil {
		return err
	}
	tmp := *out + ".tmp"
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		return fmt.Errorf("无法写入 %s：%w", *out, err)
	}
	if err := os.Rename(tmp, *out); err != nil {
		return fmt.Errorf("无法写入 %s：%w", *out, err)
	}
	fmt.Fprintf(env.Stdout, "已导出 %d 条台账到 %s\n", len(lines), *out)
	return nil
}
