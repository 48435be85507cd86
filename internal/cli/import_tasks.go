package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"

	"gongkai/internal/auth"
	"gongkai/internal/org"
	"gongkai/internal/plan"
	"gongkai/internal/store"
)

// importTasks is `gongkai import tasks FILE --year YYYY [--db …] [--dry-run] [--json]`.
func importTasks(ctx context.Context, env Env, args []string) error {
	fs := flags("import tasks")
	year := fs.Int("year", 0, "年度")
	db := fs.String("db", "", "数据库")
	dry := fs.Bool("dry-run", false, "只检查，不保存")
	asJSON := fs.Bool("json", false, "输出 JSON")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("用法：gongkai import tasks 文件 --year 年度 [--dry-run] [--json]")
	}
	if *year == 0 {
		return usagef("请用 --year 指定年度，例如 --year 2023")
	}
	data, err := readInput(pos[0])
	if err != nil {
		return err
	}
	st, err := openForImport(ctx, env, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	units, err := st.Units(ctx)
	if err != nil {
		return err
	}
	p, err := plan.Parse(pos[0], data, *year, units)
	if err != nil {
		return err
	}
	sum := p.Summary()
	sum.DryRun = *dry
	if !*dry {
		res, err := st.SavePlan(ctx, auth.CLI, p)
		if err != nil {
			return err
		}
		sum.Created, sum.Updated, sum.Removed = res.Created, res.Updated, res.Removed
		sum.Warnings = append(sum.Warnings, res.Kept...)
	}
	if *asJSON {
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(sum)
	}
	printImport(env, p, sum, units)
	return nil
}

// openForImport opens the database; a brand-new one (no schema yet) is
// migrated first, one that is behind is refused.
func openForImport(ctx context.Context, env Env, db string) (*store.Store, error) {
	st, err := openStore(ctx, env, db)
	if err != nil {
		return nil, err
	}
	cur, _, pending, err := st.SchemaStatus(ctx)
	if err == nil && pending && cur == 0 {
		_, err = st.Migrate(ctx)
	} else if err == nil && pending {
		st.Close()
		return openReady(ctx, env, db)
	}
	if err != nil {
		st.Close()
		return nil, err
	}
	return st, nil
}

func printImport(env Env, p *plan.Parsed, sum plan.Summary, units []org.Unit) {
	w := env.Stdout
	for _, r := range p.Rows {
		units := "（未指定）"
		if len(r.UnitNames) > 0 {
			units = fmt.Sprint(r.UnitNames)
		}
		fmt.Fprintf(w, "%3d  %s / %s  %s  %s  %s\n", r.Seq, r.Category, r.Subcategory, units, r.Deadline.Label(), short(r.Requirement, 30))
	}
	verb := "已导入"
	if sum.DryRun {
		verb = "检查通过（未保存）"
	}
	fmt.Fprintf(w, "%s %d 年任务 %d 项，承办 %d 个", verb, p.Year, sum.Tasks, sum.Assignments)
	if !sum.DryRun {
		fmt.Fprintf(w, "（新增 %d、更新 %d、删除 %d）", sum.Created, sum.Updated, sum.Removed)
	}
	fmt.Fprintln(w)
	if len(units) == 0 {
		fmt.Fprintln(env.Stderr, "注意：数据库中还没有单位，责任单位均无法对应，请先建立组织机构后重新导入")
	}
	if len(sum.UnresolvedUnits) > 0 {
		fmt.Fprintf(env.Stderr, "未能对应的责任单位（按原文保留）：%v\n", sum.UnresolvedUnits)
	}
	for _, wn := range sum.Warnings {
		fmt.Fprintln(env.Stderr, "注意："+wn)
	}
}

func short(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…（共" + strconv.Itoa(len(r)) + "字）"
}
