package app_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"gongkai/internal/app"
	"gongkai/internal/auth"
	"gongkai/internal/config"
	"gongkai/internal/scan"
	"gongkai/internal/store"
)

// TestDiskFull runs the program on SQLite in a small tmpfs (root only;
// skipped elsewhere — the mapping of SQLITE_FULL, disk_full and ENOSPC is
// tested at the driver level in store's TestUnavailableErrors), fills the
// disk and submits applications: each answer is 201 or 503 存储空间不足
// with Retry-After; /readyz fails and /healthz does not; once space is
// freed, writes resume by themselves, no acknowledged application is
// lost, and the admin finds the notice in the console.
func TestDiskFull(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root to mount a small tmpfs; the error mapping is tested in store.TestUnavailableErrors")
	}
	dir := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=24m", "tmpfs", dir).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a tmpfs here (%v: %s); the error mapping is tested in store.TestUnavailableErrors", err, out)
	}
	t.Cleanup(func() { _ = exec.Command("umount", "-l", dir).Run() })
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(dir, "gongkai.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	cfg := config.Default()
	cfg.DB = st.Where
	a, err := app.FromStore(ctx, st, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), true)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(a.Handler())
	defer srv.Close()
	office, err := st.CreateUser(ctx, auth.System, store.NewUser{Login: "bangongshi", Role: auth.RoleOffice, Password: "Office-Pass-2023"}, auth.PasswordPolicy{MinLength: 10, MinClasses: 3})
	if err != nil {
		t.Fatal(err)
	}
	admin, err := st.CreateUser(ctx, auth.System, store.NewUser{Login: "admin", Role: auth.RoleAdmin, Password: "Sys-Pass-2023x"}, auth.PasswordPolicy{MinLength: 10, MinClasses: 3})
	if err != nil {
		t.Fatal(err)
	}
	_, token, err := st.IssueToken(ctx, auth.ActorOf(office, "127.0.0.1"), store.NewToken{UserID: office.ID, Name: "测试"})
	if err != nil {
		t.Fatal(err)
	}
	id := "37088219900307123" + string(scan.IDCheckChar("37088219900307123"))
	submit := func(i int) (int, string, string) {
		body, _ := json.Marshal(map[string]any{
			"applicant":   map[string]any{"type": "natural", "name": "张明", "id_number": id, "phone": "13805371234"},
			"description": strings.Repeat("请公开本校新建教学楼的建设资金使用情况。", 20) + string(rune('A'+i%26)),
			"form":        "paper", "channel": "in_person", "received_on": time.Now().Format("2006-01-02"),
		})
		req, _ := http.NewRequest(http.MethodPost, srv.URL+"/api/v1/requests", bytes.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var out struct {
			Code  string
			Error struct{ Message string }
		}
		_ = json.NewDecoder(resp.Body).Decode(&out)
		if resp.StatusCode == http.StatusServiceUnavailable && resp.Header.Get("Retry-After") == "" {
			t.Errorf("503 without Retry-After")
		}
		return resp.StatusCode, out.Code, out.Error.Message
	}
	var acked []string
	for i := range 5 {
		code, c, msg := submit(i)
		if code != http.StatusCreated {
			t.Fatalf("before the disk is full: %d %s", code, msg)
		}
		acked = append(acked, c)
	}
	// Fill the disk.
	filler := filepath.Join(dir, "filler")
	f, err := os.Create(filler)
	if err != nil {
		t.Fatal(err)
	}
	chunk := make([]byte, 64<<10)
	for {
		if _, err := f.Write(chunk); err != nil {
			if !errors.Is(err, syscall.ENOSPC) {
				t.Fatal(err)
			}
			break
		}
	}
	f.Close()
	refused := 0
	for i := 5; i < 400 && refused < 5; i++ {
		code, c, msg := submit(i)
		switch code {
		case http.StatusCreated:
			acked = append(acked, c) // written into space the database already held
		case http.StatusServiceUnavailable:
			if !strings.Contains(msg, "存储空间不足") {
				t.Errorf("503 message %q; want 存储空间不足", msg)
			}
			refused++
		default:
			t.Fatalf("disk full: answer %d %s; want 201 or 503", code, msg)
		}
	}
	if refused == 0 {
		t.Fatal("no write was refused with the disk full")
	}
	resp, err := http.Get(srv.URL + "/readyz")
	if err != nil {
		t.Fatal(err)
	}
	rb, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable || !strings.Contains(string(rb), "存储空间不足") {
		t.Errorf("readyz with the disk full: %d %s", resp.StatusCode, rb)
	}
	if resp, err := http.Get(srv.URL + "/healthz"); err != nil || resp.StatusCode != http.StatusOK {
		t.Errorf("healthz with the disk full: %v %v", resp, err)
	}
	// Space comes back: writes resume, nothing acknowledged is lost, the
	// admin is told in the console.
	os.Remove(filler)
	if code, c, msg := submit(999); code != http.StatusCreated {
		t.Fatalf("after freeing space: %d %s", code, msg)
	} else {
		acked = append(acked, c)
	}
	if err := a.RunJobsOnce(ctx); err != nil {
		t.Fatal(err)
	}
	notes, err := st.Notifications(ctx, admin, true, 10)
	if err != nil || len(notes) == 0 || notes[0].Title != "存储空间不足" {
		t.Errorf("admin's notifications: %+v %v", notes, err)
	}
	for _, c := range acked {
		if _, err := st.RequestByCode(ctx, c); err != nil {
			t.Errorf("acknowledged application %s: %v", c, err)
		}
	}
	t.Logf("%d acknowledged, %d refused with 存储空间不足", len(acked), refused)
}
