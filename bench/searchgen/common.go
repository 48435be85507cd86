// Command searchgen is the search benchmark's tool box (bench/search.sh):
// the dense corpus and its queries (gen), the anchor — plain SQLite FTS5
// over Go bigrams with full bm25 ranking, as ../shared/searchbench
// measures it (anchor-build, anchor-query) —, a client that runs the
// queries against a server over HTTP (http), and the quality checker
// (check).
//
//	searchgen gen -n 100000 -out DIR/docs.jsonl -queries DIR/queries.tsv -csv DIR/docs.csv
//	searchgen anchor-build -corpus DIR/docs.jsonl -db DIR/anchor.db
//	searchgen anchor-query -db DIR/anchor.db -queries DIR/queries.tsv -out DIR/out/anchor
//	searchgen http -base http://127.0.0.1:8080 -queries DIR/queries.tsv -out DIR/out/gk
//	searchgen check -corpus DIR/docs.jsonl -anchor DIR/out/anchor -gk DIR/out/gk
package main

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: searchgen gen|anchor-build|anchor-query|http|check|rss|pgschema|report [flags]")
		os.Exit(2)
	}
	args := os.Args[2:]
	switch os.Args[1] {
	case "gen":
		genMain(args)
	case "anchor-build":
		anchorBuild(args)
	case "anchor-query":
		anchorQuery(args)
	case "http":
		httpMain(args)
	case "check":
		checkMain(args)
	case "rss":
		rssMain(args)
	case "pgschema":
		pgSchemaMain(args)
	case "report":
		reportMain(args)
	default:
		fmt.Fprintln(os.Stderr, "searchgen: unknown command", os.Args[1])
		os.Exit(2)
	}
}

// Doc is one generated document.
type Doc struct {
	ID    int    `json:"id"`
	Docno string `json:"docno"`
	Title string `json:"title"`
	Body  string `json:"body"`
}

// eachDoc streams a docs.jsonl.
func eachDoc(path string, fn func(d *Doc) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		var d Doc
		if err := json.Unmarshal(sc.Bytes(), &d); err != nil {
			return err
		}
		if err := fn(&d); err != nil {
			return err
		}
	}
	return sc.Err()
}

// Query is one benchmark query.
type Query struct {
	ID    int      `json:"id"`
	Kind  string   `json:"kind"`
	Text  string   `json:"q"`
	Words []string `json:"-"`
}

func loadQueries(path string) []Query {
	b, err := os.ReadFile(path)
	must(err)
	var qs []Query
	for _, l := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		f := strings.SplitN(l, "\t", 3)
		var q Query
		fmt.Sscan(f[0], &q.ID)
		q.Kind, q.Text = f[1], f[2]
		q.Words = strings.Fields(q.Text)
		qs = append(qs, q)
	}
	return qs
}

// Hit is one result of a query.
type Hit struct {
	ID    int     `json:"id"`
	Docno string  `json:"docno,omitempty"`
	Title string  `json:"title"`
	Snip  string  `json:"snip,omitempty"`
	Score float64 `json:"score,omitempty"`
	Match string  `json:"match,omitempty"`
}

// Result is what a run records of one query.
type Result struct {
	Query
	LatMs float64 `json:"lat_ms"`
	Total int     `json:"total"`
	Hits  []Hit   `json:"hits"`
}

// Summary is the latency of a run.
type Summary struct {
	Engine  string             `json:"engine"`
	N       int                `json:"n"`
	P50     float64            `json:"p50_ms"`
	P95     float64            `json:"p95_ms"`
	P99     float64            `json:"p99_ms"`
	Max     float64            `json:"max_ms"`
	Mean    float64            `json:"mean_ms"`
	KindP50 map[string]float64 `json:"kind_p50_ms"`
	KindP95 map[string]float64 `json:"kind_p95_ms"`
}

func pct(s []float64, p float64) float64 {
	if len(s) == 0 {
		return 0
	}
	i := int(p*float64(len(s))+0.999999) - 1
	return s[max(0, min(i, len(s)-1))]
}

