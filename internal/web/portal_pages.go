package web

import (
	"context"
	"io/fs"
	"net/http"
	"strconv"
	"time"

	"gongkai/internal/disclosure"
	"gongkai/internal/institution"
	"gongkai/internal/store"
)

// PublicPage is an address of the portal that a visitor reaches without
// filling in a form. The list of them (PublicPages) is the portal's map:
// the sitemap shows its HTML pages, and `gongkai publish` writes every one
// as a file by requesting it from the portal's own handlers. Search,
// applications, lookups, messages' and comments' forms are not in it:
// they stay dynamic.
type PublicPage struct {
	Path    string    // the address as requested, unescaped: "/docs/12", "/rss/latest.xml", "/files/3/通知.pdf"
	Keys    []string  // the changes that alter the page (see ChangeKeys)
	Sitemap bool      // an HTML page the sitemap lists
	LastMod time.Time // for the sitemap, when known
	Status  int       // the status it is served with, when not 200 (the error pages)
}

// Keys of the changes that alter pages. A change of data is mapped to keys
// (ChangeKeys), and the publisher renders again the pages that carry one
// of them.
const (
	KeyAny      = "*"        // any change at all (the sitemap)
	KeyDocs     = "docs"     // any document on the portal: its lists, feeds, home, packages
	KeyInterp   = "interp"   // interpretations
	KeyCatalog  = "catalog"  // the catalogue
	KeyPackages = "packages" // policy packages
	KeyReports  = "reports"  // generated annual reports
	KeyConsult  = "consult"  // consultations, their comments and feedback
	KeyMessages = "messages" // published messages
	KeyEvals    = "evals"    // policy evaluations
	KeyGuide    = "guide"    // the 信息公开指南 edited in the console
	KeyInst     = "inst"     // the registry of private schools and training institutions
	KeyProgram  = "program"  // the program itself (assets, error pages): only a full rebuild
)

// DocKey is the key of one document's own page and its attachments.
func DocKey(id int64) string { return "doc:" + strconv.FormatInt(id, 10) }

// MessageKey is the key of one published message's page.
func MessageKey(id int64) string { return "msg:" + strconv.FormatInt(id, 10) }

// PageProvider lists an area's public pages.
type PageProvider func(ctx context.Context, yield func(PublicPage) error) error

// AddPublicPages registers an area's public pages. An area that adds a
// public GET route adds its pages here (or names the route dynamic in
// dynamicPortalRoutes); TestPublicRoutesMapped checks that none is forgotten.
func (s *Server) AddPublicPages(p PageProvider) { s.pageProviders = append(s.pageProviders, p) }

// PublicPages lists every public page, in a stable order, then the
// sitemap's own files.
func (s *Server) PublicPages(ctx context.Context, yield func(PublicPage) error) error {
	n := 0
	for _, p := range s.pageProviders {
		if err := p(ctx, func(pg PublicPage) error {
			if pg.Sitemap {
				n++
			}
			return yield(pg)
		}); err != nil {
			return err
		}
	}
	for _, p := range sitemapFiles(n) {
		if err := yield(PublicPage{Path: p, Keys: []string{KeyAny}}); err != nil {
			return err
		}
	}
	return nil
}

