// Command officemem measures what hostile office files cost the gongkai
// CLI (bench/officemem.sh): it generates a 363 KB xlsx of 20,000 formula
// cells, a ~2 MB docx whose body inflates to 2 GB, a ~1 MB xlsx whose sheet
// inflates to 1 GB, a documents listing whose body is that docx, and (as a
// control) a legitimate table of 180,000 cells; runs
// each import with every binary given; and prints, per run, the file's
// size, the exit status, the first line of the message, the wall time and
// the child's peak resident memory (GNU time's %M).
//
//	go run ./bench/officemem -bin after=/tmp/gongkai [-bin before=/tmp/gongkai-main] [-timeout 120s]
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"gongkai/internal/office/bombs"
)

type binFlag []string

func (b *binFlag) String() string     { return strings.Join(*b, ",") }
func (b *binFlag) Set(v string) error { *b = append(*b, v); return nil }

// input is one generated file and the command that reads it.
type input struct {
	label string
	file  string
	args  func(file, db string) []string
}

// timeBin is GNU time (Debian package "time").
const timeBin = "/usr/bin/time"

func main() {
	if _, err := os.Stat(timeBin); err != nil {
		fail(errors.New("needs GNU time at /usr/bin/time: apt-get install -y time"))
	}
	var bins binFlag
	flag.Var(&bins, "bin", "LABEL=PATH of a gongkai binary (repeatable)")
	timeout := flag.Duration("timeout", 120*time.Second, "kill a run after this long")
	dir := flag.String("dir", "", "folder for the generated files (default: a temporary one)")
	flag.Parse()
	if len(bins) == 0 {
		fmt.Fprintln(os.Stderr, "usage: officemem -bin LABEL=PATH [-bin LABEL=PATH] [-timeout 120s] [-dir DIR]")
		os.Exit(2)
	}
	if *dir == "" {
		d, err := os.MkdirTemp("", "officemem")
		if err != nil {
			fail(err)
		}
		defer os.RemoveAll(d)
		*dir = d
	}
	inputs, err := generate(*dir)
	if err != nil {
		fail(err)
	}
	fmt.Printf("%-44s %9s  %-7s %4s %9s %9s  %s\n", "file (command)", "size", "binary", "exit", "wall", "peak RSS", "message")
	for _, in := range inputs {
		fi, err := os.Stat(in.file)
		if err != nil {
			fail(err)
		}
		for _, b := range bins {
			label, bin, ok := strings.Cut(b, "=")
			if !ok {
				fail(fmt.Errorf("-bin %q: want LABEL=PATH", b))
			}
			db := filepath.Join(*dir, label+".db")
			if _, err := os.Stat(db); err != nil {
				// Migrate first, so that the measured run only reads the file.
				if out, err := exec.Command(bin, "migrate", "--db", db).CombinedOutput(); err != nil {
					fail(fmt.Errorf("%s migrate: %v: %s", label, err, out))
				}
			}
			r := run(bin, in.args(in.file, db), *timeout)
			fmt.Printf("%-44s %9s  %-7s %4s %8.2fs %6.0f MB  %s\n", in.label, size(fi.Size()), label, r.exit, r.wall.Seconds(), r.peakMB, r.msg)
		}
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "officemem:", err)
	os.Exit(1)
}

func size(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.0f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}

// generate writes the hostile files into dir.
func generate(dir string) ([]input, error) {
	write := func(name string, parts []bombs.Part) (string, error) {
		p := filepath.Join(dir, name)
		f, err := os.Create(p)
		if err != nil {
			return "", err
		}
		if err := bombs.WriteZip(f, parts); err != nil {
			f.Close()
			return "", err
		}
		return p, f.Close()
	}
	tasks := func(file, db string) []string {
		return []string{"import", "tasks", file, "--year", "2026", "--dry-run", "--db", db}
	}
	formulas, err := write("formulas.xlsx", bombs.FormulaBomb(10_000))
	if err != nil {
		return nil, err
	}
	docx, err := write("bomb.docx", bombs.DocxBomb(2<<30))
	if err != nil {
		return nil, err
	}
	sheet, err := write("sheet-bomb.xlsx", bombs.SheetBomb(1<<30))
	if err != nil {
		return nil, err
	}
	big, err := write("big.xlsx", bigTable(18_000))
	if err != nil {
		return nil, err
	}
	listing := filepath.Join(dir, "listing.csv")
	if err := os.WriteFile(listing, []byte("标题,发布日期,正文\n关于公开的通知,2023-05-06,bomb.docx\n"), 0o644); err != nil {
		return nil, err
	}
	return []input{
		{"formulas.xlsx: 20,000 formulas (import tasks)", formulas, tasks},
		{"bomb.docx: 2 GB body (import tasks)", docx, tasks},
		{"sheet-bomb.xlsx: 1 GB sheet (import tasks)", sheet, tasks},
		{"listing.csv → bomb.docx (import documents)", listing, func(file, db string) []string {
			return []string{"import", "documents", file, "--dry-run", "--db", db}
		}},
		{"big.xlsx: a real 18,000 × 10 table (control)", big, func(file, db string) []string {
			return append(tasks(file, db), "--json")
		}},
	}, nil
}

