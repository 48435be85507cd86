package web

import (
	"encoding/xml"
	"net/http"
	"strconv"
	"strings"

	"gongkai"
	"gongkai/internal/auth"
)

// routesPublic registers what serves the portal as a whole: its map (the
// sitemap, from PublicPages) and the error pages a static server shows.
func (s *Server) routesPublic() {
	s.Handle("GET /errors/{file}", auth.PermPublic, s.portalErrorPage)
	s.AddPublicPages(s.pagesDocs)
	s.AddPublicPages(s.pagesParticipation)
	s.AddPublicPages(s.pagesInstitutions)
	s.AddPublicPages(s.pagesProgram)
}

type sitemapURL struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod,omitempty"`
}

// sitemapPages lists the sitemap's URLs (absolute, from GONGKAI_BASE_URL).
func (s *Server) sitemapPages(r *http.Request) ([]sitemapURL, error) {
	base := s.baseURL()
	var out []sitemapURL
	err := s.PublicPages(r.Context(), func(p PublicPage) error {
		if p.Sitemap {
			u := sitemapURL{Loc: base + p.Path}
			if !p.LastMod.IsZero() {
				u.LastMod = p.LastMod.UTC().Format("2006-01-02")
			}
			out = append(out, u)
		}
		return nil
	})
	return out, err
}

// portalSitemap is the sitemap: every public HTML page, or past 50,000 of
// them an index of parts of 50,000 (/sitemaps/N.xml).
func (s *Server) portalSitemap(w http.ResponseWriter, r *http.Request) error {
	return s.cachedPortal(w, r, func() ([]byte, string, error) {
		urls, err := s.sitemapPages(r)
		if err != nil {
			return nil, "", err
		}
		if len(urls) <= sitemapLimit {
			return marshalURLSet(urls)
		}
		type loc struct {
			Loc string `xml:"loc"`
		}
		type index struct {
			XMLName  xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 sitemapindex"`
			Sitemaps []loc    `xml:"sitemap"`
		}
		var ix index
		for _, p := range sitemapFiles(len(urls))[1:] {
			ix.Sitemaps = append(ix.Sitemaps, loc{Loc: s.baseURL() + p})
		}
		return marshalXML(ix, "application/xml; charset=utf-8")
	})
}

// portalSitemapPart is part N of a sitemap index.
func (s *Server) portalSitemapPart(w http.ResponseWriter, r *http.Request) error {
	v, ok := strings.CutSuffix(r.PathValue("file"), ".xml")
	n, err := strconv.Atoi(v)
	if !ok || err != nil || n < 1 || strconv.Itoa(n) != v {
		return gongkai.Errorf(gongkai.ENOTFOUND, "没有这个网站地图")
	}
	return s.cachedPortal(w, r, func() ([]byte, string, error) {
		urls, err := s.sitemapPages(r)
		if err != nil {
			return nil, "", err
		}
		from := (n - 1) * sitemapLimit
		if len(urls) <= sitemapLimit || from >= len(urls) {
			return nil, "", gongkai.Errorf(gongkai.ENOTFOUND, "没有第 %d 部分网站地图", n)
		}
		return marshalURLSet(urls[from:min(len(urls), from+sitemapLimit)])
	})
}

func marshalURLSet(urls []sitemapURL) ([]byte, string, error) {
	type urlset struct {
		XMLName xml.Name     `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
		URLs    []sitemapURL `xml:"url"`
	}
	return marshalXML(urlset{URLs: urls}, "application/xml; charset=utf-8")
}

// portalErrorPage renders the error pages that a static web server shows
// in gongkai's place (gongkai publish writes them, the nginx
// configuration names them): 404.html, and 503.html when gongkai is down.
func (s *Server) portalErrorPage(w http.ResponseWriter, r *http.Request) error {
	switch r.PathValue("file") {
	case "404.html":
		return gongkai.Errorf(gongkai.ENOTFOUND, "您访问的页面不存在或已删除，请从首页或站内搜索查找。")
	case "503.html":
		s.Render(w, r, http.StatusServiceUnavailable, "portal/unavailable", &Page{Title: "暂时无法使用"})
		return nil
	}
	return gongkai.Errorf(gongkai.ENOTFOUND, "没有这个页面")
}
