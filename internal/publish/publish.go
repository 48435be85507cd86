// Package publish writes the public portal into a directory as files
// (静态发布), so that a static web server (nginx) serves it — also while
// gongkai is stopped. There is one rendering path: every page is requested
// from the program's own handler, exactly as a visitor would get it, and
// the bytes are written as they come. The list of pages is the portal's
// (web.Server.PublicPages); a full rebuild renders all of them, an update
// only those that the changes since the last run alter (the audit log
// says what changed; web.Server.ChangeKeys which pages that touches).
package publish

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"gongkai/internal/store"
	"gongkai/internal/web"
)

// lockName is the lock file in the published directory (a dot file: the
// nginx configuration refuses dot files).
const lockName = ".gongkai-publish.lock"

// lateWindow is how far back an update looks again for changes whose
// transaction began before the last run but committed after it (their
// audit rows carry smaller ids than rows already seen).
const lateWindow = 30 * time.Minute

// maxFailures is how many failed pages a run records by address.
const maxFailures = 50

// Publisher writes the portal into Dir. Make one per directory with New
// and keep it: it remembers what it wrote since its first run, which is
// always a full rebuild.
type Publisher struct {
	Dir     string
	Site    *web.Server
	Handler http.Handler // the whole program's handler, middleware included
	Store   *store.Store
	BaseURL string // GONGKAI_BASE_URL: the Host of the requests
	Log     *slog.Logger
	Workers int

	mu        sync.Mutex
	published map[string][]string // address → files written for it (nil before the first run)
	seen      map[int64]time.Time // audit rows acted upon within lateWindow
	cursor    int64               // the newest audit row of the last run
	node      string
}

// New returns a publisher into dir.
func New(dir string, site *web.Server, h http.Handler, st *store.Store, baseURL string, log *slog.Logger) (*Publisher, error) {
	if strings.TrimSpace(dir) == "" {
		return nil, errors.New("请指定发布目录（--out 或 GONGKAI_PUBLISH_DIR）")
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("发布目录 %s：%w", dir, err)
	}
	if log == nil {
		log = slog.Default()
	}
	node, _ := os.Hostname()
	return &Publisher{Dir: abs, Site: site, Handler: h, Store: st, BaseURL: baseURL, Log: log,
		Workers: max(2, runtime.GOMAXPROCS(0)), seen: map[int64]time.Time{}, node: node}, nil
}

// Result is what a run did.
type Result struct {
	Full     bool
	Why      string // why a full rebuild ran
	Pages    int    // pages of the published site
	Rendered int
	Written  int // files written (new or changed), compressed copies included
	Deleted  int
	Failed   int
	Failures []store.PublishFailure
	Duration time.Duration
}

// ErrBusy: another process is writing the directory.
var ErrBusy = errors.New("另一个发布进程正在写入该目录，请稍后再试")

// Full renders every page and leaves in the directory exactly the
// published site: changed files rewritten, removed pages' files deleted.
func (p *Publisher) Full(ctx context.Context, why string) (Result, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	unlock, busy, err := lockDir(p.Dir)
	if err != nil {
		return Result{}, err
	}
	if busy {
		return Result{}, ErrBusy
	}
	defer unlock()
	st, err := p.state(ctx)
	if err != nil {
		return Result{}, err
	}
	return p.full(ctx, st, why)
}

// Update publishes what changed since the last run: a full rebuild when
// it is the first run of this process, a new day (pages that depend on
// the date), a 全部重新发布 asked for in the console, or a change that
// reaches every page; else the pages the changes alter, new pages and
// removed ones. ran is false when nothing changed.
func (p *Publisher) Update(ctx context.Context) (res Result, ran bool, err error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	unlock, busy, err := lockDir(p.Dir)
	if err != nil || busy {
		return Result{}, false, err // busy: the other process publishes
	}
	defer unlock()
	st, err := p.state(ctx)
	if err != nil {
		return Result{}, false, err
	}
	now := p.Store.Now()
	req, err := p.Store.LastRebuildRequest(ctx)
	if err != nil {
		return Result{}, false, err
	}
	switch {
	case p.published == nil:
		res, err = p.full(ctx, st, "程序启动后的首次发布")
		return res, true, err
	case st.Day != civilDay(now):
		res, err = p.full(ctx, st, "日期变更（与日期有关的页面）")
		return res, true, err
	case st.AuditCursor < p.cursor:
		// The database went back (a restore): its audit ids may be
		// reused, and everything may differ.
		p.seen = map[int64]time.Time{}
		res, err = p.full(ctx, st, "数据库已恢复到较早的状态")
		return res, true, err
	case req.ID > st.RequestSeen:
		res, err = p.full(ctx, st, "全部重新发布（"+req.By+"）")
		return res, true, err
	}
	changes, err := p.newChanges(ctx, st.AuditCursor, now)
	if err != nil || len(changes) == 0 {
		return Result{}, false, err
	}
	ch, err := p.Site.ChangeKeys(ctx, changes)
	if err != nil {
		return Result{}, false, err
	}
	st.AuditCursor = max(st.AuditCursor, changes[len(changes)-1].ID)
	p.cursor = st.AuditCursor
	p.markSeen(changes, now)
	if ch.Full {
		res, err = p.full(ctx, st, ch.Why)
		return res, true, err
	}
	if len(ch.Keys) == 0 {
		// Nothing public changed: remember the rows, write no file.
		return Result{}, false, p.Store.SavePublishState(ctx, st)
	}
	res, err = p.run(ctx, st, false, func(pg web.PublicPage) bool { return ch.Alters(pg.Keys) })
	return res, true, err
}

