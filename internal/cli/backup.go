package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"
	"time"

	"gongkai"
	"gongkai/internal/backup"
	"gongkai/internal/store"
)

const backupUsage = "用法：gongkai backup -o 文件 [--db …] [--passphrase-file 密码文件 | --passphrase-stdin]"

// runBackup writes a consistent snapshot of the database, online, to
// exactly the file named by -o (through a temporary file beside it, so a
// failed backup leaves no partial file); an existing file is not
// overwritten.
func runBackup(ctx context.Context, env Env, args []string) error {
	fs := flags("backup")
	out := fs.String("o", "", "备份文件")
	db := fs.String("db", "", "数据库")
	passFile := fs.String("passphrase-file", "", "从文件读取加密密码（第一行）")
	passStdin := fs.Bool("passphrase-stdin", false, "从标准输入读取加密密码")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 || *out == "" {
		return usagef("%s", backupUsage)
	}
	pass, err := readPassphrase(env, *passFile, *passStdin)
	if err != nil {
		return err
	}
	if _, err := os.Stat(*out); err == nil {
		return gongkai.Errorf(gongkai.EINVALID, "文件 %s 已存在：请换一个文件名（备份不覆盖已有文件）", *out)
	}
	st, err := openStore(ctx, env, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	start := time.Now()
	res, err := st.BackupFile(ctx, *out, store.BackupOptions{Passphrase: pass, ProgramVersion: gongkai.Version()})
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "已备份 %s 到 %s：%s，用时 %.1f 秒\n", st.Where, *out, backupSummary(res), time.Since(start).Seconds())
	return nil
}

const restoreUsage = "用法：gongkai restore 备份文件 --db 空数据库 [--passphrase-file 密码文件 | --passphrase-stdin] [--check]"

// runRestore loads a backup into an empty database (store.Restore), or
// with --check only verifies the file.
func runRestore(ctx context.Context, env Env, args []string) error {
	fs := flags("restore")
	db := fs.String("db", "", "目标数据库（不存在的 SQLite 路径，或没有表的 PostgreSQL 数据库）")
	passFile := fs.String("passphrase-file", "", "从文件读取密码（第一行）")
	passStdin := fs.Bool("passphrase-stdin", false, "从标准输入读取密码")
	check := fs.Bool("check", false, "只校验备份文件，不恢复")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("%s", restoreUsage)
	}
	file := pos[0]
	if _, err := os.Stat(file); err != nil {
		return gongkai.Errorf(gongkai.EINVALID, "找不到备份文件 %s", file)
	}
	pass, err := readPassphrase(env, *passFile, *passStdin)
	if err != nil {
		return err
	}
	key := backup.NewKey(pass)
	open := func() (io.ReadCloser, error) { return os.Open(file) }
	start := time.Now()
	if *check {
		man, err := store.VerifyArchive(open, key)
		if err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "备份文件 %s 完好：备份于 %s（%s，程序版本 %s，结构版本 %d），%d 张表 %d 行，%d 个文件（%s），校验值全部相符\n",
			file, man.CreatedAt, man.Source, man.ProgramVersion, man.SchemaVersion, len(man.Tables), man.Rows, len(man.Blobs), store.HumanBytes(man.BlobBytes))
		return nil
	}
	cfg, err := loadConfig(env, *db)
	if err != nil {
		return err
	}
	res, err := store.Restore(ctx, cfg.DB, store.RestoreOptions{Open: open, Key: key, Actor: operator(env)})
	if err != nil {
		return err
	}
	man := res.Manifest
	fmt.Fprintf(env.Stdout, "已从 %s 恢复到 %s：备份于 %s（%s，结构版本 %d），%d 张表 %d 行，%d 个文件；恢复前后行数与校验值一致，用时 %.1f 秒\n",
		file, res.Where, man.CreatedAt, man.Source, man.SchemaVersion, len(man.Tables), man.Rows, len(man.Blobs), time.Since(start).Seconds())
	if res.Upgraded > 0 {
		fmt.Fprintf(env.Stdout, "备份来自较早的版本：恢复后执行了 %d 个数据库升级\n", res.Upgraded)
	}
	return nil
}

// backupSummary says in Chinese what a backup holds.
func backupSummary(r store.BackupResult) string {
	enc := "未加密"
	if r.Encrypted {
		enc = "已加密（age）"
	}
	return fmt.Sprintf("%d 张表 %d 行，%d 个文件（%s），结构版本 %d，备份文件 %s，%s",
		len(r.Manifest.Tables), r.Manifest.Rows, len(r.Manifest.Blobs), store.HumanBytes(r.Manifest.BlobBytes), r.Manifest.SchemaVersion, store.HumanBytes(r.Size), enc)
}

// readPassphrase reads a passphrase from a file (its first line) or from
// standard input (the first line); neither gives "" (no encryption).
func readPassphrase(env Env, file string, stdin bool) (string, error) {
	if file != "" && stdin {
		return "", usagef("--passphrase-file 与 --passphrase-stdin 只能选一个")
	}
	var r io.Reader
	switch {
	case file != "":
		f, err := os.Open(file)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return "", gongkai.Errorf(gongkai.EINVALID, "找不到密码文件 %s", file)
			}
			return "", gongkai.Wrap(gongkai.EINVALID, "无法读取密码文件 "+file, err)
		}
		defer f.Close()
		r = f
	case stdin:
		if env.Stdin == nil {
			return "", gongkai.Errorf(gongkai.EINVALID, "没有标准输入，请用 --passphrase-file")
		}
		r = env.Stdin
	default:
		return "", nil
	}
	line, err := bufio.NewReader(io.LimitReader(r, 4096)).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", err
	}
	line = strings.TrimRight(line, "\r\n")
	if line == "" {
		return "", gongkai.Errorf(gongkai.EINVALID, "密码为空：请在密码文件的第一行（或标准输入）写上密码")
	}
	return line, nil
}

func runVersion(_ context.Context, env Env, args []string) error {
	if len(args) > 0 {
		return usagef("version 不接受参数")
	}
	fmt.Fprintf(env.Stdout, "gongkai %s\n", gongkai.Version())
	return nil
}
