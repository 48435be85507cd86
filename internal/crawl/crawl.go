// Package crawl is the bounded crawler of the site inspection: it fetches
// the pages of one site (its own portal, or a school's site it does not
// hold) within limits of pages, depth, rate, time and size, honours
// robots.txt, speaks only http and https, never leaves the host (nor
// follows a redirect to another host) unless external checking is on,
// and reports each page's text, dates and links, and every link or asset
// that does not resolve.
package crawl

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"sync"
	"time"

	"gongkai"
	"gongkai/internal/workday"
)

// Options bound a crawl. Zero fields take the defaults of Defaults.
type Options struct {
	MaxPages            int           // pages fetched and read (HTML)
	MaxDepth            int           // link hops from the start page
	MaxResources        int           // assets and non-HTML links checked
	Delay               time.Duration // between two requests to the site (robots.txt Crawl-delay may raise it, up to MaxDelay)
	MaxTime             time.Duration // the whole crawl, external checks included
	Timeout             time.Duration // one request
	MaxBytes            int64         // a page larger than this is skipped, with the reason
	External            bool          // check links to other sites (and follow redirects there)
	ExternalConcurrency int
	MaxExternal         int
	UserAgent           string
	Client              *http.Client // tests; nil builds one
}

// Defaults are the limits when a field is zero.
var Defaults = Options{
	MaxPages: 300, MaxDepth: 4, MaxResources: 600, Delay: 100 * time.Millisecond, MaxTime: 3 * time.Minute,
	Timeout: 15 * time.Second, MaxBytes: 5 << 20, ExternalConcurrency: 4, MaxExternal: 200,
	UserAgent: "gongkai-inspect/1.0 (政府网站自查)",
}

// MaxDelay caps a Crawl-delay from robots.txt.
const MaxDelay = 10 * time.Second

func (o Options) withDefaults() Options {
	d := Defaults
	if o.MaxPages > 0 {
		d.MaxPages = o.MaxPages
	}
	if o.MaxDepth > 0 {
		d.MaxDepth = o.MaxDepth
	}
	if o.MaxResources > 0 {
		d.MaxResources = o.MaxResources
	}
	if o.Delay > 0 {
		d.Delay = o.Delay
	}
	if o.MaxTime > 0 {
		d.MaxTime = o.MaxTime
	}
	if o.Timeout > 0 {
		d.Timeout = o.Timeout
	}
	if o.MaxBytes > 0 {
		d.MaxBytes = o.MaxBytes
	}
	if o.ExternalConcurrency > 0 {
		d.ExternalConcurrency = o.ExternalConcurrency
	}
	if o.MaxExternal > 0 {
		d.MaxExternal = o.MaxExternal
	}
	if o.UserAgent != "" {
		d.UserAgent = o.UserAgent
	}
	d.External, d.Client = o.External, o.Client
	return d
}

// Page is one fetched page.
type Page struct {
	URL         string
	From        string // the page that linked here ("" for the start page)
	Depth       int
	Status      int
	Error       string // could not be fetched
	Skipped     string // fetched but not read, and why (too large, redirected off the site)
	ContentType string
	Title       string
	Text        string // visible text
	Meta        map[string]string
	Dates       []workday.Date // dates written on the page, newest first
	PubDate     workday.Date   // the page's own publish date (meta PubDate or 发布日期：…)
	Elapsed     time.Duration
}

// Broken is a link or asset that does not resolve.
type Broken struct {
	From   string // the page that links to it
	URL    string
	Detail string
}

// Result is what a crawl found.
type Result struct {
	Base     string
	Started  time.Time
	Elapsed  time.Duration
	Pages    []Page
	Broken   []Broken
	Notes    []string // refused or skipped, with the reason
	Checked  int      // links and assets checked besides the pages
	External int      // links to other sites seen
	Stopped  string   // why the crawl stopped early, if it did
}

// Home is the start page (nil if it was not fetched).
func (r *Result) Home() *Page {
	if len(r.Pages) == 0 {
		return nil
	}
	return &r.Pages[0]
}

// Unreachable is the start page's error, if it could not be opened.
func (r *Result) Unreachable() string {
	h := r.Home()
	switch {
	case h == nil:
		return "未能访问"
	case h.Error != "":
		return h.Error
	case h.Status >= 400:
		return fmt.Sprintf("HTTP %d", h.Status)
	}
	return ""
}

