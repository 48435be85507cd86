package web

import (
	"fmt"
	"net/http"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"

	"gongkai"
	"gongkai/internal/auth"
	"gongkai/internal/disclosure"
	"gongkai/internal/httpx"
	"gongkai/internal/institution"
	"gongkai/internal/store"
	"gongkai/internal/workday"
)

// The console of the registry: the list with what waits for review, the
// import and export of the workbook, each institution's page (public
// version, pending change with its findings, history), its form, the
// reviewer's pass or return and the dismissal of false positives.

type institutionsAdminData struct {
	Kind     institution.Kind
	List     []store.Institution
	Pending  int
	Imported *store.InstitutionImport
	Today    workday.Date
}

func (s *Server) institutionsAdmin(w http.ResponseWriter, r *http.Request) error {
	return s.renderInstitutions(w, r, http.StatusOK, "", nil)
}

func (s *Server) renderInstitutions(w http.ResponseWriter, r *http.Request, status int, msg string, imported *store.InstitutionImport) error {
	kind := institution.Kind(r.URL.Query().Get("kind"))
	if !kind.Valid() {
		kind = ""
	}
	list, err := s.Store.Institutions(r.Context(), store.InstitutionFilter{Kind: kind, PendingOnly: r.URL.Query().Get("pending") == "1"})
	if err != nil {
		return err
	}
	d := institutionsAdminData{Kind: kind, List: list, Imported: imported, Today: workday.DateOf(s.Now())}
	for _, in := range list {
		if in.Pending != nil {
			d.Pending++
		}
	}
	s.Render(w, r, status, "admin/institutions", &Page{Title: "民办学校和校外培训机构", Area: "institutions", Error: msg, Data: d})
	return nil
}

func (s *Server) institutionsImport(w http.ResponseWriter, r *http.Request) error {
	if err := s.ParseForm(w, r); err != nil {
		return err
	}
	f, h, err := r.FormFile("file")
	if err != nil {
		return s.renderInstitutions(w, r, http.StatusBadRequest, "请选择要导入的 Excel 工作簿（.xlsx）", nil)
	}
	f.Close() // readUpload opens it again, with the size limits
	data, err := readUpload(h)
	if err != nil {
		return err
	}
	name := filepath.Base(h.Filename)
	wb, err := institution.ReadWorkbook(name, data, workday.DateOf(s.Now()))
	var res store.InstitutionImport
	if err == nil {
		res, err = s.Store.ImportInstitutions(r.Context(), s.Actor(r), name, wb)
	}
	if err != nil {
		if !userError(err) {
			return err
		}
		return s.renderInstitutions(w, r, httpx.StatusOf(err), "导入失败，未保存任何内容："+errMsg(err), nil)
	}
	return s.renderInstitutions(w, r, http.StatusOK, "", &res)
}

func (s *Server) institutionsExport(w http.ResponseWriter, r *http.Request) error {
	list, err := s.Store.Institutions(r.Context(), store.InstitutionFilter{})
	if err != nil {
		return err
	}
	var recs []institution.Record
	for _, in := range list {
		if in.Status != institution.StatusWithdrawn {
			recs = append(recs, in.Latest())
		}
	}
	data, err := institution.WorkbookXLSX(recs)
	if err != nil {
		return err
	}
	name := fmt.Sprintf("民办学校和校外培训机构-%s.xlsx", workday.DateOf(s.Now()))
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", "attachment; filename=\"institutions.xlsx\"; filename*=UTF-8''"+url.PathEscape(name))
	_, err = w.Write(data)
	return err
}

type institutionAdminData struct {
	In         store.Institution
	Revisions  []store.Revision
	Check      store.PublicCheck
	CanReview  bool
	CanDismiss bool
	CanEdit    bool
	Fields     []institution.Field
}

// Value is the text of a field of r, for the template.
func (institutionAdminData) Value(f institution.Field, r institution.Record) string {
	return f.Value(r)
}

func (s *Server) institutionAdmin(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	return s.renderInstitution(w, r, id, http.StatusOK, "")
}

func (s *Server) renderInstitution(w http.ResponseWriter, r *http.Request, id int64, status int, msg string) error {
	ctx := r.Context()
	in, err := s.Store.Institution(ctx, id)
	if err != nil {
		return err
	}
	revs, err := s.Store.InstitutionRevisions(ctx, id)
	if err != nil {
		return err
	}
	u, _ := httpx.UserFrom(ctx)
	d := institutionAdminData{In: in, Revisions: revs, Fields: institution.Fields, CanEdit: auth.Allowed(u.Role, auth.PermInstitutionEdit)}
	if in.Pending != nil {
		if d.Check, err = s.Store.ItemFindings(ctx, disclosure.ItemInstitution, id); err != nil {
			return err
		}
		d.CanReview = disclosure.MayReview(u.Role, u.ID, in.Pending.AuthorID) == nil
		d.CanDismiss = disclosure.MayDismiss(u.Role, disclosure.ItemInstitution, u.ID, in.Pending.AuthorID) == nil
	}
	s.Render(w, r, status, "admin/institution", &Page{Title: in.Latest().Kind.Label() + "：" + in.Name(), Area: "institutions", Error: msg, Data: d})
	return nil
}

