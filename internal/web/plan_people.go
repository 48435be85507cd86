package web

import (
	"net/http"
	"strconv"

	"gongkai"
	"gongkai/internal/httpx"
	"gongkai/internal/org"
	"gongkai/internal/plan"
)

type liaisonRow struct {
	Unit     org.Unit
	Current  *plan.Liaison
	History  []plan.Liaison
	Turnover int
}

type planPeopleData struct {
	Year       int
	Rows       []liaisonRow
	Units      []org.Unit
	Trainings  []plan.Training
	Count      int
	HeldOK     bool
	Tickets    []plan.Ticket
	UnitLocked bool
}

func (s *Server) planLiaisons(w http.ResponseWriter, r *http.Request) error {
	u, _ := httpx.UserFrom(r.Context())
	scope := u.UnitFilter()
	year := s.Now().In(shanghai).Year()
	units, err := s.Store.Units(r.Context())
	if err != nil {
		return err
	}
	hist, err := s.Store.Liaisons(r.Context(), max(0, scope))
	if err != nil {
		return err
	}
	turn := plan.Turnover(hist, year)
	by := map[int64][]plan.Liaison{}
	for _, l := range hist {
		by[l.UnitID] = append(by[l.UnitID], l)
	}
	d := planPeopleData{Year: year, UnitLocked: scope != 0}
	for _, un := range units {
		if !un.Active || un.ParentID == 0 || (scope != 0 && un.ID != scope) {
			continue
		}
		row := liaisonRow{Unit: un, History: by[un.ID], Turnover: turn[un.ID]}
		for i := range row.History {
			if row.History[i].EndedOn.IsZero() {
				row.Current = &row.History[i]
			}
		}
		d.Rows = append(d.Rows, row)
	}
	s.Render(w, r, http.StatusOK, "admin/plan_liaisons", &Page{Title: "联络员", Area: "plan", Data: d})
	return nil
}

func (s *Server) planLiaisonSet(w http.ResponseWriter, r *http.Request) error {
	if err := s.ParseForm(w, r); err != nil {
		return err
	}
	unit, err := httpx.FormInt(r, "unit_id")
	if err != nil {
		return err
	}
	u, _ := httpx.UserFrom(r.Context())
	if scope := u.UnitFilter(); scope != 0 && unit != scope {
		return gongkai.Errorf(gongkai.EFORBIDDEN, "只能指定本单位的联络员")
	}
	from, err := formDate(r, "started_on", "起始日期", false)
	if err != nil {
		return err
	}
	if err := s.Store.SetLiaison(r.Context(), s.Actor(r), unit, r.PostFormValue("name"), r.PostFormValue("phone"), from); err != nil {
		return err
	}
	return s.Flash(w, r, "已更新联络员", "/admin/plan/liaisons")
}

func (s *Server) planTrainings(w http.ResponseWriter, r *http.Request) error {
	ts, err := s.Store.Trainings(r.Context())
	if err != nil {
		return err
	}
	year := s.Now().In(shanghai).Year()
	if y, err := strconv.Atoi(r.URL.Query().Get("year")); err == nil && y > 1999 && y < 2101 {
		year = y
	}
	d := planPeopleData{Year: year, Trainings: ts}
	d.Count, d.HeldOK = plan.TrainingCheck(ts, year)
	if d.Units, err = s.Store.Units(r.Context()); err != nil {
		return err
	}
	s.Render(w, r, http.StatusOK, "admin/plan_trainings", &Page{Title: "培训", Area: "plan", Data: d})
	return nil
}

func (s *Server) planTrainingAdd(w http.ResponseWriter, r *http.Request) error {
	if err := s.ParseForm(w, r); err != nil {
		return err
	}
	on, err := formDate(r, "held_on", "培训日期", false)
	if err != nil {
		return err
	}
	att := map[int64]int{}
	for _, v := range r.PostForm["unit"] {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return gongkai.Errorf(gongkai.EINVALID, "单位编号无效")
		}
		n, err := strconv.Atoi(r.PostFormValue("n_" + v))
		if err != nil || n < 1 || n > 1000 {
			n = 1
		}
		att[id] = n
	}
	if _, err := s.Store.AddTraining(r.Context(), s.Actor(r), plan.Training{HeldOn: on, Topic: r.PostFormValue("topic"), Organiser: r.PostFormValue("organiser"), Attendees: att}); err != nil {
		return err
	}
	return s.Flash(w, r, "已登记培训", "/admin/plan/trainings?year="+strconv.Itoa(on.Year))
}

func (s *Server) planTickets(w http.ResponseWriter, r *http.Request) error {
	u, _ := httpx.UserFrom(r.Context())
	ts, err := s.Store.Tickets(r.Context(), u.UnitFilter())
	if err != nil {
		return err
	}
	s.Render(w, r, http.StatusOK, "admin/plan_tickets", &Page{Title: "疑难问题", Area: "plan",
		Data: planPeopleData{Tickets: ts, UnitLocked: !unitFree(u)}})
	return nil
}

func (s *Server) planTicketAsk(w http.ResponseWriter, r *http.Request) error {
	if err := s.ParseForm(w, r); err != nil {
		return err
	}
	u, _ := httpx.UserFrom(r.Context())
	if _, err := s.Store.AskHelp(r.Context(), s.Actor(r), u, r.PostFormValue("title"), r.PostFormValue("body")); err != nil {
		return err
	}
	return s.Flash(w, r, "已提交，办公室答复后会通知您", "/admin/plan/tickets")
}

func (s *Server) planTicketAnswer(w http.ResponseWriter, r *http.Request) error {
	if err := s.ParseForm(w, r); err != nil {
		return err
	}
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	u, _ := httpx.UserFrom(r.Context())
	if err := s.Store.AnswerTicket(r.Context(), s.Actor(r), u, id, r.PostFormValue("answer")); err != nil {
		return err
	}
	return s.Flash(w, r, "已答复", "/admin/plan/tickets")
}