// bigTable is a legitimate but large task table: rows × 10 cells of
// distinct text through the shared-strings table (about 180,000 cells,
// near the default cell limit).
func bigTable(rows int) []bombs.Part {
	var sheet, sst strings.Builder
	sheet.WriteString(`<row r="1"><c r="A1" t="inlineStr"><is><t>序号</t></is></c><c r="B1" t="inlineStr"><is><t>具体要求</t></is></c>` +
		`<c r="C1" t="inlineStr"><is><t>责任单位</t></is></c><c r="D1" t="inlineStr"><is><t>完成时限</t></is></c></row>`)
	sst.WriteString(`<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`)
	n := 0
	for r := 2; r <= rows+1; r++ {
		fmt.Fprintf(&sheet, `<row r="%d"><c r="A%d"><v>%d</v></c>`, r, r, r-1)
		for c := 1; c < 10; c++ {
			fmt.Fprintf(&sst, `<si><t>第%d行第%d列：按照政务公开工作要点做好相关信息发布</t></si>`, r, c)
			fmt.Fprintf(&sheet, `<c r="%c%d" t="s"><v>%d</v></c>`, 'A'+c, r, n)
			n++
		}
		sheet.WriteString(`</row>`)
	}
	sst.WriteString(`</sst>`)
	s := bombs.Part{Data: []byte(sst.String())}
	return bombs.XLSX(bombs.Sheet(sheet.String()), &s)
}

type result struct {
	exit   string
	wall   time.Duration
	peakMB float64
	msg    string
}

// run runs bin with args under /usr/bin/time, which reports the child's
// peak RSS (GNU time's %M). The rusage of a child started by this Go
// program directly would not do: Go starts children with vfork semantics,
// and Linux carries the parent's own high-water mark into the child's
// ru_maxrss at exec.
func run(bin string, args []string, timeout time.Duration) result {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	rss, err := os.CreateTemp("", "officemem-rss")
	if err != nil {
		return result{exit: "?", msg: err.Error()}
	}
	rss.Close()
	defer os.Remove(rss.Name())
	cmd := exec.CommandContext(ctx, timeBin, append([]string{"-f", "%M", "-o", rss.Name(), bin}, args...)...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	start := time.Now()
	err = cmd.Run()
	r := result{wall: time.Since(start), exit: "0"}
	var ee *exec.ExitError
	switch {
	case ctx.Err() != nil:
		r.exit = "kill"
	case errors.As(err, &ee):
		r.exit = fmt.Sprint(ee.ExitCode())
	case err != nil:
		r.exit, r.msg = "?", err.Error()
	}
	if b, err := os.ReadFile(rss.Name()); err == nil {
		fields := strings.Fields(string(b))
		if len(fields) > 0 {
			var kb float64
			fmt.Sscan(fields[len(fields)-1], &kb)
			r.peakMB = kb / 1024
		}
	}
	if r.msg == "" {
		r.msg, _, _ = strings.Cut(strings.TrimSpace(stderr.String()), "\n")
	}
	if r.exit == "kill" {
		r.msg = fmt.Sprintf("killed after %s; %s", timeout, r.msg)
	}
	const maxMsg = 110
	if rs := []rune(r.msg); len(rs) > maxMsg {
		r.msg = string(rs[:maxMsg]) + "…"
	}
	return r
}
