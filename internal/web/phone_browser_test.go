package web_test

import (
	"context"
	"image"
	"image/color"
	"image/jpeg"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"gongkai/internal/demo"
	"gongkai/internal/webtest"
)

// phoneWidth is the viewport of a common phone (CSS pixels).
const phoneWidth = 390

// phone turns the tab into a 390 × 844 phone (mobile viewport, touch).
func phone(t *testing.T, ctx context.Context) {
	t.Helper()
	do(t, ctx, chromedp.EmulateViewport(phoneWidth, 844, chromedp.EmulateMobile))
}

// noSideways fails when the page scrolls sideways at the phone width and
// names the elements that stick out (those inside a box that scrolls on
// its own are fine).
func noSideways(t *testing.T, ctx context.Context, page string) {
	t.Helper()
	type out struct {
		Scroll int      `json:"scroll"`
		Width  int      `json:"width"`
		Wide   []string `json:"wide"`
	}
	got, err := chromedp.Run(ctx, chromedp.Evaluate[out](`(() => {
	  const w = 390;
	  const wide = [];
	  const scrolls = el => { for (let p = el.parentElement; p; p = p.parentElement) { const o = getComputedStyle(p).overflowX; if (o === "auto" || o === "scroll" || o === "hidden") return true; } return false; };
	  for (const el of document.querySelectorAll("body *")) {
	    const r = el.getBoundingClientRect();
	    if (r.width > 0 && r.right > w + 1 && !scrolls(el)) wide.push(el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + (el.className && typeof el.className === "string" ? "." + el.className.trim().replace(/\s+/g, ".") : "") + " right=" + Math.round(r.right));
	    if (wide.length > 8) break;
	  }
	  return {scroll: document.scrollingElement.scrollWidth, width: window.innerWidth, wide};
	})()`))
	if err != nil {
		t.Fatalf("%s: %v", page, err)
	}
	if got.Scroll > phoneWidth || got.Width != phoneWidth {
		t.Errorf("%s scrolls sideways at %d px: scrollWidth %d; sticking out: %s", page, got.Width, got.Scroll, strings.Join(got.Wide, "; "))
	}
}

