package office

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Field is one thing an importer wants out of a table, recognised by any of
// its header labels.
type Field struct {
	Key    string
	Labels []string // synonyms, e.g. 具体要求 工作要求 具体措施 任务内容
	// Levels is how many columns this field may span in data rows, e.g. 2
	// for 工作任务 (category, subcategory). 0 means 1.
	Levels   int
	FillDown bool // an empty cell repeats the value above
	Required bool
}

// Schema is the set of fields an importer looks for.
type Schema struct{ Fields []Field }

// Record is one data row mapped onto a schema.
type Record struct {
	Row    int                 // 1-based row in the source table
	Values map[string][]string // Key → one string per level (len = Levels); only fields found in the header
	Extra  map[string]string   // unknown header → value, never dropped
	Filled map[string]bool     // fields whose value was repeated from above (fill-down or vertical merge)
}

// Mapped is a table mapped onto a schema.
type Mapped struct {
	Table     string
	HeaderRow int // 1-based
	// Columns says how each data column was mapped, for a preview: a field
	// key ("requirement"), a key with a 1-based level for multi-level fields
	// ("task#1", "task#2"), or "extra:" followed by the Extra key.
	Columns  []string
	Records  []Record
	Warnings []string // in Chinese, naming file, row and column
}

const (
	headerScanRows   = 30
	maxContainsRunes = 12 // a header cell longer than this only matches exactly
)

