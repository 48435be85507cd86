package crawl

import (
	"bytes"
	"net/url"
	"path"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// MaxTextBytes bounds the visible text kept of one page.
const MaxTextBytes = 1 << 20

type link struct {
	u    *url.URL
	page bool // a page to crawl (<a href>); otherwise an asset or file to check
}

type parsed struct {
	title string
	text  string
	meta  map[string]string
	links []link
}

// fileExts are links that are files, checked but not crawled.
var fileExts = map[string]bool{".pdf": true, ".doc": true, ".docx": true, ".xls": true, ".xlsx": true, ".wps": true, ".zip": true, ".rar": true,
	".7z": true, ".jpg": true, ".jpeg": true, ".png": true, ".gif": true, ".mp4": true, ".mp3": true, ".ppt": true, ".pptx": true, ".txt": true, ".xml": true}

// parseHTML reads a page's title, visible text, meta tags and links
// (resolved against base; only http and https, without fragments).
func parseHTML(body []byte, base *url.URL) parsed {
	p := parsed{meta: map[string]string{}}
	z := html.NewTokenizer(bytes.NewReader(body))
	var text strings.Builder
	skip := 0 // inside script/style/noscript/template
	inTitle := false
	seen := map[string]bool{}
	add := func(raw string, page bool) {
		raw = strings.TrimSpace(raw)
		if raw == "" || strings.HasPrefix(raw, "#") {
			return
		}
		u, err := base.Parse(raw)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return
		}
		u.Fragment = ""
		if page && fileExts[strings.ToLower(path.Ext(u.Path))] {
			page = false
		}
		if seen[u.String()] {
			return
		}
		seen[u.String()] = true
		p.links = append(p.links, link{u: u, page: page})
	}
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			p.text = strings.TrimSpace(text.String())
			return p
		case html.TextToken:
			if skip > 0 {
				continue
			}
			t := string(z.Text())
			if inTitle {
				p.title += strings.TrimSpace(t)
			}
			if text.Len() < MaxTextBytes {
				if s := strings.TrimSpace(t); s != "" {
					text.WriteString(s)
					text.WriteByte('\n')
				}
			}
		case html.StartTagToken, html.SelfClosingTagToken, html.EndTagToken:
			name, hasAttr := z.TagName()
			a := atom.Lookup(name)
			if tt == html.EndTagToken {
				switch a {
				case atom.Script, atom.Style, atom.Noscript, atom.Template:
					if skip > 0 {
						skip--
					}
				case atom.Title:
					inTitle = false
				}
				continue
			}
			attrs := map[string]string{}
			for hasAttr {
				var k, v []byte
				k, v, hasAttr = z.TagAttr()
				attrs[string(k)] = string(v)
			}
			switch a {
			case atom.Script:
				add(attrs["src"], false)
				if tt == html.StartTagToken {
					skip++
				}
			case atom.Style, atom.Noscript, atom.Template:
				if tt == html.StartTagToken {
					skip++
				}
			case atom.Title:
				inTitle = tt == html.StartTagToken
			case atom.A, atom.Area:
				if !strings.Contains(strings.ToLower(attrs["rel"]), "nofollow") {
					add(attrs["href"], true)
				}
			case atom.Img, atom.Source, atom.Iframe, atom.Embed, atom.Audio, atom.Video:
				add(attrs["src"], false)
			case atom.Link:
				rel := strings.ToLower(attrs["rel"])
				if strings.Contains(rel, "stylesheet") || strings.Contains(rel, "icon") {
					add(attrs["href"], false)
				}
			case atom.Meta:
				if n := attrs["name"]; n != "" {
					p.meta[n] = attrs["content"]
				}
			case atom.Br, atom.P, atom.Div, atom.Li, atom.Tr, atom.H1, atom.H2, atom.H3:
				text.WriteByte('\n')
			}
		}
	}
}