// state reads the directory's last run (a zero one before the first).
func (p *Publisher) state(ctx context.Context) (store.PublishState, error) {
	st, err := p.Store.PublishStateOf(ctx, p.Dir)
	if err != nil && !store.IsNotFound(err) {
		return st, err
	}
	st.Dir = p.Dir
	return st, nil
}

// newChanges reads the audit rows this publisher has not acted upon.
func (p *Publisher) newChanges(ctx context.Context, cursor int64, now time.Time) ([]store.AuditChange, error) {
	rows, err := p.Store.AuditChanges(ctx, cursor, now.Add(-lateWindow))
	if err != nil {
		return nil, err
	}
	out := rows[:0]
	for _, c := range rows {
		if _, ok := p.seen[c.ID]; !ok {
			out = append(out, c)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}

func (p *Publisher) markSeen(changes []store.AuditChange, now time.Time) {
	for id, at := range p.seen {
		if at.Before(now.Add(-2 * lateWindow)) {
			delete(p.seen, id)
		}
	}
	for _, c := range changes {
		p.seen[c.ID] = c.At
	}
}

func (p *Publisher) full(ctx context.Context, st store.PublishState, why string) (Result, error) {
	// What a full run renders includes every change up to here: note the
	// newest audit row and the recent ones so that updates start after them.
	now := p.Store.Now()
	cursor, err := p.Store.MaxAuditID(ctx)
	if err != nil {
		return Result{}, err
	}
	recent, err := p.Store.AuditChanges(ctx, cursor, now.Add(-lateWindow))
	if err != nil {
		return Result{}, err
	}
	req, err := p.Store.LastRebuildRequest(ctx)
	if err != nil {
		return Result{}, err
	}
	p.markSeen(recent, now)
	st.AuditCursor, st.RequestSeen, st.Day = cursor, max(st.RequestSeen, req.ID), civilDay(now)
	p.cursor = cursor
	p.Log.Info("静态发布：全部重新发布", "dir", p.Dir, "why", why)
	res, err := p.run(ctx, st, true, func(web.PublicPage) bool { return true })
	res.Why = why
	return res, err
}

// run renders the pages that pick selects, plus pages new since the last
// run, writes what changed, and deletes the files of pages that are gone.
// A full run also sweeps every other file out of the directory.
func (p *Publisher) run(ctx context.Context, st store.PublishState, full bool, pick func(web.PublicPage) bool) (Result, error) {
	start := time.Now()
	res := Result{Full: full}
	st.Started = p.Store.Now()
	var todo []web.PublicPage
	current := map[string]bool{}
	gzPages := map[string]bool{}
	err := p.Site.PublicPages(ctx, func(pg web.PublicPage) error {
		if current[pg.Path] {
			return nil
		}
		current[pg.Path] = true
		if strings.HasSuffix(pg.Path, ".gz") {
			gzPages[strings.TrimSuffix(pg.Path, ".gz")] = true
		}
		if _, had := p.published[pg.Path]; full || !had || pick(pg) {
			todo = append(todo, pg)
		}
		return nil
	})
	if err != nil {
		return res, fmt.Errorf("列出公开页面：%w", err)
	}
	if p.published == nil {
		p.published = map[string][]string{}
	}
	var failed []string

	type outcome struct {
		path    string
		files   []string
		written int
		gone    bool
		err     error
	}
	jobs := make(chan web.PublicPage)
	results := make(chan outcome)
	var wg sync.WaitGroup
	for i := 0; i < p.Workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for pg := range jobs {
				files, written, gone, err := p.publishPage(ctx, pg, !gzPages[pg.Path])
				results <- outcome{pg.Path, files, written, gone, err}
			}
		}()
	}
	go func() {
		defer close(jobs)
		for _, pg := range todo {
			select {
			case jobs <- pg:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() { wg.Wait(); close(results) }()
	for o := range results {
		res.Rendered++
		switch {
		case o.err != nil:
			failed = append(failed, o.path)
			res.Failed++
			if len(res.Failures) < maxFailures {
				res.Failures = append(res.Failures, store.PublishFailure{Path: o.path, Error: o.err.Error()})
			}
			p.Log.Warn("静态发布：页面失败", "path", o.path, "err", o.err)
		case o.gone:
			delete(current, o.path)
			n, err := p.removePage(o.path)
			res.Deleted += n
			if err != nil {
				res.Failed++
			}
		default:
			p.published[o.path] = o.files
			res.Written += o.written
		}
	}
	if err := ctx.Err(); err != nil {
		return res, err
	}
	// Pages that are no longer public.
	for path := range p.published {
		if !current[path] {
			n, err := p.removePage(path)
			res.Deleted += n
			if err != nil {
				res.Failed++
				if len(res.Failures) < maxFailures {
					res.Failures = append(res.Failures, store.PublishFailure{Path: path, Error: err.Error()})
				}
			}
		}
	}
	if full {
		keep := map[string]bool{}
		for _, files := range p.published {
			for _, f := range files {
				keep[f] = true
			}
		}
		for _, path := range failed {
			// A page that failed this time keeps the file it had.
			for _, ct := range []string{"text/html", ""} {
				if f, err := FilePath(p.Dir, path, ct); err == nil {
					keep[f], keep[f+".gz"] = true, true
				}
			}
		}
		n, err := sweep(p.Dir, keep)
		res.Deleted += n
		if err != nil {
			return res, fmt.Errorf("清理发布目录：%w", err)
		}
	}
	res.Pages = len(p.published)
	res.Duration = time.Since(start)
	st.Node, st.Finished, st.Full = p.node, p.Store.Now(), full
	if full {
		st.LastFull = st.Finished
	}
	st.Pages, st.Rendered, st.Written, st.Deleted, st.Failed, st.Failures = res.Pages, res.Rendered, res.Written, res.Deleted, res.Failed, res.Failures
	st.Duration, st.Error = res.Duration, ""
	if res.Failed > 0 {
		st.Error = fmt.Sprintf("%d 个页面发布失败", res.Failed)
	}
	if err := p.Store.SavePublishState(ctx, st); err != nil {
		return res, err
	}
	p.Log.Info("静态发布完成", "dir", p.Dir, "full", full, "pages", res.Pages, "rendered", res.Rendered, "written", res.Written,
		"deleted", res.Deleted, "failed", res.Failed, "duration", res.Duration.Round(time.Millisecond))
	return res, nil
}

func (p *Publisher) removePage(path string) (int, error) {
	files, ok := p.published[path]
	delete(p.published, path)
	if !ok {
		return 0, nil
	}
	n := 0
	for _, f := range files {
		if strings.HasSuffix(f, ".gz") {
			continue // removeFile takes the copy with its file
		}
		removed, err := removeFile(p.Dir, f)
		if err != nil {
			return n, err
		}
		if removed {
			n++
		}
	}
	return n, nil
}

// publishPage renders one page through the handler and writes it (and its
// compressed copy). gone: the page no longer exists (404/410).
func (p *Publisher) publishPage(ctx context.Context, pg web.PublicPage, withGzip bool) (files []string, written int, gone bool, err error) {
	path := pg.Path
	status, ctype, body, err := p.Render(ctx, path)
	if err != nil {
		return nil, 0, false, err
	}
	want := cmp.Or(pg.Status, http.StatusOK)
	switch {
	case status == want:
	case status == http.StatusNotFound || status == http.StatusGone:
		return nil, 0, true, nil
	default:
		return nil, 0, false, fmt.Errorf("页面返回 %d", status)
	}
	name, err := FilePath(p.Dir, path, ctype)
	if err != nil {
		return nil, 0, false, err
	}
	changed, err := writeFile(name, body)
	if err != nil {
		return nil, 0, false, err
	}
	files = []string{name}
	if changed {
		written++
	}
	if withGzip && compressible(ctype) && len(body) >= gzipMinSize {
		_, statErr := os.Stat(name + ".gz")
		if changed || statErr != nil {
			gz, err := gzipBytes(body)
			if err != nil {
				return nil, written, false, err
			}
			if ok, err := writeFile(name+".gz", gz); err != nil {
				return nil, written, false, err
			} else if ok {
				written++
			}
		}
		files = append(files, name+".gz")
	} else if withGzip {
		os.Remove(name + ".gz") // no stale copy of an older, larger version
	}
	return files, written, false, nil
}

// Render requests the page at path from the program's handler, as an
// anonymous visitor at GONGKAI_BASE_URL would, with no cache in between.
func (p *Publisher) Render(ctx context.Context, path string) (status int, contentType string, body []byte, err error) {
	u, err := url.Parse(strings.TrimRight(p.BaseURL, "/"))
	if err != nil || u.Host == "" {
		return 0, "", nil, fmt.Errorf("GONGKAI_BASE_URL 无效：%q", p.BaseURL)
	}
	u.Path, u.RawPath = path, ""
	req, err := http.NewRequestWithContext(web.Fresh(ctx), http.MethodGet, u.String(), nil)
	if err != nil {
		return 0, "", nil, err
	}
	req.RemoteAddr = "127.0.0.1:0"
	rec := httptest.NewRecorder()
	p.Handler.ServeHTTP(rec, req)
	return rec.Code, rec.Header().Get("Content-Type"), rec.Body.Bytes(), nil
}

// civilDay is the date in the site's time zone.
func civilDay(t time.Time) string { return t.In(web.Shanghai()).Format("2006-01-02") }
