package crawl

import (
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"gongkai/internal/workday"
)

var (
	dateNumRe = regexp.MustCompile(`((?:19|20)[0-9]{2})([-./])([0-9]{1,2})([-./])([0-9]{1,2})`)
	dateCNRe  = regexp.MustCompile(`((?:19|20)[0-9]{2})年([0-9]{1,2})月([0-9]{1,2})日`)
	pubRe     = regexp.MustCompile(`(?:发布日期|发布时间|发文日期|日期|时间)[:：]?\s*`)
)

// MaxDates bounds the dates kept of one page.
const MaxDates = 500

// FindDates returns the distinct dates written in text (2023-05-06,
// 2023/5/6, 2023.5.6, 2023年5月6日), newest first, none after notAfter
// (a date in the future is not a publish date).
func FindDates(text string, notAfter time.Time) []workday.Date {
	limit := workday.DateOf(notAfter)
	seen := map[workday.Date]bool{}
	var out []workday.Date
	add := func(y, m, d string) {
		yy, _ := strconv.Atoi(y)
		mm, _ := strconv.Atoi(m)
		dd, _ := strconv.Atoi(d)
		dt := workday.Date{Year: yy, Month: time.Month(mm), Day: dd}
		if !dt.IsValid() || dt.After(limit) || seen[dt] || len(out) >= MaxDates {
			return
		}
		seen[dt] = true
		out = append(out, dt)
	}
	digit := func(i int) bool { return i >= 0 && i < len(text) && text[i] >= '0' && text[i] <= '9' }
	for _, m := range dateNumRe.FindAllStringSubmatchIndex(text, -1) {
		s, e := m[0], m[1]
		if digit(s-1) || (s > 0 && text[s-1] == '.') || digit(e) || (e < len(text) && text[e] == '.' && digit(e+1)) {
			continue // part of a longer number (a version, an ID)
		}
		if text[m[4]:m[5]] == text[m[8]:m[9]] {
			add(text[m[2]:m[3]], text[m[6]:m[7]], text[m[10]:m[11]])
		}
	}
	for _, m := range dateCNRe.FindAllStringSubmatch(text, -1) {
		add(m[1], m[2], m[3])
	}
	sort.Slice(out, func(i, j int) bool { return out[i].After(out[j]) })
	return out
}

// PubDate is a page's own publish date: the PubDate meta tag of the
// national page rules, else the date after 发布日期/发布时间 in the text.
func PubDate(meta map[string]string, text string) workday.Date {
	for _, k := range []string{"PubDate", "pubdate", "publishdate", "PublishDate"} {
		if v := strings.TrimSpace(meta[k]); v != "" {
			if ds := FindDates(v, time.Now().AddDate(0, 0, 1)); len(ds) > 0 {
				return ds[0]
			}
		}
	}
	if loc := pubRe.FindStringIndex(text); loc != nil {
		end := loc[1] + 40
		if end > len(text) {
			end = len(text)
		}
		if ds := FindDates(text[loc[1]:end], time.Now().AddDate(0, 0, 1)); len(ds) > 0 {
			return ds[0]
		}
	}
	return workday.Date{}
}
