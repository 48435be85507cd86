package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"time"

	"gongkai/internal/crawl"
	"gongkai/internal/inspect"
	"gongkai/internal/selfcheck"
)

// ExitInspectFailed is the exit status of an inspection that did not pass
// (a single-veto item failed), so that cron can raise the alarm.
const ExitInspectFailed = 3

// inspectFailed carries the exit status 3 through Run.
type inspectFailed struct{ vetoes []inspect.Code }

func (e inspectFailed) Error() string {
	var l []string
	for _, c := range e.vetoes {
		l = append(l, inspect.Def(c).Label)
	}
	return "网站自查不合格（单项否决：" + strings.Join(l, "、") + "）"
}

// runInspect is `gongkai inspect`: with a database it inspects its own
// portal (crawling --base, else GONGKAI_BASE_URL) and keeps the report;
// --base without --db (nor GONGKAI_DB) inspects a site it does not hold.
func runInspect(ctx context.Context, env Env, args []string) error {
	fs := flags("inspect")
	asJSON := fs.Bool("json", false, "输出 JSON")
	db := fs.String("db", "", "数据库")
	base := fs.String("base", "", "要检查的网址")
	out := fs.String("o", "", "把报告导出为 .xlsx 或 .docx 文件")
	external := fs.Bool("external", false, "同时检查指向其他网站的链接")
	pages := fs.Int("pages", 0, "最多检查的页面数（默认 300）")
	depth := fs.Int("depth", 0, "最大链接层数（默认 4）")
	delay := fs.Duration("delay", 0, "两次请求之间的间隔（默认 100ms，robots.txt 的 Crawl-delay 可加长）")
	maxTime := fs.Duration("max-time", 0, "整个检查的时限（默认 3m）")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("用法：gongkai inspect [--json] [--db …] [--base 网址] [-o 报告.xlsx|报告.docx] [--external] [--pages N] [--depth N] [--delay 100ms] [--max-time 3m]")
	}
	if *pages < 0 || *pages > 10000 || *depth < 0 || *depth > 20 || *delay < 0 || *delay > crawl.MaxDelay || *maxTime < 0 || *maxTime > time.Hour {
		return usagef("检查范围有误：--pages 0–10000，--depth 0–20，--delay 不超过 %s，--max-time 不超过 1h", crawl.MaxDelay)
	}
	if *out != "" && !strings.HasSuffix(*out, ".xlsx") && !strings.HasSuffix(*out, ".docx") {
		return usagef("-o 的文件名应以 .xlsx 或 .docx 结尾")
	}
	co := crawl.Options{MaxPages: *pages, MaxDepth: *depth, Delay: *delay, MaxTime: *maxTime, External: *external}
	foreign := *base != "" && *db == "" && env.Getenv("GONGKAI_DB") == ""
	var rep inspect.Report
	var res *crawl.Result
	org := ""
	if foreign {
		if _, err := crawl.ParseBase(*base); err != nil {
			return err
		}
		if rep, res, err = selfcheck.Foreign(ctx, *base, co, time.Now()); err != nil {
			return err
		}
	} else {
		cfg, err := loadConfig(env, *db)
		if err != nil {
			return err
		}
		target := *base
		if target == "" {
			target = cfg.BaseURL
		}
		if _, err := crawl.ParseBase(target); err != nil {
			return err
		}
		st, err := openReady(ctx, env, *db)
		if err != nil {
			return err
		}
		defer st.Close()
		o := selfcheck.Options{Base: strings.TrimRight(target, "/"), Crawl: co}
		if *external {
			o.External = external
		}
		if rep, res, err = selfcheck.Own(ctx, st, o); err != nil {
			return err
		}
		if _, err := st.SaveInspection(ctx, operator(env), rep, o.Base, "cli"); err != nil {
			return err
		}
		if id, err := st.SiteIdentity(ctx); err == nil {
			org = id.Organiser
		}
	}
	if *out != "" {
		var data []byte
		if strings.HasSuffix(*out, ".xlsx") {
			data, err = inspect.XLSX(org, rep)
		} else {
			data, err = inspect.DOCX(org, rep)
		}
		if err != nil {
			return fmt.Errorf("导出检查报告失败：%w", err)
		}
		if err := os.WriteFile(*out, data, 0o644); err != nil {
			return fmt.Errorf("写入 %s 失败：%w", *out, err)
		}
	}
	if *asJSON {
		b, err := json.MarshalIndent(rep, "", "  ")
		if err != nil {
			return err
		}
		fmt.Fprintln(env.Stdout, string(b))
	} else {
		printInspection(env, rep, res)
	}
	if !rep.Passed {
		return inspectFailed{vetoes: rep.Vetoes}
	}
	return nil
}

func printInspection(env Env, rep inspect.Report, res *crawl.Result) {
	w := env.Stdout
	if res != nil {
		fmt.Fprintf(w, "检查 %s：%d 个页面，%d 个链接和附件，用时 %s\n", res.Base, len(res.Pages), res.Checked, res.Elapsed.Round(time.Millisecond))
		if res.Stopped != "" {
			fmt.Fprintln(w, "注意："+res.Stopped)
		}
	}
	for _, it := range rep.Items {
		kind := ""
		if it.Veto {
			kind = "（单项否决）"
		}
		fmt.Fprintf(w, "%s %s%s：%s\n", mark(it), it.Label, kind, it.State())
		for i, f := range it.Findings {
			if i == 10 {
				fmt.Fprintf(w, "    ……共 %d 条（--json 或 -o 报告.xlsx 查看全部）\n", len(it.Findings))
				break
			}
			fmt.Fprintf(w, "    - %s %s\n", f.Detail, f.URL)
		}
	}
	if rep.Passed {
		fmt.Fprintln(w, "结论：单项否决指标均未触发。")
	} else {
		fmt.Fprintln(w, "结论：不合格。")
	}
}

func mark(it inspect.Item) string {
	switch {
	case it.OK == nil:
		return "?"
	case *it.OK:
		return "✓"
	}
	return "✗"
}
