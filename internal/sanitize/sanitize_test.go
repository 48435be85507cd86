package sanitize

import (
	"html"
	"regexp"
	"strings"
	"testing"
)

var dangerous = regexp.MustCompile(`(?i)<script|<iframe|<object|<embed|<form|<style|<svg|\son[a-z]+\s*=|javascript:|vbscript:|data:text`)

func TestHTMLXSS(t *testing.T) {
	tests := []string{
		`<script>alert(1)</script>`,
		`<img src=x onerror=alert(1)>`,
		`<a href="javascript:alert(1)">x</a>`,
		`<a href="JaVaScRiPt:alert(1)">x</a>`,
		`<a href="&#106;avascript:alert(1)">x</a>`,
		`<a href="&#x6A;avascript&#x3A;alert(1)">x</a>`,
		`<a href=" javascript:alert(1)">x</a>`,
		`<a href="java&#09;script:alert(1)">x</a>`,
		`<svg onload=alert(1)>`,
		`<svg><script>alert(1)</script></svg>`,
		`<p style="width: expression(alert(1))">x</p>`,
		`<div style="background:url(javascript:alert(1))">x</div>`,
		`<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>`,
		`<a href="data:image/png;base64,iVBORw0KGgo=">x</a>`,
		`<iframe src="https://evil.example"></iframe>`,
		`<object data="x.swf"></object><embed src="x.swf">`,
		`<form action="/x"><input name=a></form>`,
		`<style>body{display:none}</style>`,
		`<body onload=alert(1)>`,
		`<p onclick="alert(1)">x</p>`,
		`<img src="javascript:alert(1)">`,
		`<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>`,
		`<<script>script>alert(1)<</script>/script>`,
	}
	for _, in := range tests {
		got := HTML(in)
		if dangerous.MatchString(got) {
			t.Errorf("HTML(%q) = %q; want no script, handler or dangerous URL", in, got)
		}
	}
}

func TestHTMLKeeps(t *testing.T) {
	tests := []struct{ in, want string }{
		{`<p>正文<strong>加粗</strong><br>换行</p>`, `<p>正文<strong>加粗</strong><br>换行</p>`},
		{`<table><tbody><tr><td colspan="2" rowspan="3" style="color:red" class="x">单元格</td></tr></tbody></table>`,
			`<table><tbody><tr><td colspan="2" rowspan="3">单元格</td></tr></tbody></table>`},
		{`<table><tr><td colspan="x" rowspan="99999">a</td></tr></table>`, `<table><tr><td>a</td></tr></table>`},
		{`<a href="https://www.gov.cn/">政府网</a>`, `<a href="https://www.gov.cn/" target="_blank" rel="noopener">政府网</a>`},
		{`<a href="/notice/1">通知</a>`, `<a href="/notice/1">通知</a>`},
		{`<a href="mailto:gk@example.gov.cn">邮件</a>`, `<a href="mailto:gk@example.gov.cn">邮件</a>`},
		{`<img src="/a.png" alt="图" width="100" height="50" onerror="x">`, `<img src="/a.png" alt="图" width="100" height="50">`},
		{`<img src="data:image/png;base64,iVBORw0KGgo=">`, `<img src="data:image/png;base64,iVBORw0KGgo=">`},
		{`<img src="ftp://x/a.png">`, ``},
		{`<h2>标题</h2><ul><li>一</li></ul><blockquote>引</blockquote><pre><code>x</code></pre><hr><sub>1</sub><sup>2</sup>`,
			`<h2>标题</h2><ul><li>一</li></ul><blockquote>引</blockquote><pre><code>x</code></pre><hr><sub>1</sub><sup>2</sup>`},
	}
	for _, tt := range tests {
		if got := HTML(tt.in); got != tt.want {
			t.Errorf("HTML(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"第一段\n第二行\n\n第二段", "<p>第一段<br>\n第二行</p>\n<p>第二段</p>\n"},
		{"<script>alert(1)</script> & \"x\"", "<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#34;x&#34;</p>\n"},
		{"a\r\n\r\n\r\nb", "<p>a</p>\n<p>b</p>\n"},
		{"  \n\n", ""},
	}
	for _, tt := range tests {
		if got := Text(tt.in); got != tt.want {
			t.Errorf("Text(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestStripTags(t *testing.T) {
	tests := []struct{ in, want string }{
		{"<p>第一段</p><p>第二段&amp;&lt;&nbsp;完</p>", "第一段\n第二段&<\u00a0完"},
		{"<div>一<br>二</div><script>alert(1)</script><style>p{}</style>三", "一\n二\n三"},
		{"<table><tr><td>姓名</td><td>张三</td></tr><tr><td>a</td><td>b</td></tr></table>", "姓名\t张三\na\tb"},
		{"<p>多个   空格\n换行</p>", "多个 空格 换行"},
		{"<pre>保留  空格</pre>", "保留  空格"},
		{"纯文本", "纯文本"},
		{"<p>&#20013;&#x6587;</p>", "中文"},
	}
	for _, tt := range tests {
		if got := StripTags(tt.in); got != tt.want {
			t.Errorf("StripTags(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

var (
	handler = regexp.MustCompile(`(?i)\son[a-z]*\s*=`)
	tagRe   = regexp.MustCompile(`<[^>]*>`)
)

// FuzzHTML checks that no tag in the output is a script, has an event
// handler or a javascript: URL. Text content may mention “javascript:” as
// escaped, harmless text, so only tags are checked for it.

func FuzzHTML(f *testing.F) {
	for _, s := range []string{`<a href="javascript:x">`, `<img src=x onerror=y>`, `<svg onload=x>`, `<p style="x">`, "<scr<script>ipt>"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := HTML(s)
		if strings.Contains(strings.ToLower(out), "<script") {
			t.Fatalf("HTML(%q) = %q contains <script", s, out)
		}
		for _, tag := range tagRe.FindAllString(out, -1) {
			if handler.MatchString(tag) || strings.Contains(strings.ToLower(html.UnescapeString(tag)), "javascript:") {
				t.Fatalf("HTML(%q) = %q has tag %q", s, out, tag)
			}
		}
		_ = StripTags(s)
		_ = Text(s)
	})
}
