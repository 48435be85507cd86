package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"os"

	"gongkai/internal/request/annualexport"
	"gongkai/internal/store"
)

// reportAnnual prints (or writes with -o) the annual report of a year,
// computed from the data, in json, html, xlsx or docx.
func reportAnnual(ctx context.Context, env Env, args []string) error {
	fs := flags("report annual")
	year := fs.Int("year", 0, "年度")
	format := fs.String("format", "json", "json|html|xlsx|docx")
	out := fs.String("o", "", "输出文件（xlsx、docx 默认写到标准输出）")
	db := fs.String("db", "", "数据库")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 0 || *year < 2008 || *year > 2100 {
		return usagef("用法：gongkai report annual --year 年份 [--format json|html|xlsx|docx] [-o 文件] [--db …]（年份如 2023）")
	}
	switch *format {
	case "json", "html", "xlsx", "docx":
	default:
		return usagef("--format 应为 json、html、xlsx 或 docx，而不是“%s”", *format)
	}
	st, err := openReady(ctx, env, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	rep, err := st.AnnualReport(ctx, *year)
	if err != nil {
		return err
	}
	org, err := orgName(ctx, st)
	if err != nil {
		return err
	}
	var data []byte
	switch *format {
	case "json":
		if data, err = json.MarshalIndent(rep, "", "  "); err == nil {
			data = append(data, '\n')
		}
	case "html":
		data, err = annualexport.HTML(org, rep)
	case "xlsx":
		data, err = annualexport.XLSX(org, rep)
	case "docx":
		data, err = annualexport.DOCX(org, rep)
	}
	if err != nil {
		return fmt.Errorf("生成年度报告失败：%w", err)
	}
	for _, e := range rep.Check.Errors {
		fmt.Fprintln(env.Stderr, "勾稽关系校验未通过："+e)
	}
	if *out != "" {
		if err := os.WriteFile(*out, data, 0o644); err != nil {
			return fmt.Errorf("写入 %s 失败：%w", *out, err)
		}
		return nil
	}
	_, err = env.Stdout.Write(data)
	return err
}

// orgName is the name of the organisation (the root unit).
func orgName(ctx context.Context, st *store.Store) (string, error) {
	units, err := st.Units(ctx)
	if err != nil {
		return "", err
	}
	for _, u := range units {
		if u.ParentID == 0 {
			return u.Name, nil
		}
	}
	return "本机关", nil
}