// TestBrowserPhone is the phone journey at 390 px on a fresh demo:
// the school liaison goes 工作台 → assignment → claim → progress with a
// photo from the camera input → report finished (the photo on file is
// enough evidence), and the portal's home, catalogue, a document, search,
// apply and track pages; none scrolls sideways.
func TestBrowserPhone(t *testing.T) {
	ctx := webtest.Browser(t)
	env := webtest.Start(t)
	phone(t, ctx)

	do(t, ctx, webtest.LoginActions(env.URL, "xiaoxue", demo.Password), chromedp.WaitVisible(chromedp.CSS("nav.sidenav")))
	waitText(t, ctx, "main", "本单位待办任务")
	noSideways(t, ctx, "工作台")
	webtest.Screenshot(t, ctx, "phone-1-home")
	href, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => { for (const a of document.querySelectorAll("ul.todo a")) { if (a.textContent.startsWith("待认领")) return a.getAttribute("href"); } return ""; })()`))
	if err != nil || !strings.HasPrefix(href, "/admin/plan/assignments/") {
		t.Fatalf("工作台 has no 待认领 link to an assignment: %q %v", href, err)
	}
	do(t, ctx, chromedp.Click(chromedp.CSS(`ul.todo a[href="`+href+`"]`)), chromedp.WaitVisible(chromedp.ID("claim-form")))
	noSideways(t, ctx, "承办任务（待认领）")
	webtest.Screenshot(t, ctx, "phone-2-assignment")
	do(t, ctx, chromedp.SendKeys(chromedp.ID("person"), "陈老师"), chromedp.SendKeys(chromedp.ID("phone"), "13800001111"),
		chromedp.Click(chromedp.ID("claim")), chromedp.WaitVisible(chromedp.ID("progress-form")))
	waitText(t, ctx, "#status", "已认领")

	// A photo "from the camera": the camera input is an image input with
	// capture set; the test hands it a JPEG as the phone would.
	capture, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => { const i = document.getElementById("photo"); return i.getAttribute("accept") + "|" + i.hasAttribute("capture"); })()`))
	if err != nil || capture != "image/*|true" {
		t.Fatalf("camera input: %q %v", capture, err)
	}
	photo := filepath.Join(t.TempDir(), "IMG_20261201.jpg")
	img := image.NewRGBA(image.Rect(0, 0, 64, 48))
	for i := range img.Pix {
		img.Pix[i] = byte(i)
	}
	img.Set(1, 1, color.RGBA{200, 30, 30, 255})
	f, err := os.Create(photo)
	if err != nil {
		t.Fatal(err)
	}
	if err := jpeg.Encode(f, img, nil); err != nil {
		t.Fatal(err)
	}
	f.Close()
	do(t, ctx, chromedp.SendKeys(chromedp.ID("text"), "已在校园公开栏张贴，现场照片见附件。"),
		chromedp.SetUploadFiles(chromedp.ID("photo"), []string{photo}),
		chromedp.Click(chromedp.ID("report-progress")), chromedp.WaitVisible(chromedp.ID("history")))
	waitText(t, ctx, "#status", "推进中")
	waitText(t, ctx, "#history", "IMG_20261201.jpg")
	waitText(t, ctx, "#on-file", "已附佐证材料 1 个文件")
	noSideways(t, ctx, "承办任务（推进中）")
	webtest.Screenshot(t, ctx, "phone-3-progress")
	do(t, ctx, chromedp.SendKeys(chromedp.ID("text"), "已完成。"),
		chromedp.Click(chromedp.ID("report-finish")), chromedp.WaitVisible(chromedp.ID("history")))
	waitText(t, ctx, "#status", "已报完成")
	noSideways(t, ctx, "承办任务（已报完成）")
	webtest.Screenshot(t, ctx, "phone-4-reported")
	do(t, ctx, chromedp.Navigate(env.URL+"/admin/plan/"), chromedp.WaitVisible(chromedp.ID("ledger")))
	noSideways(t, ctx, "台账")
	webtest.Screenshot(t, ctx, "phone-5-ledger")

	// The portal.
	portal := webtest.Browser(t)
	phone(t, portal)
	for _, p := range []struct{ path, wait, name string }{
		{"/", "main", "home"}, {"/catalog", "main", "catalog"}, {"/search?q=%E5%85%A5%E5%AD%A6", "main", "search"},
		{"/apply", "form", "apply"}, {"/apply/track", "form", "track"},
	} {
		do(t, portal, chromedp.Navigate(env.URL+p.path), chromedp.WaitVisible(chromedp.CSS(p.wait)))
		noSideways(t, portal, p.path)
		webtest.Screenshot(t, portal, "phone-portal-"+p.name)
	}
	doc, err := chromedp.Run(portal, chromedp.Evaluate[string](`(() => { const a = [...document.querySelectorAll("main a")].find(a => /^\/docs\/\d+$/.test(a.getAttribute("href"))); return a ? a.getAttribute("href") : ""; })()`))
	if err != nil || doc == "" {
		do(t, portal, chromedp.Navigate(env.URL+"/"), chromedp.WaitVisible(chromedp.CSS("main")))
		doc, err = chromedp.Run(portal, chromedp.Evaluate[string](`(() => { const a = [...document.querySelectorAll("main a")].find(a => /^\/docs\/\d+$/.test(a.getAttribute("href"))); return a ? a.getAttribute("href") : ""; })()`))
		if err != nil || doc == "" {
			t.Fatalf("no document link on the portal: %v", err)
		}
	}
	do(t, portal, chromedp.Navigate(env.URL+doc), chromedp.WaitVisible(chromedp.CSS(".meta-table")))
	noSideways(t, portal, doc)
	webtest.Screenshot(t, portal, "phone-portal-document")
}