// Page returns the fetched page at u (nil if not fetched).
func (r *Result) Page(u string) *Page {
	for i := range r.Pages {
		if r.Pages[i].URL == u {
			return &r.Pages[i]
		}
	}
	return nil
}

// ParseBase checks the address to crawl: http or https with a host.
func ParseBase(raw string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Host == "" {
		return nil, gongkai.Errorf(gongkai.EINVALID, "网址“%s”无法识别，请写成 https://www.example.gov.cn/ 这样的完整地址", raw)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, gongkai.Errorf(gongkai.EINVALID, "只能检查 http:// 或 https:// 开头的网址，“%s”不是", raw)
	}
	if u.Path == "" {
		u.Path = "/"
	}
	u.Fragment = ""
	return u, nil
}

type crawler struct {
	o        Options
	base     *url.URL
	client   *http.Client
	robots   *Robots
	delay    time.Duration
	last     time.Time
	res      *Result
	seen     map[string]bool
	external map[string]string // url → the page that links to it
}

type queued struct {
	url, from string
	depth     int
}

var errOffHost = errors.New("off host")

// Crawl crawls the site at base within o. The error is only for a base
// that is not an http(s) address; everything else is in the result.
func Crawl(ctx context.Context, base string, o Options) (*Result, error) {
	u, err := ParseBase(base)
	if err != nil {
		return nil, err
	}
	o = o.withDefaults()
	ctx, cancel := context.WithTimeout(ctx, o.MaxTime)
	defer cancel()
	c := &crawler{o: o, base: u, res: &Result{Base: u.String(), Started: time.Now()}, seen: map[string]bool{}, external: map[string]string{}, delay: o.Delay}
	c.client = o.Client
	if c.client == nil {
		c.client = &http.Client{}
	}
	cl := *c.client
	cl.Timeout = o.Timeout
	cl.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if len(via) >= 5 {
			return errors.New("重定向次数过多")
		}
		if !o.External && !sameHost(req.URL, u) {
			return fmt.Errorf("%w: %s", errOffHost, req.URL.Redacted())
		}
		if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
			return fmt.Errorf("重定向到非 http(s) 地址 %s", req.URL.Redacted())
		}
		return nil
	}
	c.client = &cl
	c.loadRobots(ctx)
	queue := []queued{{url: u.String(), depth: 0}}
	c.seen[u.String()] = true
	resources := map[string]string{} // same-host assets and non-page links → linking page
	var resOrder []string
	for len(queue) > 0 {
		if ctx.Err() != nil {
			c.res.Stopped = fmt.Sprintf("已达到检查时限 %s，未检查完", o.MaxTime)
			break
		}
		if len(c.res.Pages) >= o.MaxPages {
			c.res.Stopped = fmt.Sprintf("已达到页面数上限 %d，其余页面未检查", o.MaxPages)
			break
		}
		q := queue[0]
		queue = queue[1:]
		p, links := c.fetchPage(ctx, q)
		c.res.Pages = append(c.res.Pages, p)
		for _, l := range links {
			switch {
			case !sameHost(l.u, u):
				c.res.External++
				if _, ok := c.external[l.u.String()]; !ok {
					c.external[l.u.String()] = p.URL
				}
			case l.page && q.depth < o.MaxDepth:
				if s := l.u.String(); !c.seen[s] {
					c.seen[s] = true
					queue = append(queue, queued{url: s, from: p.URL, depth: q.depth + 1})
				}
			case !l.page:
				if s := l.u.String(); !c.seen[s] {
					if _, ok := resources[s]; !ok {
						resources[s] = p.URL
						resOrder = append(resOrder, s)
					}
				}
			}
		}
	}
	// Same-host assets, then other sites when asked.
	for i, s := range resOrder {
		if ctx.Err() != nil {
			c.res.Stopped = fmt.Sprintf("已达到检查时限 %s，未检查完", o.MaxTime)
			break
		}
		if i >= o.MaxResources {
			c.res.Notes = append(c.res.Notes, fmt.Sprintf("附件和资源链接超过 %d 个，其余 %d 个未检查", o.MaxResources, len(resOrder)-i))
			break
		}
		c.checkResource(ctx, resources[s], s)
	}
	if o.External {
		c.checkExternal(ctx)
	} else if c.res.External > 0 {
		c.res.Notes = append(c.res.Notes, fmt.Sprintf("有 %d 处指向其他网站的链接，未开启外部链接检查", len(c.external)))
	}
	c.res.Elapsed = time.Since(c.res.Started)
	return c.res, nil
}

