package inspect

import (
	"fmt"
	"strings"
	"time"

	"gongkai/internal/participation"
	"gongkai/internal/workday"
)

// Thresholds of the national rules (reference §3.1).
const (
	ProbeWindow       = 7 * 24 * time.Hour // 监测1周
	ProbeTimeout      = 15 * time.Second   // 超过（含）15秒仍打不开
	ProbesPerDay      = 20                 // 每天间隔性访问20次以上
	FailSharePercent  = 5                  // 累计占比超过（含）5%
	HomepageStaleDays = 14                 // 监测2周
	StaleColumnsVeto  = 5                  // 动态要闻、通知公告政策文件类未更新 ≥ 5
	AllStaleVeto      = 10                 // 应更新未更新栏目 ≥ 10
	BlankColumnsVeto  = 5                  // 空白栏目 ≥ 5
	MessageLookback   = 12                 // months: 监测时间点前1年内
)

// Probe is one request of the public address by the probe job.
type Probe struct {
	At     time.Time
	OK     bool
	Status int
	Millis int
	Error  string
}

// Unknown is an item that cannot be judged from what is there.
func Unknown(code Code, why string) Item {
	it := newItem(code)
	it.OK = nil
	it.Findings = []Finding{{Detail: why}}
	return it
}

// AvailabilityItem applies 站点无法访问 to the probes: over the 7 days
// before now, failures (no answer within 15 s, or an error status) of 5% or
// more fail it. Until the probes reach back 7 days it is not judged. A
// failure to open the site right now (unreachable, with its error) fails it
// whatever the history.
//
// first is when the oldest kept probe ran (zero: the oldest of probes).
func AvailabilityItem(probes []Probe, first, now time.Time, base, unreachable string) Item {
	it := newItem(Availability)
	if unreachable != "" {
		it.OK = boolp(false)
		it.Findings = append(it.Findings, Finding{URL: base, Detail: "网站现在无法打开：" + unreachable})
	}
	from := now.Add(-ProbeWindow)
	total, failed := 0, 0
	var fails []Finding
	for _, p := range probes {
		if first.IsZero() || p.At.Before(first) {
			first = p.At
		}
		if p.At.Before(from) || p.At.After(now) {
			continue
		}
		total++
		if !p.OK {
			failed++
			if len(fails) < 20 {
				d := p.Error
				if d == "" {
					d = fmt.Sprintf("HTTP %d，用时 %.1f 秒", p.Status, float64(p.Millis)/1000)
				}
				fails = append(fails, Finding{URL: base, Detail: p.At.In(cst).Format("2006-01-02 15:04") + " 访问失败：" + d})
			}
		}
	}
	if first.IsZero() || first.After(from) {
		if unreachable == "" {
			days := 0.0
			if !first.IsZero() {
				days = now.Sub(first).Hours() / 24
			}
			return Unknown(Availability, fmt.Sprintf("可访问性监测不足 7 天（已监测 %.1f 天，共 %d 次），满 7 天后判定", days, total))
		}
		return it
	}
	if total > 0 && failed*100 >= FailSharePercent*total {
		it.OK = boolp(false)
		it.Findings = append([]Finding{{URL: base, Detail: fmt.Sprintf("近 7 天探测 %d 次，失败 %d 次，占比 %.1f%%（≥ %d%% 即单项否决）", total, failed, float64(failed)*100/float64(total), FailSharePercent)}}, append(it.Findings, fails...)...)
	}
	if total < ProbesPerDay*7 {
		it.Findings = append(it.Findings, Finding{URL: base, Detail: fmt.Sprintf("近 7 天只有 %d 次探测，少于国家要求的每天 %d 次", total, ProbesPerDay)})
	}
	return it
}

// HomepageItem applies 首页不更新: nothing published on the home page in
// the 14 days before today (a home page whose newest item has no date
// counts as not updated).
func HomepageItem(homeURL string, last, today workday.Date) Item {
	it := newItem(HomepageStale)
	switch {
	case last.IsZero():
		it.OK = boolp(false)
		it.Findings = append(it.Findings, Finding{URL: homeURL, Detail: "首页没有带发布日期的信息"})
	case last.DaysUntil(today) > HomepageStaleDays:
		it.OK = boolp(false)
		it.Findings = append(it.Findings, Finding{URL: homeURL, Detail: fmt.Sprintf("首页最近一条信息发布于 %s，已 %d 天无更新（超过 2 周）", last, last.DaysUntil(today))})
	}
	return it
}

