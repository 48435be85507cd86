package site

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"gongkai"
)

// Guide is the 信息公开指南 as the office edits it. The contact block
// (办公地址、办公时间、联系电话、传真号码、电子邮箱) is not part of it: the
// portal shows it from the identity, so the guide and the footer never
// disagree.
type Guide struct {
	WorkingBody    string   `json:"working_body"`   // 政府信息公开工作机构的名称
	Organisation   string   `json:"organisation"`   // 机构设置
	Duties         string   `json:"duties"`         // 职能
	Classification string   `json:"classification"` // 政府信息的分类、编排体系
	Access         string   `json:"access"`         // 主动公开信息的获取方式
	Apply          string   `json:"apply"`          // 依申请公开的办理
	Channels       []string `json:"channels"`       // application channels (Channel keys)
	Remedy         string   `json:"remedy"`         // 监督和救济
}

// Channel is a way to file an application for disclosure.
type Channel struct {
	Key, Label string
	// Needs names the identity fields the channel needs to be usable.
	Needs []string
}

// Channels are the application channels a guide may offer.
var Channels = []Channel{
	{"online", "网上申请（本网站“依申请公开”栏目）", nil},
	{"letter", "信函申请", []string{"address", "postcode"}},
	{"in_person", "当面申请", []string{"address", "hours"}},
	{"fax", "传真申请", []string{"fax"}},
	{"email", "电子邮件申请", []string{"email"}},
}

// ChannelLabel is the label of a channel key.
func ChannelLabel(key string) string {
	for _, c := range Channels {
		if c.Key == key {
			return c.Label
		}
	}
	return key
}

// MaxGuideChars bounds each text of the guide.
const MaxGuideChars = 20000

// Validate trims the guide and checks its sizes and channel keys (an
// incomplete draft may be saved; Missing says what stops publication).
func (g Guide) Validate() (Guide, error) {
	t := strings.TrimSpace
	g = Guide{WorkingBody: t(g.WorkingBody), Organisation: t(g.Organisation), Duties: t(g.Duties), Classification: t(g.Classification),
		Access: t(g.Access), Apply: t(g.Apply), Channels: g.Channels, Remedy: t(g.Remedy)}
	if utf8.RuneCountInString(g.WorkingBody) > 100 || strings.ContainsAny(g.WorkingBody, "<>\n") {
		return g, gongkai.Errorf(gongkai.EINVALID, "工作机构名称最多 100 个字，且不能换行")
	}
	for _, s := range []struct{ label, v string }{{"机构设置", g.Organisation}, {"职能", g.Duties}, {"分类与编排体系", g.Classification},
		{"获取方式", g.Access}, {"依申请公开", g.Apply}, {"监督和救济", g.Remedy}} {
		if n := utf8.RuneCountInString(s.v); n > MaxGuideChars {
			return g, gongkai.Errorf(gongkai.EINVALID, "指南的“%s”最多 %d 个字，现有 %d 个", s.label, MaxGuideChars, n)
		}
	}
	seen := map[string]bool{}
	var chans []string
	for _, k := range g.Channels {
		k = t(k)
		if k == "" || seen[k] {
			continue
		}
		known := false
		for _, c := range Channels {
			known = known || c.Key == k
		}
		if !known {
			return g, gongkai.Errorf(gongkai.EINVALID, "未知的申请渠道“%s”", k)
		}
		seen[k] = true
		chans = append(chans, k)
	}
	g.Channels = chans
	return g, nil
}

// Has reports whether the guide offers channel key.
func (g Guide) Has(key string) bool {
	for _, k := range g.Channels {
		if k == key {
			return true
		}
	}
	return false
}

// Missing lists what 条例第十二条 requires and the guide (with the
// identity's contact) lacks, each as a sentence that says where to fix it.
// Empty means the guide may be published. The same check runs when the
// identity changes while a guide is published, so a published guide
// never loses a required element.
func Missing(g Guide, id Identity) []string {
	var out []string
	text := func(v, label string) {
		if strings.TrimSpace(v) == "" {
			out = append(out, fmt.Sprintf("缺少%s：请在指南的“%s”中填写", label, label))
		}
	}
	text(g.WorkingBody, "工作机构名称")
	text(g.Organisation, "机构设置")
	text(g.Duties, "职能")
	text(g.Classification, "分类与编排体系")
	text(g.Access, "获取方式")
	text(g.Apply, "依申请公开")
	contact := func(v, label string) {
		if strings.TrimSpace(v) == "" {
			out = append(out, fmt.Sprintf("缺少%s：请在“网站标识与联系方式”中填写%s", label, label))
		}
	}
	contact(id.Address, "办公地址")
	contact(id.Hours, "办公时间")
	contact(id.Phone, "联系电话")
	contact(id.Fax, "传真号码")
	contact(id.Email, "电子邮箱")
	if len(g.Channels) == 0 {
		out = append(out, "缺少申请渠道：请至少勾选一种提交政府信息公开申请的渠道")
	}
	for _, c := range Channels {
		if !g.Has(c.Key) {
			continue
		}
		for _, need := range c.Needs {
			for _, f := range Fields {
				if f.Key == need && strings.TrimSpace(f.Value(id)) == "" {
					out = append(out, fmt.Sprintf("%s需要%s：请在“网站标识与联系方式”中填写，或取消该渠道", c.Label, f.Label))
				}
			}
		}
	}
	return out
}

// DefaultGuide is the first draft of a new site's guide: the statutory
// wording filled in, the body's own facts (机构设置、职能) left to write.
func DefaultGuide(organiser string) Guide {
	body := "办公室"
	if organiser != "" {
		body = organiser + "办公室"
	}
	return Guide{
		WorkingBody:    body,
		Classification: "本机关主动公开的政府信息按照政府信息公开目录分类编排。每条信息均标注索引号、发布机构、成文日期、文号、主题分类和有效性。",
		Access:         "主动公开的政府信息通过本网站“法定主动公开内容”栏目发布，可按目录查阅，也可站内搜索，或订阅各栏目的 RSS。属于主动公开范围的政府信息，自该政府信息形成或者变更之日起20个工作日内公开。",
		Apply:          "公民、法人或者其他组织申请获取主动公开以外的政府信息，可以通过下列渠道提出申请。本机关收到申请，能够当场答复的当场答复；不能当场答复的，自收到申请之日起20个工作日内予以答复；需要延长答复期限的，经政府信息公开工作机构负责人同意并告知申请人，延长的期限最长不超过20个工作日。依申请提供政府信息不收取费用，申请数量、频次明显超过合理范围的除外。",
		Channels:       []string{"online", "letter", "in_person"},
		Remedy:         "公民、法人或者其他组织认为本机关在政府信息公开工作中侵犯其合法权益的，可以向上一级行政机关或者政府信息公开工作主管部门投诉、举报，也可以依法申请行政复议或者提起行政诉讼。",
	}
}
