package web

import (
	"bytes"
	"context"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"regexp"
	"strings"
	"time"

	"gongkai/internal/auth"
	"gongkai/internal/httpx"
	"gongkai/internal/site"
)

//go:embed templates
var templateFS embed.FS

// templates holds one parsed set per page: the layouts (layout/base.html:
// the page's layout is chosen by folder, admin/ → "admin", portal/ →
// "portal", else "bare"), the shared partials the page uses (the other
// files of layout/, found by the {{template}} calls of the page and of the
// partials it takes), and the page file itself. A set holds only the
// partials it calls because every set is a parsed copy: one set holding
// all of them would cost a hundred copies. Parsed once at start-up; a
// broken template stops the program there.
type templates struct {
	pages map[string]*template.Template
}

var (
	defineRe   = regexp.MustCompile(`{{-?\s*define\s+"([^"]+)"`)
	templateRe = regexp.MustCompile(`{{-?\s*template\s+"([^"]+)"`)
)

const layoutBase = "templates/layout/base.html"

func loadTemplates(funcs template.FuncMap) (*templates, error) {
	t := &templates{pages: map[string]*template.Template{}}
	shared, err := fs.Glob(templateFS, "templates/layout/*.html")
	if err != nil {
		return nil, err
	}
	definedIn := map[string]string{} // template name → the partial's file
	calls := map[string][]string{}   // file → the templates it calls
	read := func(p string) error {
		b, err := fs.ReadFile(templateFS, p)
		if err != nil {
			return err
		}
		for _, m := range templateRe.FindAllStringSubmatch(string(b), -1) {
			calls[p] = append(calls[p], m[1])
		}
		if strings.HasPrefix(p, "templates/layout/") {
			for _, m := range defineRe.FindAllStringSubmatch(string(b), -1) {
				definedIn[m[1]] = p
			}
		}
		return nil
	}
	for _, p := range shared {
		if err := read(p); err != nil {
			return nil, err
		}
	}
	err = fs.WalkDir(templateFS, "templates", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") || strings.HasPrefix(p, "templates/layout/") {
			return err
		}
		if err := read(p); err != nil {
			return err
		}
		name := strings.TrimSuffix(strings.TrimPrefix(p, "templates/"), ".html")
		files := []string{layoutBase}
		in := map[string]bool{layoutBase: true, p: true}
		for todo := []string{layoutBase, p}; len(todo) > 0; todo = todo[1:] {
			for _, c := range calls[todo[0]] {
				if f := definedIn[c]; f != "" && !in[f] {
					in[f] = true
					files = append(files, f)
					todo = append(todo, f)
				}
			}
		}
		tt, err := template.New(path.Base(p)).Funcs(funcs).ParseFS(templateFS, append(files, p)...)
		if err != nil {
			return fmt.Errorf("web: template %s: %w", name, err)
		}
		t.pages[name] = tt
		return nil
	})
	return t, err
}

// NavItem is one entry of the console navigation.
type NavItem struct {
	Key, Label, Href string
	Perm             auth.Perm
}

// consoleNav is the console's navigation; entries show only to roles that
// hold their permission.
var consoleNav = []NavItem{
	{"home", "工作台", "/admin/", auth.PermConsole},
	{"plan", "任务督办", "/admin/plan/", auth.PermPlanView},
	{"docs", "主动公开", "/admin/docs/", auth.PermDocView},
	{"requests", "依申请公开", "/admin/requests/", auth.PermRequestView},
	{"participation", "公众参与", "/admin/participation/", auth.PermParticipationView},
	{"institutions", "民办学校和培训机构", "/admin/institutions/", auth.PermInstitutionView},
	{"privacy", "隐私巡查", "/admin/privacy", auth.PermPrivacyView},
	{"reports", "统计报告", "/admin/reports/", auth.PermReportManage},
	{"inspect", "网站自查", "/admin/inspect", auth.PermInspectView},
	{"site", "网站标识与指南", "/admin/site", auth.PermSiteManage},
	{"exchange", "数据交换", "/admin/exchange", auth.PermExchangeManage},
	{"system", "系统管理", "/admin/system/units", auth.PermSystem},
	{"audit", "安全审计", "/admin/audit", auth.PermAuditRead},
	{"help", "帮助", "/admin/help", auth.PermConsole},
}

// Page is what every template receives. Data holds the page's own typed
// struct.
type Page struct {
	Title  string
	Area   string // the active navigation key
	User   *auth.User
	Nav    []NavItem
	Flash  string
	Error  string
	Site   Site
	Path   string
	Query  url.Values
	Meta   map[string]string // portal meta tags (ArticleTitle, PubDate …)
	Unread int               // unread notifications of the user
	Now    time.Time
	Data   any
}

