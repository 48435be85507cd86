package web

import (
	"context"
	"fmt"
	"html/template"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"gongkai/internal/auth"
	"gongkai/internal/disclosure"
	"gongkai/internal/sanitize"
	"gongkai/internal/store"
	"gongkai/internal/workday"
)

var shanghai = func() *time.Location {
	if loc, err := time.LoadLocation("Asia/Shanghai"); err == nil {
		return loc
	}
	return time.FixedZone("CST", 8*3600)
}()

// Shanghai is the civil time zone of the site.
func Shanghai() *time.Location { return shanghai }

// funcs are the template functions shared by every page. Prefer methods on
// a page's own data struct to new functions here.
func (s *Server) funcs() template.FuncMap {
	m := s.baseFuncs()
	for _, area := range []template.FuncMap{planFuncs, docsFuncs, requestsFuncs, participationFuncs, gateFuncs} {
		for k, f := range area {
			m[k] = f
		}
	}
	return m
}

func (s *Server) baseFuncs() template.FuncMap {
	return template.FuncMap{
		"static": s.staticURL,
		"datetime": func(v any) string { // China time, 2026-12-01 18:16
			var t time.Time
			switch x := v.(type) {
			case time.Time:
				t = x
			case string: // a stored timestamp
				t = store.ParseTS(x)
			}
			if t.IsZero() {
				return ""
			}
			return t.In(shanghai).Format("2006-01-02 15:04")
		},
		"date": func(v any) string {
			switch x := v.(type) {
			case time.Time:
				if x.IsZero() {
					return ""
				}
				return x.In(shanghai).Format("2006-01-02")
			case workday.Date:
				return x.String()
			case string:
				return x
			}
			return fmt.Sprint(v)
		},
		"cndate": func(v any) string { // 2023年5月6日 (GB/T 9704 form)
			var d workday.Date
			switch x := v.(type) {
			case time.Time:
				if x.IsZero() {
					return ""
				}
				d = workday.DateOf(x)
			case workday.Date:
				d = x
			default:
				return fmt.Sprint(v)
			}
			if d.IsZero() {
				return ""
			}
			return fmt.Sprintf("%d年%d月%d日", d.Year, int(d.Month), d.Day)
		},
		"roleLabel": func(r auth.Role) string { return r.Label() },
		// docHref is where a user can read a document: its console page
		// when they may open it, else its portal page when it is public,
		// else nowhere ("": no link).
		"docHref": func(u *auth.User, v any) string {
			var d disclosure.Document
			switch x := v.(type) {
			case disclosure.Document:
				d = x
			case int64:
				var err error
				if d, err = s.Store.Document(context.Background(), x); err != nil {
					return ""
				}
			default:
				return ""
			}
			if u != nil && auth.Allowed(u.Role, auth.PermDocView) && disclosure.CanSee(*u, d) {
				return "/admin/docs/d/" + strconv.FormatInt(d.ID, 10)
			}
			if d.Public() {
				return "/docs/" + strconv.FormatInt(d.ID, 10)
			}
			return ""
		},
		// yearNav is the visible year selector: a link per year (href is
		// base + the year), the current one marked.
		"yearNav": func(base string, years []int, cur int) template.HTML {
			var b strings.Builder
			b.WriteString(`<nav class="years" aria-label="年度"><span>年度：</span>`)
			for _, y := range years {
				ys := strconv.Itoa(y)
				if y == cur {
					b.WriteString(`<a href="` + template.HTMLEscapeString(base+ys) + `" aria-current="page">` + ys + `年</a>`)
				} else {
					b.WriteString(`<a href="` + template.HTMLEscapeString(base+ys) + `">` + ys + `年</a>`)
				}
			}
			b.WriteString(`</nav>`)
			return template.HTML(b.String())
		},
		"allowed": func(u *auth.User, p string) bool {
			return u != nil && auth.Allowed(u.Role, auth.Perm(p))
		},
		"truncate": func(n int, s string) string {
			if utf8.RuneCountInString(s) <= n {
				return s
			}
			return string([]rune(s)[:n]) + "…"
		},
		"join": strings.Join,
		"bytes": func(v any) string {
			switch n := v.(type) {
			case int64:
				return store.HumanBytes(n)
			case uint64:
				return store.HumanBytes(int64(n))
			case int:
				return store.HumanBytes(int64(n))
			}
			return fmt.Sprint(v)
		},
		"add": func(a, b int) int { return a + b },
		"seq": func(n int) []int {
			out := make([]int, n)
			for i := range out {
				out[i] = i
			}
			return out
		},
		"lines": func(s string) []string { return strings.Split(strings.TrimSpace(s), "\n") },
		"dict": func(kv ...any) map[string]any {
			m := map[string]any{}
			for i := 0; i+1 < len(kv); i += 2 {
				m[fmt.Sprint(kv[i])] = kv[i+1]
			}
			return m
		},
		"safeHTML": func(s string) template.HTML { return template.HTML(s) },                // only for already-sanitised HTML
		"paras":    func(s string) template.HTML { return template.HTML(sanitize.Text(s)) }, // plain text → escaped paragraphs
		"indent":   func(n int) string { return strings.Repeat("　", n) },
		"weekday":  func(d workday.Date) string { return workday.WeekdayName(d.Weekday()) },
	}
}
