package web

import (
	"bytes"
	"encoding/xml"
	"net/http"
	"strconv"
	"strings"
	"time"

	"gongkai"
	"gongkai/internal/disclosure"
	"gongkai/internal/store"
)

type feedItem struct {
	Title, Link, Summary string
	Updated              time.Time
	ID                   string
}

type feed struct {
	Title, Link string
	Items       []feedItem
}

// feedFor builds one column's feed: latest, policies, interpretations or
// catalog-ID. Targeted documents never appear.
func (s *Server) feedFor(r *http.Request, column string) (feed, error) {
	ctx := r.Context()
	base := s.baseURL()
	var f feed
	docsFeed := func(title, link string, filter store.DocFilter) error {
		filter.PublicOnly, filter.Limit, filter.NoTotal = true, 50, true
		docs, _, err := s.Store.Documents(ctx, filter)
		if err != nil {
			return err
		}
		f = feed{Title: title + " - " + s.site(r.Context()).Name, Link: base + link}
		for _, d := range docs {
			f.Items = append(f.Items, feedItem{Title: d.Title, Link: base + d.URL(), Summary: truncateRunes(d.BodyText, 200), Updated: d.PublishedAt, ID: base + d.URL()})
		}
		return nil
	}
	switch {
	case column == "latest":
		return f, docsFeed("最新公开信息", "/docs/", store.DocFilter{})
	case column == "policies":
		return f, docsFeed("政策文件", "/docs/", store.DocFilter{Genres: []string{disclosure.GenreNormative, disclosure.GenrePolicy, disclosure.GenreRule}})
	case strings.HasPrefix(column, "catalog-"):
		id, err := strconv.ParseInt(strings.TrimPrefix(column, "catalog-"), 10, 64)
		if err != nil {
			break
		}
		it, err := s.Store.CatalogItem(ctx, id)
		if err != nil {
			break
		}
		return f, docsFeed(it.Name, "/catalog/"+itoa(int(id)), store.DocFilter{CatalogItemID: id})
	case column == "messages":
		// Published messages and replies, masked as on their pages.
		list, err := s.Store.PublicMessages(ctx, 50)
		if err != nil {
			return f, err
		}
		f = feed{Title: "互动交流 - " + s.site(r.Context()).Name, Link: base + "/messages"}
		for _, m := range list {
			link := base + "/messages/" + itoa(int(m.ID))
			at := time.Date(m.Replied.Year, m.Replied.Month, m.Replied.Day, 9, 0, 0, 0, Shanghai())
			f.Items = append(f.Items, feedItem{Title: m.Title, Link: link, Summary: "留言：" + truncateRunes(m.Content, 150) + " 答复：" + truncateRunes(m.Reply, 150),
				Updated: at, ID: link})
		}
		return f, nil
	case column == "interpretations":
		list, err := s.Store.Interpretations(ctx, 0, true, 50)
		if err != nil {
			return f, err
		}
		f = feed{Title: "政策解读 - " + s.site(r.Context()).Name, Link: base + "/interpretations"}
		for _, i := range list {
			link := base + disclosure.DocumentURL(i.DocumentID) + "#interp-" + itoa(int(i.ID))
			f.Items = append(f.Items, feedItem{Title: i.Title, Link: link, Summary: i.FormLabel() + "：" + i.DocumentTitle, Updated: i.Created, ID: link})
		}
		return f, nil
	}
	return f, gongkai.Errorf(gongkai.ENOTFOUND, "没有栏目“%s”的订阅；可用 latest、policies、interpretations、messages、catalog-编号", column)
}

// baseURL is the site's public address (GONGKAI_BASE_URL) for the
// absolute links of feeds and sitemaps: never the request's Host, so a
// page is the same whoever asks and however it reached gongkai (a proxy,
// the publisher), and a forged Host header cannot plant links.
func (s *Server) baseURL() string {
	return strings.TrimRight(s.Config.BaseURL, "/")
}

// feedColumn is the feed's column: /rss/latest.xml (the address the portal
// links, a file when published), /rss/latest and /atom/latest.atom too.
func feedColumn(r *http.Request) string {
	c := r.PathValue("column")
	for _, ext := range []string{".xml", ".rss", ".atom"} {
		c = strings.TrimSuffix(c, ext)
	}
	return c
}

func (s *Server) portalRSS(w http.ResponseWriter, r *http.Request) error {
	return s.cachedPortal(w, r, func() ([]byte, string, error) {
		f, err := s.feedFor(r, feedColumn(r))
		if err != nil {
			return nil, "", err
		}
		type item struct {
			Title   string `xml:"title"`
			Link    string `xml:"link"`
			GUID    string `xml:"guid"`
			PubDate string `xml:"pubDate"`
			Desc    string `xml:"description"`
		}
		type channel struct {
			Title string `xml:"title"`
			Link  string `xml:"link"`
			Desc  string `xml:"description"`
			Lang  string `xml:"language"`
			Items []item `xml:"item"`
		}
		type rss struct {
			XMLName xml.Name `xml:"rss"`
			Version string   `xml:"version,attr"`
			Channel channel  `xml:"channel"`
		}
		doc := rss{Version: "2.0", Channel: channel{Title: f.Title, Link: f.Link, Desc: f.Title, Lang: "zh-CN"}}
		for _, it := range f.Items {
			doc.Channel.Items = append(doc.Channel.Items, item{Title: it.Title, Link: it.Link, GUID: it.ID, PubDate: it.Updated.UTC().Format(time.RFC1123Z), Desc: it.Summary})
		}
		return marshalXML(doc, "application/rss+xml; charset=utf-8")
	})
}

func (s *Server) portalAtom(w http.ResponseWriter, r *http.Request) error {
	return s.cachedPortal(w, r, func() ([]byte, string, error) {
		f, err := s.feedFor(r, feedColumn(r))
		if err != nil {
			return nil, "", err
		}
		type link struct {
			Href string `xml:"href,attr"`
			Rel  string `xml:"rel,attr,omitempty"`
		}
		type entry struct {
			Title   string `xml:"title"`
			Link    link   `xml:"link"`
			ID      string `xml:"id"`
			Updated string `xml:"updated"`
			Summary string `xml:"summary"`
		}
		type atom struct {
			XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
			Title   string   `xml:"title"`
			Links   []link   `xml:"link"`
			ID      string   `xml:"id"`
			Updated string   `xml:"updated"`
			Entries []entry  `xml:"entry"`
		}
		updated := time.Unix(0, 0)
		for _, it := range f.Items {
			if it.Updated.After(updated) {
				updated = it.Updated
			}
		}
		doc := atom{Title: f.Title, Links: []link{{Href: f.Link}, {Href: s.baseURL() + r.URL.Path, Rel: "self"}}, ID: s.baseURL() + r.URL.Path, Updated: updated.UTC().Format(time.RFC3339)}
		for _, it := range f.Items {
			doc.Entries = append(doc.Entries, entry{Title: it.Title, Link: link{Href: it.Link}, ID: it.ID, Updated: it.Updated.UTC().Format(time.RFC3339), Summary: it.Summary})
		}
		return marshalXML(doc, "application/atom+xml; charset=utf-8")
	})
}

func marshalXML(v any, ct string) ([]byte, string, error) {
	var b bytes.Buffer
	b.WriteString(xml.Header)
	enc := xml.NewEncoder(&b)
	enc.Indent("", " ")
	if err := enc.Encode(v); err != nil {
		return nil, "", err
	}
	return b.Bytes(), ct, nil
}
