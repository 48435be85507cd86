package app_test

import (
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"gongkai/internal/webtest"
)

var hrefRe = regexp.MustCompile(`href="(/[^"#]*)`)

// TestCrawlDoors follows, as every demo role, the links the console shows
// (up to a few hundred pages each): none answers 500, and no link leads
// to a door the user cannot open (403) — a liaison sees only doors it can
// open (documents of other units link to their portal page or not at all).
func TestCrawlDoors(t *testing.T) {
	env := webtest.Start(t)
	for _, login := range []string{"xiaoxue", "jijiaoke", "bangongshi", "fenguan", "shencha", "shenji", "admin"} {
		t.Run(login, func(t *testing.T) {
			c := env.Client()
			env.Login(t, c, login)
			seen := map[string]string{"/admin/": "登录后"}
			queue := []string{"/admin/"}
			pages := 0
			for len(queue) > 0 && pages < 250 {
				p := queue[0]
				queue = queue[1:]
				if strings.Contains(p, "logout") || strings.HasSuffix(p, ".xlsx") || strings.HasSuffix(p, ".docx") || strings.Contains(p, "export") ||
					strings.Contains(p, "/files/") || strings.Contains(p, "/archive") || strings.Contains(p, "/letter") {
					continue
				}
				resp, err := c.Get(env.URL + p)
				if err != nil {
					t.Fatal(err)
				}
				b, _ := io.ReadAll(io.LimitReader(resp.Body, 4<<20))
				resp.Body.Close()
				pages++
				switch {
				case resp.StatusCode >= 500:
					t.Errorf("%s → %d (linked from %s)", p, resp.StatusCode, seen[p])
					continue
				case resp.StatusCode == http.StatusForbidden:
					t.Errorf("%s → 403: a door %s cannot open, linked from %s", p, login, seen[p])
					continue
				case resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html"):
					continue
				}
				for _, m := range hrefRe.FindAllStringSubmatch(string(b), -1) {
					u, err := url.Parse(strings.ReplaceAll(m[1], "&amp;", "&"))
					if err != nil || !strings.HasPrefix(u.Path, "/admin/") {
						continue
					}
					// One visit per path and set of parameter names keeps
					// the crawl to pages, not to every filter value.
					keys := []string{}
					for k := range u.Query() {
						keys = append(keys, k)
					}
					key := u.Path + "?" + strings.Join(sortedStrings(keys), "&")
					if _, ok := seen[key]; ok {
						continue
					}
					seen[key] = p
					seen[u.String()] = p
					queue = append(queue, u.String())
				}
			}
			if pages < 5 {
				t.Errorf("crawled only %d pages", pages)
			}
			t.Logf("%s: %d pages", login, pages)
		})
	}
}

func sortedStrings(s []string) []string {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
	return s
}
