// Package selfcheck runs the site inspection (网站自查): on its own portal
// it puts the store's facts (columns, messages, media, the privacy sweep,
// the serious-error list, probes) together with a crawl of the served
// pages and judges them by internal/inspect's rules; on a site it does not
// hold (a school's) it judges what a bounded crawl can see. Every door —
// `gongkai inspect`, the console's 立即检查, the daily job — calls these.
package selfcheck

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"gongkai/internal/crawl"
	"gongkai/internal/inspect"
	"gongkai/internal/participation"
	"gongkai/internal/scan"
	"gongkai/internal/store"
	"gongkai/internal/workday"
)

// Options say what to crawl and how.
type Options struct {
	Base     string        // the public address to crawl; "" checks the data only
	Crawl    crawl.Options // limits (External is taken from the setting for the own portal)
	External *bool         // overrides the setting when set
	Now      time.Time     // zero: the store's clock
}

// MaxFindings bounds the findings kept per item.
const MaxFindings = 500

// Own inspects the portal the store holds.
func Own(ctx context.Context, st *store.Store, o Options) (inspect.Report, *crawl.Result, error) {
	now := o.Now
	if now.IsZero() {
		now = st.Now()
	}
	today := workday.DateOf(now)
	var res *crawl.Result
	var err error
	if o.Base != "" {
		co := o.Crawl
		if o.External != nil {
			co.External = *o.External
		} else if co.External, err = st.ExternalLinksOn(ctx); err != nil {
			return inspect.Report{}, nil, err
		}
		if res, err = crawl.Crawl(ctx, o.Base, co); err != nil {
			return inspect.Report{}, nil, err
		}
	}
	abs := absolutizer(o.Base)
	var items []inspect.Item

	// 严重表述错误: the stored texts, and the served pages' text.
	list, err := st.SeriousErrors(ctx)
	if err != nil {
		return inspect.Report{}, nil, err
	}
	if len(list) == 0 {
		items = append(items, inspect.Unknown(inspect.SeriousError, "严重表述错误清单为空：请在“网站自查 → 设置”中维护领导姓名职务、机构名称和禁用表述，再检查"))
	} else {
		fs, err := st.SearchSeriousErrors(ctx, list)
		if err != nil {
			return inspect.Report{}, nil, err
		}
		seen := map[string]bool{}
		for _, f := range fs {
			seen[f.URL] = true
		}
		if res != nil {
			for _, p := range res.Pages {
				path := pathOf(p.URL)
				if p.Text == "" || seen[path] || strings.HasPrefix(path, "/admin") {
					continue
				}
				for _, e := range inspect.SearchSerious(p.Title+"\n"+p.Text, list) {
					fs = append(fs, inspect.Finding{URL: path, Detail: e.Detail("页面")})
				}
			}
		}
		items = append(items, inspect.FindingsItem(inspect.SeriousError, limit(fs)))
	}

	// 泄露隐私: the privacy sweep of issue 9, run now, its standing findings.
	if _, err := st.SweepPrivacy(ctx); err != nil {
		return inspect.Report{}, nil, err
	}
	pf, err := st.PrivacyFindings(ctx, true, MaxFindings)
	if err != nil {
		return inspect.Report{}, nil, err
	}
	priv := inspect.FindingsItem(inspect.Privacy, nil)
	for _, f := range pf {
		d := fmt.Sprintf("%s“%s”的%s中有%s（%s）：%s", f.Item.Label(), f.Title, f.FieldLabel, f.Label, f.Masked, f.Message)
		if !f.Blocking {
			d = "疑似：" + d
		} else {
			priv.OK = boolPtr(false)
		}
		priv.Findings = append(priv.Findings, inspect.Finding{URL: f.Page, Detail: d})
	}
	items = append(items, priv)

	// 站点无法访问: the probes of the last 7 days, and the crawl's start page.
	probes, err := st.Probes(ctx, now.Add(-inspect.ProbeWindow))
	if err != nil {
		return inspect.Report{}, nil, err
	}
	first, err := st.FirstProbe(ctx)
	if err != nil {
		return inspect.Report{}, nil, err
	}
	unreachable := ""
	if res != nil {
		unreachable = res.Unreachable()
	}
	items = append(items, inspect.AvailabilityItem(probes, first, now, o.Base, unreachable))

	// 首页不更新, 栏目不更新, 空白栏目.
	last, err := st.HomeLatest(ctx)
	if err != nil {
		return inspect.Report{}, nil, err
	}
	items = append(items, inspect.HomepageItem("/", last, today))
	cols, err := st.InspectColumns(ctx)
	if err != nil {
		return inspect.Report{}, nil, err
	}
	stale, blank := inspect.ColumnItems(cols, today)
	items = append(items, stale, blank)

	// 互动回应差: the message form answers, and no valid message waits > 3 months.
	works, why := true, ""
	if o.Base != "" {
		works, why = channelWorks(ctx, o.Base+"/messages/new", o.Crawl)
	}
	msgs, err := st.InspectMessages(ctx, participation.AddMonths(today, -inspect.MessageLookback))
	if err != nil {
		return inspect.Report{}, nil, err
	}
	inter := inspect.InteractionItem("/messages/new", works, why, msgs, today)
	items = append(items, inter)

	// 政务新媒体.
	media, err := st.InspectMedia(ctx)
	if err != nil {
		return inspect.Report{}, nil, err
	}
	items = append(items, inspect.MediaItem(media, today))

	// 链接不可用, 信息要素.
	if res == nil {
		items = append(items, inspect.Unknown(inspect.BrokenLinks, "未抓取页面：请用 --base 指定网址或设置 GONGKAI_BASE_URL"))
	} else {
		items = append(items, brokenItem(res))
	}
	miss, err := st.MissingElements(ctx)
	if err != nil {
		return inspect.Report{}, nil, err
	}
	items = append(items, inspect.FindingsItem(inspect.MissingElements, miss))
	for i := range items {
		items[i].Findings = abs.all(items[i].Findings)
	}
	return inspect.Finish(now, items), res, nil
}

