package web

import (
	"net/http"

	"strings"

	"gongkai"
	"gongkai/internal/httpx"
	"gongkai/internal/request"
	"gongkai/internal/store"
	"gongkai/internal/workday"
)

// applyForm is the application form's values (portal and console).
type applyForm struct {
	App         request.Application
	ReceivedOn  string
	SendReceipt bool
	Errors      map[string]string
}

type applyData struct {
	Form           applyForm
	ApplicantTypes any
	Forms          any
	Channels       any
	Staff          bool
	Today          workday.Date
	MailOn         bool // e-mail can be sent: offer to send the receipt
}

type adminReceiptData struct {
	receiptData
	ID int64
}

func readApplication(r *http.Request) request.Application {
	a := request.Application{
		Applicant: request.Applicant{Type: request.ApplicantType(r.PostFormValue("type")), Name: r.PostFormValue("name"),
			IDNumber: r.PostFormValue("id_number"), Phone: r.PostFormValue("phone"), Email: r.PostFormValue("email"),
			Address: r.PostFormValue("address"), Contact: r.PostFormValue("contact")},
		Description: r.PostFormValue("description"), Purpose: r.PostFormValue("purpose"),
		Form: request.Form(r.PostFormValue("form")), Channel: request.Channel(r.PostFormValue("channel")),
	}
	a.Normalize()
	return a
}

func (s *Server) newApplyData(f applyForm, staff bool) applyData {
	if f.App.Applicant.Type == "" {
		f.App.Applicant.Type = request.Natural
	}
	return applyData{Form: f, ApplicantTypes: request.ApplicantTypes, Forms: request.Forms, Channels: request.Channels, Staff: staff, Today: workday.DateOf(s.Now()), MailOn: s.MailOn()}
}

// submitForm validates and stores an application from a form; on bad
// input it returns the form with one message per field.
func (s *Server) submitForm(r *http.Request, staff bool) (store.Created, applyForm, error) {
	f := applyForm{App: readApplication(r), ReceivedOn: strings.TrimSpace(r.PostFormValue("received_on")), SendReceipt: r.PostFormValue("send_receipt") != ""}
	if !staff {
		f.App.Channel = request.Online
	}
	errs := f.App.Validate()
	var received workday.Date
	if staff && f.ReceivedOn != "" {
		d, err := workday.ParseDate(f.ReceivedOn)
		if err != nil {
			errs = append(errs, request.FieldError{Field: "received_on", Message: err.Error()})
		}
		received = d
	}
	if len(errs) > 0 {
		f.Errors = map[string]string{}
		msgs := []string{}
		for _, e := range errs {
			if _, ok := f.Errors[e.Field]; !ok {
				f.Errors[e.Field] = e.Message
			}
			msgs = append(msgs, e.Message)
		}
		return store.Created{}, f, gongkai.Errorf(gongkai.EINVALID, "请修改以下内容后重新提交：%s", strings.Join(msgs, "；"))
	}
	cr, err := s.Store.SubmitRequest(r.Context(), s.Actor(r), store.Submission{Application: f.App, ReceivedOn: received,
		Honeypot: r.PostFormValue("website"), IP: s.ClientIP(r)})
	return cr, f, err
}

func (s *Server) requestsNew(w http.ResponseWriter, r *http.Request) error {
	f := applyForm{App: request.Application{Channel: request.InPerson}, ReceivedOn: workday.DateOf(s.Now()).String()}
	s.Render(w, r, http.StatusOK, "admin/requests_new", &Page{Title: "登记申请", Area: "requests", Data: s.newApplyData(f, true)})
	return nil
}

func (s *Server) requestsCreate(w http.ResponseWriter, r *http.Request) error {
	if err := s.ParseForm(w, r); err != nil {
		return err
	}
	cr, f, err := s.submitForm(r, true)
	if err != nil {
		if c := gongkai.ErrorCode(err); c == gongkai.EINVALID || c == gongkai.EFORBIDDEN {
			s.Render(w, r, httpx.StatusOf(err), "admin/requests_new", &Page{Title: "登记申请", Area: "requests", Error: gongkai.ErrorMessage(err), Data: s.newApplyData(f, true)})
			return nil
		}
		return err
	}
	// The receipt to print and hand over (the secret is shown this once).
	d, err := s.receipt(r, cr.ID, cr.Secret, f.App.Applicant.Email, f.SendReceipt)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	s.Render(w, r, http.StatusCreated, "admin/requests_receipt", &Page{Title: "申请回执", Area: "requests", Data: adminReceiptData{receiptData: d, ID: cr.ID}})
	return nil
}
