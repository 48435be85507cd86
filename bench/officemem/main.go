// Command officemem measures what hostile office files cost the gongkai
// CLI (bench/officemem.sh): it generates a 363 KB xlsx of 20,000 formula
// cells, a ~2 MB docx whose body inflates to 2 GB, a ~1 MB xlsx whose sheet
// inflates to 1 GB, and a documents listing whose body is that docx; runs
// each import with every binary given; and prints, per run, the file's
// size, the exit status, the first line of the message, the wall time and
// the child's peak resident memory (getrusage ru_maxrss).
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

func main() {
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
	}, nil
}

type result struct {
	exit   string
	wall   time.Duration
	peakMB float64
	msg    string
}

// run runs bin with args and reads the child's peak RSS from its rusage.
func run(bin string, args []string, timeout time.Duration) result {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	start := time.Now()
	err := cmd.Run()
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
	if cmd.ProcessState != nil {
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
			r.peakMB = float64(ru.Maxrss) / 1024 // kilobytes on Linux
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
