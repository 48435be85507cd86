package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"gongkai/internal/webtest"
)

// The catalogue history reads as people write it: who (name and login),
// when (China time), which field changed from what to what — not JSON and
// UTC.
func TestCatalogHistoryReadable(t *testing.T) {
	env := webtest.StartWith(t, webtest.Options{Now: time.Date(2023, 11, 15, 2, 30, 0, 0, time.UTC)})
	items, err := env.Store.CatalogItems(context.Background())
	if err != nil || len(items) == 0 {
		t.Fatalf("demo catalogue: %v (%d items)", err, len(items))
	}
	it := items[len(items)-1]
	c := env.Client()
	env.Login(t, c, "bangongshi")
	page := env.URL + "/admin/docs/catalog/" + strconv.FormatInt(it.ID, 10)
	form := url.Values{"seq": {it.Seq}, "name": {it.Name + "（修订）"}, "content": {it.Content}, "basis": {it.Basis}, "time_limit": {"信息形成之日起10个工作日内"},
		"subject": {it.Subject}, "channels": {it.Channels}, "audience": {it.Audience}, "mode": {it.Mode}, "tier": {it.Tier}, "sort": {strconv.Itoa(it.Sort)},
		"parent_id": {strconv.FormatInt(it.ParentID, 10)}}
	if st, body := post(t, c, page, form); st != http.StatusSeeOther {
		t.Fatalf("save item: status %d\n%s", st, body)
	}
	_, body := get(t, c, page)
	_, hist, _ := strings.Cut(body, `id="catalog-history"`)
	hist, _, _ = strings.Cut(hist, "</table>")
	for _, want := range []string{
		"2023-11-15 10:30", // 02:30 UTC
		"（bangongshi）",
		"<strong>事项名称</strong>：<del>" + it.Name + "</del> → <ins>" + it.Name + "（修订）</ins>",
		"<strong>公开时限</strong>：",
		"<ins>信息形成之日起10个工作日内</ins>",
	} {
		if !strings.Contains(hist, want) {
			t.Errorf("history lacks %q:\n%s", want, hist)
		}
	}
	for _, bad := range []string{`{&#34;`, `"ID"`, "Name", "T02:30", "Z<"} {
		if strings.Contains(hist, bad) {
			t.Errorf("history shows raw JSON or UTC (%q):\n%s", bad, hist)
		}
	}
	if strings.Contains(hist, "<strong>公开内容") {
		t.Errorf("history lists a field that did not change:\n%s", hist)
	}
}
