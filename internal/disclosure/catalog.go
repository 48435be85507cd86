package disclosure

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"gongkai"
	"gongkai/internal/office"
	"gongkai/internal/workday"
)

// CatalogItem is one item of the disclosure catalogue (政府信息公开目录):
// 一级/二级/三级事项 with the columns of the standard catalogues.
type CatalogItem struct {
	ID        int64
	ParentID  int64
	Level     int
	Seq       string
	Name      string
	Content   string // 公开内容（要素）
	Basis     string // 公开依据
	TimeLimit string // 公开时限 as written
	LimitDays int    // 公开时限 in working days; 0 when not a day count
	Subject   string // 公开主体
	Channels  string // 公开渠道和载体 (the ticked ones, joined by 、)
	Audience  string // 公开对象: 全社会 / 特定群体
	Mode      string // 公开方式: 主动 / 依申请
	Tier      string // 公开层级: 县级 / 乡级
	Sort      int
	Updated   time.Time
}

// CatalogNode is an item with its depth in the tree, for display.
type CatalogNode struct {
	CatalogItem
	Depth    int
	Children []*CatalogNode
}

// CatalogTree orders items as a tree (depth-first, by sort then id).
func CatalogTree(items []CatalogItem) []*CatalogNode {
	byParent := map[int64][]CatalogItem{}
	for _, it := range items {
		byParent[it.ParentID] = append(byParent[it.ParentID], it)
	}
	var build func(parent int64, depth int, seen map[int64]bool) []*CatalogNode
	build = func(parent int64, depth int, seen map[int64]bool) []*CatalogNode {
		var out []*CatalogNode
		for _, it := range byParent[parent] {
			if seen[it.ID] {
				continue
			}
			seen[it.ID] = true
			n := &CatalogNode{CatalogItem: it, Depth: depth}
			n.Children = build(it.ID, depth+1, seen)
			out = append(out, n)
		}
		return out
	}
	return build(0, 0, map[int64]bool{})
}

// Flatten lists the tree depth-first.
func Flatten(ns []*CatalogNode) []*CatalogNode {
	var out []*CatalogNode
	for _, n := range ns {
		out = append(out, n)
		out = append(out, Flatten(n.Children)...)
	}
	return out
}

var limitRe = regexp.MustCompile(`([0-9０-９]+|[一二三四五六七八九十两]+)\s*个?\s*(工作日|日|天)`)

// ParseTimeLimit reads 公开时限 text such as 信息形成或者变更之日起20个工作日内
// and returns the number of working days; calendar days (日/天) are not
// working days and return 0, as does text without a count (长期公开, 实时).
func ParseTimeLimit(s string) int {
	m := limitRe.FindStringSubmatch(s)
	if m == nil || m[2] != "工作日" {
		return 0
	}
	return parseCount(m[1])
}

func parseCount(s string) int {
	s = strings.Map(func(r rune) rune {
		if r >= '０' && r <= '９' {
			return r - '０' + '0'
		}
		return r
	}, s)
	if n, err := strconv.Atoi(s); err == nil {
		return n
	}
	digits := map[rune]int{'一': 1, '二': 2, '两': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9}
	n, cur := 0, 0
	for _, r := range s {
		if r == '十' {
			if cur == 0 {
				cur = 1
			}
			n += cur * 10
			cur = 0
			continue
		}
		cur = digits[r]
	}
	return n + cur
}