// institutionForm is the form of a record: the fields and the rows of
// its lists, with blank rows to add to.
type institutionForm struct {
	ID     int64
	Record institution.Record
	Fees   []institution.Fee
	Insp   []institution.Inspection
	Sanc   []institution.Sanction
}

func newInstitutionForm(id int64, rec institution.Record) institutionForm {
	f := institutionForm{ID: id, Record: rec}
	f.Fees = append(append([]institution.Fee(nil), rec.Fees...), make([]institution.Fee, 3)...)
	f.Insp = append(append([]institution.Inspection(nil), rec.Inspections...), make([]institution.Inspection, 2)...)
	f.Sanc = append(append([]institution.Sanction(nil), rec.Sanctions...), make([]institution.Sanction, 2)...)
	return f
}

// YearText shows an inspection's year, blank for a blank row.
func (institutionForm) YearText(y int) string {
	if y == 0 {
		return ""
	}
	return strconv.Itoa(y)
}

func (s *Server) renderInstitutionForm(w http.ResponseWriter, r *http.Request, status int, msg string, f institutionForm) error {
	title := "登记" + f.Record.Kind.Label()
	if f.ID != 0 {
		title = "修改：" + f.Record.Name
	}
	s.Render(w, r, status, "admin/institution_form", &Page{Title: title, Area: "institutions", Error: msg, Data: f})
	return nil
}

func (s *Server) institutionNew(w http.ResponseWriter, r *http.Request) error {
	kind := institution.Kind(r.URL.Query().Get("kind"))
	if !kind.Valid() {
		kind = institution.KindSchool
	}
	return s.renderInstitutionForm(w, r, http.StatusOK, "", newInstitutionForm(0, institution.Record{Kind: kind}))
}

func (s *Server) institutionEdit(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	in, err := s.Store.Institution(r.Context(), id)
	if err != nil {
		return err
	}
	return s.renderInstitutionForm(w, r, http.StatusOK, "", newInstitutionForm(id, in.Latest()))
}

// parseInstitutionForm reads the form into a record; a date or a number
// that cannot be read is refused with the field named.
func parseInstitutionForm(r *http.Request) (institution.Record, error) {
	v := r.PostForm
	rec := institution.Record{Kind: institution.Kind(v.Get("kind")), Name: v.Get("name"), CreditCode: v.Get("credit_code"), LicenceNo: v.Get("licence_no"),
		Sponsor: v.Get("sponsor"), Level: v.Get("level"), SchoolType: v.Get("school_type"), Category: v.Get("category"), District: v.Get("district"),
		Address: v.Get("address"), Principal: v.Get("principal"), Phone: v.Get("phone"), Brochure: v.Get("admission_brochure"),
		BrochureNo: v.Get("admission_filing_no"), Commitment: v.Get("commitment"), SupervisionBank: v.Get("supervision_bank"),
		SupervisionAccount: v.Get("supervision_account"), ListReason: v.Get("list_reason"), List: institution.ListStatus(v.Get("list"))}
	date := func(key string) (workday.Date, error) {
		t := strings.TrimSpace(v.Get(key))
		if t == "" {
			return workday.Date{}, nil
		}
		d, err := disclosure.ParseLooseDate(t)
		if err != nil {
			return d, gongkai.Errorf(gongkai.EINVALID, "%s：%v", institution.FieldLabel(key), err)
		}
		return d, nil
	}
	var err error
	if rec.LicenceFrom, err = date("licence_from"); err != nil {
		return rec, err
	}
	if rec.LicenceUntil, err = date("licence_until"); err != nil {
		return rec, err
	}
	if rec.ListDate, err = date("list_date"); err != nil {
		return rec, err
	}
	if t := strings.TrimSpace(v.Get("approved_enrolment")); t != "" {
		if rec.Enrolment, err = strconv.Atoi(t); err != nil {
			return rec, gongkai.Errorf(gongkai.EINVALID, "核定招生规模应为整数（人数），现为“%s”", t)
		}
	}
	items, stds, bases := v["fee_item"], v["fee_standard"], v["fee_basis"]
	for i := range items {
		f := institution.Fee{Item: items[i], Standard: at(stds, i), Basis: at(bases, i)}
		if strings.TrimSpace(f.Item+f.Standard+f.Basis) != "" {
			rec.Fees = append(rec.Fees, f)
		}
	}
	years, results, dates, notes := v["insp_year"], v["insp_result"], v["insp_date"], v["insp_note"]
	for i := range years {
		y, res, dt, note := strings.TrimSpace(years[i]), at(results, i), strings.TrimSpace(at(dates, i)), at(notes, i)
		if y+strings.TrimSpace(res)+dt+strings.TrimSpace(note) == "" {
			continue
		}
		n, err := strconv.Atoi(strings.TrimSuffix(y, "年"))
		if err != nil {
			return rec, gongkai.Errorf(gongkai.EINVALID, "年检第 %d 行：年度应为四位年份（如 2022），现为“%s”", i+1, y)
		}
		in := institution.Inspection{Year: n, Result: res, Note: note}
		if dt != "" {
			if in.Date, err = disclosure.ParseLooseDate(dt); err != nil {
				return rec, gongkai.Errorf(gongkai.EINVALID, "年检第 %d 行：%v", i+1, err)
			}
		}
		rec.Inspections = append(rec.Inspections, in)
	}
	sdates, kinds, contents, auths := v["sanc_date"], v["sanc_kind"], v["sanc_content"], v["sanc_authority"]
	for i := range sdates {
		dt, k, c, a := strings.TrimSpace(sdates[i]), at(kinds, i), at(contents, i), at(auths, i)
		if dt+strings.TrimSpace(c)+strings.TrimSpace(a) == "" {
			continue
		}
		sc := institution.Sanction{Kind: k, Content: c, Authority: a}
		if dt != "" {
			var err error
			if sc.Date, err = disclosure.ParseLooseDate(dt); err != nil {
				return rec, gongkai.Errorf(gongkai.EINVALID, "奖惩第 %d 行：%v", i+1, err)
			}
		}
		rec.Sanctions = append(rec.Sanctions, sc)
	}
	return rec, nil
}

