package web_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"gongkai/internal/demo"
	"gongkai/internal/store"
	"gongkai/internal/webtest"
)

// wordPaste is what Word puts on the clipboard: mso styles, o:p tags,
// classes, a heading, bold text, a list and a table.
const wordPaste = `<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><style>p.MsoNormal{mso-style-parent:"";}</style></head><body>
<h2 class="MsoTitle" style="mso-outline-level:2">一、报名安排</h2>
<p class="MsoNormal" style="mso-line-height-rule:exactly;line-height:28pt"><b style="mso-bidi-font-weight:normal">报名时间：</b>7月10日至15日<o:p></o:p></p>
<ul><li class="MsoListParagraph">携带户口簿</li><li>携带居住证明</li></ul>
<table class="MsoTableGrid" border="1" style="border-collapse:collapse;mso-yfti-tbllook:1184"><tr><td style="width:100pt">学校</td><td>学区</td></tr>
<tr><td>兖州区实验小学</td><td onclick="alert(1)">鼓楼街道东部</td></tr></table></body></html>`

// TestBrowserEditorTable is the check: a document body is edited
// in the rich-text editor (wangEditor, vendored), a table pasted from Word
// with its junk is saved, and the stored body — after the server's
// sanitiser — still holds the table, the heading, the bold text and the
// list, without Word's styles or the event handler. At 1366 px and at
// 390 px the form does not scroll sideways.
func TestBrowserEditorTable(t *testing.T) {
	ctx := webtest.Browser(t)
	env := webtest.Start(t)
	title := "关于做好一年级新生报名工作的通知"
	do(t, ctx, webtest.LoginActions(env.URL, "jijiaoke", demo.Password), chromedp.WaitVisible(chromedp.CSS("nav.sidenav")),
		chromedp.Navigate(env.URL+"/admin/docs/new"), chromedp.WaitVisible(chromedp.CSS(".rich-editor [contenteditable]")))
	// The editor replaces the textarea; paste Word's HTML into it.
	do(t, ctx, chromedp.SendKeys(chromedp.ID("title"), title),
		chromedp.SetValue(chromedp.ID("genre"), "通知公告"), chromedp.SetValue(chromedp.ID("topic"), "教育"),
		chromedp.Evaluate[chromedp.Void](`document.getElementById('catalog_item_id').selectedIndex = 2`),
		chromedp.Click(chromedp.CSS(".rich-editor [contenteditable]")),
		chromedp.Evaluate[chromedp.Void](`(() => {
		  const dt = new DataTransfer();
		  dt.setData("text/html", `+"`"+wordPaste+"`"+`);
		  dt.setData("text/plain", "报名安排");
		  // The clipboard as Ctrl+V hands it to the editor's paste handler
		  // (a synthetic paste event carries no data in Chromium).
		  const ed = document.getElementById("body").editor;
		  ed.focus();
		  ed.insertData(dt);
		})()`))
	waitText(t, ctx, ".rich-editor", "鼓楼街道东部")
	visible, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.getElementById("body").hidden && !!document.querySelector(".rich-editor table")`))
	if err != nil || !visible {
		t.Fatalf("editor with a table: %v %v", visible, err)
	}
	noSidewaysAt(t, ctx, 1366, "起草文件（1366）")
	webtest.Screenshot(t, ctx, "editor-table")
	do(t, ctx, chromedp.Click(chromedp.ID("save")), chromedp.WaitVisible(chromedp.ID("doc-status")))

	docs, _, err := env.Store.Documents(context.Background(), store.DocFilter{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	var body string
	for _, d := range docs {
		if d.Title == title {
			full, err := env.Store.Document(context.Background(), d.ID)
			if err != nil {
				t.Fatal(err)
			}
			body = full.BodyHTML
		}
	}
	if body == "" {
		t.Fatalf("document %q not saved", title)
	}
	for _, want := range []string{"<table", `rowspan="1">兖州区实验小学</td>`, "鼓楼街道东部", "<strong>报名时间：</strong>", "<li>携带户口簿</li>", "<h2"} {
		if !strings.Contains(body, want) {
			t.Errorf("saved body lacks %q:\n%s", want, body)
		}
	}
	for _, bad := range []string{"mso", "onclick", "style=", "class=", "o:p"} {
		if strings.Contains(body, bad) {
			t.Errorf("saved body keeps %q:\n%s", bad, body)
		}
	}
	// The edit page loads the saved body back into the editor.
	loc, _ := chromedp.Run(ctx, chromedp.Location())
	if i := strings.Index(loc, "/admin/docs/d/"); i >= 0 {
		edit := loc[i:]
		if j := strings.IndexAny(edit, "?#"); j >= 0 {
			edit = edit[:j]
		}
		phone(t, ctx)
		do(t, ctx, chromedp.Navigate(env.URL+edit+"/edit"), chromedp.WaitVisible(chromedp.CSS(".rich-editor table")))
		noSideways(t, ctx, "修改文件（390）")
		webtest.Screenshot(t, ctx, "editor-table-phone")
	}
}

// noSidewaysAt checks the page at a desktop width.
func noSidewaysAt(t *testing.T, ctx context.Context, width int, page string) {
	t.Helper()
	got, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.scrollingElement.scrollWidth`))
	if err != nil || got > width {
		t.Errorf("%s: scrollWidth %d > %d (%v)", page, got, width, err)
	}
}
