package web

import (
	"bytes"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"

	"gongkai"
	"gongkai/docs/manual"
	"gongkai/internal/auth"
	"gongkai/internal/httpx"
)

// helpPages are the manual's pages in the order of the 帮助 menu.
var helpPages = []struct{ Name, Title string }{
	{"README", "概述"}, {"office", "办公室"}, {"liaison", "单位联络员"}, {"reviewer", "审查员"}, {"leader", "分管负责人"},
	{"admin", "系统管理员"}, {"auditor", "审计员"}, {"public", "公众"},
}

// roleHelp is the page a role sees first.
var roleHelp = map[auth.Role]string{auth.RoleOffice: "office", auth.RoleUnit: "liaison", auth.RoleReviewer: "reviewer",
	auth.RoleLeader: "leader", auth.RoleAdmin: "admin", auth.RoleAuditor: "auditor"}

type helpData struct {
	Pages   []struct{ Name, Title string }
	Current string
	HTML    template.HTML
}

var helpHTML sync.Map // page name → rendered template.HTML

// helpLink is a link from one manual page to another (NAME.md).
var helpLink = regexp.MustCompile(`\]\(([A-Za-z]+)\.md\)`)

// renderHelp turns a manual page (Markdown, embedded, written by us) into
// HTML; links to NAME.md become links to /admin/help/NAME and pictures
// img/… to /admin/help/img/…, so the same files read well in the
// repository and here.
func renderHelp(name string) (template.HTML, error) {
	if h, ok := helpHTML.Load(name); ok {
		return h.(template.HTML), nil
	}
	src, err := fs.ReadFile(manual.FS, name+".md")
	if err != nil {
		return "", gongkai.Errorf(gongkai.ENOTFOUND, "没有这一页帮助")
	}
	// Absolute addresses: /admin/help shows a page too, where relative
	// ones would point outside the manual.
	src = helpLink.ReplaceAll(src, []byte("](/admin/help/$1)"))
	src = bytes.ReplaceAll(src, []byte("](img/"), []byte("](/admin/help/img/"))
	if bytes.HasPrefix(src, []byte("# ")) { // the page's title is the console's heading
		if i := bytes.IndexByte(src, '\n'); i > 0 {
			src = src[i+1:]
		}
	}
	var b bytes.Buffer
	md := goldmark.New(goldmark.WithExtensions(extension.Table))
	if err := md.Convert(src, &b); err != nil {
		return "", err
	}
	h := template.HTML(b.String()) // goldmark escapes raw HTML by default
	helpHTML.Store(name, h)
	return h, nil
}

// helpPage shows a page of the manual; /admin/help shows the reader's
// role's page.
func (s *Server) helpPage(w http.ResponseWriter, r *http.Request) error {
	name := r.PathValue("page")
	if name == "" {
		u, _ := httpx.UserFrom(r.Context())
		name = roleHelp[u.Role]
		if name == "" {
			name = "README"
		}
	}
	name = strings.TrimSuffix(name, ".md")
	title := ""
	for _, p := range helpPages {
		if p.Name == name {
			title = p.Title
		}
	}
	if title == "" {
		return gongkai.Errorf(gongkai.ENOTFOUND, "没有这一页帮助")
	}
	h, err := renderHelp(name)
	if err != nil {
		return err
	}
	s.Render(w, r, http.StatusOK, "admin/help", &Page{Title: "帮助 · " + title, Area: "help", Data: helpData{Pages: helpPages, Current: name, HTML: h}})
	return nil
}

// helpImage serves a picture of the manual.
func (s *Server) helpImage(w http.ResponseWriter, r *http.Request) error {
	name := path.Base(r.PathValue("name"))
	b, err := fs.ReadFile(manual.FS, "img/"+name)
	if err != nil || !strings.HasSuffix(name, ".jpg") && !strings.HasSuffix(name, ".png") {
		return gongkai.Errorf(gongkai.ENOTFOUND, "没有这张图片")
	}
	w.Header().Set("Cache-Control", "private, max-age=3600")
	http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(b))
	return nil
}
