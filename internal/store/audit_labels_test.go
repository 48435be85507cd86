package store

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestAuditLabelsCoverSources: every action and object code written by a
// literal tx.Audit call anywhere under internal/ has a Chinese label (add
// new ones to audit_labels.go).
func TestAuditLabelsCoverSources(t *testing.T) {
	re := regexp.MustCompile(`\.Audit\([^,]+, [^,]+, "([a-z_:]+)", "([a-z_]+)"`)
	n := 0
	err := filepath.WalkDir("..", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		for _, m := range re.FindAllStringSubmatch(string(b), -1) {
			n++
			if AuditActionLabel(m[1]) == "其他操作" {
				t.Errorf("%s: audit action %q has no Chinese label in audit_labels.go", p, m[1])
			}
			if AuditEntityLabel(m[2]) == "其他对象" {
				t.Errorf("%s: audit object %q has no Chinese label in audit_labels.go", p, m[2])
			}
		}
		return nil
	})
	if err != nil || n < 50 {
		t.Fatalf("scanned %d audit calls: %v", n, err)
	}
	for _, code := range []string{"claim", "progress", "finish", "confirm", "return", "reopen", "submit", "pass", "sign", "event:received", "event:replied"} {
		if strings.ContainsAny(AuditActionLabel(code), "abcdefghijklmnopqrstuvwxyz") || AuditActionLabel(code) == "其他操作" {
			t.Errorf("action %s: %q", code, AuditActionLabel(code))
		}
	}
	if got := auditCodes("文件", auditEntityLabels, false); len(got) != 2 {
		t.Errorf("文件 names %v; want document and documents", got)
	}
}
