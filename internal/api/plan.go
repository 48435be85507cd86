package api

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"gongkai"
	"gongkai/internal/auth"
	"gongkai/internal/httpx"
	"gongkai/internal/plan"
	"gongkai/internal/store"
)

// routesPlan registers this area's JSON routes (docs/api-plan.md).
func (a *API) routesPlan() {
	a.s.Handle("GET /api/v1/plans", auth.PermPlanView, a.plans)
	a.s.Handle("GET /api/v1/plans/{year}/tasks", auth.PermPlanView, a.planTasks)
	a.s.Handle("GET /api/v1/assignments", auth.PermPlanView, a.assignments)
	a.s.Handle("GET /api/v1/assignments/{id}", auth.PermPlanView, a.assignment)
	for _, act := range []plan.Action{plan.ActClaim, plan.ActProgress, plan.ActFinish} {
		a.s.Handle("POST /api/v1/assignments/{id}/"+string(act), auth.PermPlanReport, a.move(act))
	}
	for _, act := range []plan.Action{plan.ActConfirm, plan.ActReturn, plan.ActReopen} {
		a.s.Handle("POST /api/v1/assignments/{id}/"+string(act), auth.PermPlanManage, a.move(act))
	}
}

type planJSON struct {
	ID      int64     `json:"id"`
	Year    int       `json:"year"`
	Title   string    `json:"title"`
	Source  string    `json:"source_file"`
	Updated time.Time `json:"updated_at"`
}

type deadlineJSON struct {
	Value  string `json:"value"` // YYYY-MM-DD, continuous, recurring:quarterly …
	Text   string `json:"text"`
	Period string `json:"period,omitempty"`
}

type taskJSON struct {
	ID          int64             `json:"id"`
	Seq         int               `json:"seq"`
	Category    string            `json:"category"`
	Subcategory string            `json:"subcategory"`
	Requirement string            `json:"requirement"`
	Units       []string          `json:"units"`
	Designate   bool              `json:"designate"`
	Unresolved  []string          `json:"unresolved_units"`
	Deadline    deadlineJSON      `json:"deadline"`
	Extra       map[string]string `json:"extra,omitempty"`
}

func toTaskJSON(t plan.Task) taskJSON {
	return taskJSON{ID: t.ID, Seq: t.Seq, Category: t.Category, Subcategory: t.Subcategory, Requirement: t.Requirement,
		Units: nonNil(t.UnitNames), Designate: t.Designate, Unresolved: nonNil(t.Unresolved),
		Deadline: deadlineJSON{Value: t.Deadline.Value(), Text: t.Deadline.Text, Period: string(t.Deadline.Period)}, Extra: t.Extra}
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

type assignmentJSON struct {
	ID           int64    `json:"id"`
	TaskID       int64    `json:"task_id"`
	Seq          int      `json:"seq"`
	UnitID       int64    `json:"unit_id"`
	Unit         string   `json:"unit"`
	Status       string   `json:"status"`
	StatusLabel  string   `json:"status_label"`
	Person       string   `json:"person"`
	Deadline     string   `json:"deadline"`
	Due          string   `json:"due,omitempty"`
	OverdueDays  int      `json:"overdue_days"`
	Returns      int      `json:"returns"`
	ReturnReason string   `json:"return_reason,omitempty"`
	LastProgress string   `json:"last_progress,omitempty"`
	Links        []string `json:"evidence_links"`
	Files        int      `json:"evidence_files"`
	Completed    string   `json:"completed_on,omitempty"`
}

func toAssignmentJSON(l plan.Line) assignmentJSON {
	a := l.Assignment
	return assignmentJSON{ID: a.ID, TaskID: l.Task.ID, Seq: l.Task.Seq, UnitID: a.UnitID, Unit: a.UnitName, Status: string(a.Status),
		StatusLabel: a.Status.Label(), Person: a.Person, Deadline: l.Task.Deadline.Value(), Due: l.Due.String(), OverdueDays: l.Overdue,
		Returns: a.Returns, ReturnReason: a.ReturnReason, LastProgress: l.LastText, Links: nonNil(l.Links), Files: l.FileCount,
		Completed: a.DoneDate().String()}
}

func (a *API) plans(w http.ResponseWriter, r *http.Request) error {
	ps, err := a.s.Store.Plans(r.Context())
	if err != nil {
		return err
	}
	out := []planJSON{}
	for _, p := range ps {
		out = append(out, planJSON{ID: p.ID, Year: p.Year, Title: p.Title, Source: p.SourceFile, Updated: p.Updated})
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"plans": out})
	return nil
}

