package web

import (
	"context"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"

	"gongkai"
	"gongkai/internal/auth"
	"gongkai/internal/disclosure"
	"gongkai/internal/httpx"
	"gongkai/internal/office"
	"gongkai/internal/org"
	"gongkai/internal/sanitize"
	"gongkai/internal/store"
	"gongkai/internal/workday"
)

// loadEditableDoc parses the posted form and loads the document of the
// path, refusing (with refusal as the message) a user who may not edit it.
func (s *Server) loadEditableDoc(w http.ResponseWriter, r *http.Request, refusal string) (disclosure.Document, auth.User, error) {
	if err := s.ParseForm(w, r); err != nil {
		return disclosure.Document{}, auth.User{}, err
	}
	d, u, err := s.loadDoc(r)
	if err != nil {
		return d, u, err
	}
	if !disclosure.CanEdit(u, d) {
		return d, u, gongkai.Errorf(gongkai.EFORBIDDEN, "%s", refusal)
	}
	return d, u, nil
}

func (s *Server) loadDoc(r *http.Request) (disclosure.Document, auth.User, error) {
	u, _ := httpx.UserFrom(r.Context())
	id, err := httpx.PathID(r, "id")
	if err != nil {
		return disclosure.Document{}, u, err
	}
	d, err := s.Store.Document(r.Context(), id)
	if err != nil {
		return d, u, err
	}
	if !disclosure.CanSee(u, d) {
		return d, u, gongkai.Errorf(gongkai.EFORBIDDEN, "该文件属于其他单位，您无权查看")
	}
	return d, u, nil
}

// docRow is one line of the console list with its clock.
type docRow struct {
	disclosure.Document
	Clock *disclosure.Clock
}

type docsListData struct {
	Tab   string
	Tabs  [][2]string
	Rows  []docRow
	Total int
	Late  int
}

func (s *Server) docsList(w http.ResponseWriter, r *http.Request) error {
	u, _ := httpx.UserFrom(r.Context())
	ctx := r.Context()
	tab := r.URL.Query().Get("tab")
	f := store.DocFilter{Limit: 200, Order: "updated"}
	f.UnitID = u.UnitFilter()
	if tab == "" {
		switch u.Role {
		case auth.RoleReviewer:
			tab = "submitted"
		case auth.RoleLeader:
			tab = "reviewed"
		default:
			tab = "open"
		}
	}
	switch tab {
	case "open":
		f.Status = []disclosure.Status{disclosure.StatusDraft, disclosure.StatusReturned, disclosure.StatusSubmitted, disclosure.StatusReviewed}
	case "published":
		f.Status = []disclosure.Status{disclosure.StatusPublished}
		f.Order = ""
	case "late":
		f.DueBefore = workday.DateOf(s.Now().In(Shanghai()))
	default:
		f.Status = []disclosure.Status{disclosure.Status(tab)}
	}
	docs, total, err := s.Store.Documents(ctx, f)
	if err != nil {
		return err
	}
	cal, err := s.Store.Calendar(ctx)
	if err != nil {
		return err
	}
	today := workday.DateOf(s.Now().In(Shanghai()))
	data := docsListData{Tab: tab, Total: total, Tabs: [][2]string{{"open", "未发布"}, {"submitted", "待保密审查"}, {"reviewed", "待签发"}, {"returned", "已退回"}, {"late", "已超期"}, {"published", "已发布"}}}
	for _, d := range docs {
		row := docRow{Document: d}
		if d.Status != disclosure.StatusPublished {
			if c, err := disclosure.DocClock(cal, d, today); err == nil {
				row.Clock = &c
				if c.Late {
					data.Late++
				}
			}
		}
		data.Rows = append(data.Rows, row)
	}
	s.Render(w, r, http.StatusOK, "admin/docs_list", &Page{Title: "主动公开", Area: "docs", Data: data})
	return nil
}

