package app_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"gongkai/internal/app"
	"gongkai/internal/auth"
	"gongkai/internal/config"
	"gongkai/internal/httpx"
	"gongkai/internal/request"
	"gongkai/internal/scan"
	"gongkai/internal/store"
	"gongkai/internal/workday"
)

// pgCluster is a throw-away PostgreSQL cluster of this test's own, which
// the test may stop and start (never the shared test server).
type pgCluster struct {
	bin, dir, data string
	port           int
	asPostgres     bool // running as root: run the server as the postgres user
}

// startCluster makes and starts a cluster, or skips the test when the
// PostgreSQL server binaries are not installed (.ci/run installs them).
func startCluster(t *testing.T) *pgCluster {
	t.Helper()
	bins, _ := filepath.Glob("/usr/lib/postgresql/*/bin/initdb")
	if len(bins) == 0 {
		t.Skip("PostgreSQL server binaries (/usr/lib/postgresql/*/bin/initdb) not installed: the outage test needs a cluster of its own")
	}
	sort.Strings(bins)
	c := &pgCluster{bin: filepath.Dir(bins[len(bins)-1]), asPostgres: os.Geteuid() == 0}
	dir, err := os.MkdirTemp("", "gongkai-pgdown-")
	if err != nil {
		t.Fatal(err)
	}
	c.dir, c.data = dir, filepath.Join(dir, "data")
	if c.asPostgres {
		pg, err := user.Lookup("postgres")
		if err != nil {
			os.RemoveAll(dir)
			t.Skip("running as root without a postgres user: initdb refuses root")
		}
		uid, _ := strconv.Atoi(pg.Uid)
		gid, _ := strconv.Atoi(pg.Gid)
		if err := os.Chown(dir, uid, gid); err != nil {
			t.Fatal(err)
		}
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	c.port = l.Addr().(*net.TCPAddr).Port
	l.Close()
	t.Cleanup(func() {
		_ = c.ctl("stop", "-m", "immediate")
		os.RemoveAll(dir)
	})
	if out, err := c.run("initdb", "-D", c.data, "-E", "UTF8", "--locale=C.UTF-8", "--auth=trust", "-U", "postgres"); err != nil {
		t.Fatalf("initdb: %v\n%s", err, out)
	}
	if err := c.ctl("start"); err != nil {
		t.Fatal(err)
	}
	return c
}

func (c *pgCluster) run(prog string, args ...string) ([]byte, error) {
	name := filepath.Join(c.bin, prog)
	if c.asPostgres {
		args = append([]string{"-u", "postgres", "--", name}, args...)
		name = "runuser"
	}
	return exec.Command(name, args...).CombinedOutput()
}

func (c *pgCluster) ctl(action string, extra ...string) error {
	args := []string{"-D", c.data, "-w", "-l", filepath.Join(c.dir, "log")}
	if action == "start" {
		args = append(args, "-o", fmt.Sprintf("-p %d -k %s -c listen_addresses=127.0.0.1 -c fsync=off", c.port, c.dir))
	}
	args = append(append(args, action), extra...)
	if out, err := c.run("pg_ctl", args...); err != nil {
		return fmt.Errorf("pg_ctl %s: %v\n%s", action, err, out)
	}
	return nil
}

func (c *pgCluster) url() string {
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable&connect_timeout=2", c.port)
}

// outcome is what one client saw.
type outcome struct {
	status  int
	code    string // the application's code when acknowledged (201)
	retry   string
	message string
	during  bool // sent while the database was down
}

// TestPostgresOutage stops PostgreSQL (immediate: as a crash) under a load
// of six clients submitting applications through the API, keeps it down
// for a few seconds and starts it again. No acknowledged application is
// lost, every one carries its proactive-review flag, the server recovers
// by itself, and while the database is down every answer is 503 with
// Retry-After and a Chinese message: never 401, never 500, never a login
// redirect for a console session, and a posted form is offered again.
func TestPostgresOutage(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	c := startCluster(t)
	ctx := context.Background()
	st, err := store.Open(ctx, c.url())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	cfg := config.Default()
	cfg.DB = st.Where
	var logBuf lockedBuffer
	a, err := app.FromStore(ctx, st, cfg, slog.New(slog.NewTextHandler(&logBuf, nil)), true)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(a.Handler())
	defer srv.Close()
	office, err := st.CreateUser(ctx, auth.System, store.NewUser{Login: "bangongshi", Role: auth.RoleOffice, Password: "Office-Pass-2023"}, auth.PasswordPolicy{MinLength: 10, MinClasses: 3})
	if err != nil {
		t.Fatal(err)
	}
	_, token, err := st.IssueToken(ctx, auth.ActorOf(office, "127.0.0.1"), store.NewToken{UserID: office.ID, Name: "负载测试"})
	if err != nil {
		t.Fatal(err)
	}
	session, err := st.CreateSession(ctx, office, "127.0.0.1", "test", time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := json.Marshal(map[string]any{
		"applicant":   map[string]any{"type": "natural", "name": "张明", "id_number": "37088219900307123" + string(scan.IDCheckChar("37088219900307123")), "phone": "13805371234", "address": "兖州区建设路1号"},
		"description": "请公开本校新建教学楼的建设资金使用情况", "form": "paper", "channel": "in_person", "received_on": time.Now().Format("2006-01-02"),
	})
	// One application first, so that every one under load has an earlier
	// similar one to be flagged against.
	if _, err := st.SubmitRequest(ctx, auth.ActorOf(office, "127.0.0.1"), store.Submission{Application: request.Application{
		Applicant:   request.Applicant{Type: request.Natural, Name: "李华", IDNumber: "37088219900307123" + string(scan.IDCheckChar("37088219900307123")), Phone: "13805371234"},
		Description: "请公开本校新建教学楼的建设资金使用情况", Form: "paper", Channel: request.InPerson}, ReceivedOn: workday.DateOf(time.Now())}); err != nil {
		t.Fatal(err)
	}
	client := &http.Client{Timeout: 20 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	var mu sync.Mutex
	var down bool
	var results []outcome
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for range 6 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				mu.Lock()
				during := down
				mu.Unlock()
				req, _ := http.NewRequest(http.MethodPost, srv.URL+"/api/v1/requests", bytes.NewReader(body))
				req.Header.Set("Authorization", "Bearer "+token)
				req.Header.Set("Content-Type", "application/json")
				resp, err := client.Do(req)
				if err != nil {
					mu.Lock()
					results = append(results, outcome{status: -1, message: err.Error(), during: during})
					mu.Unlock()
					continue
				}
				var out struct {
					Code  string
					Error struct{ Message string }
				}
				_ = json.NewDecoder(resp.Body).Decode(&out)
				resp.Body.Close()
				mu.Lock()
				results = append(results, outcome{status: resp.StatusCode, code: out.Code, retry: resp.Header.Get("Retry-After"), message: out.Error.Message, during: during})
				mu.Unlock()
				if resp.StatusCode == http.StatusServiceUnavailable {
					time.Sleep(20 * time.Millisecond)
				}
			}
		}()
	}
	acked := func() int {
		mu.Lock()
		defer mu.Unlock()
		n := 0
		for _, r := range results {
			if r.status == http.StatusCreated {
				n++
			}
		}
		return n
	}
	waitAcked := func(n int) {
		deadline := time.Now().Add(30 * time.Second)
		for acked() < n {
			if time.Now().After(deadline) {
				close(stop)
				mu.Lock()
				if len(results) > 0 {
					t.Logf("last answer: %+v", results[len(results)-1])
				}
				mu.Unlock()
				t.Fatalf("only %d applications acknowledged, waiting for %d", acked(), n)
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	waitAcked(30)
	// The crash.
	mu.Lock()
	down = true
	mu.Unlock()
	if err := c.ctl("stop", "-m", "immediate"); err != nil {
		close(stop)
		t.Fatal(err)
	}
	beforeDown := acked()
	// While it is down, a console page and a posted form.
	cookie := &http.Cookie{Name: httpx.SessionCookie, Value: session}
	req, _ := http.NewRequest(http.MethodGet, srv.URL+"/admin/requests/", nil)
	req.AddCookie(cookie)
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") == "" || !strings.Contains(string(page), "数据库暂时无法访问") {
		t.Errorf("console page while down: %d %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	for _, sc := range resp.Cookies() {
		if sc.Name == httpx.SessionCookie {
			t.Errorf("the session cookie was touched while the database was down: %v", sc)
		}
	}
	id := "37088219900307123" + string(scan.IDCheckChar("37088219900307123"))
	form := url.Values{"type": {"natural"}, "name": {"张明"}, "id_number": {id}, "phone": {"13805371234"}, "email": {"zhangming@example.com"}, "description": {"请公开"}, "form": {"email"}}.Encode()
	req, _ = http.NewRequest(http.MethodPost, srv.URL+"/apply", strings.NewReader(form))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err = client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	page, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable || !strings.Contains(string(page), `name="description" value="请公开"`) || !strings.Contains(string(page), "重新提交") {
		t.Errorf("portal form while down: %d, form not offered again:\n%s", resp.StatusCode, page)
	}
	time.Sleep(4 * time.Second)
	if err := c.ctl("start"); err != nil {
		close(stop)
		t.Fatal(err)
	}
	mu.Lock()
	down = false
	mu.Unlock()
	waitAcked(beforeDown + 30) // recovered by itself
	close(stop)
	wg.Wait()

	// Every answer was 201 or 503 (with Retry-After and the message).
	var codes []string
	counts := map[string]int{}
	for _, r := range results {
		counts[fmt.Sprintf("%d (down %v)", r.status, r.during)]++
		switch r.status {
		case http.StatusCreated:
			codes = append(codes, r.code)
		case http.StatusServiceUnavailable:
			if r.retry == "" || !strings.Contains(r.message, "稍后重试") {
				t.Errorf("503 without Retry-After or message: %+v", r)
			}
		default:
			t.Errorf("answer %d (%s) — only 201 and 503 are honest here", r.status, r.message)
		}
	}
	if t.Failed() {
		t.Logf("server log:\n%s", logBuf.String())
	}
	t.Logf("answers: %v; %d acknowledged", counts, len(codes))
	if counts["503 (down true)"] == 0 {
		t.Error("no 503 while the database was down")
	}
	// No acknowledged application lost; each carries its flag.
	stored := map[string]int64{}
	rows, err := st.DB().Query(`SELECT r.code, r.id, (SELECT COUNT(*) FROM request_reviews v WHERE v.request_id = r.id) FROM requests r ORDER BY r.id`)
	if err != nil {
		t.Fatal(err)
	}
	first := true
	for rows.Next() {
		var code string
		var id, flags int64
		if err := rows.Scan(&code, &id, &flags); err != nil {
			t.Fatal(err)
		}
		stored[code] = id
		if !first && flags != 1 {
			t.Errorf("request %s has %d proactive-review flags; want 1", code, flags)
		}
		first = false
	}
	rows.Close()
	for _, code := range codes {
		if _, ok := stored[code]; !ok {
			t.Errorf("acknowledged application %s lost", code)
		}
	}
}

// lockedBuffer is a log sink for concurrent handlers.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
