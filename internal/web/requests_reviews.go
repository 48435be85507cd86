package web

import (
	"net/http"
	"strings"

	"gongkai"
	"gongkai/internal/auth"
	"gongkai/internal/httpx"
	"gongkai/internal/request"
	"gongkai/internal/store"
)

type reviewsData struct {
	Pending, Decided []store.Review
	Manage           bool
	Threshold        float64
}

func (s *Server) reviewsList(w http.ResponseWriter, r *http.Request) error {
	u, _ := httpx.UserFrom(r.Context())
	all, err := s.Store.ProactiveReviews(r.Context(), false)
	if err != nil {
		return err
	}
	d := reviewsData{Manage: auth.Allowed(u.Role, auth.PermRequestManage), Threshold: request.SimilarThreshold}
	for _, v := range all {
		if !u.SeesUnit(v.UnitID) {
			continue // a unit sees only the requests routed to it
		}
		if v.State == "pending" {
			d.Pending = append(d.Pending, v)
		} else {
			d.Decided = append(d.Decided, v)
		}
	}
	s.Render(w, r, http.StatusOK, "admin/requests_reviews", &Page{Title: "依申请转主动公开评估", Area: "requests", Data: d})
	return nil
}

func (s *Server) reviewDecide(w http.ResponseWriter, r *http.Request) error {
	if err := s.ParseForm(w, r); err != nil {
		return err
	}
	id, err := httpx.FormInt(r, "review_id")
	if err != nil || id <= 0 {
		return gongkai.Errorf(gongkai.EINVALID, "评估记录编号无效")
	}
	docID, err := httpx.FormInt(r, "document_id")
	if err != nil {
		return err
	}
	err = s.Store.DecideReview(r.Context(), s.Actor(r), id, r.PostFormValue("decision"), docID, r.PostFormValue("document_title"), strings.TrimSpace(r.PostFormValue("note")))
	if err != nil {
		if gongkai.ErrorCode(err) == gongkai.EINVALID || gongkai.ErrorCode(err) == gongkai.ECONFLICT {
			return s.Flash(w, r, gongkai.ErrorMessage(err), "/admin/requests/reviews")
		}
		return err
	}
	return s.Flash(w, r, "已记录评估结论", "/admin/requests/reviews")
}
