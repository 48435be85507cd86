package web

import (
	"net/http"

	"gongkai"
	"gongkai/internal/auth"
	"gongkai/internal/httpx"
	"gongkai/internal/org"
	"gongkai/internal/request"
	"gongkai/internal/request/letters"
	"gongkai/internal/store"
	"gongkai/internal/workday"
)

type requestShowData struct {
	Rec                     request.Record
	ShowPersonal            bool
	Clock                   request.Clock
	Events                  []store.RequestEvent
	Cases                   []store.RequestCase
	Review                  *store.Review
	Units                   []org.Unit
	Today                   workday.Date
	Overdue                 bool
	Left                    int
	HasLeft                 bool
	DraftBody               string
	DefaultUnitDue          workday.Date
	Manage, Handle, Approve bool
	MonthOrdinal            int // for the fee by count

	Outcomes    []request.OutcomeInfo
	CaseKinds   any
	CaseResults any
}

// loadVisible loads a request and checks that the user may see it (a unit
// user only the requests routed to their unit).
func (s *Server) loadVisible(r *http.Request) (request.Record, auth.User, error) {
	u, _ := httpx.UserFrom(r.Context())
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return request.Record{}, u, err
	}
	rec, err := s.Store.Request(r.Context(), id)
	if err != nil {
		return rec, u, err
	}
	if !request.CanSee(u, rec) {
		return rec, u, gongkai.Errorf(gongkai.EFORBIDDEN, "该申请未交由您所在单位办理")
	}
	return rec, u, nil
}

func (s *Server) requestsShow(w http.ResponseWriter, r *http.Request) error {
	return s.renderRequest(w, r, http.StatusOK, "")
}

func (s *Server) renderRequest(w http.ResponseWriter, r *http.Request, status int, msg string) error {
	rec, u, err := s.loadVisible(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	cal, err := s.Store.Calendar(ctx)
	if err != nil {
		return err
	}
	clock, err := s.Store.RequestClock(ctx, rec.ID)
	if err != nil {
		return err
	}
	d := requestShowData{Rec: rec, Clock: clock, Today: workday.DateOf(s.Now()), Outcomes: request.Outcomes,
		CaseKinds: request.CaseKinds, CaseResults: request.CaseResults,
		Manage: auth.Allowed(u.Role, auth.PermRequestManage), Approve: auth.Allowed(u.Role, auth.PermRequestApprove),
		Handle: auth.Allowed(u.Role, auth.PermRequestHandle) && (u.Role == auth.RoleOffice || rec.UnitID == u.UnitID)}
	d.Overdue = rec.Overdue(d.Today)
	if !rec.State.Closed() && !rec.DueOn.IsZero() && rec.State != request.Correction {
		d.Left, d.HasLeft = cal.WorkdaysBetween(d.Today, rec.DueOn), true
	}
	if d.ShowPersonal = request.CanSeePersonal(u, rec); d.ShowPersonal {
		if err := s.Store.AuditPersonalView(ctx, s.Actor(r), rec, "办理页面"); err != nil {
			return err
		}
	} else {
		d.Rec = rec.Masked()
	}
	if d.Events, err = s.Store.RequestEvents(ctx, rec.ID); err != nil {
		return err
	}
	if d.Cases, err = s.Store.Cases(ctx, rec.ID); err != nil {
		return err
	}
	revs, err := s.Store.ProactiveReviews(ctx, false)
	if err != nil {
		return err
	}
	for i := range revs {
		if revs[i].RequestID == rec.ID {
			d.Review = &revs[i]
		}
	}
	if d.Manage {
		if d.MonthOrdinal, err = s.Store.MonthOrdinal(ctx, rec.ID); err != nil {
			return err
		}
		if d.Units, err = s.Store.Units(ctx); err != nil {
			return err
		}
		if !rec.DueOn.IsZero() {
			res, err := cal.AddWorkdays(d.Today, 10)
			if err == nil {
				d.DefaultUnitDue = res.Due
				if res.Due.After(rec.DueOn) {
					d.DefaultUnitDue = rec.DueOn
				}
			}
		}
	}
	d.DraftBody = rec.ReplyBody
	if d.DraftBody == "" && rec.DraftOutcome != "" {
		d.DraftBody, _ = letters.Draft(rec.DraftOutcome, letters.DataOf(rec))
	}
	s.Render(w, r, status, "admin/requests_show", &Page{Title: "申请 " + rec.Code, Area: "requests", Error: msg, Data: d})
	return nil
}