func at(ss []string, i int) string {
	if i < len(ss) {
		return ss[i]
	}
	return ""
}

func (s *Server) institutionCreate(w http.ResponseWriter, r *http.Request) error {
	return s.institutionSave(w, r, 0)
}

func (s *Server) institutionUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	return s.institutionSave(w, r, id)
}

func (s *Server) institutionSave(w http.ResponseWriter, r *http.Request, id int64) error {
	if err := s.ParseForm(w, r); err != nil {
		return err
	}
	rec, err := parseInstitutionForm(r)
	var res store.SaveResult
	if err == nil {
		res, err = s.Store.SaveInstitution(r.Context(), s.Actor(r), id, rec, "表单")
	}
	if err != nil {
		if !userError(err) { // a FieldError is invalid input
			return err
		}
		return s.renderInstitutionForm(w, r, httpx.StatusOf(err), errMsg(err), newInstitutionForm(id, rec))
	}
	msg := "已保存，待保密审查员审核后在门户网站公开"
	if res.Unchanged {
		msg = "没有修改"
	}
	return s.Flash(w, r, msg, fmt.Sprintf("/admin/institutions/%d", res.ID))
}

func (s *Server) institutionReview(w http.ResponseWriter, r *http.Request) error {
	if err := s.ParseForm(w, r); err != nil {
		return err
	}
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	pass := r.PostFormValue("decision") == "pass"
	if err := s.Store.ReviewInstitution(r.Context(), s.Actor(r), id, pass, r.PostFormValue("note")); err != nil {
		if gongkai.ErrorCode(err) == gongkai.EINVALID {
			return s.renderInstitution(w, r, id, http.StatusBadRequest, errMsg(err))
		}
		return err // the gate's refusal has its own page (409)
	}
	s.portalCache().Reset()
	msg := "已审核通过，门户网站已更新"
	if !pass {
		msg = "已退回修改"
	}
	return s.Flash(w, r, msg, fmt.Sprintf("/admin/institutions/%d", id))
}

func (s *Server) institutionDismiss(w http.ResponseWriter, r *http.Request) error {
	if err := s.ParseForm(w, r); err != nil {
		return err
	}
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	_, err = s.Store.DismissFinding(r.Context(), s.Actor(r), store.DismissRequest{Item: disclosure.ItemInstitution, ItemID: id,
		Fingerprint: r.PostFormValue("fingerprint"), Reason: r.PostFormValue("reason")})
	if err != nil {
		if gongkai.ErrorCode(err) == gongkai.EINVALID || gongkai.ErrorCode(err) == gongkai.ECONFLICT || gongkai.ErrorCode(err) == gongkai.ENOTFOUND {
			return s.renderInstitution(w, r, id, httpx.StatusOf(err), errMsg(err))
		}
		return err
	}
	return s.Flash(w, r, "已确认为误报", fmt.Sprintf("/admin/institutions/%d#check-h", id))
}

func (s *Server) institutionWithdraw(w http.ResponseWriter, r *http.Request) error {
	if err := s.ParseForm(w, r); err != nil {
		return err
	}
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return err
	}
	if err := s.Store.WithdrawInstitution(r.Context(), s.Actor(r), id, r.PostFormValue("reason")); err != nil {
		if userError(err) {
			return s.renderInstitution(w, r, id, httpx.StatusOf(err), errMsg(err))
		}
		return err
	}
	s.portalCache().Reset()
	return s.Flash(w, r, "已从门户网站撤下", fmt.Sprintf("/admin/institutions/%d", id))
}