func sameHost(a, b *url.URL) bool { return strings.EqualFold(a.Host, b.Host) }

// wait keeps the delay between two requests to the site.
func (c *crawler) wait(ctx context.Context) error {
	if !c.last.IsZero() {
		if d := c.delay - time.Since(c.last); d > 0 {
			t := time.NewTimer(d)
			defer t.Stop()
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-t.C:
			}
		}
	}
	c.last = time.Now()
	return nil
}

func (c *crawler) loadRobots(ctx context.Context) {
	ru := *c.base
	ru.Path, ru.RawQuery = "/robots.txt", ""
	if c.wait(ctx) != nil {
		return
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, ru.String(), nil)
	if err != nil {
		return
	}
	req.Header.Set("User-Agent", c.o.UserAgent)
	resp, err := c.client.Do(req)
	if err != nil {
		return
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return // no robots.txt: everything is allowed
	}
	b, _ := io.ReadAll(io.LimitReader(resp.Body, MaxRobotsBytes))
	c.robots = ParseRobots(string(b), "gongkai-inspect")
	if c.robots.Delay > c.delay {
		c.delay = min(c.robots.Delay, MaxDelay)
	}
}

func (c *crawler) allowed(u *url.URL) bool {
	return c.robots.Allowed(u.EscapedPath() + queryPart(u))
}

func queryPart(u *url.URL) string {
	if u.RawQuery == "" {
		return ""
	}
	return "?" + u.RawQuery
}

// fetchPage fetches and reads one page, returning it and its links.
func (c *crawler) fetchPage(ctx context.Context, q queued) (Page, []link) {
	p := Page{URL: q.url, From: q.from, Depth: q.depth}
	u, _ := url.Parse(q.url)
	if !c.allowed(u) {
		p.Skipped = "robots.txt 不允许抓取"
		c.res.Notes = append(c.res.Notes, "robots.txt 不允许抓取 "+q.url)
		return p, nil
	}
	if err := c.wait(ctx); err != nil {
		p.Error = "检查超时"
		return p, nil
	}
	start := time.Now()
	resp, err := c.get(ctx, q.url)
	p.Elapsed = time.Since(start)
	if err != nil {
		if errors.Is(err, errOffHost) {
			p.Skipped = "重定向到其他网站，未跟随：" + offHostTarget(err)
			c.res.Notes = append(c.res.Notes, q.url+" "+p.Skipped)
			return p, nil
		}
		p.Error = describe(err, c.o.Timeout)
		if q.from != "" {
			c.res.Broken = append(c.res.Broken, Broken{From: q.from, URL: q.url, Detail: p.Error})
		}
		return p, nil
	}
	defer resp.Body.Close()
	p.Status, p.ContentType = resp.StatusCode, resp.Header.Get("Content-Type")
	if final := resp.Request.URL; final != nil && !sameHost(final, c.base) {
		p.Skipped = "重定向到其他网站：" + final.Redacted()
		return p, nil
	}
	if resp.StatusCode >= 400 {
		if q.from != "" {
			c.res.Broken = append(c.res.Broken, Broken{From: q.from, URL: q.url, Detail: fmt.Sprintf("HTTP %d", resp.StatusCode)})
		}
		return p, nil
	}
	if !strings.Contains(strings.ToLower(p.ContentType), "html") {
		return p, nil // a feed, a file: it resolves, nothing to read
	}
	if resp.ContentLength > c.o.MaxBytes {
		p.Skipped = fmt.Sprintf("页面大小 %.1f MB，超过 %d MB，已跳过", float64(resp.ContentLength)/(1<<20), c.o.MaxBytes>>20)
		c.res.Notes = append(c.res.Notes, q.url+" "+p.Skipped)
		return p, nil
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, c.o.MaxBytes+1))
	if err != nil {
		p.Error = describe(err, c.o.Timeout)
		return p, nil
	}
	if int64(len(body)) > c.o.MaxBytes {
		p.Skipped = fmt.Sprintf("页面超过 %d MB，已跳过", c.o.MaxBytes>>20)
		c.res.Notes = append(c.res.Notes, q.url+" "+p.Skipped)
		return p, nil
	}
	doc := parseHTML(body, resp.Request.URL)
	p.Title, p.Text, p.Meta = doc.title, doc.text, doc.meta
	p.Dates = FindDates(doc.text, time.Now().AddDate(0, 0, 1))
	p.PubDate = PubDate(doc.meta, doc.text)
	return p, doc.links
}

