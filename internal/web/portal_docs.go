package web

import (
	"fmt"
	"html/template"
	"net/http"
	"strings"
	"time"

	"gongkai"
	"gongkai/internal/auth"
	"gongkai/internal/disclosure"
	"gongkai/internal/httpx"
	"gongkai/internal/site"
	"gongkai/internal/store"
)

func (s *Server) routesPortalDocs() {
	s.Handle("GET /docs/{$}", auth.PermPublic, s.portalList(s.portalDocList))
	s.Handle("GET /docs/page/{n}", auth.PermPublic, s.portalDocList)
	s.Handle("GET /docs/{id}", auth.PermPublic, s.portalDoc)
	s.Handle("GET /files/{id}", auth.PermPublic, s.portalFile)
	s.Handle("GET /files/{id}/{name}", auth.PermPublic, s.portalFile)
	s.Handle("GET /guide", auth.PermPublic, s.portalGuide)
	s.Handle("GET /rules", auth.PermPublic, s.portalRules)
	s.Handle("GET /catalog", auth.PermPublic, s.portalCatalog)
	s.Handle("GET /catalog/{id}", auth.PermPublic, s.portalList(s.portalCatalogItem))
	s.Handle("GET /catalog/{id}/page/{n}", auth.PermPublic, s.portalCatalogItem)
	s.Handle("GET /annual-reports", auth.PermPublic, s.portalAnnualReports)
	s.Handle("GET /interpretations", auth.PermPublic, s.portalInterpretations)
	s.Handle("GET /packages", auth.PermPublic, s.portalPackages)
	s.Handle("GET /packages/{id}", auth.PermPublic, s.portalPackage)
	s.Handle("GET /packages/request", auth.PermPublic, s.portalPackageRequestForm)
	s.Handle("POST /packages/request", auth.PermPublic, s.portalPackageRequest)
	s.Handle("GET /audience/{id}", auth.PermPublic, s.portalList(s.portalAudience))
	s.Handle("GET /audience/{id}/page/{n}", auth.PermPublic, s.portalAudience)
	s.Handle("GET /search", auth.PermPublic, s.portalSearch)
	s.Handle("GET /rss/{column}", auth.PermPublic, s.portalRSS)
	s.Handle("GET /atom/{column}", auth.PermPublic, s.portalAtom)
	s.Handle("GET /sitemap.xml", auth.PermPublic, s.portalSitemap)
	s.Handle("GET /sitemaps/{file}", auth.PermPublic, s.portalSitemapPart)
}

// docListData is a portal list of documents.
type docListData struct {
	Heading string
	Intro   string
	Docs    []disclosure.Document
	Total   int
	Page    int
	Pages   int
	BaseURL string // the list's own address (its page 1)
	Feed    string
	Links   []docLink // pages that are not documents, listed first (the generated annual reports)
}

// PageURL is the address of page n of the list.
func (d docListData) PageURL(n int) string { return pagePath(d.BaseURL, n) }

type docLink struct{ Title, URL string }

const portalPageSize = 20

func pageParam(r *http.Request) int { return httpx.PageParam(r) }

func (s *Server) portalDocList(w http.ResponseWriter, r *http.Request) error {
	page, err := listPage(r)
	if err != nil {
		return err
	}
	return s.cachedPortal(w, r, func() ([]byte, string, error) {
		docs, total, err := s.Store.Documents(r.Context(), store.DocFilter{PublicOnly: true, Limit: portalPageSize, Offset: (page - 1) * portalPageSize})
		if err != nil {
			return nil, "", err
		}
		pages := pageCount(total, portalPageSize)
		if err := checkPage(page, pages); err != nil {
			return nil, "", err
		}
		return s.renderPortal(r, "portal/docs_list", &Page{Title: "最新公开信息", Meta: map[string]string{"ColumnName": "最新公开信息"},
			Data: docListData{Heading: "最新公开信息", Docs: docs, Total: total, Page: page, Pages: pages, BaseURL: "/docs/", Feed: "latest"}})
	})
}

type portalDocData struct {
	Doc             disclosure.Document
	Attachments     []disclosure.Attachment
	Interpretations []disclosure.Interpretation
	Body            template.HTML
}

func (s *Server) portalDocFor(r *http.Request) (disclosure.Document, error) {
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return disclosure.Document{}, err
	}
	d, err := s.Store.Document(r.Context(), id)
	if err != nil || !d.OnPortal() {
		return d, gongkai.Errorf(gongkai.ENOTFOUND, "该信息不存在或尚未公开")
	}
	return d, nil
}

