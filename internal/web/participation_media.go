package web

import (
	"net/http"
	"path/filepath"
	"strconv"

	"gongkai"
	"gongkai/internal/auth"
	"gongkai/internal/httpx"
	"gongkai/internal/org"
	"gongkai/internal/participation"
	"gongkai/internal/store"
	"gongkai/internal/workday"
)

type mediaRow struct {
	store.MediaAccount
	Fresh participation.State
}

type mediaData struct {
	List      []mediaRow
	Pending   []store.MediaApplication
	Names     map[int64]string
	Units     []org.Unit
	Platforms []string
	Form      participation.Account
	Today     workday.Date
}

func (s *Server) mediaPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderMedia(w, r, http.StatusOK, "", participation.Account{UnitID: unitScope(r)})
}

func (s *Server) renderMedia(w http.ResponseWriter, r *http.Request, status int, msg string, form participation.Account) error {
	ctx := r.Context()
	scope := unitScope(r)
	list, err := s.Store.MediaAccounts(ctx, scope)
	if err != nil {
		return err
	}
	units, err := s.Store.Units(ctx)
	if err != nil {
		return err
	}
	d := mediaData{Platforms: participation.Platforms, Form: form, Today: s.today(), Names: map[int64]string{}}
	for _, u := range activeUnits(units) {
		if scope == 0 || u.ID == scope {
			d.Units = append(d.Units, u)
		}
	}
	for _, m := range list {
		d.List = append(d.List, mediaRow{m, m.Freshness(d.Today)})
		d.Names[m.ID] = m.Platform + "“" + m.Name + "”"
	}
	apps, err := s.Store.MediaApplications(ctx, 0, true)
	if err != nil {
		return err
	}
	for _, a := range apps {
		if _, ok := d.Names[a.AccountID]; ok {
			d.Pending = append(d.Pending, a)
		}
	}
	s.Render(w, r, status, "admin/participation_media", &Page{Title: "政务新媒体", Area: "participation", Error: msg, Data: d})
	return nil
}

func (s *Server) mediaApplyOpen(w http.ResponseWriter, r *http.Request) error {
	if err := s.ParseForm(w, r); err != nil {
		return err
	}
	a := participation.Account{Platform: r.PostFormValue("platform"), Name: r.PostFormValue("name"), AccountID: r.PostFormValue("account_id"),
		Person: r.PostFormValue("person"), Purpose: r.PostFormValue("purpose")}
	var err error
	var id int64
	if a.UnitID, err = httpx.FormInt(r, "unit_id"); err == nil {
		if err = ownUnit(r, a.UnitID); err == nil {
			id, err = s.Store.ApplyOpenMedia(r.Context(), s.Actor(r), a, r.PostFormValue("reason"))
		}
	}
	if err != nil {
		if !userError(err) {
			return err
		}
		return s.renderMedia(w, r, httpx.StatusOf(err), errMsg(err), a)
	}
	return s.Flash(w, r, "已提交开设申请，待办公室审批", "/admin/participation/media/"+strconv.FormatInt(id, 10))
}

func (s *Server) mediaImport(w http.ResponseWriter, r *http.Request) error {
	if err := s.ParseForm(w, r); err != nil {
		return err
	}
	f, h, err := r.FormFile("file")
	if err != nil {
		return s.renderMedia(w, r, http.StatusBadRequest, "请选择要导入的文件（.csv 或 .xlsx）", participation.Account{})
	}
	f.Close() // readUpload opens it again, with the size limits
	data, err := readUpload(h)
	if err != nil {
		return err
	}
	name := filepath.Base(h.Filename)
	rows, err := participation.ParseLastPosts(name, data)
	if err == nil {
		if scope := unitScope(r); scope != 0 {
			err = s.checkOwnAccounts(r, rows)
		}
	}
	var n int
	if err == nil {
		n, err = s.Store.ImportLastPosts(r.Context(), s.Actor(r), name, rows)
	}
	if err != nil {
		if !userError(err) {
			return err
		}
		return s.renderMedia(w, r, httpx.StatusOf(err), errMsg(err), participation.Account{})
	}
	return s.Flash(w, r, "已导入 "+strconv.Itoa(n)+" 个账号的最近发布日期", "/admin/participation/media")
}

// checkOwnAccounts refuses a unit user's import that names other units'
// accounts.
func (s *Server) checkOwnAccounts(r *http.Request, rows []participation.LastPost) error {
	own, err := s.Store.MediaAccounts(r.Context(), unitScope(r))
	if err != nil {
		return err
	}
	for _, row := range rows {
		found := false
		for _, m := range own {
			if (row.AccountID != "" && m.AccountID == row.AccountID) || (row.AccountID == "" && m.Name == row.Name) {
				found = true
			}
		}
		if !found {
			return gongkai.Errorf(gongkai.EFORBIDDEN, "第 %d 行：账号“%s%s”不属于本单位；未导入任何数据", row.Row, row.Name, row.AccountID)
		}
	}
	return nil
}

