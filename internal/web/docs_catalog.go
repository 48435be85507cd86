package web

import (
	"net/http"
	"path/filepath"
	"strings"
	"time"

	"gongkai"
	"gongkai/internal/disclosure"
	"gongkai/internal/httpx"
	"gongkai/internal/store"
	"gongkai/internal/workday"
)

// catalogRow is a catalogue node with its kept-up state.
type catalogRow struct {
	*disclosure.CatalogNode
	Kept disclosure.KeptUp
}

func (s *Server) catalogRows(r *http.Request) ([]catalogRow, error) {
	ctx := r.Context()
	items, err := s.Store.CatalogItems(ctx)
	if err != nil {
		return nil, err
	}
	last, err := s.Store.CatalogLastPublished(ctx)
	if err != nil {
		return nil, err
	}
	cal, err := s.Store.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	var out []catalogRow
	for _, n := range disclosure.Flatten(disclosure.CatalogTree(items)) {
		row := catalogRow{CatalogNode: n}
		lp, ok := last[n.ID]
		var pub time.Time
		var changed workday.Date
		if ok {
			pub, changed = lp.Published, lp.ChangedOn
		}
		row.Kept = disclosure.KeptUpState(cal, n.LimitDays, len(n.Children) > 0, pub, changed)
		out = append(out, row)
	}
	return out, nil
}

type catalogAdminData struct {
	Rows  []catalogRow
	Blank disclosure.CatalogItem
}

func (s *Server) catalogAdmin(w http.ResponseWriter, r *http.Request) error {
	rows, err := s.catalogRows(r)
	if err != nil {
		return err
	}
	s.Render(w, r, http.StatusOK, "admin/docs_catalog", &Page{Title: "政府信息公开目录", Area: "docs", Data: catalogAdminData{Rows: rows, Blank: disclosure.CatalogItem{Audience: "全社会", Mode: "主动", Tier: "县级", TimeLimit: "信息形成或者变更之日起20个工作日内"}}})
	return nil
}

func catalogFromForm(r *http.Request) (disclosure.CatalogItem, error) {
	it := disclosure.CatalogItem{
		Seq: strings.TrimSpace(r.FormValue("seq")), Name: r.FormValue("name"), Content: strings.TrimSpace(r.FormValue("content")),
		Basis: strings.TrimSpace(r.FormValue("basis")), TimeLimit: strings.TrimSpace(r.FormValue("time_limit")),
		Subject: strings.TrimSpace(r.FormValue("subject")), Channels: strings.Join(disclosure.ParseChannels(r.FormValue("channels")), "、"),
		Audience: r.FormValue("audience"), Mode: r.FormValue("mode"), Tier: strings.TrimSpace(r.FormValue("tier")),
	}
	it.LimitDays = disclosure.ParseTimeLimit(it.TimeLimit)
	var err error
	if it.ParentID, err = httpx.FormInt(r, "parent_id"); err != nil {
		return it, err
	}
	sort, err := httpx.FormInt(r, "sort")
	it.Sort = int(sort)
	return it, err
}

func (s *Server) catalogCreate(w http.ResponseWriter, r *http.Request) error {
	if err := s.ParseForm(w, r); err != nil {
		return err
	}
	it, err := catalogFromForm(r)
	if err != nil {
		return err
	}
	if _, err := s.Store.CreateCatalogItem(r.Context(), s.Actor(r), it); err != nil {
		return err
	}
	s.portalCache().Reset()
	return s.Flash(w, r, "已新建目录事项", "/admin/docs/catalog")
}

type catalogItemData struct {
	Item    disclosure.CatalogItem
	History []store.CatalogChange
	Docs    []disclosure.Document
}

func (s *Server) catalogItemAdmin(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	it, err := s.Store.CatalogItem(r.Context(), id)
	if err != nil {
		return err
	}
	hist, err := s.Store.CatalogHistory(r.Context(), id)
	if err != nil {
		return err
	}
	docs, _, err := s.Store.Documents(r.Context(), store.DocFilter{CatalogItemID: id, Status: []disclosure.Status{disclosure.StatusPublished}, Limit: 50})
	if err != nil {
		return err
	}
	s.Render(w, r, http.StatusOK, "admin/docs_catalog_item", &Page{Title: "目录事项：" + it.Name, Area: "docs", Data: catalogItemData{Item: it, History: hist, Docs: docs}})
	return nil
}

func (s *Server) catalogUpdate(w http.ResponseWriter, r *http.Request) error {
	if err := s.ParseForm(w, r); err != nil {
		return err
	}
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	it, err := catalogFromForm(r)
	if err != nil {
		return err
	}
	it.ID = id
	if err := s.Store.UpdateCatalogItem(r.Context(), s.Actor(r), it); err != nil {
		return err
	}
	s.portalCache().Reset()
	return s.Flash(w, r, "已保存，修改记录见下方", "/admin/docs/catalog/"+itoa(int(id)))
}

func (s *Server) catalogImport(w http.ResponseWriter, r *http.Request) error {
	if err := s.ParseForm(w, r); err != nil {
		return err
	}
	if r.MultipartForm == nil || len(r.MultipartForm.File["file"]) == 0 {
		return gongkai.Errorf(gongkai.EINVALID, "请选择目录文件（.txt .csv .xlsx .docx）")
	}
	fh := r.MultipartForm.File["file"][0]
	data, err := readUpload(fh)
	if err != nil {
		return err
	}
	items, warnings, err := disclosure.ParseCatalogFile(filepath.Base(fh.Filename), data)
	if err != nil {
		return err
	}
	n, err := s.Store.ImportCatalog(r.Context(), s.Actor(r), items)
	if err != nil {
		return err
	}
	s.portalCache().Reset()
	msg := "已导入 " + itoa(len(items)) + " 行，新建 " + itoa(n) + " 个事项"
	if len(warnings) > 0 {
		msg += "。提示：" + strings.Join(warnings, "；")
	}
	return s.Flash(w, r, msg, "/admin/docs/catalog")
}