// Site is the portal's identity as pages show it (internal/site): Name is
// the site's name or a neutral placeholder while none is set.
type Site struct {
	site.Identity
	Name, IDCode, Org string
	Domain            string   // host of GONGKAI_BASE_URL, for the SiteDomain meta tag
	Set               bool     // an identity was saved (else the console shows a banner)
	Missing           []string // labels of the footer's required fields still empty
}

// Render executes the page template name into w with status. The common
// parts of p (user, navigation, flash) are filled from r.
func (s *Server) Render(w http.ResponseWriter, r *http.Request, status int, name string, p *Page) {
	t, ok := s.tmpl.pages[name]
	if !ok {
		s.Log.Error("missing template", "name", name)
		http.Error(w, "页面模板缺失："+name, http.StatusInternalServerError)
		return
	}
	s.fillPage(w, r, p)
	layout := "bare"
	switch {
	case strings.HasPrefix(name, "admin/"):
		layout = "admin"
	case strings.HasPrefix(name, "portal/"):
		layout = "portal"
	}
	if r.Header.Get("HX-Request") == "true" && r.Header.Get("HX-Boosted") != "true" && t.Lookup("fragment") != nil {
		layout = "fragment"
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, layout, p); err != nil {
		s.Log.Error("render", "name", name, "err", err)
		http.Error(w, "页面渲染失败", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	if p.User != nil {
		w.Header().Set("Cache-Control", "no-store")
	}
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// RenderBytes executes a page template without the response, for caches.
func (s *Server) RenderBytes(r *http.Request, name string, p *Page) ([]byte, error) {
	t, ok := s.tmpl.pages[name]
	if !ok {
		return nil, fmt.Errorf("web: missing template %s", name)
	}
	p.Site = s.site(r.Context())
	p.Now = s.Now()
	p.Path = r.URL.Path
	p.Query = r.URL.Query()
	layout := "portal"
	if !strings.HasPrefix(name, "portal/") {
		layout = "bare"
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, layout, p); err != nil {
		return nil, fmt.Errorf("web: render %s: %w", name, err)
	}
	return buf.Bytes(), nil
}

// site reads the identity from the store (one small row; portal pages are
// cached and dropped when it changes).
func (s *Server) site(ctx context.Context) Site {
	id, err := s.Store.SiteIdentity(ctx)
	if err != nil {
		s.Log.Warn("site identity", "err", err)
	}
	out := Site{Identity: id, Name: id.DisplayName(), IDCode: id.SiteIDCode, Org: id.Organiser, Set: id.Set(), Missing: id.Missing()}
	if u, err := url.Parse(s.Config.BaseURL); err == nil {
		out.Domain = u.Hostname()
	}
	return out
}

// orgName is the name of the body for letters, reports and feeds: the
// identity's 主办单位, or a placeholder that shows it is not set.
func (s *Server) orgName(ctx context.Context) string { return s.Store.Letterhead(ctx) }

func (s *Server) fillPage(w http.ResponseWriter, r *http.Request, p *Page) {
	if u, ok := httpx.UserFrom(r.Context()); ok {
		p.User = &u
		if strings.HasPrefix(r.URL.Path, "/admin/") {
			p.Unread, _ = s.Store.UnreadCount(r.Context(), u)
		}
		for _, n := range consoleNav {
			if auth.Allowed(u.Role, n.Perm) {
				p.Nav = append(p.Nav, n)
			}
		}
	}
	if p.Flash == "" {
		p.Flash = s.takeFlash(w, r)
	}
	p.Site = s.site(r.Context())
	p.Path = r.URL.Path
	p.Query = r.URL.Query()
	p.Now = s.Now()
}

// Flash sets a one-time message shown on the next page, then redirects.
func (s *Server) Flash(w http.ResponseWriter, r *http.Request, msg, to string) error {
	http.SetCookie(w, &http.Cookie{Name: "flash", Value: url.QueryEscape(msg), Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode, MaxAge: 60})
	http.Redirect(w, r, to, http.StatusSeeOther)
	return nil
}

func (s *Server) takeFlash(w http.ResponseWriter, r *http.Request) string {
	c, err := r.Cookie("flash")
	if err != nil || c.Value == "" {
		return ""
	}
	http.SetCookie(w, &http.Cookie{Name: "flash", Value: "", Path: "/", MaxAge: -1})
	v, _ := url.QueryUnescape(c.Value)
	return v
}