func (a *API) planTasks(w http.ResponseWriter, r *http.Request) error {
	year, err := strconv.Atoi(r.PathValue("year"))
	if err != nil {
		return gongkai.Errorf(gongkai.ENOTFOUND, "年度无效")
	}
	if _, err := a.s.Store.PlanByYear(r.Context(), year); err != nil {
		return err
	}
	ts, err := a.s.Store.Tasks(r.Context(), year)
	if err != nil {
		return err
	}
	out := []taskJSON{}
	for _, t := range ts {
		out = append(out, toTaskJSON(t))
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"year": year, "tasks": out})
	return nil
}

// scope limits a unit user to their unit (auth.User.UnitFilter).
func scope(r *http.Request, f *store.LedgerFilter) {
	u, _ := httpx.UserFrom(r.Context())
	if id := u.UnitFilter(); id != 0 {
		f.UnitID = id
	}
}

func (a *API) assignments(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	f := store.LedgerFilter{Status: plan.Status(q.Get("status")), Overdue: q.Get("overdue") == "true" || q.Get("overdue") == "1"}
	if v := q.Get("year"); v != "" {
		y, err := strconv.Atoi(v)
		if err != nil {
			return gongkai.Errorf(gongkai.EINVALID, "year 应为四位年度")
		}
		f.Year = y
	}
	if v := q.Get("unit_id"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return gongkai.Errorf(gongkai.EINVALID, "unit_id 应为整数")
		}
		f.UnitID = id
	}
	if f.Status != "" && !f.Status.Valid() {
		return gongkai.Errorf(gongkai.EINVALID, "status 无效，可用值：pending claimed in_progress reported returned confirmed")
	}
	scope(r, &f)
	lines, err := a.s.Store.Ledger(r.Context(), f)
	if err != nil {
		return err
	}
	out := []assignmentJSON{}
	for _, l := range lines {
		out = append(out, toAssignmentJSON(l))
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"assignments": out, "count": len(out)})
	return nil
}

type progressJSON struct {
	ID     int64     `json:"id"`
	Action string    `json:"action"`
	From   string    `json:"from"`
	To     string    `json:"to"`
	Text   string    `json:"text"`
	Links  []string  `json:"links"`
	User   string    `json:"user"`
	At     time.Time `json:"at"`
	Files  []string  `json:"files"`
}

func (a *API) line(r *http.Request) (plan.Line, error) {
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return plan.Line{}, err
	}
	l, err := a.s.Store.Line(r.Context(), id)
	if err != nil {
		return l, err
	}
	u, _ := httpx.UserFrom(r.Context())
	if !u.SeesUnit(l.Assignment.UnitID) {
		return plan.Line{}, gongkai.Errorf(gongkai.ENOTFOUND, "没有找到这项任务，或不属于本单位")
	}
	return l, nil
}

func (a *API) assignment(w http.ResponseWriter, r *http.Request) error {
	l, err := a.line(r)
	if err != nil {
		return err
	}
	hist, err := a.s.Store.History(r.Context(), l.Assignment.ID)
	if err != nil {
		return err
	}
	ps := []progressJSON{}
	for _, p := range hist {
		var files []string
		for _, f := range p.Files {
			files = append(files, "/admin/plan/files/"+strconv.FormatInt(f.ID, 10))
		}
		ps = append(ps, progressJSON{ID: p.ID, Action: string(p.Action), From: string(p.From), To: string(p.To), Text: p.Text,
			Links: nonNil(p.Links), User: p.UserName, At: p.Created, Files: nonNil(files)})
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"assignment": toAssignmentJSON(l), "task": toTaskJSON(l.Task), "progress": ps})
	return nil
}

type moveJSON struct {
	Person string   `json:"person"`
	Phone  string   `json:"phone"`
	Text   string   `json:"text"`
	Links  []string `json:"links"`
	Reason string   `json:"reason"`
}

func (a *API) move(act plan.Action) httpx.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		l, err := a.line(r)
		if err != nil {
			return err
		}
		var in moveJSON
		if err := httpx.DecodeJSON(w, r, 64<<10, &in); err != nil {
			return err
		}
		links, err := plan.CleanLinks(strings.Join(in.Links, "\n"))
		if err != nil {
			return err
		}
		u, _ := httpx.UserFrom(r.Context())
		after, err := a.s.Store.MoveAssignment(r.Context(), a.s.Actor(r), u, l.Assignment.ID, act,
			plan.Input{Person: in.Person, Phone: in.Phone, Text: in.Text, Links: links, Reason: in.Reason}, nil)
		if err != nil {
			return err
		}
		l.Assignment = after
		httpx.WriteJSON(w, http.StatusOK, map[string]any{"assignment": toAssignmentJSON(l)})
		return nil
	}
}
