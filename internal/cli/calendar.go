package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strconv"

	"gongkai"
	"gongkai/internal/auth"
	"gongkai/internal/workday"
)

func runCalendar(ctx context.Context, env Env, args []string) error {
	if len(args) == 0 {
		return usagef("用法：gongkai calendar add 开始日期 工作日数 [--json] 或 gongkai calendar import 文件 [--db …]")
	}
	switch args[0] {
	case "add":
		return calendarAdd(ctx, env, args[1:])
	case "import":
		return calendarImport(ctx, env, args[1:])
	}
	return usagef("calendar 的子命令只有 add 和 import，收到“%s”", args[0])
}

func calendarAdd(ctx context.Context, env Env, args []string) error {
	fs := flags("calendar add")
	asJSON := fs.Bool("json", false, "输出 JSON")
	db := fs.String("db", "", "数据库（使用其中录入的节假日调整）")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 2 {
		return usagef("用法：gongkai calendar add 开始日期 工作日数，例如 gongkai calendar add 2023-09-25 20")
	}
	start, err := workday.ParseDate(pos[0])
	if err != nil {
		return err
	}
	n, err := strconv.Atoi(pos[1])
	if err != nil {
		return fmt.Errorf("工作日数“%s”应为 0 到 %d 之间的整数", pos[1], workday.MaxWorkdays)
	}
	cal := workday.Default()
	if *db != "" || env.Getenv("GONGKAI_DB") != "" || fileExists("data/gongkai.db") {
		st, err := openReady(ctx, env, *db)
		if err != nil {
			return err
		}
		defer st.Close()
		if cal, err = st.Calendar(ctx); err != nil {
			return err
		}
	}
	res, err := cal.AddWorkdays(start, n)
	if err != nil {
		return err
	}
	if *asJSON {
		warn := res.Warnings
		if warn == nil {
			warn = []string{}
		}
		return json.NewEncoder(env.Stdout).Encode(map[string]any{"start": start.String(), "workdays": n, "due": res.Due.String(), "warnings": warn})
	}
	fmt.Fprintln(env.Stdout, res.Due)
	for _, w := range res.Warnings {
		fmt.Fprintln(env.Stderr, "注意："+w)
	}
	return nil
}

// maxScheduleSize bounds a holiday schedule file.
const maxScheduleSize = 1 << 20

func calendarImport(ctx context.Context, env Env, args []string) error {
	fs := flags("calendar import")
	db := fs.String("db", "", "数据库")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("用法：gongkai calendar import 节假日安排.csv [--db …]")
	}
	f, err := os.Open(pos[0])
	if err != nil {
		return fmt.Errorf("无法打开文件 %s：%w", pos[0], err)
	}
	defer f.Close()
	// A year's schedule is a few KB; the console takes at most 1 MB too.
	data, err := io.ReadAll(io.LimitReader(f, maxScheduleSize+1))
	if err != nil {
		return fmt.Errorf("无法读取文件 %s：%w", pos[0], err)
	}
	if len(data) > maxScheduleSize {
		return gongkai.Errorf(gongkai.ETOOLARGE, "节假日安排文件 %s 超过 1 MB 上限", pos[0])
	}
	days, err := workday.ParseSchedule(bytes.NewReader(data))
	if err != nil {
		return fmt.Errorf("%s：%w", pos[0], err)
	}
	st, err := openReady(ctx, env, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.PutHolidays(ctx, auth.CLI, days, fmt.Sprintf("命令行导入 %s（%d 天）", pos[0], len(days))); err != nil {
		return err
	}
	if err := recomputeClocks(ctx, st); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "已导入 %d 天的节假日安排\n", len(days))
	return nil
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}
