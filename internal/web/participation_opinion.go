package web

import (
	"net/http"
	"strconv"
	"time"

	"gongkai/internal/httpx"
	"gongkai/internal/org"
	"gongkai/internal/participation"
	"gongkai/internal/store"
)

type opinionRow struct {
	store.OpinionEvent
	Clocks []participation.HourClock
}

type opinionsData struct {
	List       []opinionRow
	Units      []org.Unit
	Severities []participation.Severity
	Form       store.OpinionEvent
	Now        string
}

func (s *Server) opinionsPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderOpinions(w, r, http.StatusOK, "", store.OpinionEvent{Severity: participation.SeverityOther})
}

func (s *Server) renderOpinions(w http.ResponseWriter, r *http.Request, status int, msg string, form store.OpinionEvent) error {
	list, err := s.Store.OpinionEvents(r.Context(), unitScope(r), false)
	if err != nil {
		return err
	}
	units, err := s.Store.Units(r.Context())
	if err != nil {
		return err
	}
	d := opinionsData{Units: activeUnits(units), Severities: participation.Severities, Form: form, Now: s.Now().In(shanghai).Format("2006-01-02T15:04")}
	for _, e := range list {
		d.List = append(d.List, opinionRow{e, e.Clocks(s.Now())})
	}
	s.Render(w, r, status, "admin/participation_opinions", &Page{Title: "舆情处置", Area: "participation", Error: msg, Data: d})
	return nil
}

func (s *Server) opinionCreate(w http.ResponseWriter, r *http.Request) error {
	if err := s.ParseForm(w, r); err != nil {
		return err
	}
	e := store.OpinionEvent{Title: r.PostFormValue("title"), Source: r.PostFormValue("source"), Link: r.PostFormValue("link"),
		Summary: r.PostFormValue("summary"), Severity: participation.Severity(r.PostFormValue("severity"))}
	var err error
	var id int64
	if e.UnitID, err = httpx.FormInt(r, "unit_id"); err == nil {
		if e.Discovered, err = formTime(r, "discovered_at", "发现时间"); err == nil {
			id, err = s.Store.CreateOpinionEvent(r.Context(), s.Actor(r), e)
		}
	}
	if err != nil {
		if !userError(err) {
			return err
		}
		return s.renderOpinions(w, r, httpx.StatusOf(err), errMsg(err), e)
	}
	return s.Flash(w, r, "已登记舆情，请按时限回应", "/admin/participation/opinion/"+strconv.FormatInt(id, 10))
}

type opinionData struct {
	E      store.OpinionEvent
	Clocks []participation.HourClock
	Kinds  []participation.ResponseKind
	Now    string
}

func (s *Server) loadOpinion(r *http.Request) (store.OpinionEvent, error) {
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return store.OpinionEvent{}, err
	}
	e, err := s.Store.OpinionEvent(r.Context(), id)
	if err != nil {
		return e, err
	}
	return e, ownUnit(r, e.UnitID)
}

func (s *Server) opinionPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderOpinion(w, r, http.StatusOK, "")
}

func (s *Server) renderOpinion(w http.ResponseWriter, r *http.Request, status int, msg string) error {
	e, err := s.loadOpinion(r)
	if err != nil {
		return err
	}
	d := opinionData{E: e, Clocks: e.Clocks(s.Now()), Kinds: participation.ResponseKinds, Now: s.Now().In(shanghai).Format("2006-01-02T15:04")}
	s.Render(w, r, status, "admin/participation_opinion", &Page{Title: "舆情：" + e.Title, Area: "participation", Error: msg, Data: d})
	return nil
}

func (s *Server) opinionRespond(w http.ResponseWriter, r *http.Request) error {
	e, err := s.loadOpinion(r)
	if err != nil {
		return err
	}
	if err := s.ParseForm(w, r); err != nil {
		return err
	}
	resp := store.OpinionResponse{Kind: participation.ResponseKind(r.PostFormValue("kind")), Summary: r.PostFormValue("summary"), Link: r.PostFormValue("link")}
	var at time.Time
	if at, err = formTime(r, "at", "回应时间"); err == nil {
		resp.At = at
		_, err = s.Store.AddOpinionResponse(r.Context(), s.Actor(r), e.ID, resp)
	}
	if err != nil {
		if !userError(err) {
			return err
		}
		return s.renderOpinion(w, r, httpx.StatusOf(err), errMsg(err))
	}
	return s.Flash(w, r, "已记录回应", "/admin/participation/opinion/"+r.PathValue("id"))
}

func (s *Server) opinionClose(w http.ResponseWriter, r *http.Request) error {
	e, err := s.loadOpinion(r)
	if err != nil {
		return err
	}
	if err := s.Store.CloseOpinionEvent(r.Context(), s.Actor(r), e.ID); err != nil {
		return err
	}
	return s.Flash(w, r, "已标记为处置完毕", "/admin/participation/opinion/"+r.PathValue("id"))
}
