package web

import (
	"net/http"
	"strconv"
	"strings"

	"gongkai/internal/auth"
	"gongkai/internal/disclosure"
	"gongkai/internal/httpx"
	"gongkai/internal/org"
	"gongkai/internal/store"
)

type packagesAdminData struct {
	Packages  []store.Package
	Package   store.Package
	Docs      []disclosure.Document // published public documents to choose from
	Chosen    map[int64]bool
	CanManage bool
}

func (s *Server) packageChoices(r *http.Request) ([]disclosure.Document, error) {
	docs, _, err := s.Store.Documents(r.Context(), store.DocFilter{PublicOnly: true, Limit: 500})
	return docs, err
}

func (s *Server) packagesAdmin(w http.ResponseWriter, r *http.Request) error {
	pkgs, err := s.Store.Packages(r.Context(), false)
	if err != nil {
		return err
	}
	docs, err := s.packageChoices(r)
	if err != nil {
		return err
	}
	u, _ := httpx.UserFrom(r.Context())
	s.Render(w, r, http.StatusOK, "admin/docs_packages", &Page{Title: "政策文件包", Area: "docs",
		Data: packagesAdminData{Packages: pkgs, Docs: docs, Chosen: map[int64]bool{}, Package: store.Package{Published: true}, CanManage: auth.Allowed(u.Role, auth.PermDocManage)}})
	return nil
}

func (s *Server) packageAdmin(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	p, err := s.Store.Package(r.Context(), id)
	if err != nil {
		return err
	}
	docs, err := s.packageChoices(r)
	if err != nil {
		return err
	}
	chosen := map[int64]bool{}
	for _, d := range p.DocIDs {
		chosen[d] = true
	}
	u, _ := httpx.UserFrom(r.Context())
	s.Render(w, r, http.StatusOK, "admin/docs_packages", &Page{Title: "政策文件包：" + p.Title, Area: "docs",
		Data: packagesAdminData{Package: p, Docs: docs, Chosen: chosen, CanManage: auth.Allowed(u.Role, auth.PermDocManage)}})
	return nil
}

func (s *Server) packageSave(w http.ResponseWriter, r *http.Request) error {
	if err := s.ParseForm(w, r); err != nil {
		return err
	}
	p := store.Package{Title: r.FormValue("title"), Description: strings.TrimSpace(r.FormValue("description")), Audience: strings.TrimSpace(r.FormValue("audience")),
		Tags: org.NormalizeTags([]string{r.FormValue("tags")}), Published: r.FormValue("published") == "1"}
	if r.PathValue("id") != "" {
		id, err := httpx.PathID(r, "id")
		if err != nil {
			return err
		}
		p.ID = id
	}
	for _, v := range r.Form["doc"] {
		if id, err := strconv.ParseInt(v, 10, 64); err == nil && id > 0 {
			p.DocIDs = append(p.DocIDs, id)
		}
	}
	id, err := s.Store.SavePackage(r.Context(), s.Actor(r), p)
	if err != nil {
		return err
	}
	s.portalCache().Reset()
	return s.Flash(w, r, "政策文件包已保存", "/admin/docs/packages/"+itoa(int(id)))
}

type packageRequestsData struct {
	Requests []store.PackageRequest
	Packages []store.Package
}

func (s *Server) packageRequestsAdmin(w http.ResponseWriter, r *http.Request) error {
	reqs, err := s.Store.PackageRequests(r.Context())
	if err != nil {
		return err
	}
	pkgs, err := s.Store.Packages(r.Context(), true)
	if err != nil {
		return err
	}
	s.Render(w, r, http.StatusOK, "admin/docs_package_requests", &Page{Title: "政策文件包申请（点餐）", Area: "docs", Data: packageRequestsData{Requests: reqs, Packages: pkgs}})
	return nil
}

func (s *Server) packageRequestAnswer(w http.ResponseWriter, r *http.Request) error {
	if err := s.ParseForm(w, r); err != nil {
		return err
	}
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	pkg, err := httpx.FormInt(r, "package_id")
	if err != nil {
		return err
	}
	if err := s.Store.AnswerPackageRequest(r.Context(), s.Actor(r), id, pkg, r.FormValue("answer")); err != nil {
		return err
	}
	return s.Flash(w, r, "已答复（配餐）", "/admin/docs/package-requests")
}