// Foreign inspects a site the program does not hold (a school's): what a
// bounded crawl can see. Items that need the site's own records (probes
// over a week, its message handling, its media accounts, a serious-error
// list) are reported as not judged.
func Foreign(ctx context.Context, base string, co crawl.Options, now time.Time) (inspect.Report, *crawl.Result, error) {
	res, err := crawl.Crawl(ctx, base, co)
	if err != nil {
		return inspect.Report{}, nil, err
	}
	today := workday.DateOf(now)
	var items []inspect.Item
	items = append(items, inspect.Unknown(inspect.SeriousError, "检查其他网站时没有严重表述错误清单（需用本系统的数据库）"))

	priv := inspect.FindingsItem(inspect.Privacy, nil)
	for _, p := range res.Pages {
		for _, f := range scan.PersonalData(p.Text) {
			switch f.Kind {
			case scan.KindIDNumber, scan.KindIDNumber15, scan.KindBankCard:
				priv.OK = boolPtr(false)
				priv.Findings = append(priv.Findings, inspect.Finding{URL: p.URL, Detail: fmt.Sprintf("页面中有%s（%s）", f.Label, f.Masked)})
			case scan.KindMobile, scan.KindSuspectedID:
				priv.Findings = append(priv.Findings, inspect.Finding{URL: p.URL, Detail: fmt.Sprintf("疑似个人信息：%s（%s），请核对是否应公开", f.Label, f.Masked)})
			}
		}
	}
	priv.Findings = limit(priv.Findings)

	home := res.Home()
	if u := res.Unreachable(); u != "" {
		items = append(items, inspect.AvailabilityItem(nil, time.Time{}, now, res.Base, u))
		items = append(items, inspect.Unknown(inspect.HomepageStale, "首页无法打开"))
	} else {
		items = append(items, inspect.Unknown(inspect.Availability, "本次可以打开；“站点无法访问”需连续监测 7 天（每天 20 次以上），外部网站没有监测记录"))
		var last workday.Date
		if len(home.Dates) > 0 {
			last = home.Dates[0]
		}
		items = append(items, inspect.HomepageItem(res.Base, last, today))
	}
	// Column pages: pages (not the home page) listing three or more dates.
	var cols []inspect.Column
	for i, p := range res.Pages {
		if i == 0 || len(p.Dates) < 3 {
			continue
		}
		name := p.Title
		if name == "" {
			name = pathOf(p.URL)
		}
		cols = append(cols, inspect.Column{Key: p.URL, Name: name, URL: p.URL, Class: inspect.DefaultClass(name), Items: len(p.Dates), Last: p.Dates[0]})
	}
	stale, _ := inspect.ColumnItems(cols, today)
	stale.Findings = limit(stale.Findings)
	items = append(items, stale)
	items = append(items, inspect.Unknown(inspect.ColumnsBlank, "外部网站的栏目结构无法可靠识别，空白栏目请人工核对"))
	items = append(items, priv)
	items = append(items, inspect.Unknown(inspect.Interaction, "外部网站的留言办理情况无法从页面判断"))
	items = append(items, inspect.Unknown(inspect.MediaStale, "外部网站的政务新媒体账号无法从页面判断"))
	items = append(items, brokenItem(res))
	var miss []inspect.Finding
	if home != nil && home.Error == "" && home.Skipped == "" {
		for _, m := range []struct{ name, label string }{{"SiteName", "网站名称"}, {"SiteIDCode", "网站标识码"}} {
			if strings.TrimSpace(home.Meta[m.name]) == "" {
				miss = append(miss, inspect.Finding{URL: res.Base, Detail: fmt.Sprintf("首页缺少 %s 元数据（%s）", m.name, m.label)})
			}
		}
	}
	items = append(items, inspect.FindingsItem(inspect.MissingElements, miss))
	return inspect.Finish(now, items), res, nil
}

