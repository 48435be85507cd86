package web

import (
	"net/http"
	"strings"

	"gongkai"
	"gongkai/internal/disclosure"
	"gongkai/internal/httpx"
	"gongkai/internal/store"
)

func (s *Server) portalPackages(w http.ResponseWriter, r *http.Request) error {
	return s.cachedPortal(w, r, func() ([]byte, string, error) {
		pkgs, err := s.Store.Packages(r.Context(), true)
		if err != nil {
			return nil, "", err
		}
		return s.renderPortal(r, "portal/packages", &Page{Title: "政策文件包", Meta: map[string]string{"ColumnName": "政策文件包"}, Data: pkgs})
	})
}

type portalPackageData struct {
	Package store.Package
	Docs    []disclosure.Document
}

func (s *Server) portalPackage(w http.ResponseWriter, r *http.Request) error {
	return s.cachedPortal(w, r, func() ([]byte, string, error) {
		id, err := httpx.PathID(r, "id")
		if err != nil {
			return nil, "", err
		}
		p, err := s.Store.Package(r.Context(), id)
		if err != nil || !p.Published {
			return nil, "", gongkai.Errorf(gongkai.ENOTFOUND, "该政策文件包不存在")
		}
		docs, err := s.Store.PackageDocuments(r.Context(), p)
		if err != nil {
			return nil, "", err
		}
		return s.renderPortal(r, "portal/package", &Page{Title: p.Title, Meta: map[string]string{"ColumnName": "政策文件包", "ArticleTitle": p.Title}, Data: portalPackageData{Package: p, Docs: docs}})
	})
}

type packageRequestFormData struct {
	Form   store.PackageRequest
	Lookup *store.PackageRequest
	Code   string
}

func (s *Server) portalPackageRequestForm(w http.ResponseWriter, r *http.Request) error {
	data := packageRequestFormData{}
	if code := strings.TrimSpace(r.URL.Query().Get("code")); code != "" {
		req, err := s.Store.PackageRequestByCode(r.Context(), code)
		if err != nil {
			return err
		}
		data.Lookup = &req
	}
	s.Render(w, r, http.StatusOK, "portal/package_request", &Page{Title: "申请政策文件包", Data: data})
	return nil
}

func (s *Server) portalPackageRequest(w http.ResponseWriter, r *http.Request) error {
	if err := s.ParseForm(w, r); err != nil {
		return err
	}
	if r.FormValue("website") != "" { // honeypot
		return gongkai.Errorf(gongkai.EINVALID, "提交失败，请刷新页面后重试")
	}
	if !s.packageLimiter().Allow(s.ClientIP(r)) {
		return gongkai.Errorf(gongkai.ERATELIMIT, "提交过于频繁，请稍后再试")
	}
	req := store.PackageRequest{Name: r.FormValue("name"), Contact: r.FormValue("contact"), Organisation: strings.TrimSpace(r.FormValue("organisation")),
		Topic: r.FormValue("topic"), Message: strings.TrimSpace(r.FormValue("message"))}
	code, err := s.Store.CreatePackageRequest(r.Context(), req, s.ClientIP(r))
	if err != nil {
		return err
	}
	return s.Flash(w, r, "申请已提交，查询码："+code+"。我们会以政策文件包答复，请凭查询码查看。", "/packages/request?code="+code)
}