// normalizeLabel removes spaces (incl. full-width and newlines),
// punctuation and symbols such as ：:（）() and a required-marker *.
func normalizeLabel(s string) string {
	var b strings.Builder
	for _, r := range s {
		if unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsSymbol(r) {
			continue
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

type labelMatcher struct {
	fields []Field
	labels [][]string // normalized
}

func newMatcher(s Schema) *labelMatcher {
	m := &labelMatcher{fields: s.Fields}
	for _, f := range s.Fields {
		src := f.Labels
		if len(src) == 0 {
			src = []string{f.Key} // the key itself is the label if nothing else is given
		}
		var ls []string
		for _, l := range src {
			if n := normalizeLabel(l); n != "" {
				ls = append(ls, n)
			}
		}
		m.labels = append(m.labels, ls)
	}
	return m
}

// match returns the field a header text means and a score (exact matches
// beat "contains" matches, longer labels beat shorter), or -1.
func (m *labelMatcher) match(text string) (int, int) {
	n := normalizeLabel(text)
	if n == "" {
		return -1, 0
	}
	best, bestScore := -1, 0
	short := utf8.RuneCountInString(n) <= maxContainsRunes
	for i, ls := range m.labels {
		for _, l := range ls {
			score := 0
			if n == l {
				score = 1000 + len(l)
			} else if short && strings.Contains(n, l) {
				score = len(l)
			}
			if score > bestScore {
				best, bestScore = i, score
			}
		}
	}
	return best, bestScore
}

func (m *labelMatcher) exact(text string) int {
	f, score := m.match(text)
	if score >= 1000 {
		return f
	}
	return -1
}

func levelsOf(f Field) int { return max(1, f.Levels) }

func cellAt(row []Cell, j int) Cell {
	if j < len(row) {
		return row[j]
	}
	return Cell{}
}

// isHSpanCopy reports whether row[j] is a copy made by a horizontal merge.
func isHSpanCopy(row []Cell, j int) bool {
	c := cellAt(row, j)
	return c.Merged && c.Text != "" && j > 0 && row[j-1].Text == c.Text
}

// headerScore rates a row as a header: distinct fields recognised, sum of
// match scores, and whether all required fields are present.
func (m *labelMatcher) headerScore(row []Cell) (n, sum int, missing []int) {
	seen := make([]bool, len(m.fields))
	for j, c := range row {
		if isHSpanCopy(row, j) {
			continue
		}
		if f, s := m.match(c.Text); f >= 0 {
			if !seen[f] {
				n++
			}
			seen[f] = true
			sum += s
		}
	}
	for i, f := range m.fields {
		if f.Required && !seen[i] {
			missing = append(missing, i)
		}
	}
	return n, sum, missing
}

type colTarget struct {
	field  int // -1: extra
	level  int
	extra  string
	header string // header text shown in messages
}

func quoteList(ss []string) string {
	var b strings.Builder
	for _, s := range ss {
		b.WriteString("“" + s + "”")
	}
	return b.String()
}

func (m *labelMatcher) noHeaderMsg() string {
	var first []string
	for _, f := range m.fields {
		if len(f.Labels) > 0 {
			first = append(first, f.Labels[0])
		}
	}
	return "未找到表头：请确认表格第一行包含" + quoteList(first) + "等列名"
}

// findHeader picks the header row of t, or returns an error.
func (m *labelMatcher) findHeader(file string, t Table) (int, int, error) {
	best, bestN := -1, 0
	var nearMiss *Error
	for i := 0; i < len(t.Rows) && i < headerScanRows; i++ {
		n, _, missing := m.headerScore(t.Rows[i])
		if n < 2 {
			continue
		}
		if len(missing) > 0 {
			if nearMiss == nil {
				f := m.fields[missing[0]]
				nearMiss = &Error{File: file, Sheet: t.Name, Row: i + 1,
					Msg: "这一行像是表头，但缺少“" + firstLabel(f) + "”列（也可写作：" + strings.Join(f.Labels, "、") + "）"}
			}
			continue
		}
		if n > bestN {
			best, bestN = i, n
		}
	}
	if best < 0 {
		if nearMiss != nil {
			return -1, 0, nearMiss
		}
		return -1, 0, &Error{File: file, Sheet: t.Name, Msg: m.noHeaderMsg()}
	}
	return best, bestN, nil
}

func firstLabel(f Field) string {
	if len(f.Labels) > 0 {
		return f.Labels[0]
	}
	return f.Key
}

// MapTable finds the header row of t, maps its columns onto s and returns
// the data rows as records.
func MapTable(filename string, t Table, s Schema) (Mapped, error) {
	file := filepath.Base(filename)
	m := newMatcher(s)
	h, _, err := m.findHeader(file, t)
	if err != nil {
		return Mapped{}, err
	}
	return m.mapFrom(file, t, h)
}

// MapTables maps the table whose header matches s best (most fields
// recognised; the first one on a tie).
func MapTables(filename string, ts []Table, s Schema) (Mapped, error) {
	file := filepath.Base(filename)
	m := newMatcher(s)
	best, bestH, bestN := -1, 0, 0
	var firstErr error
	for i, t := range ts {
		h, n, err := m.findHeader(file, t)
		if err != nil {
			if firstErr == nil {
				firstErr = err
			}
			continue
		}
		if n > bestN {
			best, bestH, bestN = i, h, n
		}
	}
	if best < 0 {
		if firstErr == nil {
			firstErr = newErr(file, msgNoTable)
		}
		return Mapped{}, firstErr
	}
	return m.mapFrom(file, ts[best], bestH)
}

// maxCopiedText bounds the text that merges and fill-down repeat into the
// records: a long cell merged or filled down a long table would otherwise
// be copied into every row by whoever joins the values.
const maxCopiedText = 64 << 20

func (m *labelMatcher) mapFrom(file string, t Table, h int) (Mapped, error) {
	out := Mapped{Table: t.Name, HeaderRow: h + 1}
	loc := func(row, col int) string {
		return (&Error{File: file, Sheet: t.Name, Row: row, Col: col}).location()
	}
	warn := func(row, col int, msg string) {
		out.Warnings = append(out.Warnings, loc(row, col)+"："+msg)
	}
	header := t.Rows[h]
	copied := 0
	tooMuch := func(row int) error {
		return over(file, t.Name, row, 0, "合并单元格或向下填充重复的文字合计超过 %s 上限，请取消合并或拆分后再导入", mb(maxCopiedText))
	}
	width := 0
	for _, r := range t.Rows {
		width = max(width, len(r))
	}

	// 1. Match every header cell; horizontal-merge copies and empty cells
	// right of a label continue that label's group.
	type hcol struct {
		field, score int
		cont         bool // continues the group to its left
		text         string
	}
	cols := make([]hcol, width)
	for j := range cols {
		c := cellAt(header, j)
		cols[j] = hcol{field: -1, text: c.Text}
		if isHSpanCopy(header, j) {
			cols[j].cont = true
			continue
		}
		cols[j].field, cols[j].score = m.match(c.Text)
	}
	// Each field keeps its best column; other columns naming it go to Extra.
	bestCol := make([]int, len(m.fields))
	for i := range bestCol {
		bestCol[i] = -1
	}
	for j, c := range cols {
		if c.field >= 0 && (bestCol[c.field] < 0 || c.score > cols[bestCol[c.field]].score) {
			bestCol[c.field] = j
		}
	}
	targets := make([]colTarget, width)
	for j := range targets {
		targets[j] = colTarget{field: -1, header: cols[j].text}
	}
	for f, j := range bestCol {
		if j < 0 {
			continue
		}
		targets[j].field = f
		// Absorb continuation / empty columns for multi-level fields.
		for k, lvl := j+1, 1; k < width && lvl < levelsOf(m.fields[f]); k, lvl = k+1, lvl+1 {
			if !(cols[k].cont || (cols[k].text == "" && cols[k].field < 0)) {
				break
			}
			targets[k] = colTarget{field: f, level: lvl, header: cols[j].text}
		}
	}

	// 2. A sub-header row (工作任务 over 一级/二级, or 重点任务/具体任务).
	dataStart := h + 1
	if h+1 < len(t.Rows) && m.isSubHeader(header, t.Rows[h+1], cols2bool(len(cols), func(j int) bool {
		return cols[j].cont || (j+1 < len(cols) && cols[j+1].cont) || targets[j].level > 0 ||
			(targets[j].field >= 0 && j+1 < len(targets) && targets[j+1].field == targets[j].field)
	})) {
		sub := t.Rows[h+1]
		dataStart = h + 2
		for j := range targets {
			st := cellAt(sub, j).Text
			if st == "" || normalizeLabel(st) == normalizeLabel(cols[j].text) {
				continue
			}
			if targets[j].field < 0 {
				if f := m.exact(st); f >= 0 && bestCol[f] < 0 {
					bestCol[f] = j
					targets[j] = colTarget{field: f, header: st}
					continue
				}
				group := cols[j].text
				for k := j; k > 0 && cols[k].cont; k-- {
					group = cols[k-1].text
				}
				if group != "" {
					targets[j].header = group + "/" + st
				} else {
					targets[j].header = st
				}
			}
		}
	}

	// 3. Data rows wider than the header: give the extra columns to a
	// multi-level field that has fewer columns than levels (Word tables
	// whose header cell spans the category and subcategory columns).
	headerWidth := 0
	for j := range targets {
		if targets[j].field >= 0 || targets[j].header != "" {
			headerWidth = j + 1
		}
	}
	dataWidth := 0
	for r := dataStart; r < len(t.Rows); r++ {
		row := t.Rows[r]
		for j := len(row) - 1; j >= 0; j-- {
			if row[j].Text != "" {
				dataWidth = max(dataWidth, j+1)
				break
			}
		}
	}
	if extra := dataWidth - headerWidth; extra > 0 {
		for f, fd := range m.fields {
			j := bestCol[f]
			if j < 0 || levelsOf(fd) < 2 {
				continue
			}
			last := j
			for last+1 < len(targets) && targets[last+1].field == f {
				last++
			}
			have := last - j + 1
			add := min(extra, levelsOf(fd)-have)
			if add <= 0 {
				continue
			}
			ins := make([]colTarget, add)
			for k := range ins {
				ins[k] = colTarget{field: f, level: have + k, header: cols[j].text}
			}
			rest := append([]colTarget{}, targets[last+1:]...)
			targets = append(append(targets[:last+1], ins...), rest...)
			for g := range bestCol {
				if bestCol[g] > last {
					bestCol[g] += add
				}
			}
			out.Warnings = append(out.Warnings, fmt.Sprintf("%s：数据行比表头多 %d 列，已将第%d列起作为“%s”的下一级",
				loc(0, 0), add, last+2, cols[j].text))
			break
		}
	}
	for len(targets) < dataWidth {
		targets = append(targets, colTarget{field: -1})
	}
	for n := len(targets); n > dataWidth && targets[n-1].field < 0 && targets[n-1].header == ""; n-- {
		targets = targets[:n-1]
	}
	// Extra keys: header text, or "第N列" when there is none; unique.
	used := map[string]bool{}
	out.Columns = make([]string, len(targets))
	for j := range targets {
		tg := &targets[j]
		if tg.field >= 0 {
			f := m.fields[tg.field]
			if levelsOf(f) > 1 {
				out.Columns[j] = f.Key + "#" + strconv.Itoa(tg.level+1)
			} else {
				out.Columns[j] = f.Key
			}
			continue
		}
		key := strings.Join(strings.Fields(tg.header), " ")
		if key == "" {
			key = "第" + strconv.Itoa(j+1) + "列"
		}
		for base, n := key, 2; used[key]; n++ {
			key = base + "（" + strconv.Itoa(n) + "）"
		}
		used[key] = true
		tg.extra = key
		out.Columns[j] = "extra:" + key
		if tg.header != "" {
			warn(h+1, j+1, "列名“"+tg.header+"”未识别，已作为附加信息保留")
		}
	}
	for f, j := range bestCol {
		if j < 0 {
			fd := m.fields[f]
			msg := "未找到“" + firstLabel(fd) + "”列"
			if len(fd.Labels) > 1 {
				msg += "（可用列名：" + strings.Join(fd.Labels, "、") + "）"
			}
			out.Warnings = append(out.Warnings, loc(0, 0)+"："+msg)
		}
	}

	// 4. Records.
	var subRow []Cell
	if dataStart == h+2 {
		subRow = t.Rows[h+1]
	}
	var prev map[string][]string
	for r := dataStart; r < len(t.Rows); r++ {
		row := t.Rows[r]
		if !hasOwnContent(row) || m.isRepeatedHeader(row, header, subRow) {
			continue
		}
		rec := Record{Row: r + 1, Values: map[string][]string{}, Extra: map[string]string{}, Filled: map[string]bool{}}
		own := map[string][]bool{}
		for f, fd := range m.fields {
			if bestCol[f] >= 0 {
				rec.Values[fd.Key] = make([]string, levelsOf(fd))
				own[fd.Key] = make([]bool, levelsOf(fd))
			}
		}
		for j, tg := range targets {
			c := cellAt(row, j)
			if c.Text == "" {
				continue
			}
			if tg.field < 0 {
				rec.Extra[tg.extra] = c.Text
				continue
			}
			if isHSpanCopy(row, j) {
				continue // a horizontal merge spilling into this column
			}
			key := m.fields[tg.field].Key
			if tg.level < len(rec.Values[key]) {
				rec.Values[key][tg.level] = c.Text
				if c.Merged {
					rec.Filled[key] = true
					if copied += len(c.Text); copied > maxCopiedText {
						return Mapped{}, tooMuch(r + 1)
					}
				} else {
					own[key][tg.level] = true
				}
			}
		}
		for _, fd := range m.fields {
			vals, ok := rec.Values[fd.Key]
			if !ok {
				continue
			}
			if fd.FillDown && prev != nil {
				pv := prev[fd.Key]
				for k := range vals {
					if vals[k] != "" || k >= len(pv) || pv[k] == "" {
						continue
					}
					// A new value at a higher level starts a new group.
					newGroup := false
					for i := 0; i < k; i++ {
						if own[fd.Key][i] && vals[i] != pv[i] {
							newGroup = true
						}
					}
					if !newGroup {
						vals[k] = pv[k]
						rec.Filled[fd.Key] = true
						if copied += len(pv[k]); copied > maxCopiedText {
							return Mapped{}, tooMuch(r + 1)
						}
					}
				}
			}
			if fd.Required && strings.Join(vals, "") == "" {
				warn(r+1, bestCol[m.indexOf(fd.Key)]+1, "“"+firstLabel(fd)+"”为空")
			}
		}
		prev = rec.Values
		out.Records = append(out.Records, rec)
	}
	return out, nil
}

func (m *labelMatcher) indexOf(key string) int {
	for i, f := range m.fields {
		if f.Key == key {
			return i
		}
	}
	return -1
}

func cols2bool(n int, f func(int) bool) []bool {
	b := make([]bool, n)
	for i := range b {
		b[i] = f(i)
	}
	return b
}

func isNumberLike(s string) bool {
	s = strings.TrimSpace(s)
	if s == "" {
		return false
	}
	for _, r := range s {
		if !unicode.IsDigit(r) && r != '.' {
			return false
		}
	}
	return true
}

// isSubHeader reports whether row (just below header) is the second line
// of a two-level header: every non-empty cell either repeats the header
// above (vertical merge) or sits in a column group the header spans.
func (m *labelMatcher) isSubHeader(header, row []Cell, grouped []bool) bool {
	labels := 0
	for j, c := range row {
		if c.Text == "" {
			continue
		}
		if isNumberLike(c.Text) || utf8.RuneCountInString(c.Text) > maxContainsRunes {
			return false
		}
		if normalizeLabel(c.Text) == normalizeLabel(cellAt(header, j).Text) {
			continue
		}
		if j >= len(grouped) || !grouped[j] {
			return false
		}
		labels++
	}
	return labels > 0
}

// isRepeatedHeader reports whether row repeats the header (after a page
// break): all its non-empty cells (at least two) equal the header or
// sub-header cell in the same column, or a field label.
func (m *labelMatcher) isRepeatedHeader(row, header, sub []Cell) bool {
	n := 0
	for j, c := range row {
		if c.Text == "" {
			continue
		}
		nt := normalizeLabel(c.Text)
		if nt != normalizeLabel(cellAt(header, j).Text) && nt != normalizeLabel(cellAt(sub, j).Text) && m.exact(c.Text) < 0 {
			return false
		}
		n++
	}
	return n >= 2
}

// hasOwnContent reports whether a row has a non-empty cell that is not a
// copy made by a merge.
func hasOwnContent(row []Cell) bool {
	for _, c := range row {
		if c.Text != "" && !c.Merged {
			return true
		}
	}
	return false
}