// run times search over the queries: pass 1 warms up, pass 2 is recorded.
func run(engine string, qs []Query, out string, search func(q Query) (int, []Hit, error)) Summary {
	for _, q := range qs {
		_, _, err := search(q)
		must(err)
	}
	f, err := os.Create(out + ".results.jsonl")
	must(err)
	defer f.Close()
	w := bufio.NewWriter(f)
	defer w.Flush()
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	var lat []float64
	kind := map[string][]float64{}
	sum := 0.0
	for _, q := range qs {
		t := time.Now()
		tot, hits, err := search(q)
		d := float64(time.Since(t).Microseconds()) / 1000
		must(err)
		lat = append(lat, d)
		kind[q.Kind] = append(kind[q.Kind], d)
		sum += d
		enc.Encode(Result{Query: q, LatMs: d, Total: tot, Hits: hits})
	}
	sort.Float64s(lat)
	s := Summary{Engine: engine, N: len(lat), P50: pct(lat, .5), P95: pct(lat, .95), P99: pct(lat, .99), Max: lat[len(lat)-1],
		Mean: sum / float64(len(lat)), KindP50: map[string]float64{}, KindP95: map[string]float64{}}
	for k, v := range kind {
		sort.Float64s(v)
		s.KindP50[k], s.KindP95[k] = pct(v, .5), pct(v, .95)
	}
	b, _ := json.MarshalIndent(s, "", "  ")
	must(os.WriteFile(out+".summary.json", b, 0o644))
	return s
}

func loadResults(prefix string) map[int]Result {
	f, err := os.Open(prefix + ".results.jsonl")
	must(err)
	defer f.Close()
	out := map[int]Result{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		var r Result
		must(json.Unmarshal(sc.Bytes(), &r))
		r.Words = strings.Fields(r.Text)
		out[r.ID] = r
	}
	return out
}

func must(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "searchgen:", err)
		os.Exit(1)
	}
}

// listingWriter writes the documents as a listing for gongkai import
// documents, as ../shared/searchbench/scripts/tocsv.py does: the date from
// the body's last line (else 1 January of the year in its first
// paragraph), the issuer from the line above it.
type listingWriter struct {
	f *os.File
	b *bufio.Writer
	w *csv.Writer
}

var (
	dateRe = regexp.MustCompile(`(\d{4})年(\d{1,2})月(\d{1,2})日\s*$`)
	yearRe = regexp.MustCompile(`现就(\d{4})年`)
	signRe = regexp.MustCompile(`\n([^\n]{2,40})\n\d{4}年\d{1,2}月\d{1,2}日\s*$`)
)

func newListingWriter(path string) *listingWriter {
	f, err := os.Create(path)
	must(err)
	b := bufio.NewWriterSize(f, 1<<20)
	w := csv.NewWriter(b)
	must(w.Write([]string{"标题", "文号", "发布机构", "成文日期", "发布日期", "主题分类", "有效性", "正文"}))
	return &listingWriter{f, b, w}
}

func (l *listingWriter) write(d Doc) {
	date := ""
	if m := dateRe.FindStringSubmatch(d.Body); m != nil {
		mo, _ := strconv.Atoi(m[2])
		da, _ := strconv.Atoi(m[3])
		date = fmt.Sprintf("%s-%02d-%02d", m[1], mo, da)
	} else if y := yearRe.FindStringSubmatch(d.Body); y != nil {
		date = y[1] + "-01-01"
	} else {
		date = "2018-01-01"
	}
	issuer := ""
	if m := signRe.FindStringSubmatch(d.Body); m != nil {
		issuer = m[1]
	}
	must(l.w.Write([]string{d.Title, d.Docno, issuer, date, date, "教育", "有效", d.Body}))
}

func (l *listingWriter) close() {
	l.w.Flush()
	must(l.w.Error())
	must(l.b.Flush())
	must(l.f.Close())
}