// dynamicPortalRoutes are the public GET routes that are not pages to
// publish: forms, lookups, search, feeds by their old addresses,
// redirects. nginx (gongkai publish --nginx-conf) sends them to gongkai.
var dynamicPortalRoutes = map[string]string{
	"GET /login":                  "工作人员登录",
	"GET /search":                 "站内搜索",
	"GET /apply":                  "依申请公开表单",
	"GET /apply/track":            "办理进度查询",
	"GET /messages/new":           "留言表单",
	"GET /messages/track":         "留言办理查询",
	"GET /packages/request":       "文件包申请与查询",
	"GET /files/{id}":             "旧附件地址，转到 /files/{id}/{name}",
	"GET /rss/{column}":           "订阅（发布 /rss/栏目.xml）",
	"GET /atom/{column}":          "订阅（发布 /atom/栏目.xml）",
	"GET /sitemaps/{file}":        "网站地图分卷（超过 50,000 个地址时发布）",
	"GET /static/":                "静态资源（发布 static/ 下的每个文件）",
	"GET /healthz":                "健康检查",
	"GET /errors/{file}":          "错误页（发布 404.html、503.html）",
	"GET /annual-reports/{year}":  "（发布每个已发布年度）",
	"GET /evaluations/{year}":     "（发布最近四年）",
	"GET /catalog/{id}/page/{n}":  "（发布每一页）",
	"GET /audience/{id}/page/{n}": "（发布每一页）",
	"GET /docs/page/{n}":          "（发布每一页）",
	"GET /open/{file}":            "（发布每个数据文件）",
}

// pagesDocs lists the disclosure pages: columns, catalogue, documents
// with their attachments, packages, annual reports, feeds.
func (s *Server) pagesDocs(ctx context.Context, yield func(PublicPage) error) error {
	docLists := []string{KeyDocs}
	for _, p := range []PublicPage{
		{Path: "/", Keys: []string{KeyDocs, KeyInterp}, Sitemap: true},
		{Path: "/guide", Keys: []string{KeyDocs, KeyCatalog, KeyGuide}, Sitemap: true},
		{Path: "/rules", Keys: docLists, Sitemap: true},
		{Path: "/catalog", Keys: []string{KeyDocs, KeyCatalog}, Sitemap: true},
		{Path: "/annual-reports", Keys: []string{KeyDocs, KeyReports}, Sitemap: true},
		{Path: "/interpretations", Keys: []string{KeyDocs, KeyInterp}, Sitemap: true},
		{Path: "/packages", Keys: []string{KeyPackages}, Sitemap: true},
		{Path: "/rss/latest.xml", Keys: docLists}, {Path: "/atom/latest.xml", Keys: docLists},
		{Path: "/rss/policies.xml", Keys: docLists}, {Path: "/atom/policies.xml", Keys: docLists},
		{Path: "/rss/interpretations.xml", Keys: []string{KeyDocs, KeyInterp}}, {Path: "/atom/interpretations.xml", Keys: []string{KeyDocs, KeyInterp}},
	} {
		if err := yield(p); err != nil {
			return err
		}
	}
	// Paged lists: their totals come from the same store query as the
	// pages themselves.
	pages := func(base string, f store.DocFilter, keys []string) error {
		f.Limit = 1
		_, total, err := s.Store.Documents(ctx, f)
		if err != nil {
			return err
		}
		for n := 1; n <= pageCount(total, portalPageSize); n++ {
			if err := yield(PublicPage{Path: pagePath(base, n), Keys: keys, Sitemap: true}); err != nil {
				return err
			}
		}
		return nil
	}
	if err := pages("/docs/", store.DocFilter{PublicOnly: true}, docLists); err != nil {
		return err
	}
	items, err := s.Store.CatalogItems(ctx)
	if err != nil {
		return err
	}
	for _, it := range items {
		base := "/catalog/" + itoa(int(it.ID))
		if err := pages(base, store.DocFilter{PublicOnly: true, CatalogItemID: it.ID}, []string{KeyDocs, KeyCatalog}); err != nil {
			return err
		}
		feed := "catalog-" + itoa(int(it.ID))
		for _, p := range []string{"/rss/" + feed + ".xml", "/atom/" + feed + ".xml"} {
			if err := yield(PublicPage{Path: p, Keys: []string{KeyDocs, KeyCatalog}}); err != nil {
				return err
			}
		}
	}
	auds, err := s.Store.Audiences(ctx)
	if err != nil {
		return err
	}
	for _, a := range auds {
		// Targeted pages are published but not listed in the sitemap:
		// they are for their audience, not for search engines.
		f := store.DocFilter{AudienceUnit: a.UnitID, Limit: 1}
		_, total, err := s.Store.Documents(ctx, f)
		if err != nil {
			return err
		}
		for n := 1; n <= pageCount(total, portalPageSize); n++ {
			if err := yield(PublicPage{Path: pagePath("/audience/"+itoa(int(a.UnitID)), n), Keys: docLists}); err != nil {
				return err
			}
		}
	}
	pkgs, err := s.Store.Packages(ctx, true)
	if err != nil {
		return err
	}
	for _, p := range pkgs {
		if err := yield(PublicPage{Path: p.URL(), Keys: []string{KeyDocs, KeyPackages}, Sitemap: true}); err != nil {
			return err
		}
	}
	years, err := s.Store.PublishedReportYears(ctx)
	if err != nil {
		return err
	}
	for _, y := range years {
		if err := yield(PublicPage{Path: "/annual-reports/" + strconv.Itoa(y), Keys: []string{KeyReports}, Sitemap: true}); err != nil {
			return err
		}
	}
	docs, err := s.Store.PortalDocs(ctx)
	if err != nil {
		return err
	}
	for _, d := range docs {
		if err := yield(PublicPage{Path: disclosure.DocumentURL(d.ID), Keys: []string{DocKey(d.ID)}, Sitemap: d.AudienceUnitID == 0, LastMod: d.Updated}); err != nil {
			return err
		}
	}
	files, err := s.Store.PortalFiles(ctx)
	if err != nil {
		return err
	}
	for _, f := range files {
		if err := yield(PublicPage{Path: disclosure.AttachmentURL(f.ID, f.Name), Keys: []string{DocKey(f.DocumentID)}}); err != nil {
			return err
		}
	}
	return nil
}

