package participation

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"gongkai"
)

// FeedbackCounts are the figures of a feedback report (意见采纳情况),
// computed from the marked opinions: each public comment marked one by
// one, and each registered group of opinions (offline or merged) with its
// count. They are never typed in.
type FeedbackCounts struct {
	Online   int // public comments (网上和来信), each marked
	Grouped  int // opinions registered in groups (座谈会等线下或合并归纳的意见)
	Adopted  int
	Partly   int
	Rejected int
}

// Total is every opinion counted.
func (c FeedbackCounts) Total() int { return c.Online + c.Grouped }

// Add counts n opinions with verdict v; online says whether they are
// public comments.
func (c *FeedbackCounts) Add(v Verdict, n int, online bool) {
	if online {
		c.Online += n
	} else {
		c.Grouped += n
	}
	switch v {
	case Adopted:
		c.Adopted += n
	case Partly:
		c.Partly += n
	case NotAdopted:
		c.Rejected += n
	}
}

// Sentence is the report's statement of the figures, published first.
func (c FeedbackCounts) Sentence() string {
	return fmt.Sprintf("征求意见期间共收到意见%d条（网上和来信%d条，座谈会等其他方式%d条），其中采纳%d条，部分采纳%d条，不予采纳%d条。",
		c.Total(), c.Online, c.Grouped, c.Adopted, c.Partly, c.Rejected)
}

// figureRe finds a figure stated in a typed summary: a verdict or a total,
// then a number (Arabic or Chinese), then 条.
var figureRe = regexp.MustCompile(`(部分采纳|不予采纳|未予采纳|未采纳|没有采纳|采纳|共收到意见|共收到|共征集到|共征集|共)\s*(?:了|意见)?\s*([0-9０-９]+|[〇零一二两三四五六七八九十百千]+)\s*条`)

// CheckSummary refuses a typed summary that states a figure other than the
// computed one (e.g. 采纳9条 where 8 are marked adopted), naming both.
// Figures it does not state are fine: the computed sentence comes first.
func CheckSummary(summary string, c FeedbackCounts) error {
	want := map[string]int{"采纳": c.Adopted, "部分采纳": c.Partly, "不予采纳": c.Rejected, "共": c.Total()}
	var wrong []string
	for _, m := range figureRe.FindAllStringSubmatch(summary, -1) {
		key := m[1]
		switch key {
		case "未予采纳", "未采纳", "没有采纳":
			key = "不予采纳"
		case "共收到意见", "共收到", "共征集到", "共征集":
			key = "共"
		}
		n, ok := parseNumber(m[2])
		if !ok {
			continue
		}
		if n != want[key] {
			label := key
			if key == "共" {
				label = "共收到意见"
			}
			wrong = append(wrong, fmt.Sprintf("“%s”（逐条标注为%s%d条）", m[0], label, want[key]))
		}
	}
	if len(wrong) > 0 {
		return gongkai.Errorf(gongkai.EINVALID, "总体情况说明中的数字与逐条标注的采纳情况不一致：%s。采纳情况由系统按逐条标注统计并写在反馈的开头，请删去或改正说明中的数字", strings.Join(wrong, "；"))
	}
	return nil
}

// parseNumber reads 8, ８, 八, 十二, 二十, 一百零五 (up to thousands).
func parseNumber(s string) (int, bool) {
	var b strings.Builder
	for _, r := range s {
		if r >= '０' && r <= '９' {
			r = r - '０' + '0'
		}
		b.WriteRune(r)
	}
	if n, err := strconv.Atoi(b.String()); err == nil {
		return n, true
	}
	digits := map[rune]int{'〇': 0, '零': 0, '一': 1, '二': 2, '两': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9}
	units := map[rune]int{'十': 10, '百': 100, '千': 1000}
	total, cur := 0, 0
	for _, r := range s {
		if d, ok := digits[r]; ok {
			cur = d
			continue
		}
		u, ok := units[r]
		if !ok {
			return 0, false
		}
		if cur == 0 {
			cur = 1
		}
		total += cur * u
		cur = 0
	}
	return total + cur, true
}
