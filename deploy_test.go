package gongkai

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestSystemdUnit checks the hardened unit of docs/deploy.md with
// `systemd-analyze verify` when the tool is installed: no unknown keys or
// sections, and the hardening the deployment promises is there.
func TestSystemdUnit(t *testing.T) {
	doc, err := os.ReadFile("docs/deploy.md")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile("(?s)<!-- systemd-unit -->\\s*```ini\\n(.*?)```").FindSubmatch(doc)
	if m == nil {
		t.Fatal("docs/deploy.md has no unit after <!-- systemd-unit -->")
	}
	unit := string(m[1])
	for _, want := range []string{"User=gongkai", "ProtectSystem=strict", "PrivateTmp=yes", "NoNewPrivileges=yes", "ExecStart=/usr/local/bin/gongkai serve"} {
		if !strings.Contains(unit, want) {
			t.Errorf("the unit lacks %s", want)
		}
	}
	tool, err := exec.LookPath("systemd-analyze")
	if err != nil {
		t.Skip("systemd-analyze not installed: the unit's keys were not verified")
	}
	dir := t.TempDir()
	// verify checks that ExecStart names an executable: point it at one.
	exe := filepath.Join(dir, "gongkai")
	if err := os.WriteFile(exe, []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	unit = strings.Replace(unit, "ExecStart=/usr/local/bin/gongkai", "ExecStart="+exe, 1)
	path := filepath.Join(dir, "gongkai.service")
	if err := os.WriteFile(path, []byte(unit), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(tool, "verify", "--man=no", path).CombinedOutput()
	var own []string
	for _, line := range strings.Split(string(out), "\n") {
		if strings.Contains(line, "gongkai.service") {
			own = append(own, line) // lines about other units of the machine are not ours
		}
	}
	if err != nil || len(own) > 0 {
		t.Errorf("systemd-analyze verify: %v\n%s", err, strings.Join(own, "\n"))
	}
}