// pagesParticipation lists consultations, published messages and policy
// evaluations.
func (s *Server) pagesParticipation(ctx context.Context, yield func(PublicPage) error) error {
	consult := []string{KeyConsult}
	if err := yield(PublicPage{Path: "/consultations", Keys: consult, Sitemap: true}); err != nil {
		return err
	}
	list, err := s.Store.Consultations(ctx, store.ConsultationFilter{PublicOnly: true})
	if err != nil {
		return err
	}
	for _, c := range list {
		if err := yield(PublicPage{Path: "/consultations/" + itoa(int(c.ID)), Keys: consult, Sitemap: true}); err != nil {
			return err
		}
	}
	for _, p := range []PublicPage{
		{Path: "/messages", Keys: []string{KeyMessages}, Sitemap: true},
		{Path: "/rss/messages.xml", Keys: []string{KeyMessages}}, {Path: "/atom/messages.xml", Keys: []string{KeyMessages}},
		{Path: "/evaluations", Keys: []string{KeyEvals}, Sitemap: true},
	} {
		if err := yield(p); err != nil {
			return err
		}
	}
	for _, y := range s.portalEvaluationYears() {
		if err := yield(PublicPage{Path: "/evaluations/" + strconv.Itoa(y), Keys: []string{KeyEvals}, Sitemap: true}); err != nil {
			return err
		}
	}
	msgs, err := s.Store.PublicMessages(ctx, 0)
	if err != nil {
		return err
	}
	for _, m := range msgs {
		if err := yield(PublicPage{Path: "/messages/" + itoa(int(m.ID)), Keys: []string{MessageKey(m.ID)}, Sitemap: true}); err != nil {
			return err
		}
	}
	return nil
}

