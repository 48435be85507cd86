package web

import (
	"errors"
	"net/http"
	"strconv"

	"gongkai"
	"gongkai/internal/httpx"
	"gongkai/internal/participation"
	"gongkai/internal/store"
	"gongkai/internal/workday"
)

type portalConsultationsData struct {
	List  []store.Consultation
	Today workday.Date
}

func (s *Server) portalConsultations(w http.ResponseWriter, r *http.Request) error {
	list, err := s.Store.Consultations(r.Context(), store.ConsultationFilter{PublicOnly: true})
	if err != nil {
		return err
	}
	s.Render(w, r, http.StatusOK, "portal/participation_consultations", &Page{Title: "征求意见",
		Meta: map[string]string{"ColumnName": "征求意见"}, Data: portalConsultationsData{List: list, Today: s.today()}})
	return nil
}

type portalConsultationData struct {
	C         store.Consultation
	Days      int
	Accepting bool
	Comments  []store.Comment
	Inputs    []store.Input
	Items     []store.FeedbackItem
	Form      participation.Comment
	Honeypot  string
	Sent      bool
}

func (s *Server) portalConsultation(w http.ResponseWriter, r *http.Request) error {
	return s.renderPortalConsultation(w, r, http.StatusOK, "", participation.Comment{})
}

func (s *Server) renderPortalConsultation(w http.ResponseWriter, r *http.Request, status int, msg string, form participation.Comment) error {
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	ctx := r.Context()
	c, err := s.Store.Consultation(ctx, id)
	if err != nil {
		return err
	}
	if !c.Status.Public() {
		return gongkai.Errorf(gongkai.ENOTFOUND, "该征求意见不存在或尚未发布")
	}
	d := portalConsultationData{C: c, Days: participation.ConsultationDays(c.Opens, c.Closes), Form: form,
		Accepting: participation.Accepting(c.Status, c.Opens, c.Closes, s.today()), Honeypot: participation.HoneypotField,
		Sent: r.URL.Query().Get("sent") == "1"}
	if d.Comments, err = s.Store.Comments(ctx, id, true); err != nil {
		return err
	}
	if d.Inputs, err = s.Store.Inputs(ctx, id); err != nil {
		return err
	}
	if d.Items, err = s.Store.FeedbackItems(ctx, id); err != nil {
		return err
	}
	s.Render(w, r, status, "portal/participation_consultation", &Page{Title: c.Title, Error: msg,
		Meta: map[string]string{"ColumnName": "征求意见", "ArticleTitle": c.Title, "PubDate": c.Opens.String()}, Data: d})
	return nil
}

func (s *Server) portalComment(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	if err := s.ParseForm(w, r); err != nil {
		return err
	}
	in := participation.Comment{Name: r.PostFormValue("name"), Content: r.PostFormValue("content")}
	back := "/consultations/" + strconv.FormatInt(id, 10)
	in, err = participation.CheckComment(in, r.PostFormValue(participation.HoneypotField))
	if errors.Is(err, participation.ErrRobot) {
		http.Redirect(w, r, back+"?sent=1#comment-form", http.StatusSeeOther)
		return nil
	}
	if err == nil { // the store counts it against the address's limit
		_, err = s.Store.AddComment(r.Context(), id, in, s.ClientIP(r))
	}
	if err != nil {
		if !userError(err) {
			return err
		}
		return s.renderPortalConsultation(w, r, httpx.Refusal(w, err), errMsg(err), in)
	}
	http.Redirect(w, r, back+"?sent=1#comment-form", http.StatusSeeOther)
	return nil
}
