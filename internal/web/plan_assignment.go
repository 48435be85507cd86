package web

import (
	"io"
	"net/http"
	"strconv"

	"gongkai"
	"gongkai/internal/auth"
	"gongkai/internal/httpx"
	"gongkai/internal/plan"
	"gongkai/internal/store"
)

type planAssignmentData struct {
	Line    plan.Line
	History []plan.Progress
	Actions map[string]bool
	MaxMB   int64
	Input   plan.Input
}

// planLine loads an assignment and checks that u may see it: a unit user
// only their own unit's (a 404, so ids of other units are not revealed).
func (s *Server) planLine(r *http.Request, id int64) (plan.Line, error) {
	l, err := s.Store.Line(r.Context(), id)
	if err != nil {
		return l, err
	}
	u, _ := httpx.UserFrom(r.Context())
	if !u.SeesUnit(l.Assignment.UnitID) {
		return plan.Line{}, gongkai.Errorf(gongkai.ENOTFOUND, "没有找到这项任务，或不属于本单位")
	}
	return l, nil
}

func (s *Server) planAssignment(w http.ResponseWriter, r *http.Request) error {
	return s.renderAssignment(w, r, http.StatusOK, "", plan.Input{})
}

func (s *Server) renderAssignment(w http.ResponseWriter, r *http.Request, status int, msg string, in plan.Input) error {
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	l, err := s.planLine(r, id)
	if err != nil {
		return err
	}
	hist, err := s.Store.History(r.Context(), id)
	if err != nil {
		return err
	}
	u, _ := httpx.UserFrom(r.Context())
	acts := map[string]bool{}
	for _, a := range plan.Allowed(l.Assignment, u) {
		acts[string(a)] = true
	}
	s.Render(w, r, status, "admin/plan_assignment", &Page{Title: "承办任务：序号 " + strconv.Itoa(l.Task.Seq) + " · " + l.Assignment.UnitName,
		Area: "plan", Error: msg, Data: planAssignmentData{Line: l, History: hist, Actions: acts, MaxMB: s.Config.UploadMaxBytes >> 20, Input: in}})
	return nil
}

// maxEvidenceFiles bounds the files of one report.
const maxEvidenceFiles = 10

func (s *Server) planMove(act plan.Action) httpx.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		if err := s.ParseForm(w, r); err != nil {
			return err
		}
		id, err := httpx.PathID(r, "id")
		if err != nil {
			return err
		}
		if _, err := s.planLine(r, id); err != nil {
			return err
		}
		u, _ := httpx.UserFrom(r.Context())
		in := plan.Input{Person: r.PostFormValue("person"), Phone: r.PostFormValue("phone"), Text: r.PostFormValue("text"), Reason: r.PostFormValue("reason")}
		fail := func(err error) error {
			if gongkai.ErrorCode(err) == gongkai.EINTERNAL {
				return err
			}
			return s.renderAssignment(w, r, httpx.StatusOf(err), errMsg(err), in)
		}
		if len([]rune(in.Text)) > 5000 || len([]rune(in.Reason)) > 1000 {
			return fail(gongkai.Errorf(gongkai.EINVALID, "说明不超过 5000 字，退回原因不超过 1000 字"))
		}
		links, err := plan.CleanLinks(r.PostFormValue("links"))
		if err != nil {
			return fail(err)
		}
		in.Links = links
		var files []store.Upload
		if r.MultipartForm != nil {
			fhs := r.MultipartForm.File["files"]
			if len(fhs) > maxEvidenceFiles {
				return fail(gongkai.Errorf(gongkai.EINVALID, "一次最多上传 %d 个文件", maxEvidenceFiles))
			}
			for _, fh := range fhs {
				if fh.Size > s.Config.UploadMaxBytes {
					return fail(gongkai.Errorf(gongkai.ETOOLARGE, "文件“%s”超过 %d MB 上限", fh.Filename, s.Config.UploadMaxBytes>>20))
				}
				f, err := fh.Open()
				if err != nil {
					return err
				}
				data, err := io.ReadAll(io.LimitReader(f, s.Config.UploadMaxBytes+1))
				f.Close()
				if err != nil {
					return err
				}
				ct, err := plan.CheckEvidence(fh.Filename, data, s.Config.UploadMaxBytes)
				if err != nil {
					return fail(err)
				}
				files = append(files, store.Upload{Name: cleanFileName(fh.Filename), ContentType: ct, Data: data})
			}
		}
		if _, err := s.Store.MoveAssignment(r.Context(), s.Actor(r), u, id, act, in, files); err != nil {
			return fail(err)
		}
		return s.Flash(w, r, "已"+act.Label(), "/admin/plan/assignments/"+strconv.FormatInt(id, 10))
	}
}

func cleanFileName(name string) string {
	r := []rune(name)
	for i := len(r) - 1; i >= 0; i-- {
		if r[i] == '/' || r[i] == '\\' {
			r = r[i+1:]
			break
		}
	}
	if len(r) > 120 {
		r = r[len(r)-120:]
	}
	return string(r)
}

func (s *Server) planFile(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	f, assignment, err := s.Store.PlanFile(r.Context(), id)
	if err != nil {
		return err
	}
	if _, err := s.planLine(r, assignment); err != nil {
		return err
	}
	data, _, err := s.Store.Blob(r.Context(), f.SHA256)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", f.ContentType)
	setAttachment(w, f.Name)
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Cache-Control", "private, no-store")
	_, err = w.Write(data)
	return err
}

type planTaskData struct {
	Task  plan.Task
	Lines []plan.Line
	Units []unitChoice
}

type unitChoice struct {
	ID       int64
	Name     string
	Kind     string
	Assigned bool
}

func (s *Server) planTask(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	t, err := s.Store.Task(r.Context(), id)
	if err != nil {
		return err
	}
	u, _ := httpx.UserFrom(r.Context())
	f := store.LedgerFilter{TaskID: id}
	if scope := u.UnitFilter(); scope != 0 {
		f.UnitID = scope
	}
	lines, err := s.Store.Ledger(r.Context(), f)
	if err != nil {
		return err
	}
	d := planTaskData{Task: t, Lines: lines}
	if auth.Allowed(u.Role, auth.PermPlanManage) {
		units, err := s.Store.Units(r.Context())
		if err != nil {
			return err
		}
		has := map[int64]bool{}
		for _, l := range lines {
			has[l.Assignment.UnitID] = true
		}
		for _, un := range units {
			if un.Active && un.ParentID != 0 {
				d.Units = append(d.Units, unitChoice{ID: un.ID, Name: un.Name, Kind: un.Kind.Label(), Assigned: has[un.ID]})
			}
		}
	}
	s.Render(w, r, http.StatusOK, "admin/plan_task", &Page{Title: "任务序号 " + strconv.Itoa(t.Seq), Area: "plan", Data: d})
	return nil
}

func (s *Server) planDesignate(w http.ResponseWriter, r *http.Request) error {
	if err := s.ParseForm(w, r); err != nil {
		return err
	}
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	var ids []int64
	for _, v := range r.PostForm["unit"] {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return gongkai.Errorf(gongkai.EINVALID, "单位编号无效")
		}
		ids = append(ids, n)
	}
	n, err := s.Store.Designate(r.Context(), s.Actor(r), id, ids)
	if err != nil {
		return err
	}
	return s.Flash(w, r, "已指定承办单位，新增 "+strconv.Itoa(n)+" 个承办任务", "/admin/plan/tasks/"+strconv.FormatInt(id, 10))
}
