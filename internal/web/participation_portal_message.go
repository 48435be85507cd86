package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"gongkai"
	"gongkai/internal/httpx"
	"gongkai/internal/participation"
	"gongkai/internal/store"
	"gongkai/internal/trackcode"
)

type portalMessagesData struct {
	List  []store.Message
	Stats store.MessageStats
	Year  int
}

func (s *Server) portalMessages(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	list, err := s.Store.Messages(ctx, store.MessageFilter{PublicOnly: true, Limit: 200})
	if err != nil {
		return err
	}
	year := s.today().Year
	st, err := s.Store.MessageStatistics(ctx, year, s.today())
	if err != nil {
		return err
	}
	s.Render(w, r, http.StatusOK, "portal/participation_messages", &Page{Title: "互动交流",
		Meta: map[string]string{"ColumnName": "互动交流"}, Data: portalMessagesData{List: list, Stats: st, Year: year}})
	return nil
}

type portalMessageNewData struct {
	Form     participation.Message
	Honeypot string
	Sent     *store.Message
	Secret   string // printed form, shown once with the code
}

func (s *Server) portalMessageNew(w http.ResponseWriter, r *http.Request) error {
	kind := participation.KindMessage
	if r.URL.Query().Get("kind") == "error" {
		kind = participation.KindError
	}
	form := participation.Message{Kind: kind}
	if kind == participation.KindError {
		form.PageURL = errorPage(r)
	}
	return s.renderMessageNew(w, r, http.StatusOK, "", form)
}

func (s *Server) renderMessageNew(w http.ResponseWriter, r *http.Request, status int, msg string, form participation.Message) error {
	s.Render(w, r, status, "portal/participation_message_new", &Page{Title: form.Kind.Label(), Error: msg,
		Meta: map[string]string{"ColumnName": "互动交流"}, Data: portalMessageNewData{Form: form, Honeypot: participation.HoneypotField}})
	return nil
}

func (s *Server) portalMessageSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := s.ParseForm(w, r); err != nil {
		return err
	}
	in := participation.Message{Kind: participation.MessageKind(r.PostFormValue("kind")), Title: r.PostFormValue("title"), Content: r.PostFormValue("content"),
		Name: r.PostFormValue("name"), Contact: r.PostFormValue("contact"), PageURL: r.PostFormValue("page_url")}
	in, err := participation.CheckMessage(in, r.PostFormValue(participation.HoneypotField))
	if errors.Is(err, participation.ErrRobot) {
		s.Render(w, r, http.StatusOK, "portal/participation_message_new", &Page{Title: "提交成功", Data: portalMessageNewData{Form: in, Sent: &store.Message{}}})
		return nil
	}
	var m store.Message
	if err == nil { // the store counts it against the address's limit
		m, err = s.Store.SubmitMessage(r.Context(), in, s.ClientIP(r))
	}
	if err != nil {
		if !userError(err) {
			return err
		}
		return s.renderMessageNew(w, r, httpx.Refusal(w, err), errMsg(err), in)
	}
	w.Header().Set("Cache-Control", "no-store")
	s.Render(w, r, http.StatusOK, "portal/participation_message_new", &Page{Title: "提交成功",
		Data: portalMessageNewData{Form: in, Sent: &m, Secret: trackcode.FormatSecret(m.Secret)}})
	return nil
}

type messageTrackData struct {
	Code  string
	Found *store.Message // masked; no name or contact
}

// messageTrackPage is the lookup form of a message or error report.
func (s *Server) messageTrackPage(w http.ResponseWriter, r *http.Request) error {
	s.Render(w, r, http.StatusOK, "portal/participation_message_track", &Page{Title: "留言办理查询",
		Meta: map[string]string{"ColumnName": "互动交流"}, Data: messageTrackData{Code: r.URL.Query().Get("code")}})
	return nil
}

// messageTrack shows a message's state and reply to whoever holds its code
// and secret (POST, so the secret stays out of URLs and logs).
func (s *Server) messageTrack(w http.ResponseWriter, r *http.Request) error {
	if err := s.ParseForm(w, r); err != nil {
		return err
	}
	code := strings.TrimSpace(r.PostFormValue("code"))
	m, err := s.Store.LookupMessage(r.Context(), s.ClientIP(r), code, r.PostFormValue("secret"))
	if err != nil {
		if !userError(err) && gongkai.ErrorCode(err) != gongkai.ENOTFOUND {
			return err
		}
		s.Render(w, r, httpx.Refusal(w, err), "portal/participation_message_track", &Page{Title: "留言办理查询", Error: errMsg(err),
			Meta: map[string]string{"ColumnName": "互动交流"}, Data: messageTrackData{Code: code}})
		return nil
	}
	w.Header().Set("Cache-Control", "no-store")
	s.Render(w, r, http.StatusOK, "portal/participation_message_track", &Page{Title: "留言办理查询",
		Meta: map[string]string{"ColumnName": "互动交流"}, Data: messageTrackData{Code: m.Code, Found: &m}})
	return nil
}

func (s *Server) portalMessage(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	// Masked as published: ID, mobile and card numbers, e-mail addresses.
	m, err := s.Store.PublicMessage(r.Context(), id)
	if err != nil {
		return err
	}
	s.Render(w, r, http.StatusOK, "portal/participation_message", &Page{Title: m.Title,
		Meta: map[string]string{"ColumnName": "互动交流", "ArticleTitle": m.Title, "PubDate": m.Replied.String()}, Data: m})
	return nil
}

// errorPage guesses the page an error report is about: ?page=/path, or the
// page of this site the footer link was clicked on.
func errorPage(r *http.Request) string {
	if p := httpx.SafeNext(r.URL.Query().Get("page"), ""); p != "" {
		return p
	}
	ref, err := url.Parse(r.Referer())
	if err != nil || ref.Host != r.Host || (ref.Scheme != "http" && ref.Scheme != "https") || strings.HasPrefix(ref.Path, "/messages/new") {
		return ""
	}
	return ref.String()
}

func msgLink(id int64) string { return "/admin/participation/messages/" + strconv.FormatInt(id, 10) }
