package inspect

import (
	"strings"
	"time"

	"gongkai"
	"gongkai/internal/participation"
	"gongkai/internal/workday"
)

// cst is China Standard Time, for the times findings show.
var cst = time.FixedZone("CST", 8*3600)

// Class is a column's update class in the national rules.
type Class string

const (
	ClassDynamic   Class = "dynamic"   // 动态、要闻类: 2 weeks
	ClassNotice    Class = "notice"    // 通知公告、政策文件类: 6 months
	ClassPlan      Class = "plan"      // 人事、规划计划类: 1 year
	ClassIrregular Class = "irregular" // 不定期: never stale
)

// Classes lists the classes for a form.
var Classes = []Class{ClassDynamic, ClassNotice, ClassPlan, ClassIrregular}

// Label is the class's Chinese name.
func (c Class) Label() string {
	switch c {
	case ClassDynamic:
		return "动态要闻类"
	case ClassNotice:
		return "通知公告、政策文件类"
	case ClassPlan:
		return "人事、规划计划类"
	case ClassIrregular:
		return "不定期更新"
	}
	return string(c)
}

// Period is how long a column of the class may go without an update.
func (c Class) Period() string {
	switch c {
	case ClassDynamic:
		return "2 周"
	case ClassNotice:
		return "6 个月"
	case ClassPlan:
		return "1 年"
	}
	return "（不限）"
}

// Valid reports whether c is a known class.
func (c Class) Valid() bool {
	for _, k := range Classes {
		if k == c {
			return true
		}
	}
	return false
}

// ParseClass checks a class from a form.
func ParseClass(s string) (Class, error) {
	c := Class(strings.TrimSpace(s))
	if !c.Valid() {
		return c, gongkai.Errorf(gongkai.EINVALID, "栏目类别“%s”无效，应为动态要闻类、通知公告政策文件类、人事规划计划类或不定期更新", s)
	}
	return c, nil
}

// StaleOn is the first day a column of class c last updated on last is
// stale; zero for 不定期.
func (c Class) StaleOn(last workday.Date) workday.Date {
	switch c {
	case ClassDynamic:
		return last.AddDays(HomepageStaleDays + 1)
	case ClassNotice:
		return participation.AddMonths(last, 6).AddDays(1)
	case ClassPlan:
		return participation.AddMonths(last, 12).AddDays(1)
	}
	return workday.Date{}
}

// DefaultClass guesses a column's class from its name, the way the
// national rules name the classes; 不定期 when nothing fits (the office
// sets the rest in the console).
func DefaultClass(name string) Class {
	has := func(words ...string) bool {
		for _, w := range words {
			if strings.Contains(name, w) {
				return true
			}
		}
		return false
	}
	switch {
	case has("动态", "要闻", "新闻", "工作信息", "图片"):
		return ClassDynamic
	case has("通知", "公告", "公示", "政策", "文件", "规范性", "解读"):
		return ClassNotice
	case has("人事", "任免", "招聘", "规划", "计划", "预算", "决算", "年报", "年度报告"):
		return ClassPlan
	}
	return ClassIrregular
}

// Column is a portal column (a catalogue item or a portal list) with what
// it holds.
type Column struct {
	Key   string // catalog:12, portal:interpretations
	Name  string
	URL   string
	Class Class
	Items int          // items ever published in it
	Last  workday.Date // newest publish date; zero when no item has one
}

// Stale reports whether the column, not blank, lacks an update its class
// requires as of today. Items without a publish date count as not
// updated, so a column holding only such items is stale.
func (c Column) Stale(today workday.Date) bool {
	if c.Items == 0 || c.Class == ClassIrregular {
		return false
	}
	if c.Last.IsZero() {
		return true
	}
	return !today.Before(c.Class.StaleOn(c.Last))
}