type mediaAccountData struct {
	M        store.MediaAccount
	Fresh    participation.State
	StaleOn  workday.Date
	Apps     []store.MediaApplication
	Releases []store.MediaRelease
	Today    workday.Date
	Manage   bool
}

func (s *Server) loadMedia(r *http.Request) (store.MediaAccount, error) {
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return store.MediaAccount{}, err
	}
	m, err := s.Store.MediaAccount(r.Context(), id)
	if err != nil {
		return m, err
	}
	return m, ownUnit(r, m.UnitID)
}

func (s *Server) mediaAccountPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderMediaAccount(w, r, http.StatusOK, "")
}

func (s *Server) renderMediaAccount(w http.ResponseWriter, r *http.Request, status int, msg string) error {
	m, err := s.loadMedia(r)
	if err != nil {
		return err
	}
	u, _ := httpx.UserFrom(r.Context())
	d := mediaAccountData{M: m, Fresh: m.Freshness(s.today()), Today: s.today(), Manage: auth.Allowed(u.Role, auth.PermParticipationManage)}
	if !m.LastPost.IsZero() {
		d.StaleOn = participation.MediaStaleOn(m.LastPost)
	}
	if d.Apps, err = s.Store.MediaApplications(r.Context(), m.ID, false); err != nil {
		return err
	}
	if d.Releases, err = s.Store.MediaReleases(r.Context(), m.ID); err != nil {
		return err
	}
	s.Render(w, r, status, "admin/participation_media_account", &Page{Title: m.Platform + "：" + m.Name, Area: "participation", Error: msg, Data: d})
	return nil
}

func (s *Server) afterMedia(w http.ResponseWriter, r *http.Request, err error, ok string) error {
	if err != nil {
		if !userError(err) {
			return err
		}
		return s.renderMediaAccount(w, r, httpx.StatusOf(err), errMsg(err))
	}
	return s.Flash(w, r, ok, "/admin/participation/media/"+r.PathValue("id"))
}

func (s *Server) mediaApply(w http.ResponseWriter, r *http.Request) error {
	m, err := s.loadMedia(r)
	if err != nil {
		return err
	}
	if err := s.ParseForm(w, r); err != nil {
		return err
	}
	kind := participation.AppKind(r.PostFormValue("kind"))
	_, err = s.Store.ApplyMedia(r.Context(), s.Actor(r), m.ID, kind, r.PostFormValue("details"), r.PostFormValue("reason"))
	return s.afterMedia(w, r, err, "已提交"+kind.Label()+"申请，待办公室审批")
}

func (s *Server) mediaLastPost(w http.ResponseWriter, r *http.Request) error {
	m, err := s.loadMedia(r)
	if err != nil {
		return err
	}
	if err := s.ParseForm(w, r); err != nil {
		return err
	}
	d, err := formDate(r, "last_post", "最近发布日期", true)
	if err == nil {
		err = s.Store.SetLastPost(r.Context(), s.Actor(r), m.ID, d)
	}
	return s.afterMedia(w, r, err, "已登记最近发布日期")
}

func (s *Server) mediaRelease(w http.ResponseWriter, r *http.Request) error {
	m, err := s.loadMedia(r)
	if err != nil {
		return err
	}
	if err := s.ParseForm(w, r); err != nil {
		return err
	}
	rel := store.MediaRelease{AccountID: m.ID, DocumentTitle: r.PostFormValue("document_title"), Link: r.PostFormValue("link")}
	if rel.DocumentID, err = parseID(r.PostFormValue("document_id")); err == nil {
		if rel.Released, err = formDate(r, "released_on", "同步发布日期", true); err == nil {
			_, err = s.Store.AddMediaRelease(r.Context(), s.Actor(r), rel)
		}
	}
	return s.afterMedia(w, r, err, "已登记同步发布")
}

func (s *Server) mediaDecide(w http.ResponseWriter, r *http.Request) error {
	aid, err := httpx.PathID(r, "aid")
	if err != nil {
		return err
	}
	if err := s.ParseForm(w, r); err != nil {
		return err
	}
	approve := r.PostFormValue("decision") == "approve"
	change := &participation.Account{Name: r.PostFormValue("new_name"), Person: r.PostFormValue("new_person"), Purpose: r.PostFormValue("new_purpose")}
	if err := s.Store.DecideMediaApplication(r.Context(), s.Actor(r), aid, approve, r.PostFormValue("note"), change); err != nil {
		if !userError(err) {
			return err
		}
		return s.renderMedia(w, r, httpx.StatusOf(err), errMsg(err), participation.Account{})
	}
	return s.Flash(w, r, map[bool]string{true: "已批准", false: "已退回（不批准）"}[approve], httpx.SafeNext(r.PostFormValue("next"), "/admin/participation/media"))
}