func (s *Server) portalDoc(w http.ResponseWriter, r *http.Request) error {
	return s.cachedPortal(w, r, func() ([]byte, string, error) {
		d, err := s.portalDocFor(r)
		if err != nil {
			return nil, "", err
		}
		// Interpretations and attachments added or changed after
		// publication stay off the portal until the reviewer passes them.
		atts, err := s.Store.PublicAttachments(r.Context(), d.ID)
		if err != nil {
			return nil, "", err
		}
		interps, err := s.Store.PublicInterpretations(r.Context(), d.ID)
		if err != nil {
			return nil, "", err
		}
		column := d.CatalogItemName
		if column == "" {
			column = "法定主动公开内容"
		}
		meta := map[string]string{
			"ArticleTitle": d.Title, "PubDate": d.PublishedAt.In(Shanghai()).Format("2006-01-02 15:04"), "ContentSource": d.IssuerName(),
			"ColumnName": column, "ColumnType": d.Genre, "Keywords": strings.Join(d.Tags, ","), "Description": truncateRunes(d.BodyText, 120),
			"Url": d.URL(),
		}
		// The body was sanitised with sanitize.HTML when it was saved.
		return s.renderPortal(r, "portal/docs_show", &Page{Title: d.Title, Meta: meta,
			Data: portalDocData{Doc: d, Attachments: atts, Interpretations: interps, Body: template.HTML(d.BodyHTML)}})
	})
}

func truncateRunes(s string, n int) string {
	rs := []rune(strings.Join(strings.Fields(s), " "))
	if len(rs) <= n {
		return string(rs)
	}
	return string(rs[:n]) + "…"
}

func (s *Server) portalFile(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	a, err := s.Store.Attachment(r.Context(), id)
	if err != nil {
		return err
	}
	d, err := s.Store.Document(r.Context(), a.DocumentID)
	if err != nil || !d.OnPortal() || a.Held {
		return gongkai.Errorf(gongkai.ENOTFOUND, "该附件不存在或尚未公开")
	}
	if r.PathValue("name") != disclosure.FileSegment(a.Name) {
		// The address carries the file's name (its type for a static
		// server); the bare /files/{id} of older pages leads there.
		http.Redirect(w, r, a.URL(), http.StatusMovedPermanently)
		return nil
	}
	return s.sendAttachment(w, r, a)
}

func (s *Server) portalAudience(w http.ResponseWriter, r *http.Request) error {
	page, err := listPage(r)
	if err != nil {
		return err
	}
	return s.cachedPortal(w, r, func() ([]byte, string, error) {
		id, err := httpx.PathID(r, "id")
		if err != nil {
			return nil, "", err
		}
		u, err := s.Store.Unit(r.Context(), id)
		if err != nil {
			return nil, "", gongkai.Errorf(gongkai.ENOTFOUND, "没有这个公开对象")
		}
		docs, total, err := s.Store.Documents(r.Context(), store.DocFilter{AudienceUnit: id, Limit: portalPageSize, Offset: (page - 1) * portalPageSize})
		if err != nil {
			return nil, "", err
		}
		pages := pageCount(total, portalPageSize)
		if err := checkPage(page, pages); err != nil {
			return nil, "", err
		}
		h := "定向公开：" + u.Name
		return s.renderPortal(r, "portal/docs_list", &Page{Title: h, Meta: map[string]string{"ColumnName": h},
			Data: docListData{Heading: h, Intro: "以下信息面向" + u.Name + "的师生和家长定向公开，不在其他栏目和站内搜索中显示。", Docs: docs, Total: total, Page: page,
				Pages: pages, BaseURL: "/audience/" + itoa(int(id))}})
	})
}

type catalogPortalData struct {
	Rows []catalogRow
}

func (s *Server) portalCatalog(w http.ResponseWriter, r *http.Request) error {
	return s.cachedPortal(w, r, func() ([]byte, string, error) {
		rows, err := s.catalogRows(r)
		if err != nil {
			return nil, "", err
		}
		return s.renderPortal(r, "portal/catalog", &Page{Title: "法定主动公开内容", Meta: map[string]string{"ColumnName": "法定主动公开内容"}, Data: catalogPortalData{Rows: rows}})
	})
}

type catalogItemPortalData struct {
	Item disclosure.CatalogItem
	docListData
	// Registry is set under 民办学校信息: the registry of private schools
	// and training institutions is its content (/institutions).
	Registry bool
}

func (s *Server) portalCatalogItem(w http.ResponseWriter, r *http.Request) error {
	page, err := listPage(r)
	if err != nil {
		return err
	}
	return s.cachedPortal(w, r, func() ([]byte, string, error) {
		id, err := httpx.PathID(r, "id")
		if err != nil {
			return nil, "", err
		}
		it, err := s.Store.CatalogItem(r.Context(), id)
		if err != nil {
			return nil, "", gongkai.Errorf(gongkai.ENOTFOUND, "目录事项不存在")
		}
		docs, total, err := s.Store.Documents(r.Context(), store.DocFilter{PublicOnly: true, CatalogItemID: id, Limit: portalPageSize, Offset: (page - 1) * portalPageSize})
		if err != nil {
			return nil, "", err
		}
		pages := pageCount(total, portalPageSize)
		if err := checkPage(page, pages); err != nil {
			return nil, "", err
		}
		registry := strings.Contains(it.Name, "民办学校")
		if !registry && it.ParentID != 0 {
			if p, err := s.Store.CatalogItem(r.Context(), it.ParentID); err == nil {
				registry = strings.Contains(p.Name, "民办学校")
			}
		}
		return s.renderPortal(r, "portal/catalog_item", &Page{Title: it.Name, Meta: map[string]string{"ColumnName": it.Name},
			Data: catalogItemPortalData{Item: it, Registry: registry, docListData: docListData{Heading: it.Name, Docs: docs, Total: total, Page: page,
				Pages: pages, BaseURL: "/catalog/" + itoa(int(id)), Feed: "catalog-" + itoa(int(id))}}})
	})
}

