package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gongkai/internal/backup"
)

// TestBackupRestoreCLI: backup writes exactly the named file, refuses to
// overwrite one, and restore refuses a wrong passphrase, a damaged file and
// a database that is not empty with exit status 1, a Chinese message and
// no file created.
func TestBackupRestoreCLI(t *testing.T) {
	backup.WorkFactor = 10
	dir := t.TempDir()
	src := filepath.Join(dir, "src.db")
	if code, _, errs := runCLI(t, "migrate", "--db", src); code != 0 {
		t.Fatalf("migrate: %s", errs)
	}
	pass := filepath.Join(dir, "pass.txt")
	if err := os.WriteFile(pass, []byte("一个足够长的备份口令\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "nightly.bak")
	code, stdout, errs := runCLI(t, "backup", "--db", src, "-o", out, "--passphrase-file", pass)
	if code != 0 || !strings.Contains(stdout, "已加密") {
		t.Fatalf("backup: %d %s %s", code, stdout, errs)
	}
	entries, _ := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if strings.Join(names, " ") != "nightly.bak pass.txt src.db src.db-shm src.db-wal" && strings.Join(names, " ") != "nightly.bak pass.txt src.db" {
		t.Errorf("files after backup: %v", names)
	}
	if code, _, errs := runCLI(t, "backup", "--db", src, "-o", out); code != 1 || !strings.Contains(errs, "已存在") {
		t.Errorf("overwrite: %d %s", code, errs)
	}
	if code, stdout, errs := runCLI(t, "restore", out, "--check", "--passphrase-file", pass); code != 0 || !strings.Contains(stdout, "完好") {
		t.Errorf("check: %d %s %s", code, stdout, errs)
	}
	wrong := filepath.Join(dir, "wrong.txt")
	os.WriteFile(wrong, []byte("wrong\n"), 0o600)
	damaged := filepath.Join(dir, "damaged.bak")
	data, _ := os.ReadFile(out)
	data[len(data)/2] ^= 0x01
	os.WriteFile(damaged, data, 0o600)
	target := filepath.Join(dir, "new", "restored.db")
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"restore", out, "--db", target, "--passphrase-file", wrong}, "密码不正确"},
		{[]string{"restore", out, "--db", target}, "已加密"},
		{[]string{"restore", damaged, "--db", target, "--passphrase-file", pass}, "已损坏"},
		{[]string{"restore", out, "--db", src, "--passphrase-file", pass}, "不是空的"},
		{[]string{"restore", filepath.Join(dir, "none.bak"), "--db", target}, "找不到备份文件"},
	} {
		code, _, errs := runCLI(t, c.args...)
		if code != 1 || !strings.Contains(errs, c.want) || !strings.HasPrefix(errs, "错误：") {
			t.Errorf("%v: exit %d, stderr %q; want 1 and %q", c.args, code, errs, c.want)
		}
		if _, err := os.Stat(filepath.Dir(target)); !os.IsNotExist(err) {
			t.Fatalf("%v: a refused restore created %s", c.args, filepath.Dir(target))
		}
	}
	code, stdout, errs = runCLI(t, "restore", out, "--db", target, "--passphrase-file", pass)
	if code != 0 || !strings.Contains(stdout, "一致") {
		t.Fatalf("restore: %d %s %s", code, stdout, errs)
	}
	if code, stdout, _ := runCLI(t, "version"); code != 0 || !strings.HasPrefix(stdout, "gongkai ") {
		t.Errorf("version: %d %q", code, stdout)
	}
}
