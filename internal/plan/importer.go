package plan

import (
	"errors"
	"fmt"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"gongkai"
	"gongkai/internal/office"
	"gongkai/internal/org"
)

// Schema is the task-breakdown table as the importer looks for it.
func Schema() office.Schema {
	return office.Schema{Fields: []office.Field{
		{Key: "seq", Labels: []string{"序号", "编号"}},
		{Key: "task", Labels: []string{"工作任务", "重点任务", "任务", "主要任务", "任务名称", "工作内容"}, Levels: 2, FillDown: true},
		{Key: "requirement", Labels: []string{"具体要求", "工作要求", "具体措施", "任务内容", "工作措施", "具体任务"}, Required: true},
		{Key: "units", Labels: []string{"责任单位", "责任科室", "责任部门", "牵头单位", "配合单位", "责任处室", "承办单位"}, FillDown: true},
		{Key: "deadline", Labels: []string{"完成时限", "时限要求", "完成时间", "时间节点", "完成期限"}},
	}}
}

// Row is one task as read from the table.
type Row struct {
	Seq         int               `json:"seq"`
	SourceRow   int               `json:"source_row"`
	Category    string            `json:"category"`
	Subcategory string            `json:"subcategory"`
	Requirement string            `json:"requirement"`
	UnitsText   string            `json:"units_text"`
	UnitNames   []string          `json:"units"`          // as written, split
	Resolved    []string          `json:"resolved_units"` // unit names the names stand for
	UnitIDs     []int64           `json:"-"`
	Designate   bool              `json:"designate"`
	Unresolved  []string          `json:"unresolved"`
	Deadline    Deadline          `json:"-"`
	Extra       map[string]string `json:"extra,omitempty"`
}

// Parsed is a whole table read and understood, before it is saved.
type Parsed struct {
	File       string
	Year       int
	Title      string
	Rows       []Row
	Unresolved []string // distinct unit names kept as written
	Warnings   []string
	Columns    []string
}

// Assignments counts the task × unit pairs the table creates.
func (p *Parsed) Assignments() int {
	n := 0
	for _, r := range p.Rows {
		n += len(r.UnitIDs)
	}
	return n
}

// SummaryRow is one row of the --json summary (DESIGN §9).
type SummaryRow struct {
	Seq           int               `json:"seq"`
	Category      string            `json:"category"`
	Subcategory   string            `json:"subcategory"`
	Requirement   string            `json:"requirement"`
	Units         []string          `json:"units"`
	Deadline      string            `json:"deadline"`
	DeadlineText  string            `json:"deadline_text"`
	ResolvedUnits []string          `json:"resolved_units"`
	Designate     bool              `json:"designate"`
	Unresolved    []string          `json:"unresolved_units"`
	SourceRow     int               `json:"source_row"`
	Extra         map[string]string `json:"extra,omitempty"`
}

// Summary is what `import tasks --json` prints (DESIGN §9, plus fields).
type Summary struct {
	Tasks           int          `json:"tasks"`
	Assignments     int          `json:"assignments"`
	UnresolvedUnits []string     `json:"unresolved_units"`
	Warnings        []string     `json:"warnings"`
	Rows            []SummaryRow `json:"rows"`
	Year            int          `json:"year"`
	DryRun          bool         `json:"dry_run"`
	Created         int          `json:"created"`
	Updated         int          `json:"updated"`
	Removed         int          `json:"removed"`
}