// portalGuide shows the published 信息公开指南 with the contact block from
// the identity (so the guide and the footer never disagree).
func (s *Server) portalGuide(w http.ResponseWriter, r *http.Request) error {
	return s.cachedPortal(w, r, func() ([]byte, string, error) {
		g, err := s.Store.SiteGuide(r.Context())
		if err != nil {
			return nil, "", err
		}
		d, err := s.guidePageData(r, g.Published)
		if err != nil {
			return nil, "", err
		}
		d.PublishedAt = g.PublishedAt
		return s.renderPortal(r, "portal/guide", &Page{Title: "信息公开指南", Meta: map[string]string{"ColumnName": "信息公开指南"}, Data: d})
	})
}

type guideData struct {
	Guide       *site.Guide // nil: not yet published
	Channels    []string    // labels of the offered application channels
	Top         []disclosure.CatalogItem
	Audiences   []store.Audience
	PublishedAt time.Time
	Preview     bool
}

func (s *Server) guidePageData(r *http.Request, g *site.Guide) (guideData, error) {
	d := guideData{Guide: g}
	items, err := s.Store.CatalogItems(r.Context())
	if err != nil {
		return d, err
	}
	for _, it := range items {
		if it.ParentID == 0 {
			d.Top = append(d.Top, it)
		}
	}
	if d.Audiences, err = s.Store.Audiences(r.Context()); err != nil {
		return d, err
	}
	if g != nil {
		for _, c := range g.Channels {
			d.Channels = append(d.Channels, site.ChannelLabel(c))
		}
	}
	return d, nil
}

func (s *Server) portalRules(w http.ResponseWriter, r *http.Request) error {
	return s.taggedList(w, r, "信息公开制度", "政府信息公开工作的规章制度：保密审查、主动公开、依申请公开、发布协调等制度文件。", func(d disclosure.Document) bool {
		return hasTag(d, "公开制度") || strings.Contains(d.Title, "制度")
	})
}

// portalAnnualReports lists the annual reports generated and published in
// the requests area, then documents titled as annual reports (reports of
// earlier years moved over from the old site).
func (s *Server) portalAnnualReports(w http.ResponseWriter, r *http.Request) error {
	years, err := s.Store.PublishedReportYears(r.Context())
	if err != nil {
		return err
	}
	var links []docLink
	for _, y := range years {
		links = append(links, docLink{Title: fmt.Sprintf("%s%d年政府信息公开工作年度报告", s.orgName(r.Context()), y), URL: fmt.Sprintf("/annual-reports/%d", y)})
	}
	return s.taggedListWith(w, r, "信息公开年报", "按《中华人民共和国政府信息公开条例》第四十九条，每年1月31日前公布上一年度政府信息公开工作年度报告。", links, func(d disclosure.Document) bool {
		return strings.Contains(d.Title, "年度报告")
	})
}

func hasTag(d disclosure.Document, tag string) bool {
	for _, t := range d.Tags {
		if t == tag {
			return true
		}
	}
	return false
}

// taggedList lists the public documents picked by keep among the latest
// 1,000, for the small columns (rules, annual reports).
func (s *Server) taggedList(w http.ResponseWriter, r *http.Request, heading, intro string, keep func(disclosure.Document) bool) error {
	return s.taggedListWith(w, r, heading, intro, nil, keep)
}

func (s *Server) taggedListWith(w http.ResponseWriter, r *http.Request, heading, intro string, links []docLink, keep func(disclosure.Document) bool) error {
	return s.cachedPortal(w, r, func() ([]byte, string, error) {
		docs, _, err := s.Store.Documents(r.Context(), store.DocFilter{PublicOnly: true, Limit: 1000})
		if err != nil {
			return nil, "", err
		}
		var out []disclosure.Document
		for _, d := range docs {
			if keep(d) {
				out = append(out, d)
			}
		}
		return s.renderPortal(r, "portal/docs_list", &Page{Title: heading, Meta: map[string]string{"ColumnName": heading},
			Data: docListData{Heading: heading, Intro: intro, Docs: out, Total: len(out), Page: 1, Pages: 1, BaseURL: r.URL.Path, Links: links}})
	})
}

func (s *Server) portalInterpretations(w http.ResponseWriter, r *http.Request) error {
	return s.cachedPortal(w, r, func() ([]byte, string, error) {
		list, err := s.Store.Interpretations(r.Context(), 0, true, 200)
		if err != nil {
			return nil, "", err
		}
		return s.renderPortal(r, "portal/interpretations", &Page{Title: "政策解读", Meta: map[string]string{"ColumnName": "政策解读"}, Data: list})
	})
}
