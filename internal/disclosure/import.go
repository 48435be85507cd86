package disclosure

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"gongkai"
	"gongkai/internal/office"
	"gongkai/internal/scan"
	"gongkai/internal/workday"
)

// DocumentsSchema maps the columns of a listing of an old site's
// published documents.
var DocumentsSchema = office.Schema{Fields: []office.Field{
	{Key: "title", Labels: []string{"标题", "文件标题", "信息名称", "名称"}, Required: true},
	{Key: "doc_no", Labels: []string{"文号", "发文字号", "发文文号"}},
	{Key: "issuer", Labels: []string{"发布机构", "发文机关", "发布单位", "发文单位"}},
	{Key: "written_on", Labels: []string{"成文日期", "生成日期", "印发日期"}},
	{Key: "published_on", Labels: []string{"发布日期", "公开日期", "发布时间"}},
	{Key: "catalog", Labels: []string{"目录", "所属目录", "公开目录", "信息分类", "栏目"}},
	{Key: "topic", Labels: []string{"主题分类", "主题"}},
	{Key: "genre", Labels: []string{"体裁分类", "体裁", "文种"}},
	{Key: "validity", Labels: []string{"有效性", "效力状态"}},
	{Key: "tags", Labels: []string{"标签", "关键词"}},
	{Key: "body", Labels: []string{"正文", "内容", "正文文件", "正文路径"}},
}}

var looseDate = regexp.MustCompile(`^(\d{4})\s*[年./\-]\s*(\d{1,2})\s*[月./\-]\s*(\d{1,2})\s*日?$`)

// ParseLooseDate reads the date forms old sites use: 2023-05-06,
// 2023-5-6, 2023/5/6, 2023.5.6, 2023年5月6日, and Excel's 2023-05-06 00:00:00.
func ParseLooseDate(s string) (workday.Date, error) {
	s = strings.TrimSpace(s)
	if i := strings.IndexAny(s, " T"); i == 10 {
		s = s[:10]
	}
	m := looseDate.FindStringSubmatch(s)
	if m == nil {
		return workday.Date{}, fmt.Errorf("“%s”不是日期，请写作 2023-05-06 或 2023年5月6日", s)
	}
	y, _ := strconv.Atoi(m[1])
	mo, _ := strconv.Atoi(m[2])
	d, _ := strconv.Atoi(m[3])
	return workday.ParseDate(fmt.Sprintf("%04d-%02d-%02d", y, mo, d))
}

// ImportRow is one row of a documents listing, checked.
type ImportRow struct {
	Row         int
	Title       string
	DocNo       string
	Issuer      string
	WrittenOn   workday.Date
	PublishedOn workday.Date
	Catalog     string
	Topic       string
	Genre       string
	Validity    string
	Tags        []string
	Body        string // text, HTML, or a path to a .txt/.html/.docx file
}

// DocumentRows checks mapped rows. A wrong date or validity refuses the
// whole file with the row and column; a document number that does not
// follow GB/T 9704 is kept as written (historical content) with a warning.
func DocumentRows(filename string, m office.Mapped) ([]ImportRow, []string, error) {
	col := map[string]int{}
	for j, c := range m.Columns {
		col[c] = j + 1
	}
	var out []ImportRow
	var warnings []string
	for _, r := range m.Records {
		get := func(k string) string { return strings.TrimSpace(strings.Join(r.Values[k], "")) }
		row := ImportRow{Row: r.Row, Title: get("title"), DocNo: get("doc_no"), Issuer: get("issuer"), Catalog: get("catalog"),
			Topic: get("topic"), Genre: get("genre"), Validity: get("validity"), Body: get("body")}
		if row.Title == "" {
			return nil, nil, gongkai.Errorf(gongkai.EINVALID, "%s 第 %d 行第 %d 列：标题为空", filename, r.Row, col["title"])
		}
		for _, f := range []struct {
			key  string
			dst  *workday.Date
			name string
		}{{"written_on", &row.WrittenOn, "成文日期"}, {"published_on", &row.PublishedOn, "发布日期"}} {
			v := get(f.key)
			if v == "" {
				continue
			}
			d, err := ParseLooseDate(v)
			if err != nil {
				return nil, nil, gongkai.Errorf(gongkai.EINVALID, "%s 第 %d 行第 %d 列（%s）：%v", filename, r.Row, col[f.key], f.name, err)
			}
			*f.dst = d
		}
		if row.PublishedOn.IsZero() {
			return nil, nil, gongkai.Errorf(gongkai.EINVALID, "%s 第 %d 行：缺少发布日期，请写作 2023-05-06", filename, r.Row)
		}
		if row.WrittenOn.IsZero() {
			row.WrittenOn = row.PublishedOn
		}
		if row.Validity != "" {
			ok := false
			for _, v := range Validities {
				ok = ok || v == row.Validity
			}
			if !ok {
				return nil, nil, gongkai.Errorf(gongkai.EINVALID, "%s 第 %d 行第 %d 列：有效性“%s”应为 有效、失效、废止 或 已修订", filename, r.Row, col["validity"], row.Validity)
			}
		}
		if row.DocNo != "" {
			if ok, msg := checkDocNo(row.DocNo); !ok {
				warnings = append(warnings, fmt.Sprintf("%s 第 %d 行：文号“%s”不规范（按原样导入）：%s", filename, r.Row, row.DocNo, msg))
			}
		}
		for _, t := range strings.FieldsFunc(get("tags"), func(r rune) bool { return strings.ContainsRune(",，、;； ", r) }) {
			row.Tags = append(row.Tags, t)
		}
		out = append(out, row)
	}
	if len(out) == 0 {
		return nil, nil, gongkai.Errorf(gongkai.EINVALID, "%s：没有找到文件，请检查表头是否包含“标题”“发布日期”", filename)
	}
	return out, append(m.Warnings, warnings...), nil
}

func checkDocNo(s string) (bool, string) { return scan.CheckDocNumber(s) }
