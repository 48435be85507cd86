package workday

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// weekdayNames are the Chinese weekday labels used in the official list.
var weekdayNames = [...]string{"周日", "周一", "周二", "周三", "周四", "周五", "周六"}

// WeekdayName returns 周一 … 周日 for w.
func WeekdayName(w time.Weekday) string { return weekdayNames[w] }

// column indexes of a schedule file; -1 when absent.
type columns struct {
	date, weekday, kind, name, notice int
}

// full is the layout of the official list:
// date,weekday,type,festival,notice_year.
var full = columns{date: 0, weekday: 1, kind: 2, name: 3, notice: 4}

// simple is the short layout: date,type[,name].
var simple = columns{date: 0, weekday: -1, kind: 1, name: 2, notice: -1}

// ParseSchedule reads a holiday schedule in CSV form, either the official
// list (header date,weekday,type,festival,notice_year; type HOLIDAY or
// WORKDAY_ADJUSTED) or a short form "date,type[,name]" where type is
// 放假/上班/holiday/workday. A header row is optional; lines starting with
// # are comments. Errors name the line.
func ParseSchedule(r io.Reader) ([]Day, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	cr.Comment = '#'
	cr.ReuseRecord = true

	var (
		out    []Day
		cols   *columns
		seen   = map[Date]int{} // date -> index in out
		lineOf = map[Date]int{}
	)
	for first := true; ; first = false {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, fmt.Errorf("第%d行：CSV 格式有误（%v），请检查引号和逗号", pe.Line, pe.Err)
			}
			return nil, fmt.Errorf("读取节假日安排失败：%v，请重新上传文件", err)
		}
		line, _ := cr.FieldPos(0)
		for i := range rec {
			rec[i] = strings.TrimSpace(rec[i])
		}
		if first {
			rec[0] = strings.TrimPrefix(rec[0], "\ufeff")
			if h, ok := parseHeader(rec); ok {
				cols = &h
				continue
			} else if isHeaderWord(rec[0]) {
				return nil, fmt.Errorf("第%d行：表头必须包含日期列和类型列（如 date,type,name 或 date,weekday,type,festival,notice_year），请改正表头", line)
			}
		}
		c := cols
		if c == nil {
			switch len(rec) {
			case 2, 3:
				c = &simple
			case 5:
				c = &full
			default:
				return nil, fmt.Errorf("第%d行：有%d列，应为“日期,类型,名称”三列或“date,weekday,type,festival,notice_year”五列，请改正", line, len(rec))
			}
		}
		day, err := parseRow(rec, *c)
		if err != nil {
			return nil, fmt.Errorf("第%d行：%w", line, err)
		}
		if i, dup := seen[day.Date]; dup {
			if out[i].Kind != day.Kind {
				return nil, fmt.Errorf("第%d行：日期%s与第%d行重复，但一处为%s、一处为%s，请删除其中错误的一行",
					line, day.Date, lineOf[day.Date], day.Kind.Label(), out[i].Kind.Label())
			}
			continue // exact repeat: keep the first
		}
		seen[day.Date] = len(out)
		lineOf[day.Date] = line
		out = append(out, day)
	}
	if len(out) == 0 {
		return nil, errors.New("节假日安排中没有任何日期，请至少填写一行（如 2027-01-01,放假,元旦）")
	}
	return out, nil
}

func isHeaderWord(s string) bool {
	switch strings.ToLower(s) {
	case "date", "日期", "day":
		return true
	}
	return false
}

// parseHeader recognises a header row and maps its columns.
func parseHeader(rec []string) (columns, bool) {
	c := columns{date: -1, weekday: -1, kind: -1, name: -1, notice: -1}
	for i, f := range rec {
		switch strings.ToLower(strings.TrimPrefix(f, "\ufeff")) {
		case "date", "day", "日期":
			c.date = i
		case "weekday", "星期":
			c.weekday = i
		case "type", "kind", "类型":
			c.kind = i
		case "festival", "name", "节日", "名称":
			c.name = i
		case "notice_year", "通知年份":
			c.notice = i
		}
	}
	return c, c.date >= 0 && c.kind >= 0
}

func field(rec []string, i int) string {
	if i < 0 || i >= len(rec) {
		return ""
	}
	return rec[i]
}

func parseRow(rec []string, c columns) (Day, error) {
	ds := field(rec, c.date)
	if ds == "" {
		return Day{}, errors.New("缺少日期，请按 YYYY-MM-DD 填写")
	}
	d, err := ParseDate(ds)
	if err != nil {
		return Day{}, err
	}
	ks := field(rec, c.kind)
	kind, ok := parseKind(ks)
	if !ok {
		return Day{}, fmt.Errorf("类型“%s”无法识别，请填写 HOLIDAY/放假 或 WORKDAY_ADJUSTED/上班", ks)
	}
	w := d.Weekday()
	if ws := field(rec, c.weekday); ws != "" && ws != weekdayNames[w] {
		return Day{}, fmt.Errorf("%s是%s，星期列却写“%s”，请核对日期或星期", d, weekdayNames[w], ws)
	}
	if ns := field(rec, c.notice); ns != "" {
		ny, err := strconv.Atoi(ns)
		if err != nil || ny < 1 || ny > 9999 {
			return Day{}, fmt.Errorf("通知年份“%s”无效，请填写四位年份，如 %d", ns, d.Year)
		}
	}
	if kind == Workday && isWeekday(w) {
		return Day{}, fmt.Errorf("%s是%s，本来就是工作日，不能标为调休上班，请改正日期或删除该行", d, weekdayNames[w])
	}
	return Day{Date: d, Kind: kind, Name: field(rec, c.name)}, nil
}

func parseKind(s string) (DayKind, bool) {
	switch strings.ToLower(s) {
	case "holiday", "放假", "休", "休息":
		return Holiday, true
	case "workday_adjusted", "workday", "上班", "班", "调休上班", "补班":
		return Workday, true
	}
	return "", false
}