// ParseChannels returns the ticked channels of a ■/□ checklist
// (■政府网站 □政府公报 …); text without boxes is returned split on 、,；.
func ParseChannels(s string) []string {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil
	}
	if !strings.ContainsAny(s, "■□☑☐√") {
		return splitList(s)
	}
	var out []string
	parts := regexp.MustCompile(`[■□☑☐√]`).FindAllStringIndex(s, -1)
	for i, p := range parts {
		end := len(s)
		if i+1 < len(parts) {
			end = parts[i+1][0]
		}
		mark := s[p[0]:p[1]]
		name := strings.Trim(strings.TrimSpace(s[p[1]:end]), "、，,；;")
		if name != "" && (mark == "■" || mark == "☑" || mark == "√") {
			out = append(out, name)
		}
	}
	return out
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune("、,，;；\n", r) }) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// CatalogSchema maps the columns of the standard catalogue tables. It is
// the same header-mapping as the task importer (office.MapTables), with
// 公开事项 spanning up to three levels and filled down over merged cells.
var CatalogSchema = office.Schema{Fields: []office.Field{
	{Key: "seq", Labels: []string{"序号", "编号"}},
	{Key: "item", Labels: []string{"公开事项", "事项", "事项名称", "一级事项", "目录事项"}, Levels: 3, FillDown: true, Required: true},
	{Key: "item2", Labels: []string{"二级事项"}, FillDown: false},
	{Key: "item3", Labels: []string{"三级事项"}},
	{Key: "content", Labels: []string{"公开内容（要素）", "公开内容", "内容要素", "要素"}},
	{Key: "basis", Labels: []string{"公开依据", "依据"}},
	{Key: "limit", Labels: []string{"公开时限", "时限"}},
	{Key: "subject", Labels: []string{"公开主体", "主体"}},
	{Key: "channels", Labels: []string{"公开渠道和载体", "公开渠道", "渠道和载体", "公开载体"}},
	{Key: "audience", Labels: []string{"公开对象", "对象", "公开对象（全社会/特定群体）"}, Levels: 2},
	{Key: "mode", Labels: []string{"公开方式", "方式", "公开方式（主动/依申请）"}, Levels: 2},
	{Key: "tier", Labels: []string{"公开层级", "层级"}, Levels: 2},
}}

// ImportedItem is one catalogue row ready to be stored: its path of
// names from the first level down.
type ImportedItem struct {
	Row  int
	Path []string
	Item CatalogItem
}

// CatalogRows turns mapped rows into items. Rows whose 事项 is empty are
// refused with the row number.
func CatalogRows(filename string, m office.Mapped) ([]ImportedItem, error) {
	var out []ImportedItem
	for _, r := range m.Records {
		var path []string
		levels := append(append(append([]string(nil), r.Values["item"]...), r.Values["item2"]...), r.Values["item3"]...)
		for _, v := range levels {
			v = strings.TrimSpace(v)
			if v != "" && (len(path) == 0 || path[len(path)-1] != v) {
				path = append(path, v)
			}
		}
		if len(path) == 0 {
			return nil, gongkai.Errorf(gongkai.EINVALID, "%s 第 %d 行：“公开事项”为空，请填写事项名称", filename, r.Row)
		}
		first := func(k string) string {
			return strings.TrimSpace(strings.Join(r.Values[k], ""))
		}
		tick := func(k string) string {
			// 公开对象 / 公开方式 / 公开层级 may be split into ticked columns
			// (全社会 | 特定群体) holding √; the header mapping gives them as
			// levels. Keep the text when it is text.
			vals := r.Values[k]
			var picked []string
			for _, v := range vals {
				v = strings.TrimSpace(v)
				if v != "" && v != "√" && v != "✓" {
					picked = append(picked, v)
				}
			}
			return strings.Join(picked, "、")
		}
		it := CatalogItem{
			Level:     len(path),
			Seq:       first("seq"),
			Name:      path[len(path)-1],
			Content:   first("content"),
			Basis:     first("basis"),
			TimeLimit: first("limit"),
			Subject:   first("subject"),
			Channels:  strings.Join(ParseChannels(first("channels")), "、"),
			Audience:  tick("audience"),
			Mode:      tick("mode"),
			Tier:      tick("tier"),
		}
		it.LimitDays = ParseTimeLimit(it.TimeLimit)
		out = append(out, ImportedItem{Row: r.Row, Path: path, Item: it})
	}
	if len(out) == 0 {
		return nil, gongkai.Errorf(gongkai.EINVALID, "%s：没有找到目录事项，请检查表头是否包含“公开事项”", filename)
	}
	return out, nil
}

