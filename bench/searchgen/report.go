package main

// report prints the figures of issue 10's table from what bench/search.sh
// left in DIR/out.

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

func readJSON(path string, v any) bool {
	b, err := os.ReadFile(path)
	if err != nil {
		return false
	}
	return json.Unmarshal(b, v) == nil
}

func fileMB(paths ...string) float64 {
	var n int64
	for _, p := range paths {
		if st, err := os.Stat(p); err == nil {
			n += st.Size()
		}
	}
	return float64(n) / (1 << 20)
}

func timeFile(path string) (wall, user, sys, rssKB float64, ok bool) {
	b, err := os.ReadFile(path)
	if err != nil {
		return
	}
	_, err = fmt.Sscan(string(b), &wall, &user, &sys, &rssKB)
	return wall, user, sys, rssKB, err == nil
}

func reportMain(args []string) {
	fs := flag.NewFlagSet("report", flag.ExitOnError)
	dir := fs.String("dir", ".", "the benchmark's data folder")
	fs.Parse(args)
	out := filepath.Join(*dir, "out")
	row := func(figure, goal, got string) { fmt.Printf("| %s | %s | %s |\n", figure, goal, got) }
	fmt.Println("| figure | goal | measured (anchor in the same run) |")
	fmt.Println("|---|---|---|")

	// latency, alternating runs
	var ratios []float64
	var cells []string
	for i := 1; ; i++ {
		var a, g Summary
		if !readJSON(filepath.Join(out, fmt.Sprintf("anchor-%d.summary.json", i)), &a) || !readJSON(filepath.Join(out, fmt.Sprintf("gk-%d.summary.json", i)), &g) {
			break
		}
		ratios = append(ratios, g.P95/a.P95)
		cpuNote := ""
		ac, gc, cc := cpuSeconds(filepath.Join(out, fmt.Sprintf("anchor-%d.cpu", i))), cpuSeconds(filepath.Join(out, fmt.Sprintf("gk-%d.cpu", i))), cpuSeconds(filepath.Join(out, fmt.Sprintf("gk-%d.client.cpu", i)))
		if ac > 0 && gc > 0 {
			// both over two passes of the 200 queries
			cpuNote = fmt.Sprintf(", CPU per query %.1f ms server + %.1f ms client (anchor %.1f ms)", gc*1000/400, cc*1000/400, ac*1000/400)
		}
		cells = append(cells, fmt.Sprintf("run %d: p50/p95/p99 %.1f/%.1f/%.1f ms (anchor %.1f/%.1f/%.1f), p95 %.2f×%s", i, g.P50, g.P95, g.P99, a.P50, a.P95, a.P99, g.P95/a.P95, cpuNote))
	}
	if len(cells) > 0 {
		row("200 queries over HTTP on 100k dense docs, p95", "≤ 100 ms and ≤ 0.5× the anchor", strings.Join(cells, "; "))
	}
	var ck map[string]any
	if readJSON(filepath.Join(out, "check.json"), &ck) {
		row("queries with < 1,000 matches, p50", "≤ 5 ms", fmt.Sprintf("%.2f ms over %v queries (anchor %.2f ms)", ck["small_p50_ms"], ck["small_queries"], ck["small_p50_ms_anchor"]))
		row("top-10 overlap with full bm25, queries > 1,000 matches", "≥ 8 / 10", fmt.Sprintf("%.2f / 10 over %v queries", ck["overlap_at_10"], ck["overlap_queries"]))
		row("民政: real uses in the top 10", "≥ 8", fmt.Sprint(ck["minzheng_real_uses_top10"]))
	}
	if wall, user, sys, rss, ok := timeFile(filepath.Join(out, "import.time")); ok {
		var imp map[string]any
		readJSON(filepath.Join(out, "import.json"), &imp)
		var ab map[string]any
		anchor := ""
		if readJSON(filepath.Join(out, "anchor.build.json"), &ab) {
			anchor = fmt.Sprintf("; anchor build %.0f s", ab["build_s"])
		}
		row("import 100k documents (one file)", "≤ 120 s", fmt.Sprintf("%.0f s wall, %.0f s CPU (user %.0f + sys %.0f), peak RSS %.0f MB; %v imported, %v published, %v held for review%s",
			wall, user+sys, user, sys, rss/1024, imp["imported"], imp["published"], len(anyList(imp["held_for_review"])), anchor))
	}
	for _, f := range []struct{ file, db string }{{"migrate.time", "SQLite"}, {"migrate-pg.time", "PostgreSQL"}} {
		if wall, user, sys, rss, ok := timeFile(filepath.Join(out, f.file)); ok {
			row("gongkai migrate on the existing database ("+f.db+"): every document re-indexed when the word-bag rules changed, else nothing", "—",
				fmt.Sprintf("%.0f s wall, %.0f s CPU, peak RSS %.0f MB", wall, user+sys, rss/1024))
		}
	}
	row("database size for 100k documents", "≤ 800 MB", fmt.Sprintf("%.0f MB (anchor %.0f MB)", fileMB(filepath.Join(*dir, "gongkai.db"), filepath.Join(*dir, "gongkai.db-wal")), fileMB(filepath.Join(*dir, "anchor.db"))))
	if b, err := os.ReadFile(filepath.Join(out, "apply.txt")); err == nil {
		re := regexp.MustCompile(`past=(\d+)\S*\s+\d+\s+\d+ ns/op\s+([\d.]+) apps/s`)
		var parts []string
		for _, m := range re.FindAllStringSubmatch(string(b), -1) {
			parts = append(parts, fmt.Sprintf("%s past: %s/s", m[1], m[2]))
		}
		row("applications per second (SQLite, 8 clients)", "≥ 150/s, flat from 1k to 100k", strings.Join(parts, ", "))
	}
	var sv map[string]any
	if readJSON(filepath.Join(out, "serve.json"), &sv) {
		row("serve RSS after the 200 queries; start-up", "≤ 150 MB with the segmenter loaded; ≤ 1 s",
			fmt.Sprintf("VmRSS %.0f MB (peak %.0f MB); listening after %.2f s, word index and dictionary loaded after %.2f s", sv["vmrss_kib"].(float64)/1024, sv["vmhwm_kib"].(float64)/1024, sv["startup_s"], sv["ready_s"]))
	}
	for _, f := range []struct{ file, db string }{{"settle.json", "SQLite"}, {"settle-pg.json", "PostgreSQL"}} {
		var st map[string]any
		if readJSON(filepath.Join(out, f.file), &st) {
			row("first start on the new database ("+f.db+"): the daily jobs (privacy sweep of every public document), before the measured start", "—",
				fmt.Sprintf("%.0f s wall, %.0f s CPU", st["settle_s"], st["cpu_s"]))
		}
	}
	var pg Summary
	if readJSON(filepath.Join(out, "gk-pg.summary.json"), &pg) {
		extra := ""
		if wall, user, sys, _, ok := timeFile(filepath.Join(out, "import-pg.time")); ok {
			extra = fmt.Sprintf("; import %.0f s wall, %.0f s CPU", wall, user+sys)
		}
		var cp map[string]any
		if readJSON(filepath.Join(out, "check-pg.json"), &cp) {
			extra += fmt.Sprintf("; overlap %.2f/10, 民政 %v, owner first %v", cp["overlap_at_10"], cp["minzheng_real_uses_top10"], cp["docno_owner_first"])
		}
		row("PostgreSQL: the same queries, p95", "≤ 250 ms", fmt.Sprintf("p50/p95/p99 %.1f/%.1f/%.1f ms%s", pg.P50, pg.P95, pg.P99, extra))
	}
	if ck != nil {
		fmt.Printf("\nquality: %v hits, exact hits not contiguous %v, document number owner first %v, trap queries with a false exact hit %v\n",
			ck["hits"], ck["exact_hits_not_contiguous"], ck["docno_owner_first"], ck["trap_exact_hits"])
	}
	if len(ratios) > 0 {
		sort.Float64s(ratios)
		fmt.Printf("p95 ratio to the anchor, per run: %.2f … %.2f\n", ratios[0], ratios[len(ratios)-1])
	}
}

// cpuSeconds reads "user sys" seconds (GNU time -f '%U %S').
func cpuSeconds(path string) float64 {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0
	}
	var u, s float64
	if _, err := fmt.Sscan(string(b), &u, &s); err != nil {
		return 0
	}
	return u + s
}

func anyList(v any) []any {
	l, _ := v.([]any)
	return l
}