// unitFree reports whether u works for every unit (not limited to one).
func unitFree(u auth.User) bool { _, all := u.UnitScope(); return all }

type docFormData struct {
	Doc        disclosure.Document
	New        bool
	Units      []org.Unit
	Catalog    []*disclosure.CatalogNode
	Genres     []string
	Topics     []string
	Attributes []string
	UnitLocked bool
	Body       string
}

func (s *Server) docForm(ctx context.Context, u auth.User, d disclosure.Document, isNew bool) (docFormData, error) {
	units, err := s.Store.Units(ctx)
	if err != nil {
		return docFormData{}, err
	}
	items, err := s.Store.CatalogItems(ctx)
	if err != nil {
		return docFormData{}, err
	}
	body := d.BodyHTML
	return docFormData{Doc: d, New: isNew, Units: units, Catalog: disclosure.Flatten(disclosure.CatalogTree(items)), Genres: disclosure.Genres,
		Topics: disclosure.Topics, Attributes: disclosure.Attributes, UnitLocked: !unitFree(u), Body: body}, nil
}

func (s *Server) docsNew(w http.ResponseWriter, r *http.Request) error {
	u, _ := httpx.UserFrom(r.Context())
	d := disclosure.Document{UnitID: u.UnitID, WrittenOn: workday.DateOf(s.Now().In(Shanghai())), Attribute: disclosure.AttrProactive}
	data, err := s.docForm(r.Context(), u, d, true)
	if err != nil {
		return err
	}
	s.Render(w, r, http.StatusOK, "admin/docs_form", &Page{Title: "起草文件", Area: "docs", Data: data})
	return nil
}

func (s *Server) docsEdit(w http.ResponseWriter, r *http.Request) error {
	d, u, err := s.loadDoc(r)
	if err != nil {
		return err
	}
	if !disclosure.CanEdit(u, d) || !d.Status.Editable() {
		return gongkai.Errorf(gongkai.EFORBIDDEN, "该文件当前不能由您修改（状态：%s）", d.Status.Label())
	}
	data, err := s.docForm(r.Context(), u, d, false)
	if err != nil {
		return err
	}
	s.Render(w, r, http.StatusOK, "admin/docs_form", &Page{Title: "修改文件", Area: "docs", Data: data})
	return nil
}

// docInput reads the document form. The body is HTML (sanitised), plain
// text, or a .docx upload.
func (s *Server) docInput(r *http.Request, u auth.User) (store.DocumentInput, error) {
	var in store.DocumentInput
	var err error
	in.Title = r.FormValue("title")
	in.DocNo = strings.TrimSpace(r.FormValue("doc_no"))
	if w := strings.TrimSpace(r.FormValue("written_on")); w != "" {
		if in.WrittenOn, err = workday.ParseDate(w); err != nil {
			return in, gongkai.Errorf(gongkai.EINVALID, "成文日期“%s”无法识别，请写作 2023-05-06", w)
		}
	}
	if in.UnitID, err = httpx.FormInt(r, "unit_id"); err != nil {
		return in, err
	}
	if in.UnitID, err = disclosure.DraftUnit(u, in.UnitID); err != nil {
		return in, err
	}
	if in.CatalogItemID, err = httpx.FormInt(r, "catalog_item_id"); err != nil {
		return in, err
	}
	if in.AudienceUnitID, err = httpx.FormInt(r, "audience_unit_id"); err != nil {
		return in, err
	}
	in.Topic, in.Genre = r.FormValue("topic"), r.FormValue("genre")
	in.Tags = org.NormalizeTags([]string{r.FormValue("tags")})
	in.Attribute, in.AttributeGround = r.FormValue("attribute"), strings.TrimSpace(r.FormValue("attribute_ground"))
	in.AudienceNote = strings.TrimSpace(r.FormValue("audience_note"))
	in.Major = r.FormValue("major") == "1"
	body := r.FormValue("body")
	if r.MultipartForm != nil {
		if fhs := r.MultipartForm.File["body_docx"]; len(fhs) > 0 && fhs[0].Size > 0 {
			data, err := readUpload(fhs[0])
			if err != nil {
				return in, err
			}
			if !strings.EqualFold(filepath.Ext(fhs[0].Filename), ".docx") {
				return in, gongkai.Errorf(gongkai.EINVALID, "正文文件“%s”应为 .docx 格式", fhs[0].Filename)
			}
			paras, err := office.DocxText(data)
			if err != nil { // EINVALID, or ETOOLARGE for a zip bomb; the reader says what
				return in, gongkai.Wrap(gongkai.ErrorCode(err), "正文文件“"+fhs[0].Filename+"”无法读取："+gongkai.ErrorMessage(err), err)
			}
			body = strings.Join(paras, "\n\n")
		}
	}
	in.BodyHTML, in.BodyText = sanitize.Body(body)
	if len(in.BodyHTML) > 2<<20 {
		return in, gongkai.Errorf(gongkai.ETOOLARGE, "正文超过 2 MB，请将长表格作为附件上传")
	}
	return in, nil
}