// pagesInstitutions lists the registry of private schools and training
// institutions (the training search's page without a query; a search goes
// to gongkai) and the open data: its page and every file. The open data
// carry the documents, the catalogue, the registry and the annual reports.
func (s *Server) pagesInstitutions(ctx context.Context, yield func(PublicPage) error) error {
	inst := []string{KeyInst}
	open := []string{KeyDocs, KeyCatalog, KeyInst, KeyReports}
	for _, p := range []PublicPage{
		{Path: "/institutions", Keys: inst, Sitemap: true},
		{Path: "/institutions/training", Keys: inst, Sitemap: true},
		{Path: "/open", Keys: open, Sitemap: true},
	} {
		if err := yield(p); err != nil {
			return err
		}
	}
	list, err := s.Store.PublicInstitutions(ctx, store.PublicFilter{})
	if err != nil {
		return err
	}
	for _, in := range list {
		if err := yield(PublicPage{Path: institution.URL(in.ID), Keys: inst, Sitemap: true, LastMod: in.PublishedAt}); err != nil {
			return err
		}
	}
	ds, err := s.openDatasets(ctx)
	if err != nil {
		return err
	}
	for _, d := range ds {
		for _, ext := range []string{".csv", ".json"} {
			if err := yield(PublicPage{Path: "/open/" + d.Name + ext, Keys: open}); err != nil {
				return err
			}
		}
	}
	return nil
}

// pagesProgram lists what comes with the program: the embedded assets and
// the error pages a static server shows (404, and 503 when gongkai is
// down).
func (s *Server) pagesProgram(ctx context.Context, yield func(PublicPage) error) error {
	for _, p := range []PublicPage{
		{Path: "/errors/404.html", Keys: []string{KeyProgram}, Status: http.StatusNotFound},
		{Path: "/errors/503.html", Keys: []string{KeyProgram}, Status: http.StatusServiceUnavailable},
	} {
		if err := yield(p); err != nil {
			return err
		}
	}
	return fs.WalkDir(staticFS, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		return yield(PublicPage{Path: "/" + p, Keys: []string{KeyProgram}})
	})
}

// sitemapFiles are the sitemap's addresses for n pages: /sitemap.xml, and
// past sitemapLimit pages an index there with its parts /sitemaps/N.xml.
func sitemapFiles(n int) []string {
	out := []string{"/sitemap.xml"}
	if n > sitemapLimit {
		for i := 1; i <= (n+sitemapLimit-1)/sitemapLimit; i++ {
			out = append(out, "/sitemaps/"+strconv.Itoa(i)+".xml")
		}
	}
	return out
}

// sitemapLimit is the most URLs one sitemap file may hold (sitemaps.org).
var sitemapLimit = 50000

// Changes is what a batch of changes of data alters on the portal.
type Changes struct {
	Keys map[string]bool
	Full bool   // render every page again
	Why  string // what asked for the full rebuild
}

// changeEntities maps the audit log's entities to the keys of the pages
// they alter (nil: nothing public). An entity missing here asks for a
// full rebuild (the safe side): an area that audits a new entity adds it.
var changeEntities = map[string]func(s *Server, ctx context.Context, c store.AuditChange, out *Changes) error{
	"document":              docChange,
	"documents":             docChange,
	"interpretation":        interpChange,
	"policy_package":        keys(KeyPackages),
	"annual_report":         keys(KeyReports),
	"consultation":          keys(KeyConsult),
	"consultation_comment":  keys(KeyConsult),
	"consultation_input":    keys(KeyConsult),
	"consultation_feedback": keys(KeyConsult),
	"message": func(s *Server, ctx context.Context, c store.AuditChange, out *Changes) error {
		out.Keys[KeyMessages] = true
		if id, err := strconv.ParseInt(c.EntityID, 10, 64); err == nil {
			out.Keys[MessageKey(id)] = true
		}
		return nil
	},
	"policy_evaluation": keys(KeyEvals),
	"institution":       keys(KeyInst),
	"site_guide":        keys(KeyGuide),
	"database": func(s *Server, ctx context.Context, c store.AuditChange, out *Changes) error {
		if c.Action != "backup" { // a restore brings back another state of everything
			out.Full, out.Why = true, "数据库恢复"
		}
		return nil
	},
	"unit": func(s *Server, ctx context.Context, c store.AuditChange, out *Changes) error {
		if c.Action != "liaison" { // a unit's name is on its documents
			out.Full, out.Why = true, "单位"
		}
		return nil
	},
	// Not shown on the portal.
	"request": nil, "user": nil, "api_token": nil, "login": nil, "package_request": nil, "search_synonym": nil, "sensitive_words": nil,
	"privacy_findings": nil, "media_account": nil, "media_application": nil, "media_release": nil, "opinion_event": nil,
	"opinion_response": nil, "risk_assessment": nil, "publish": nil, "audit_log": nil,
	"inspection": nil, "column_classes": nil, "serious_errors": nil, "exchange_subscriber": nil,
	"plan": nil, "plan_task": nil, "plan_assignment": nil, "plan_inspection": nil, "plan_rectification": nil, "plan_scorecard": nil,
	"plan_training": nil, "plan_ticket": nil,
}