// Summary builds the printed summary.
func (p *Parsed) Summary() Summary {
	s := Summary{Tasks: len(p.Rows), Assignments: p.Assignments(), UnresolvedUnits: nonNil(p.Unresolved),
		Warnings: nonNil(p.Warnings), Year: p.Year, Rows: []SummaryRow{}}
	for _, r := range p.Rows {
		s.Rows = append(s.Rows, SummaryRow{Seq: r.Seq, Category: r.Category, Subcategory: r.Subcategory,
			Requirement: r.Requirement, Units: nonNil(r.UnitNames), Deadline: r.Deadline.Value(), DeadlineText: r.Deadline.Text,
			ResolvedUnits: nonNil(r.Resolved), Designate: r.Designate, Unresolved: nonNil(r.Unresolved), SourceRow: r.SourceRow, Extra: r.Extra})
	}
	return s
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// MaxRows bounds a table.
const MaxRows = 20000

// Parse reads a task-breakdown table file (.txt/.tsv/.csv/.xlsx/.docx)
// for year, resolves its units against units and parses its deadlines.
// A row without requirement text, an impossible date or no header is an
// error naming the file, row and column.
func Parse(filename string, data []byte, year int, units []org.Unit) (*Parsed, error) {
	file := filepath.Base(filename)
	if year < 2000 || year > 2100 {
		return nil, gongkai.Errorf(gongkai.EINVALID, "年份 %d 不合理，请用四位年份，如 2023", year)
	}
	tables, err := office.ReadTables(filename, data)
	if err != nil {
		return nil, wrapOffice(err)
	}
	m, err := office.MapTables(filename, tables, Schema())
	if err != nil {
		return nil, wrapOffice(err)
	}
	if len(m.Records) == 0 {
		return nil, gongkai.Errorf(gongkai.EINVALID, "%s：表头下没有任务行", file)
	}
	if len(m.Records) > MaxRows {
		return nil, gongkai.Errorf(gongkai.ETOOLARGE, "%s：任务行超过 %d 行，请拆分后导入", file, MaxRows)
	}
	col := map[string]int{}
	for j, c := range m.Columns {
		key, _, _ := strings.Cut(c, "#")
		if _, ok := col[key]; !ok {
			col[key] = j + 1
		}
	}
	loc := func(row int, key string) string {
		e := &office.Error{File: file, Sheet: m.Table, Row: row, Col: col[key]}
		return strings.TrimSuffix(e.Error(), "：")
	}
	p := &Parsed{File: file, Year: year, Columns: m.Columns, Warnings: append([]string(nil), m.Warnings...)}
	if len(tables) > 0 {
		for _, t := range tables {
			if t.Name == m.Table && len(t.Preamble) > 0 {
				p.Title = guessTitle(t.Preamble)
			}
		}
	}
	seen := map[int]int{}
	unresolved := map[string]bool{}
	next := 1
	for _, rec := range m.Records {
		r := Row{SourceRow: rec.Row, Extra: rec.Extra}
		get := func(key string, lvl int) string {
			v := rec.Values[key]
			if lvl < len(v) {
				return strings.TrimSpace(v[lvl])
			}
			return ""
		}
		r.Category, r.Subcategory = get("task", 0), get("task", 1)
		r.Requirement = get("requirement", 0)
		if r.Requirement == "" {
			return nil, gongkai.Errorf(gongkai.EINVALID, "%s：“具体要求”为空，每一行都要有任务要求", loc(rec.Row, "requirement"))
		}
		seqText := get("seq", 0)
		if n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(seqText), ".")); err == nil && n > 0 {
			r.Seq = n
		} else {
			if seqText != "" {
				p.Warnings = append(p.Warnings, fmt.Sprintf("%s：序号“%s”不是数字，已按顺序编为 %d", loc(rec.Row, "seq"), seqText, next))
			}
			r.Seq = next
		}
		if prev, dup := seen[r.Seq]; dup {
			return nil, gongkai.Errorf(gongkai.EINVALID, "%s：序号 %d 与第%d行重复", loc(rec.Row, "seq"), r.Seq, prev)
		}
		seen[r.Seq] = rec.Row
		next = r.Seq + 1

		r.UnitsText = get("units", 0)
		r.UnitNames = joinUnresolved(r.UnitsText, org.SplitNames(r.UnitsText), units)
		rep := org.ResolveAll(r.UnitNames, units)
		r.Designate = rep.Designate
		r.Unresolved = rep.Unresolved
		for _, u := range rep.Units {
			r.Resolved = append(r.Resolved, u.Name)
			r.UnitIDs = append(r.UnitIDs, u.ID)
		}
		for _, n := range rep.Unresolved {
			if !unresolved[n] {
				unresolved[n] = true
				p.Unresolved = append(p.Unresolved, n)
			}
			p.Warnings = append(p.Warnings, fmt.Sprintf("%s：责任单位“%s”在本单位组织机构中找不到，已按原文保留", loc(rec.Row, "units"), n))
		}
		if len(r.UnitNames) == 0 {
			p.Warnings = append(p.Warnings, fmt.Sprintf("%s：没有责任单位，请在导入后指定", loc(rec.Row, "units")))
		}
		dl, err := ParseDeadline(get("deadline", 0), year)
		if err != nil {
			return nil, gongkai.Errorf(gongkai.EINVALID, "%s：%s", loc(rec.Row, "deadline"), gongkai.ErrorMessage(err))
		}
		switch dl.Kind {
		case DeadlineText:
			p.Warnings = append(p.Warnings, fmt.Sprintf("%s：完成时限“%s”无法识别为日期，已按原文保留", loc(rec.Row, "deadline"), dl.Text))
		case DeadlineNone:
			p.Warnings = append(p.Warnings, fmt.Sprintf("%s：完成时限为空", loc(rec.Row, "deadline")))
		case DeadlineDate:
			if dl.Date.Year != year && dl.Date.Year != year+1 {
				p.Warnings = append(p.Warnings, fmt.Sprintf("%s：完成时限 %s 不在 %d 年度", loc(rec.Row, "deadline"), dl.Date, year))
			}
		}
		r.Deadline = dl
		p.Rows = append(p.Rows, r)
	}
	sort.SliceStable(p.Rows, func(i, j int) bool { return p.Rows[i].Seq < p.Rows[j].Seq })
	return p, nil
}

