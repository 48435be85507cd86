package web

import (
	"net/http"
	"strings"

	"gongkai"
	"gongkai/internal/httpx"
	"gongkai/internal/request"
	"gongkai/internal/store"
)

type appliedData struct {
	Created store.Created
}

type trackData struct {
	Code   string
	Found  bool
	Rec    request.Record // personal fields cleared: never on the portal
	Clock  request.Clock
	Letter bool
}

func (s *Server) applyPage(w http.ResponseWriter, r *http.Request) error {
	s.Render(w, r, http.StatusOK, "portal/requests_apply", &Page{Title: "依申请公开", Data: s.newApplyData(applyForm{App: request.Application{Form: "email"}}, false)})
	return nil
}

func (s *Server) applySubmit(w http.ResponseWriter, r *http.Request) error {
	if err := s.ParseForm(w, r); err != nil {
		return err
	}
	cr, f, err := s.submitForm(r, false)
	if err != nil {
		switch gongkai.ErrorCode(err) {
		case gongkai.EINVALID, gongkai.ERATELIMIT, gongkai.EFORBIDDEN:
			s.Render(w, r, httpx.StatusOf(err), "portal/requests_apply", &Page{Title: "依申请公开", Error: gongkai.ErrorMessage(err), Data: s.newApplyData(f, false)})
			return nil
		}
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	s.Render(w, r, http.StatusCreated, "portal/requests_applied", &Page{Title: "申请已提交", Data: appliedData{Created: cr}})
	return nil
}

func (s *Server) trackPage(w http.ResponseWriter, r *http.Request) error {
	s.Render(w, r, http.StatusOK, "portal/requests_track", &Page{Title: "申请办理进度查询", Data: trackData{Code: r.URL.Query().Get("code")}})
	return nil
}

// trackLookup shows an application's progress to whoever holds its code
// and secret (sent by POST so the secret stays out of URLs and logs).
func (s *Server) trackLookup(w http.ResponseWriter, r *http.Request) error {
	if err := s.ParseForm(w, r); err != nil {
		return err
	}
	code := strings.TrimSpace(r.PostFormValue("code"))
	rec, err := s.Store.LookupRequest(r.Context(), s.ClientIP(r), code, strings.TrimSpace(r.PostFormValue("secret")))
	if err != nil {
		switch gongkai.ErrorCode(err) {
		case gongkai.EINVALID, gongkai.ENOTFOUND, gongkai.ERATELIMIT:
			s.Render(w, r, httpx.StatusOf(err), "portal/requests_track", &Page{Title: "申请办理进度查询", Error: gongkai.ErrorMessage(err), Data: trackData{Code: code}})
			return nil
		}
		return err
	}
	clock, err := s.Store.RequestClock(r.Context(), rec.ID)
	if err != nil {
		return err
	}
	rec.Application.Applicant = request.Applicant{Type: rec.Application.Applicant.Type}
	w.Header().Set("Cache-Control", "no-store")
	s.Render(w, r, http.StatusOK, "portal/requests_track", &Page{Title: "申请办理进度查询", Data: trackData{Code: code, Found: true, Rec: rec, Clock: clock}})
	return nil
}
