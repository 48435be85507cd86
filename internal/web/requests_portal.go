package web

import (
	"net/http"
	"net/url"
	"strings"

	"gongkai"
	"gongkai/internal/httpx"
	"gongkai/internal/request"
	"gongkai/internal/scan"
)

// receiptData is the receipt page (申请回执) of the portal and the console.
type receiptData struct {
	Receipt   request.Receipt
	Mailed    string // the (masked) address the receipt was sent to
	MailError string // why it was not sent, when asked for
}

type trackData struct {
	Code    string
	Found   bool
	Rec     request.Record // personal fields cleared: never on the portal
	Clock   request.Clock
	Receipt request.Receipt
	Letter  bool
}

// receipt builds the receipt of a stored request with the letterhead and
// the tracking address, and e-mails it when asked (mail and an address).
func (s *Server) receipt(r *http.Request, id int64, secret, email string, mail bool) (receiptData, error) {
	rc, err := s.Store.RequestReceipt(r.Context(), id, secret)
	if err != nil {
		return receiptData{}, err
	}
	rc.Org = s.orgName(r.Context())
	rc.TrackURL = strings.TrimRight(s.Config.BaseURL, "/") + "/apply/track?code=" + url.QueryEscape(rc.Code)
	d := receiptData{Receipt: rc}
	if mail && email != "" {
		if err := s.MailReceipt(r.Context(), email, rc); err != nil {
			d.MailError = gongkai.ErrorMessage(err)
		} else {
			d.Mailed = scan.Mask(scan.KindEmail, email)
		}
	}
	return d, nil
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
			s.Render(w, r, httpx.Refusal(w, err), "portal/requests_apply", &Page{Title: "依申请公开", Error: gongkai.ErrorMessage(err), Data: s.newApplyData(f, false)})
			return nil
		}
		return err
	}
	d, err := s.receipt(r, cr.ID, cr.Secret, f.App.Applicant.Email, r.PostFormValue("send_receipt") != "")
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	s.Render(w, r, http.StatusCreated, "portal/requests_applied", &Page{Title: "申请回执", Data: d})
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
	secret := strings.TrimSpace(r.PostFormValue("secret"))
	rec, err := s.Store.LookupRequest(r.Context(), s.ClientIP(r), code, secret)
	if err != nil {
		switch gongkai.ErrorCode(err) {
		case gongkai.EINVALID, gongkai.ENOTFOUND, gongkai.ERATELIMIT:
			s.Render(w, r, httpx.Refusal(w, err), "portal/requests_track", &Page{Title: "申请办理进度查询", Error: gongkai.ErrorMessage(err), Data: trackData{Code: code}})
			return nil
		}
		return err
	}
	clock, err := s.Store.RequestClock(r.Context(), rec.ID)
	if err != nil {
		return err
	}
	rec.Application.Applicant = request.Applicant{Type: rec.Application.Applicant.Type}
	rd, err := s.receipt(r, rec.ID, secret, "", false)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	s.Render(w, r, http.StatusOK, "portal/requests_track", &Page{Title: "申请办理进度查询", Data: trackData{Code: rec.Code, Found: true, Rec: rec, Clock: clock, Receipt: rd.Receipt}})
	return nil
}