// changeFull are entities whose change reaches every page: the catalogue
// names every document's column, the site's identity is in every footer,
// settings and holidays reach dates and texts.
var changeFull = map[string]string{"catalog_item": "公开目录", "catalog": "公开目录", "setting": "系统设置", "holidays": "节假日",
	"site_identity": "网站标识"}

// Actions that change nothing public whatever their entity.
var changeNone = map[string]bool{"gate_refused": true, "dismiss_finding": true, "view_personal": true, "privacy_sweep": true}

func keys(k ...string) func(*Server, context.Context, store.AuditChange, *Changes) error {
	return func(_ *Server, _ context.Context, _ store.AuditChange, out *Changes) error {
		for _, x := range k {
			out.Keys[x] = true
		}
		return nil
	}
}

func docChange(s *Server, ctx context.Context, c store.AuditChange, out *Changes) error {
	ids := c.IDs
	if id, err := strconv.ParseInt(c.EntityID, 10, 64); err == nil {
		ids = append(ids, id)
	}
	// Documents that name a changed one as their successor show its title.
	more, err := s.Store.DocumentsReplacedBy(ctx, ids)
	if err != nil {
		return err
	}
	for _, id := range append(ids, more...) {
		out.Keys[DocKey(id)] = true
	}
	out.Keys[KeyDocs], out.Keys[KeyInterp] = true, true
	return nil
}

func interpChange(s *Server, ctx context.Context, c store.AuditChange, out *Changes) error {
	if id, err := strconv.ParseInt(c.EntityID, 10, 64); err == nil {
		docs, err := s.Store.DocumentsOfInterpretations(ctx, []int64{id})
		if err != nil {
			return err
		}
		for _, d := range docs {
			out.Keys[DocKey(d)] = true
		}
	}
	out.Keys[KeyInterp] = true
	return nil
}

// ChangeKeys maps changes of data (audit rows) to the keys of the pages
// they alter, or to a full rebuild.
func (s *Server) ChangeKeys(ctx context.Context, changes []store.AuditChange) (Changes, error) {
	out := Changes{Keys: map[string]bool{}}
	for _, c := range changes {
		if changeNone[c.Action] {
			continue
		}
		if why, ok := changeFull[c.Entity]; ok {
			out.Full, out.Why = true, why
			continue
		}
		fn, known := changeEntities[c.Entity]
		if !known {
			out.Full, out.Why = true, "未知的变更类型 "+c.Entity
			continue
		}
		if fn == nil {
			continue
		}
		if err := fn(s, ctx, c, &out); err != nil {
			return out, err
		}
	}
	return out, nil
}

// Alters reports whether a page carrying keys is altered by c.
func (c Changes) Alters(keys []string) bool {
	if c.Full {
		return true
	}
	if len(c.Keys) == 0 {
		return false
	}
	for _, k := range keys {
		if k == KeyAny || c.Keys[k] {
			return true
		}
	}
	return false
}
