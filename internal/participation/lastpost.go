package participation

import (
	"fmt"
	"strings"
	"time"

	"gongkai"
	"gongkai/internal/office"
	"gongkai/internal/workday"
)

// LastPost is one row of a last-post import: the account by platform and
// account ID, or by name, and the date of its last post.
type LastPost struct {
	Row                       int
	Platform, AccountID, Name string
	Date                      workday.Date
}

var lastPostSchema = office.Schema{Fields: []office.Field{
	{Key: "platform", Labels: []string{"平台", "平台类型", "账号类型"}},
	{Key: "account_id", Labels: []string{"账号ID", "账号", "微信号", "ID"}},
	{Key: "name", Labels: []string{"账号名称", "名称", "公众号名称"}},
	{Key: "date", Labels: []string{"最近发布日期", "最后发布日期", "最近更新日期", "发布日期", "更新日期"}, Required: true},
}}

// MaxLastPostRows bounds an import.
const MaxLastPostRows = 2000

// ParseLastPosts reads a csv/xlsx table of last-post dates. Every bad row
// refuses the whole file with its row and column named.
func ParseLastPosts(filename string, data []byte) ([]LastPost, error) {
	tables, err := office.ReadTables(filename, data)
	if err != nil {
		return nil, err // an *office.Error: EINVALID, or ETOOLARGE for a zip bomb
	}
	m, err := office.MapTables(filename, tables, lastPostSchema)
	if err != nil {
		return nil, err
	}
	if len(m.Records) > MaxLastPostRows {
		return nil, gongkai.Errorf(gongkai.EINVALID, "%s：最多导入 %d 行，现有 %d 行", filename, MaxLastPostRows, len(m.Records))
	}
	col := func(key string) int {
		for i, c := range m.Columns {
			if c == key {
				return i + 1
			}
		}
		return 0
	}
	var out []LastPost
	for _, r := range m.Records {
		v := func(k string) string {
			if x := r.Values[k]; len(x) > 0 {
				return strings.TrimSpace(x[0])
			}
			return ""
		}
		lp := LastPost{Row: r.Row, Platform: v("platform"), AccountID: v("account_id"), Name: v("name")}
		if lp.AccountID == "" && lp.Name == "" {
			continue // a blank or note row
		}
		d, ok := parseLooseDate(v("date"))
		if !ok {
			return nil, gongkai.Errorf(gongkai.EINVALID, "%s 第 %d 行 第 %d 列：发布日期“%s”无法识别，请写成 2023-11-01；未导入任何数据", filename, r.Row, col("date"), v("date"))
		}
		lp.Date = d
		out = append(out, lp)
	}
	if len(out) == 0 {
		return nil, gongkai.Errorf(gongkai.EINVALID, "%s：没有找到账号行（需要“账号ID”或“账号名称”列和“最近发布日期”列）", filename)
	}
	return out, nil
}

// parseLooseDate accepts 2023-11-01, 2023/11/1, 2023.11.1, 2023年11月1日
// and 2023-11-01 10:20 (the time is ignored).
func parseLooseDate(s string) (workday.Date, bool) {
	s = strings.TrimSpace(s)
	if i := strings.IndexAny(s, " T"); i > 0 {
		s = s[:i]
	}
	r := strings.NewReplacer("年", "-", "月", "-", "日", "", "/", "-", ".", "-")
	s = r.Replace(s)
	var y, m, d int
	if _, err := fmt.Sscanf(s, "%d-%d-%d", &y, &m, &d); err != nil {
		return workday.Date{}, false
	}
	date := workday.Date{Year: y, Month: time.Month(m), Day: d}
	return date, date.IsValid() && y >= 2000 && y <= 2100
}