// ColumnItems applies 栏目不更新 and 空白栏目 to the columns: a blank column
// never had an item (it is counted as blank, not also as stale); a column
// is stale when its newest dated item is older than its class allows
// (items without a date do not count as updates).
func ColumnItems(cols []Column, today workday.Date) (stale, blank Item) {
	stale, blank = newItem(ColumnsStale), newItem(ColumnsBlank)
	keyStale, allStale := 0, 0
	for _, c := range cols {
		if c.Items == 0 {
			blank.Findings = append(blank.Findings, Finding{URL: c.URL, Detail: fmt.Sprintf("栏目“%s”是空白栏目（从未发布信息）", c.Name)})
			continue
		}
		if !c.Stale(today) {
			continue
		}
		allStale++
		if c.Class == ClassDynamic || c.Class == ClassNotice {
			keyStale++
		}
		last := "没有带发布日期的信息"
		if !c.Last.IsZero() {
			last = "最近更新 " + c.Last.String()
		}
		stale.Findings = append(stale.Findings, Finding{URL: c.URL, Detail: fmt.Sprintf("%s栏目“%s”%s，超过%s未更新", c.Class.Label(), c.Name, last, c.Class.Period())})
	}
	if keyStale >= StaleColumnsVeto || allStale >= AllStaleVeto {
		stale.OK = boolp(false)
		stale.Findings = append([]Finding{{Detail: fmt.Sprintf("动态要闻、通知公告政策文件类未更新栏目 %d 个（≥ %d 即否决），应更新未更新栏目共 %d 个（≥ %d 即否决）", keyStale, StaleColumnsVeto, allStale, AllStaleVeto)}}, stale.Findings...)
	}
	if n := len(blank.Findings); n >= BlankColumnsVeto {
		blank.OK = boolp(false)
		blank.Findings = append([]Finding{{Detail: fmt.Sprintf("空白栏目 %d 个（≥ %d 即否决）", n, BlankColumnsVeto)}}, blank.Findings...)
	}
	return stale, blank
}

// Message is a citizen's message as the interaction rule sees it.
type Message struct {
	Title    string
	URL      string
	Received workday.Date
	Valid    bool // not rejected as invalid (spam, abuse, duplicate)
	Answered bool
}

// InteractionItem applies 互动回应差: no working channel for messages, or
// a valid message received in the last year and unanswered for more than
// 3 months (participation.MessageStale).
func InteractionItem(channelURL string, channelWorks bool, channelErr string, msgs []Message, today workday.Date) Item {
	it := newItem(Interaction)
	if !channelWorks {
		it.OK = boolp(false)
		it.Findings = append(it.Findings, Finding{URL: channelURL, Detail: "未提供有效的网上留言（咨询建言）渠道：" + channelErr})
	}
	since := participation.AddMonths(today, -MessageLookback)
	for _, m := range msgs {
		if !m.Valid || m.Answered || m.Received.Before(since) || !participation.MessageStale(m.Received, today) {
			continue
		}
		it.OK = boolp(false)
		it.Findings = append(it.Findings, Finding{URL: m.URL, Detail: fmt.Sprintf("留言“%s”于 %s 收到，超过 3 个月未答复", m.Title, m.Received)})
	}
	return it
}

// Account is an active new-media account as the media rule sees it.
type Account struct {
	Name, Platform, URL string
	LastPost, Opened    workday.Date
}

// MediaItem applies 政务新媒体 内容不更新 per account: no post in the 2
// weeks before today (participation.MediaState).
func MediaItem(accounts []Account, today workday.Date) Item {
	it := newItem(MediaStale)
	for _, a := range accounts {
		if participation.MediaState(a.LastPost, a.Opened, today) != participation.StateOverdue {
			continue
		}
		it.OK = boolp(false)
		last := "从未发布"
		if !a.LastPost.IsZero() {
			last = fmt.Sprintf("最近发布于 %s，已 %d 天", a.LastPost, a.LastPost.DaysUntil(today))
		}
		it.Findings = append(it.Findings, Finding{URL: a.URL, Detail: fmt.Sprintf("%s“%s”%s未更新（超过 2 周）", a.Platform, a.Name, last)})
	}
	return it
}

// FindingsItem is an item that fails when it has findings.
func FindingsItem(code Code, fs []Finding) Item {
	it := newItem(code)
	if len(fs) > 0 {
		it.OK = boolp(false)
		it.Findings = append(it.Findings, fs...)
	}
	return it
}

// SeriousEntry is one entry of the serious-error list: a wrong
// formulation, what is right (may be empty for a banned formulation) and
// a note.
type SeriousEntry struct {
	ID      int64
	Wrong   string
	Correct string
	Note    string
}

// Detail says what is wrong about a hit of the entry.
func (e SeriousEntry) Detail(where string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s出现“%s”", where, e.Wrong)
	if e.Correct != "" {
		fmt.Fprintf(&b, "，应为“%s”", e.Correct)
	} else {
		b.WriteString("（禁用表述）")
	}
	if e.Note != "" {
		fmt.Fprintf(&b, "（%s）", e.Note)
	}
	return b.String()
}

// SearchSerious returns the entries whose wrong text occurs in text. An
// entry whose correct form contains the wrong one (张三 → 张三丰 would
// be odd, but 教育局 → 教育和体育局 is not) matches only where the correct
// form is not what is written.
func SearchSerious(text string, list []SeriousEntry) []SeriousEntry {
	var out []SeriousEntry
	for _, e := range list {
		if e.Wrong == "" || !strings.Contains(text, e.Wrong) {
			continue
		}
		if e.Correct != "" && strings.Contains(e.Correct, e.Wrong) {
			if strings.Count(text, e.Wrong) <= strings.Count(text, e.Correct)*strings.Count(e.Correct, e.Wrong) {
				continue
			}
		}
		out = append(out, e)
	}
	return out
}
