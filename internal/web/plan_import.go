package web

import (
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"gongkai"
	"gongkai/internal/httpx"
	"gongkai/internal/office"
	"gongkai/internal/plan"
	"gongkai/internal/store"
)

type planImportData struct {
	Year     int
	File     string
	SHA      string
	Parsed   *plan.Parsed
	Existing bool // the year already has a plan: saving updates it
}

var importExts = map[string]bool{".txt": true, ".tsv": true, ".csv": true, ".xlsx": true, ".docx": true}

func (s *Server) planImportForm(w http.ResponseWriter, r *http.Request) error {
	s.Render(w, r, http.StatusOK, "admin/plan_import", &Page{Title: "导入任务分解表", Area: "plan",
		Data: planImportData{Year: s.Now().In(shanghai).Year()}})
	return nil
}

func (s *Server) renderImport(w http.ResponseWriter, r *http.Request, d planImportData, err error) error {
	if gongkai.ErrorCode(err) == gongkai.EINTERNAL {
		return err
	}
	s.Render(w, r, httpx.StatusOf(err), "admin/plan_import", &Page{Title: "导入任务分解表", Area: "plan", Error: errMsg(err), Data: d})
	return nil
}

func formYear(r *http.Request) (int, error) {
	y, err := strconv.Atoi(strings.TrimSpace(r.FormValue("year")))
	if err != nil || y < 2000 || y > 2100 {
		return 0, gongkai.Errorf(gongkai.EINVALID, "请填写四位年度，如 2023")
	}
	return y, nil
}

// planImportPreview reads the uploaded table and shows what would be
// saved. The file is kept as a blob (content-addressed) so that the
// confirmation does not upload it again.
func (s *Server) planImportPreview(w http.ResponseWriter, r *http.Request) error {
	if err := s.ParseForm(w, r); err != nil {
		return s.renderImport(w, r, planImportData{}, err)
	}
	d := planImportData{}
	year, err := formYear(r)
	if err != nil {
		return s.renderImport(w, r, d, err)
	}
	d.Year = year
	f, fh, err := r.FormFile("file")
	if err != nil {
		return s.renderImport(w, r, d, gongkai.Errorf(gongkai.EINVALID, "请选择要导入的文件"))
	}
	defer f.Close()
	name := filepath.Base(fh.Filename)
	d.File = name
	if !importExts[strings.ToLower(filepath.Ext(name))] {
		return s.renderImport(w, r, d, gongkai.Errorf(gongkai.EINVALID, "文件“%s”的类型不支持：请上传 .xlsx、.docx、.csv、.tsv 或 .txt", name))
	}
	if fh.Size > office.MaxFileSize {
		return s.renderImport(w, r, d, gongkai.Errorf(gongkai.ETOOLARGE, "文件“%s”超过 %d MB 上限", name, office.MaxFileSize>>20))
	}
	data, err := io.ReadAll(io.LimitReader(f, office.MaxFileSize+1))
	if err != nil {
		return err
	}
	units, err := s.Store.Units(r.Context())
	if err != nil {
		return err
	}
	p, err := plan.Parse(name, data, year, units)
	if err != nil {
		return s.renderImport(w, r, d, err)
	}
	err = s.Store.InTx(r.Context(), func(tx *store.Tx) error {
		d.SHA, err = tx.PutBlob(r.Context(), "application/octet-stream", data)
		return err
	})
	if err != nil {
		return err
	}
	d.Parsed = p
	if _, err := s.Store.PlanByYear(r.Context(), year); err == nil {
		d.Existing = true
	}
	s.Render(w, r, http.StatusOK, "admin/plan_import", &Page{Title: "导入预览", Area: "plan", Data: d})
	return nil
}

var shaRE = regexp.MustCompile(`^[0-9a-f]{64}$`)

func (s *Server) planImportConfirm(w http.ResponseWriter, r *http.Request) error {
	if err := s.ParseForm(w, r); err != nil {
		return err
	}
	year, err := formYear(r)
	if err != nil {
		return err
	}
	sha, name := r.PostFormValue("sha"), filepath.Base(r.PostFormValue("file"))
	if !shaRE.MatchString(sha) || !importExts[strings.ToLower(filepath.Ext(name))] {
		return gongkai.Errorf(gongkai.EINVALID, "导入请求无效，请重新上传文件")
	}
	data, _, err := s.Store.Blob(r.Context(), sha)
	if err != nil {
		return gongkai.Errorf(gongkai.EINVALID, "找不到预览过的文件，请重新上传")
	}
	units, err := s.Store.Units(r.Context())
	if err != nil {
		return err
	}
	p, err := plan.Parse(name, data, year, units)
	if err != nil {
		return s.renderImport(w, r, planImportData{Year: year, File: name}, err)
	}
	res, err := s.Store.SavePlan(r.Context(), s.Actor(r), p)
	if err != nil {
		return s.renderImport(w, r, planImportData{Year: year, File: name}, err)
	}
	msg := fmt.Sprintf("已导入 %d 年任务 %d 项（新增 %d、更新 %d、删除 %d），新增承办 %d 个", year, len(p.Rows), res.Created, res.Updated, res.Removed, res.NewAssignments)
	if len(p.Unresolved) > 0 {
		msg += fmt.Sprintf("；%d 个责任单位未能对应，已按原文保留", len(p.Unresolved))
	}
	return s.Flash(w, r, msg, "/admin/plan/?year="+strconv.Itoa(year))
}