func offHostTarget(err error) string {
	s := err.Error()
	if i := strings.LastIndex(s, "off host: "); i >= 0 {
		return s[i+len("off host: "):]
	}
	return s
}

func (c *crawler) get(ctx context.Context, u string) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("User-Agent", c.o.UserAgent)
	req.Header.Set("Accept-Language", "zh-CN,zh;q=0.9")
	return c.client.Do(req)
}

// checkResource checks that a same-host asset or file resolves (status
// only; the body is not read).
func (c *crawler) checkResource(ctx context.Context, from, u string) {
	pu, _ := url.Parse(u)
	if !c.allowed(pu) {
		return
	}
	if c.wait(ctx) != nil {
		return
	}
	c.res.Checked++
	resp, err := c.get(ctx, u)
	if err != nil {
		if errors.Is(err, errOffHost) {
			return
		}
		c.res.Broken = append(c.res.Broken, Broken{From: from, URL: u, Detail: describe(err, c.o.Timeout)})
		return
	}
	resp.Body.Close()
	if resp.StatusCode >= 400 {
		c.res.Broken = append(c.res.Broken, Broken{From: from, URL: u, Detail: fmt.Sprintf("HTTP %d", resp.StatusCode)})
	}
}

// checkExternal checks links to other sites, a few at a time, within the
// crawl's time.
func (c *crawler) checkExternal(ctx context.Context) {
	urls := make([]string, 0, len(c.external))
	for u := range c.external {
		urls = append(urls, u)
	}
	sort.Strings(urls)
	if len(urls) > c.o.MaxExternal {
		c.res.Notes = append(c.res.Notes, fmt.Sprintf("外部链接 %d 个，只检查前 %d 个", len(urls), c.o.MaxExternal))
		urls = urls[:c.o.MaxExternal]
	}
	var mu sync.Mutex
	var wg sync.WaitGroup
	sem := make(chan struct{}, c.o.ExternalConcurrency)
	for _, u := range urls {
		if ctx.Err() != nil {
			break
		}
		sem <- struct{}{}
		wg.Add(1)
		go func(u string) {
			defer func() { <-sem; wg.Done() }()
			resp, err := c.get(ctx, u)
			mu.Lock()
			defer mu.Unlock()
			c.res.Checked++
			if err != nil {
				c.res.Broken = append(c.res.Broken, Broken{From: c.external[u], URL: u, Detail: "外部链接无法打开：" + describe(err, c.o.Timeout)})
				return
			}
			resp.Body.Close()
			if resp.StatusCode >= 400 {
				c.res.Broken = append(c.res.Broken, Broken{From: c.external[u], URL: u, Detail: fmt.Sprintf("外部链接 HTTP %d", resp.StatusCode)})
			}
		}(u)
	}
	wg.Wait()
	sort.Slice(c.res.Broken, func(i, j int) bool { return c.res.Broken[i].URL < c.res.Broken[j].URL })
}

// describe turns a request error into Chinese.
func describe(err error, timeout time.Duration) string {
	var ue *url.Error
	if errors.As(err, &ue) && ue.Timeout() || errors.Is(err, context.DeadlineExceeded) {
		return fmt.Sprintf("超过 %s 未响应", timeout)
	}
	msg := err.Error()
	switch {
	case strings.Contains(msg, "connection refused"):
		return "连接被拒绝（" + msg + "）"
	case strings.Contains(msg, "no such host"):
		return "域名无法解析（" + msg + "）"
	}
	return msg
}