func guessTitle(pre []string) string {
	title := ""
	for _, l := range pre {
		l = strings.TrimSpace(l)
		if strings.Contains(l, "分解表") && !strings.HasPrefix(l, "附件") && !strings.HasSuffix(l, "通知") && len([]rune(l)) < 80 {
			title = l
		}
	}
	return title
}

// wrapOffice turns a reader's located error into an application error
// with the same Chinese message (EINVALID, or ETOOLARGE for a file over a
// size limit).
func wrapOffice(err error) error {
	var oe *office.Error
	if errors.As(err, &oe) {
		return gongkai.Wrap(gongkai.ErrorCode(oe), oe.Error(), err)
	}
	if gongkai.ErrorCode(err) != gongkai.EINTERNAL {
		return err
	}
	return gongkai.Wrap(gongkai.EINVALID, "无法读取文件："+err.Error(), err)
}

// joinUnresolved puts back together the pieces of one name that the split
// on 、 cut apart, such as 各市、县（市、区）教育局: neighbouring names that
// are both unresolved and separated by a lone 、 were written as one and
// are kept as written.
func joinUnresolved(cell string, names []string, units []org.Unit) []string {
	if len(names) < 2 {
		return names
	}
	type piece struct {
		name       string
		unresolved bool
		sepBefore  string
	}
	var ps []piece
	pos := 0
	for _, n := range names {
		i := strings.Index(cell[pos:], n)
		sep := ""
		if i >= 0 {
			sep = strings.TrimSpace(cell[pos : pos+i])
			pos += i + len(n)
		}
		ps = append(ps, piece{n, org.Resolve(n, units).How == org.Unresolved, sep})
	}
	out := []string{ps[0].name}
	prevUnresolved := ps[0].unresolved
	for _, p := range ps[1:] {
		if prevUnresolved && p.unresolved && p.sepBefore == "、" {
			out[len(out)-1] += "、" + p.name
			continue
		}
		out = append(out, p.name)
		prevUnresolved = p.unresolved
	}
	return out
}
