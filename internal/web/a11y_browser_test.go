package web_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"gongkai/internal/demo"
	"gongkai/internal/disclosure"
	"gongkai/internal/store"
	"gongkai/internal/webtest"
)

// axeSource is axe-core, vendored for the tests only (testdata/axe-core;
// not embedded in the program).
func axeSource(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile("testdata/axe-core/axe.min.js")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// axeTags are the rules the tests hold the pages to: WCAG 2.0 and 2.1,
// levels A and AA.
const axeTags = `["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]`

type axeViolation struct {
	ID     string   `json:"id"`
	Impact string   `json:"impact"`
	Help   string   `json:"help"`
	Nodes  []string `json:"nodes"`
}

// axeCheck runs axe-core on the page in the tab and fails on every
// violation, naming the rule and the elements.
func axeCheck(t *testing.T, ctx context.Context, src, what string) {
	t.Helper()
	axeRun(t, ctx, src, what, `{type: "tag", values: `+axeTags+`}`)
}

// axeRun runs axe-core with runOnly (a JavaScript object literal).
func axeRun(t *testing.T, ctx context.Context, src, what, runOnly string) {
	t.Helper()
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`typeof axe !== "undefined" || (function(){ `+src+` ; return true })()`)); err != nil {
		t.Fatalf("%s: load axe-core: %v", what, err)
	}
	got, err := chromedp.Run(ctx, chromedp.Evaluate[[]axeViolation](`axe.run(document, {runOnly: `+runOnly+`, resultTypes: ["violations"]})
	  .then(r => r.violations.map(v => ({id: v.id, impact: v.impact || "", help: v.help, nodes: v.nodes.slice(0, 5).map(n => n.target.join(" ") + " — " + (n.failureSummary || "").split("\n").slice(1, 2).join(""))})))`,
		func(p *runtime.EvaluateParams) { yes := true; p.AwaitPromise = &yes }))
	if err != nil {
		t.Fatalf("%s: axe.run: %v", what, err)
	}
	for _, v := range got {
		t.Errorf("%s: %s (%s) %s:\n    %s", what, v.ID, v.Impact, v.Help, strings.Join(v.Nodes, "\n    "))
	}
}

// a11yModes are the four ways a page is checked: 1366 and 390 px wide,
// normal and elder mode (长辈模式).
var a11yModes = []struct {
	name  string
	width int
	elder bool
}{{"1366", 1366, false}, {"1366-长辈", 1366, true}, {"390", 390, false}, {"390-长辈", 390, true}}

// a11yPages checks pages in every mode: nothing runs off the screen at
// 390 px (noSideways) and axe-core finds no WCAG 2.0/2.1 A or AA
// violation. shot names a page to keep screenshots of.
func a11yPages(t *testing.T, ctx context.Context, base string, pages []string, shot string) {
	t.Helper()
	src := axeSource(t)
	for _, m := range a11yModes {
		if m.width == 390 {
			phone(t, ctx)
		} else {
			do(t, ctx, chromedp.EmulateViewport(1366, 900))
		}
		do(t, ctx, chromedp.Navigate(base+"/"), chromedp.WaitVisible(chromedp.CSS("main")))
		if on, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.classList.contains("elder")`)); on != m.elder {
			// Elder mode is kept in the browser: switched on the home page,
			// it holds on every page of the site.
			do(t, ctx, chromedp.WaitVisible(chromedp.CSS("button.elder-toggle")), chromedp.Click(chromedp.CSS("button.elder-toggle")))
			pressed, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.documentElement.className + "|" + document.querySelector("button.elder-toggle").getAttribute("aria-pressed")`))
			if want := map[bool]string{true: "elder|true", false: "|false"}[m.elder]; pressed != want {
				t.Fatalf("switching 长辈模式: class|aria-pressed = %q; want %q", pressed, want)
			}
		}
		for _, p := range pages {
			what := fmt.Sprintf("%s @%s", p, m.name)
			do(t, ctx, chromedp.Navigate(base+p), chromedp.WaitVisible(chromedp.CSS("main")))
			if m.width == 390 {
				noSideways(t, ctx, what)
			}
			if p == shot {
				webtest.Screenshot(t, ctx, "a11y-"+strings.Trim(strings.NewReplacer("/", "-", "?", "-", "=", "-").Replace(p), "-")+"-"+m.name)
			}
			start := time.Now()
			axeCheck(t, ctx, src, what)
			t.Logf("%s: axe %v", what, time.Since(start).Round(time.Millisecond))
		}
	}
}

// TestBrowserAccessibilityPortal holds the main portal pages to the WCAG
// 2.0/2.1 A and AA rules of axe-core, normal and elder mode, at 1366 and
// 390 px, with nothing off the screen at 390 px.
func TestBrowserAccessibilityPortal(t *testing.T) {
	ctx := webtest.Browser(t)
	env := webtest.Start(t)
	docs, _, err := env.Store.Documents(context.Background(), store.DocFilter{Status: []disclosure.Status{disclosure.StatusPublished}, Limit: 1})
	if err != nil || len(docs) == 0 {
		t.Fatalf("demo documents: %v", err)
	}
	a11yPages(t, ctx, env.URL, []string{"/", "/docs/" + itoa(docs[0].ID), "/catalog", "/search?q=招生", "/apply", "/apply/track", "/messages"}, "/docs/"+itoa(docs[0].ID))

	// The two search forms of /search are told apart (landmark-unique, a
	// best practice outside the WCAG tags).
	do(t, ctx, chromedp.Navigate(env.URL+"/search?q=招生"), chromedp.WaitVisible(chromedp.CSS("main")))
	axeRun(t, ctx, axeSource(t), "/search landmarks", `{type: "rule", values: ["landmark-unique", "landmark-no-duplicate-banner", "landmark-no-duplicate-contentinfo"]}`)
	// The focus ring stands out at least 3:1 (WCAG 1.4.11) against the
	// white page and against the red header.
	do(t, ctx, chromedp.EmulateViewport(1366, 900))
	for sel, bg := range map[string]string{"main a": "#ffffff", ".portal-head .search input": "#b3201b", ".portal-nav a": "#8c1914"} {
		ratio, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`(() => {
		  const el = document.querySelector(`+"`"+sel+"`"+`); el.focus();
		  const rgb = c => { const m = c.match(/\d+(\.\d+)?/g).map(Number); return m.slice(0, 3); };
		  const lum = ([r, g, b]) => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }; return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
		  const hex = h => [1, 3, 5].map(i => parseInt(h.slice(i, i + 2), 16));
		  const a = lum(rgb(getComputedStyle(el).outlineColor)), b = lum(hex(`+"`"+bg+"`"+`));
		  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
		})()`))
		if err != nil || ratio < 3 {
			t.Errorf("focus ring of %s against %s: contrast %.2f:1 (%v); want at least 3:1", sel, bg, ratio, err)
		}
	}
}

// TestBrowserAccessibilityConsole does the same for the main console
// pages, as the office sees them.
func TestBrowserAccessibilityConsole(t *testing.T) {
	ctx := webtest.Browser(t)
	env := webtest.Start(t)
	do(t, ctx, webtest.LoginActions(env.URL, "bangongshi", demo.Password), chromedp.WaitVisible(chromedp.CSS("nav.sidenav")))
	a11yPages(t, ctx, env.URL, []string{"/admin/", "/admin/plan/", "/admin/plan/assessment", "/admin/docs/", "/admin/requests/", "/admin/participation/evaluations"}, "/admin/")
}
