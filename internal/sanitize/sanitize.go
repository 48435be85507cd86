// Package sanitize cleans HTML bodies of documents and turns plain text
// into safe HTML and back.
package sanitize

import (
	"html"
	"regexp"
	"strings"
	"sync"

	"github.com/microcosm-cc/bluemonday"
	xhtml "golang.org/x/net/html"
)

// safeHref admits http, https and mailto links and relative links (no
// scheme before the first / ? #). bluemonday checks URLs as well; this
// keeps data: (allowed for images) off links.
var safeHref = regexp.MustCompile(`^(?i:(?:https?|mailto):|[^:/?#]*(?:[/?#]|$))`)

var (
	number  = regexp.MustCompile(`^[0-9]{1,4}$`)
	imgSize = regexp.MustCompile(`^[0-9]{1,4}(?:px|%)?$`)
)

// policy is the bluemonday policy for document bodies, built once.
var policy = sync.OnceValue(func() *bluemonday.Policy {
	p := bluemonday.NewPolicy()
	p.AllowElements("p", "br", "h1", "h2", "h3", "h4", "h5", "h6",
		"strong", "b", "em", "i", "u", "sub", "sup", "ul", "ol", "li",
		"table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td",
		"blockquote", "pre", "code", "span", "div", "hr")
	p.AllowAttrs("colspan", "rowspan").Matching(number).OnElements("td", "th")

	p.AllowURLSchemes("http", "https", "mailto")
	p.AllowRelativeURLs(true)
	p.RequireParseableURLs(true)
	p.AllowAttrs("href").Matching(safeHref).OnElements("a")
	// External links open in a new tab with rel="noopener".
	p.AddTargetBlankToFullyQualifiedLinks(true)

	p.AllowDataURIImages() // data:image/(gif|jpeg|png|svg+xml|webp);base64 only
	p.AllowAttrs("src").OnElements("img")
	p.AllowAttrs("alt").OnElements("img")
	p.AllowAttrs("width", "height").Matching(imgSize).OnElements("img")
	return p
})

// HTML sanitises an HTML document body: paragraphs, headings, emphasis,
// lists, tables (with colspan and rowspan), links (http, https, mailto and
// relative; external ones get target="_blank" rel="noopener"), images
// (http, https, relative and base64 data:image), blockquote, pre, code,
// span, div and hr are kept; style and class attributes, scripts, styles,
// frames, objects, forms and event handlers are removed.
func HTML(s string) string {
	return policy().Sanitize(s)
}

var blankLine = regexp.MustCompile(`\n[ \t\x{3000}]*\n\s*`)

// Text turns plain text into safe HTML: the text is escaped, a blank line
// starts a new <p>, a single newline becomes <br>.
func Text(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	var b strings.Builder
	for _, para := range blankLine.Split(s, -1) {
		para = strings.Trim(para, "\n")
		if strings.TrimSpace(para) == "" {
			continue
		}
		b.WriteString("<p>")
		for i, line := range strings.Split(para, "\n") {
			if i > 0 {
				b.WriteString("<br>\n")
			}
			b.WriteString(html.EscapeString(line))
		}
		b.WriteString("</p>\n")
	}
	return b.String()
}

// blockElements end a line of text.
var blockElements = map[string]bool{
	"p": true, "div": true, "br": true, "hr": true, "li": true, "tr": true,
	"h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true,
	"table": true, "thead": true, "tbody": true, "tfoot": true, "caption": true,
	"ul": true, "ol": true, "blockquote": true, "pre": true, "section": true,
	"article": true, "header": true, "footer": true, "dl": true, "dt": true,
	"dd": true, "figure": true, "figcaption": true, "title": true,
}

// StripTags returns the text of an HTML body for indexing and scanning:
// tags removed, entities decoded, block elements and <br> ending lines,
// table cells separated by a tab, white space collapsed outside <pre>,
// blank lines dropped. The content of script, style and similar elements
// is dropped.
func StripTags(s string) string {
	z := xhtml.NewTokenizer(strings.NewReader(s))
	var b strings.Builder
	skip := 0 // depth inside script/style/…
	pre := 0
	for {
		tt := z.Next()
		switch tt {
		case xhtml.ErrorToken:
			return finishText(b.String())
		case xhtml.TextToken:
			if skip > 0 {
				continue
			}
			text := string(z.Text()) // entities decoded
			if pre == 0 {
				text = collapseSpace(text)
			}
			b.WriteString(text)
		case xhtml.StartTagToken, xhtml.EndTagToken, xhtml.SelfClosingTagToken:
			name, _ := z.TagName()
			tag := string(name)
			switch tag {
			case "script", "style", "noscript", "template", "iframe", "object", "textarea", "title", "head":
				if tt == xhtml.StartTagToken {
					skip++
				} else if tt == xhtml.EndTagToken && skip > 0 {
					skip--
				}
				continue
			case "pre":
				if tt == xhtml.StartTagToken {
					pre++
				} else if tt == xhtml.EndTagToken && pre > 0 {
					pre--
				}
			case "td", "th":
				if tt == xhtml.StartTagToken {
					b.WriteString("\t")
				}
				continue
			}
			if blockElements[tag] {
				b.WriteString("\n")
			}
		}
	}
}

var spaceRun = regexp.MustCompile(`[ \t\r\n\f]+`)

func collapseSpace(s string) string { return spaceRun.ReplaceAllString(s, " ") }

// finishText trims the lines and drops empty ones.
func finishText(s string) string {
	var out []string
	for line := range strings.SplitSeq(s, "\n") {
		line = strings.Trim(line, " \t\u00a0")
		if line != "" {
			out = append(out, line)
		}
	}
	return strings.Join(out, "\n")
}
