// Command exchangepush measures how long a published document takes to
// reach a push subscriber of the exchange (issue 14: "within a minute of
// a change"), end to end through a real `gongkai serve --demo`: its job
// scheduler, the sequencer, the outbox and a signed POST.
//
// It starts the server on a new SQLite file, makes API tokens with the
// CLI, adds a subscriber (a receiver in this process that verifies every
// signature with the secret; it receives the changes numbered after it
// was added, docs/api-exchange.md), then n times
// publishes a document through the API (draft and submit by the unit,
// pass by the reviewer, sign by the leader) and times from the sign's
// answer to the POST carrying that document. Prints each latency and
// min / median / max.
//
//	go run ./bench/exchangepush -bin /tmp/gongkai -n 5
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"gongkai/internal/exchange"
)

func main() {
	bin := flag.String("bin", "", "the gongkai binary (go build -o … ./cmd/gongkai)")
	n := flag.Int("n", 5, "documents to publish and time")
	flag.Parse()
	if *bin == "" {
		log.Fatal("-bin is required")
	}
	dir, err := os.MkdirTemp("", "exchangepush-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	db := filepath.Join(dir, "gongkai.db")
	addr := freeAddr()
	base := "http://" + addr

	srv := exec.Command(*bin, "serve", "--demo", "--db", db, "--addr", addr)
	srv.Stdout, srv.Stderr = io.Discard, io.Discard
	if err := srv.Start(); err != nil {
		log.Fatal(err)
	}
	defer func() { _ = srv.Process.Kill(); _, _ = srv.Process.Wait() }()
	waitUp(base)

	token := func(login string) string {
		out, err := exec.Command(*bin, "token", "create", "--login", login, "--name", "bench", "--db", db).Output()
		if err != nil {
			log.Fatalf("token for %s: %v", login, err)
		}
		return strings.TrimSpace(string(out))
	}
	admin, unit, reviewer, leader := token("admin"), token("jijiaoke"), token("shencha"), token("fenguan")
	out, err := exec.Command(*bin, "token", "create", "--login", "bangongshi", "--permission", "exchange", "--db", db).Output()
	if err != nil {
		log.Fatalf("exchange token: %v", err)
	}
	var cat struct {
		Items []struct {
			ID int64 `json:"id"`
		} `json:"catalog_items"`
	}
	call(base, strings.TrimSpace(string(out)), "GET", "/api/v1/exchange/catalog?limit=1", nil, &cat)
	if len(cat.Items) == 0 {
		log.Fatal("the catalogue walk is empty")
	}

	rc := &receiver{arrived: map[int64]time.Time{}}
	hook := httptest.NewServer(rc)
	defer hook.Close()
	var sub struct {
		Secret string `json:"secret"`
	}
	call(base, admin, "POST", "/api/v1/exchange/subscribers", map[string]any{"name": "测量用订阅", "url": hook.URL + "/hook", "kinds": []string{"document"}}, &sub)
	rc.setSecret(sub.Secret)

	var lat []time.Duration
	for i := 0; i < *n; i++ {
		var d struct {
			ID int64 `json:"id"`
		}
		call(base, unit, "POST", "/api/v1/documents", map[string]any{"title": fmt.Sprintf("关于做好第%d批课后服务工作的通知", i+1),
			"doc_no": fmt.Sprintf("济兖教体字〔2023〕%d号", 40+i), "written_on": "2023-09-01", "genre": "通知公告", "topic": "教育",
			"attribute": "主动公开", "catalog_item_id": cat.Items[0].ID, "body": "<p>各学校：请认真做好课后服务工作。</p>"}, &d)
		path := fmt.Sprintf("/api/v1/documents/%d/actions", d.ID)
		call(base, unit, "POST", path, map[string]any{"action": "submit"}, nil)
		call(base, reviewer, "POST", path, map[string]any{"action": "pass"}, nil)
		call(base, leader, "POST", path, map[string]any{"action": "sign"}, nil)
		signed := time.Now()
		for {
			if at, ok := rc.at(d.ID); ok {
				lat = append(lat, at.Sub(signed))
				fmt.Printf("document %d: delivered %.1f s after publication\n", d.ID, at.Sub(signed).Seconds())
				break
			}
			if time.Since(signed) > 3*time.Minute {
				log.Fatalf("document %d not delivered within 3 minutes", d.ID)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	slices.Sort(lat)
	fmt.Printf("push latency over %d publications: min %.1f s, median %.1f s, max %.1f s; %d POSTs, %d bad signatures\n",
		len(lat), lat[0].Seconds(), lat[len(lat)/2].Seconds(), lat[len(lat)-1].Seconds(), rc.posts, rc.bad)
}

// receiver verifies each delivery's signature and notes when each
// document first arrived.
type receiver struct {
	mu      sync.Mutex
	secret  string
	posts   int
	bad     int
	arrived map[int64]time.Time
}

func (rc *receiver) setSecret(s string) { rc.mu.Lock(); rc.secret = s; rc.mu.Unlock() }

func (rc *receiver) at(id int64) (time.Time, bool) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	t, ok := rc.arrived[id]
	return t, ok
}

func (rc *receiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	now := time.Now()
	body, _ := io.ReadAll(r.Body)
	rc.mu.Lock()
	defer rc.mu.Unlock()
	rc.posts++
	if rc.secret == "" || !exchange.Verify(rc.secret, r.Header.Get(exchange.HeaderSignature), r.Header.Get(exchange.HeaderTimestamp), body, now, 5*time.Minute) {
		rc.bad++
		http.Error(w, "bad signature", http.StatusUnauthorized)
		return
	}
	var p exchange.Push
	if err := json.Unmarshal(body, &p); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	for _, c := range p.Changes {
		if id, ok := c["id"].(float64); ok {
			if _, seen := rc.arrived[int64(id)]; !seen {
				rc.arrived[int64(id)] = now
			}
		}
	}
}

func call(base, token, method, path string, in, out any) {
	var body io.Reader
	if in != nil {
		b, _ := json.Marshal(in)
		body = bytes.NewReader(b)
	}
	req, _ := http.NewRequestWithContext(context.Background(), method, base+path, body)
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		log.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	if resp.StatusCode/100 != 2 {
		log.Fatalf("%s %s: %d %s", method, path, resp.StatusCode, data)
	}
	if out != nil {
		if err := json.Unmarshal(data, out); err != nil {
			log.Fatalf("%s %s: %v", method, path, err)
		}
	}
}

func freeAddr() string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		log.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

func waitUp(base string) {
	deadline := time.Now().Add(3 * time.Minute)
	for time.Now().Before(deadline) {
		if resp, err := http.Get(base + "/"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return
			}
		}
		time.Sleep(200 * time.Millisecond)
	}
	log.Fatal("gongkai serve did not answer within 3 minutes")
}
