package main

// The same queries over HTTP (GET /api/v1/search), one client, one query
// after another: pass 1 warms up, pass 2 is recorded.

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

func httpMain(args []string) {
	fs := flag.NewFlagSet("http", flag.ExitOnError)
	base := fs.String("base", "http://127.0.0.1:8080", "")
	qp := fs.String("queries", "queries.tsv", "")
	out := fs.String("out", "out/gk", "")
	engine := fs.String("engine", "gongkai-http", "")
	fs.Parse(args)
	qs := loadQueries(*qp)
	cl := &http.Client{Timeout: 60 * time.Second}
	s := run(*engine, qs, *out, func(q Query) (int, []Hit, error) {
		resp, err := cl.Get(*base + "/api/v1/search?q=" + url.QueryEscape(q.Text))
		if err != nil {
			return 0, nil, err
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err == nil && resp.StatusCode != 200 {
			err = fmt.Errorf("status %d: %.200s", resp.StatusCode, body)
		}
		if err != nil {
			return 0, nil, err
		}
		var v struct {
			Total   int `json:"total"`
			Results []struct {
				ID      int    `json:"id"`
				Title   string `json:"title"`
				Snippet string `json:"snippet"`
				Match   string `json:"match"`
				DocNo   string `json:"doc_no"`
			} `json:"results"`
		}
		if err := json.Unmarshal(body, &v); err != nil {
			return 0, nil, err
		}
		var hits []Hit
		for i, r := range v.Results {
			if i == 10 {
				break
			}
			snip := strings.NewReplacer("<mark>", "【", "</mark>", "】").Replace(r.Snippet)
			hits = append(hits, Hit{ID: r.ID, Docno: r.DocNo, Title: r.Title, Snip: snip, Match: r.Match})
		}
		return v.Total, hits, nil
	})
	b, _ := json.Marshal(s)
	fmt.Println(string(b))
}

func rssMain(args []string) {
	fs := flag.NewFlagSet("rss", flag.ExitOnError)
	pid := fs.String("pid", "", "")
	fs.Parse(args)
	fmt.Printf("{\"vmrss_kib\": %d, \"vmhwm_kib\": %d}\n", procStatus(*pid, "VmRSS"), procStatus(*pid, "VmHWM"))
}