// KeptUp says whether a catalogue item is kept up: its last document was
// published within the item's time limit.
type KeptUp struct {
	Last  time.Time
	State string // ok, late, empty, na
	Label string
}

// KeptUpState says whether a catalogue item is kept up: its latest
// document was published within limitDays working days of being formed
// or changed. Items with sub-items, or without a working-day limit, are
// not judged.
func KeptUpState(cal *workday.Calendar, limitDays int, hasChildren bool, published time.Time, changedOn workday.Date) KeptUp {
	switch {
	case hasChildren:
		return KeptUp{State: "na", Label: ""}
	case published.IsZero():
		return KeptUp{State: "empty", Label: "暂无信息"}
	case limitDays <= 0 || changedOn.IsZero():
		return KeptUp{Last: published, State: "ok", Label: "已公开"}
	}
	pubDay := workday.DateOf(published.In(shanghai))
	if cal.WorkdaysBetween(changedOn, pubDay) > limitDays {
		return KeptUp{Last: published, State: "late", Label: "超时限发布"}
	}
	return KeptUp{Last: published, State: "ok", Label: "按时更新"}
}

var shanghai = func() *time.Location {
	if loc, err := time.LoadLocation("Asia/Shanghai"); err == nil {
		return loc
	}
	return time.FixedZone("CST", 8*3600)
}()

// ParseCatalogFile reads a standard-catalogue table (txt/csv/xlsx/docx)
// through the shared header mapping (office.MapTables) and returns its
// items and the mapping's warnings.
func ParseCatalogFile(name string, data []byte) ([]ImportedItem, []string, error) {
	tables, err := office.ReadTables(name, data)
	if err != nil {
		return nil, nil, err
	}
	m, err := office.MapTables(name, tables, CatalogSchema)
	if err != nil {
		return nil, nil, err
	}
	items, err := CatalogRows(name, m)
	return items, m.Warnings, err
}

// FieldChange is one field of a catalogue item changed: its Chinese label,
// the value before and after (empty: none).
type FieldChange struct {
	Label, From, To string
}

// catalogFields are the fields of a catalogue item a person edits, in the
// order of the form, with their labels (the stored history holds the item
// as JSON with the Go field names).
var catalogFields = []struct{ key, label string }{
	{"Seq", "序号"}, {"Name", "事项名称"}, {"Content", "公开内容（要素）"}, {"Basis", "公开依据"}, {"TimeLimit", "公开时限"},
	{"Subject", "公开主体"}, {"Channels", "公开渠道和载体"}, {"Audience", "公开对象"}, {"Mode", "公开方式"}, {"Tier", "公开层级"},
	{"Sort", "排序"},
}

// CatalogChanges compares two stored versions of a catalogue item (JSON;
// before empty for a new or imported item) and returns the fields that
// differ, labelled in Chinese, in the order of the form.
func CatalogChanges(beforeJSON, afterJSON string) []FieldChange {
	parse := func(s string) map[string]any {
		m := map[string]any{}
		if s != "" && s != "null" {
			_ = json.Unmarshal([]byte(s), &m)
		}
		return m
	}
	text := func(v any) string {
		switch x := v.(type) {
		case nil:
			return ""
		case string:
			return x
		case float64:
			return strconv.FormatFloat(x, 'f', -1, 64)
		}
		return fmt.Sprint(v)
	}
	b, a := parse(beforeJSON), parse(afterJSON)
	var out []FieldChange
	for _, f := range catalogFields {
		from, to := text(b[f.key]), text(a[f.key])
		if f.key == "Sort" && len(b) == 0 && to == "0" {
			continue
		}
		if from != to {
			out = append(out, FieldChange{Label: f.label, From: from, To: to})
		}
	}
	return out
}
