// Package inspect holds the rules of the national site inspection
// (《政府网站与政务新媒体检查指标》, 国办秘函〔2019〕19号, reference §3) as pure
// functions of the facts and an injected date: which items are single-veto
// (单项否决), the thresholds, and the report's shape. The store gathers the
// facts, internal/crawl fetches the served pages, internal/selfcheck puts
// them together.
package inspect

import (
	"time"
)

// Code names an inspection item.
type Code string

const (
	SeriousError    Code = "serious_error"    // 严重表述错误
	Privacy         Code = "privacy"          // 泄露隐私/秘密
	Availability    Code = "availability"     // 站点无法访问
	HomepageStale   Code = "homepage_stale"   // 首页不更新
	ColumnsStale    Code = "columns_stale"    // 栏目不更新
	ColumnsBlank    Code = "columns_blank"    // 空白栏目
	Interaction     Code = "interaction"      // 互动回应差
	MediaStale      Code = "media_stale"      // 政务新媒体不更新
	BrokenLinks     Code = "broken_links"     // 链接不可用
	MissingElements Code = "missing_elements" // 信息要素缺失
)

// ItemDef is an item's label and whether it is a single-veto item.
type ItemDef struct {
	Code  Code
	Label string
	Veto  bool
	Rule  string // the national rule, in short
}

// Items lists the items in the national order: the single-veto items of
// 政府网站 (安全、泄密事故; 站点无法访问; 首页不更新; 栏目不更新; 互动回应差),
// then 政务新媒体, then the deduction items.
var Items = []ItemDef{
	{SeriousError, "严重表述错误", true, "出现严重表述错误（领导姓名职务、机构名称、禁用表述等）即单项否决"},
	{Privacy, "泄露隐私或秘密", true, "公开内容泄露国家秘密或个人隐私即单项否决"},
	{Availability, "站点无法访问", true, "监测1周，每天访问20次以上，15秒仍打不开的次数占比≥5%即单项否决"},
	{HomepageStale, "首页不更新", true, "监测2周，首页无信息更新即单项否决"},
	{ColumnsStale, "栏目不更新", true, "动态要闻类2周、通知公告政策文件类6个月未更新累计≥5个，或应更新未更新栏目≥10个，即单项否决"},
	{ColumnsBlank, "空白栏目", true, "空白栏目≥5个即单项否决"},
	{Interaction, "互动回应差", true, "未提供有效留言渠道，或1年内存在超过3个月未回应的有效留言，即单项否决"},
	{MediaStale, "政务新媒体不更新", true, "政务新媒体账号2周内无更新即单项否决"},
	{BrokenLinks, "链接不可用", false, "站内链接、附件、图片应能打开（扣分项）"},
	{MissingElements, "信息要素缺失", false, "网站标识、信息公开指南、文件发布日期和来源等要素应齐全（扣分项）"},
}

// Def returns the definition of code.
func Def(code Code) ItemDef {
	for _, d := range Items {
		if d.Code == code {
			return d
		}
	}
	return ItemDef{Code: code, Label: string(code)}
}

// Finding is one thing wrong, with the page where it shows.
type Finding struct {
	URL    string `json:"url"`
	Detail string `json:"detail"`
}

// Item is one item's result. OK is nil where there is not yet enough to
// judge (fewer than 7 days of probes; a foreign site's interaction); that
// does not fail the report.
type Item struct {
	Code     Code      `json:"code"`
	Label    string    `json:"label"`
	Veto     bool      `json:"veto"`
	OK       *bool     `json:"ok"`
	Findings []Finding `json:"findings"`
}

// Failed reports whether the item was judged and did not pass.
func (it Item) Failed() bool { return it.OK != nil && !*it.OK }

// State is the item's result in Chinese.
func (it Item) State() string {
	switch {
	case it.OK == nil:
		return "暂无法判断"
	case *it.OK:
		return "合格"
	case it.Veto:
		return "不合格（单项否决）"
	}
	return "不合格"
}

// Report is one inspection. The JSON shape is a contract (issue 16):
// {"inspected_at","passed","vetoes":[code…],"items":[{"code","label","veto","ok","findings":[{"url","detail"}]}]}.
type Report struct {
	InspectedAt time.Time `json:"inspected_at"`
	Passed      bool      `json:"passed"`
	Vetoes      []Code    `json:"vetoes"`
	Items       []Item    `json:"items"`
}

// Item returns the item with code (zero Item when absent).
func (r Report) Item(code Code) Item {
	for _, it := range r.Items {
		if it.Code == code {
			return it
		}
	}
	return Item{}
}

// Failures counts the items judged and failed.
func (r Report) Failures() int {
	n := 0
	for _, it := range r.Items {
		if it.Failed() {
			n++
		}
	}
	return n
}

func boolp(b bool) *bool { return &b }

// newItem starts an item of code that passes with no findings.
func newItem(code Code) Item {
	d := Def(code)
	return Item{Code: code, Label: d.Label, Veto: d.Veto, OK: boolp(true), Findings: []Finding{}}
}

// Finish orders the items nationally and computes passed and vetoes: the
// report passes when no single-veto item failed.
func Finish(at time.Time, items []Item) Report {
	r := Report{InspectedAt: at.UTC(), Vetoes: []Code{}, Items: []Item{}}
	by := map[Code]Item{}
	for _, it := range items {
		if it.Findings == nil {
			it.Findings = []Finding{}
		}
		by[it.Code] = it
	}
	for _, d := range Items {
		it, ok := by[d.Code]
		if !ok {
			continue
		}
		r.Items = append(r.Items, it)
		if it.Veto && it.Failed() {
			r.Vetoes = append(r.Vetoes, it.Code)
		}
	}
	r.Passed = len(r.Vetoes) == 0
	return r
}