var attachmentTypes = map[string]string{
	".pdf": "application/pdf", ".doc": "application/msword", ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	".xls": "application/vnd.ms-excel", ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	".ofd": "application/ofd", ".wps": "application/vnd.ms-works", ".et": "application/vnd.ms-excel", ".txt": "text/plain; charset=utf-8",
	".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png", ".zip": "application/zip",
}

// uploadedAttachments reads and checks the uploaded files (type and size)
// before anything is saved.
func uploadedAttachments(r *http.Request) ([]store.NewAttachment, error) {
	if r.MultipartForm == nil {
		return nil, nil
	}
	var out []store.NewAttachment
	for _, fh := range r.MultipartForm.File["attachments"] {
		if fh.Size == 0 && fh.Filename == "" {
			continue
		}
		ct, ok := attachmentTypes[strings.ToLower(filepath.Ext(fh.Filename))]
		if !ok {
			return nil, gongkai.Errorf(gongkai.EINVALID, "附件“%s”的类型不允许；可上传 PDF、Word、Excel、OFD、WPS、图片、ZIP 或 TXT", fh.Filename)
		}
		data, err := readUpload(fh)
		if err != nil {
			return nil, err
		}
		out = append(out, store.NewAttachment{Name: filepath.Base(fh.Filename), ContentType: ct, Data: data})
	}
	return out, nil
}

func (s *Server) docsCreate(w http.ResponseWriter, r *http.Request) error {
	if err := s.ParseForm(w, r); err != nil {
		return err
	}
	u, _ := httpx.UserFrom(r.Context())
	in, err := s.docInput(r, u)
	if err != nil {
		return err
	}
	atts, err := uploadedAttachments(r)
	if err != nil {
		return err
	}
	id, err := s.Store.CreateDocument(r.Context(), s.Actor(r), in, atts...)
	if err != nil {
		return err
	}
	return s.Flash(w, r, "文件已保存为草稿", "/admin/docs/d/"+itoa(int(id)))
}

func (s *Server) docsUpdate(w http.ResponseWriter, r *http.Request) error {
	d, u, err := s.loadEditableDoc(w, r, "您无权修改其他单位的文件")
	if err != nil {
		return err
	}
	in, err := s.docInput(r, u)
	if err != nil {
		return err
	}
	atts, err := uploadedAttachments(r)
	if err != nil {
		return err
	}
	if err := s.Store.UpdateDocument(r.Context(), s.Actor(r), d.ID, in, atts...); err != nil {
		return err
	}
	return s.Flash(w, r, "已保存修改（保留了上一版本）", "/admin/docs/d/"+itoa(int(d.ID)))
}

func urlPathEscape(s string) string {
	return strings.ReplaceAll(url.PathEscape(s), "'", "%27")
}
