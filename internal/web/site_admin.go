package web

import (
	"net/http"

	"gongkai/internal/auth"
	"gongkai/internal/httpx"
	"gongkai/internal/site"
	"gongkai/internal/store"
)

// The console page 网站标识与指南 (admin and office): the portal's identity
// and contact, and the 信息公开指南 edited as a draft and published once its
// required elements are there (the store checks, site.Missing says what).

func (s *Server) routesSite() {
	m := auth.PermSiteManage
	s.Handle("GET /admin/site", m, s.sitePage)
	s.Handle("POST /admin/site/identity", m, s.siteSaveIdentity)
	s.Handle("POST /admin/site/guide", m, s.siteSaveGuide)
	s.Handle("POST /admin/site/guide/publish", m, s.sitePublishGuide)
	s.Handle("GET /admin/site/guide/preview", m, s.siteGuidePreview)
}

type sitePageData struct {
	Identity      site.Identity
	Fields        []site.Field
	Guide         store.SiteGuide
	Draft         site.Guide
	Channels      []site.Channel
	Missing       []string // what stops the draft from being published
	IdentityMiss  []string // footer fields still empty
	IdentityError string
	GuideError    string
}

func (s *Server) renderSite(w http.ResponseWriter, r *http.Request, status int, id *site.Identity, draft *site.Guide, idErr, guideErr string) error {
	ctx := r.Context()
	stored, err := s.Store.SiteIdentity(ctx)
	if err != nil {
		return err
	}
	g, err := s.Store.SiteGuide(ctx)
	if err != nil {
		return err
	}
	d := sitePageData{Identity: stored, Fields: site.Fields, Guide: g, Draft: g.Draft, Channels: site.Channels, IdentityError: idErr, GuideError: guideErr}
	if id != nil {
		d.Identity = *id // what was typed, kept on a refusal
	}
	if draft != nil {
		d.Draft = *draft
	}
	d.Missing = site.Missing(d.Draft, stored)
	d.IdentityMiss = stored.Missing()
	s.Render(w, r, status, "admin/site", &Page{Title: "网站标识与信息公开指南", Area: "site", Data: d})
	return nil
}

func (s *Server) sitePage(w http.ResponseWriter, r *http.Request) error {
	return s.renderSite(w, r, http.StatusOK, nil, nil, "", "")
}

func identityForm(r *http.Request) site.Identity {
	v := r.PostFormValue
	return site.Identity{SiteName: v("site_name"), SiteIDCode: v("site_id_code"), Organiser: v("organiser"), Operator: v("operator"),
		ICP: v("icp"), PoliceRecord: v("police_record"), PoliceNumber: v("police_number"), PartyMarkURL: v("party_mark_url"),
		Address: v("address"), Postcode: v("postcode"), Phone: v("phone"), Fax: v("fax"), Email: v("email"), Hours: v("hours")}
}

func guideForm(r *http.Request) site.Guide {
	v := r.PostFormValue
	return site.Guide{WorkingBody: v("working_body"), Organisation: v("organisation"), Duties: v("duties"), Classification: v("classification"),
		Access: v("access"), Apply: v("apply"), Channels: r.PostForm["channels"], Remedy: v("remedy")}
}

func (s *Server) siteSaveIdentity(w http.ResponseWriter, r *http.Request) error {
	if err := s.ParseForm(w, r); err != nil {
		return err
	}
	in := identityForm(r)
	if err := s.Store.SaveSiteIdentity(r.Context(), s.Actor(r), in); err != nil {
		return s.renderSite(w, r, httpx.StatusOf(err), &in, nil, errMsg(err), "")
	}
	s.portalCache().Reset()
	return s.Flash(w, r, "网站标识与联系方式已保存，门户页脚和页面元数据已更新", "/admin/site")
}

func (s *Server) siteSaveGuide(w http.ResponseWriter, r *http.Request) error {
	if err := s.ParseForm(w, r); err != nil {
		return err
	}
	g := guideForm(r)
	if err := s.Store.SaveGuideDraft(r.Context(), s.Actor(r), g); err != nil {
		return s.renderSite(w, r, httpx.StatusOf(err), nil, &g, "", errMsg(err))
	}
	if r.PostFormValue("then") == "publish" {
		return s.sitePublishGuide(w, r)
	}
	return s.Flash(w, r, "指南草稿已保存（门户仍显示已发布的版本）", "/admin/site#guide")
}

func (s *Server) sitePublishGuide(w http.ResponseWriter, r *http.Request) error {
	if err := s.ParseForm(w, r); err != nil {
		return err
	}
	if err := s.Store.PublishGuide(r.Context(), s.Actor(r)); err != nil {
		return s.renderSite(w, r, httpx.StatusOf(err), nil, nil, "", errMsg(err))
	}
	s.portalCache().Reset()
	return s.Flash(w, r, "信息公开指南已发布", "/admin/site#guide")
}

// siteGuidePreview shows the draft as the portal would.
func (s *Server) siteGuidePreview(w http.ResponseWriter, r *http.Request) error {
	g, err := s.Store.SiteGuide(r.Context())
	if err != nil {
		return err
	}
	data, err := s.guidePageData(r, &g.Draft)
	if err != nil {
		return err
	}
	data.Preview = true
	s.Render(w, r, http.StatusOK, "portal/guide", &Page{Title: "信息公开指南（预览）", Data: data})
	return nil
}