// brokenItem turns the crawl's broken links into findings (the page that
// links, and what is broken); what the crawl refused or skipped, and why
// it stopped early, follow as notes that do not fail the item.
func brokenItem(res *crawl.Result) inspect.Item {
	var fs []inspect.Finding
	for _, b := range res.Broken {
		fs = append(fs, inspect.Finding{URL: b.From, Detail: fmt.Sprintf("链接 %s 无法打开：%s", b.URL, b.Detail)})
	}
	it := inspect.FindingsItem(inspect.BrokenLinks, limit(fs))
	if res.Stopped != "" {
		it.Findings = append(it.Findings, inspect.Finding{URL: res.Base, Detail: "检查未完成：" + res.Stopped})
	}
	for i, n := range res.Notes {
		if i == 50 {
			it.Findings = append(it.Findings, inspect.Finding{Detail: fmt.Sprintf("……另有 %d 条说明", len(res.Notes)-50)})
			break
		}
		it.Findings = append(it.Findings, inspect.Finding{Detail: "说明：" + n})
	}
	return it
}

// channelWorks checks that the message form answers and is a form.
func channelWorks(ctx context.Context, u string, co crawl.Options) (bool, string) {
	t := co.Timeout
	if t <= 0 {
		t = inspect.ProbeTimeout
	}
	cl := co.Client
	if cl == nil {
		cl = &http.Client{}
	}
	c := *cl
	c.Timeout = t
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return false, err.Error()
	}
	resp, err := c.Do(req)
	if err != nil {
		return false, err.Error()
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if resp.StatusCode != http.StatusOK {
		return false, fmt.Sprintf("留言页面 HTTP %d", resp.StatusCode)
	}
	if !strings.Contains(string(b), "<form") {
		return false, "留言页面没有可提交的表单"
	}
	return true, ""
}

// Probe requests the public address once (15 s timeout) and records the
// result for the 站点无法访问 item.
func Probe(ctx context.Context, st *store.Store, base string, client *http.Client) (inspect.Probe, error) {
	if _, err := crawl.ParseBase(base); err != nil {
		return inspect.Probe{}, err
	}
	p := inspect.Probe{At: st.Now()}
	c := http.Client{Timeout: inspect.ProbeTimeout}
	if client != nil {
		c = *client
		c.Timeout = inspect.ProbeTimeout
	}
	start := time.Now()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base, nil)
	if err == nil {
		req.Header.Set("User-Agent", crawl.Defaults.UserAgent)
		var resp *http.Response
		if resp, err = c.Do(req); err == nil {
			_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 5<<20))
			resp.Body.Close()
			p.Status = resp.StatusCode
		}
	}
	p.Millis = int(time.Since(start).Milliseconds())
	switch {
	case err != nil:
		p.Error = err.Error()
	case p.Status >= 400:
		p.Error = fmt.Sprintf("HTTP %d", p.Status)
	case time.Duration(p.Millis)*time.Millisecond >= inspect.ProbeTimeout:
		p.Error = "超过 15 秒未打开"
	default:
		p.OK = true
	}
	return p, st.RecordProbe(ctx, p)
}

func boolPtr(b bool) *bool { return &b }

func limit(fs []inspect.Finding) []inspect.Finding {
	if len(fs) > MaxFindings {
		n := len(fs)
		fs = append(fs[:MaxFindings:MaxFindings], inspect.Finding{Detail: fmt.Sprintf("……共 %d 条，只列出前 %d 条", n, MaxFindings)})
	}
	return fs
}

func pathOf(u string) string {
	p, err := url.Parse(u)
	if err != nil {
		return u
	}
	s := p.EscapedPath()
	if p.RawQuery != "" {
		s += "?" + p.RawQuery
	}
	if p.Fragment != "" {
		s += "#" + p.Fragment
	}
	return s
}

// absolutizer turns the store's site paths into addresses under base.
type absolutizer string

func (a absolutizer) one(p string) string {
	if a == "" || !strings.HasPrefix(p, "/") {
		return p
	}
	return strings.TrimRight(string(a), "/") + p
}

func (a absolutizer) all(fs []inspect.Finding) []inspect.Finding {
	for i := range fs {
		fs[i].URL = a.one(fs[i].URL)
	}
	return fs
}
