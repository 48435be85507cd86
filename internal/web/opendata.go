package web

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"gongkai"
	"gongkai/internal/institution"
	"gongkai/internal/store"
)

// 数据开放 (seed task 19: 推动具备条件的数据高水平开放): public CSV and JSON
// downloads of the catalogue, the metadata of the public documents, the
// institutions registry and the figures of each published annual report,
// listed on /open with their update time and licence. Everything comes
// from what is public already.

// openLicence is the licence of the open data.
const openLicence = "开放许可：本网站开放的数据可免费获取，可自由复制、传播、加工和用于商业或非商业用途，须注明数据来源（%s）并保持数据原意，不得歪曲；数据按现状提供，以本网站公开的原文为准。"

type openDataset struct {
	Name    string // file stem: catalog, documents, institutions, annual-report-2023
	Title   string
	Note    string
	Updated time.Time
}

type openData struct {
	Datasets []openDataset
	Licence  string
}

func (s *Server) openDatasets(ctx context.Context) ([]openDataset, error) {
	t, err := s.Store.OpenDataUpdated(ctx)
	if err != nil {
		return nil, err
	}
	out := []openDataset{
		{"catalog", "政府信息公开目录", "标准目录的全部事项：事项名称、公开内容（要素）、依据、时限、主体、渠道、对象、方式、层级", t.Catalog},
		{"documents", "主动公开文件目录", "已主动公开文件的信息要素：索引号、标题、发文字号、发布机构、成文日期、发布日期、目录、主题分类、有效性（不含定向公开文件）", t.Documents},
		{"institutions", "民办学校和校外培训机构", "办学许可证、收费项目和标准、年检结果、奖惩、白名单/黑名单等登记信息（审核公开的版本）", t.Institutions},
	}
	var years []int
	for y := range t.Reports {
		years = append(years, y)
	}
	sort.Sort(sort.Reverse(sort.IntSlice(years)))
	for _, y := range years {
		out = append(out, openDataset{fmt.Sprintf("annual-report-%d", y), fmt.Sprintf("%d年度政府信息公开工作年度报告数据", y),
			"年度报告表二、表三、表四的全部数字（表、行、列、数值）", t.Reports[y]})
	}
	return out, nil
}

func (s *Server) portalOpenData(w http.ResponseWriter, r *http.Request) error {
	return s.cachedPortal(w, r, func() ([]byte, string, error) {
		ds, err := s.openDatasets(r.Context())
		if err != nil {
			return nil, "", err
		}
		return s.renderPortal(r, "portal/opendata", &Page{Title: "数据开放", Meta: map[string]string{"ColumnName": "数据开放"},
			Data: openData{Datasets: ds, Licence: fmt.Sprintf(openLicence, s.site(r.Context()).Org)}})
	})
}

// openTable is a dataset as rows: a header and values; JSON gets records
// keyed by the JSON names.
type openTable struct {
	header []string // Chinese, for CSV
	keys   []string // for JSON
}

func (s *Server) portalOpenFile(w http.ResponseWriter, r *http.Request) error {
	file := r.PathValue("file")
	stem, ext, ok := strings.Cut(file, ".")
	if !ok || (ext != "csv" && ext != "json") {
		return gongkai.Errorf(gongkai.ENOTFOUND, "没有这个数据文件：%s（可下载的数据见 /open）", file)
	}
	ds, err := s.openDatasets(r.Context())
	if err != nil {
		return err
	}
	var d *openDataset
	for i := range ds {
		if ds[i].Name == stem {
			d = &ds[i]
		}
	}
	if d == nil {
		return gongkai.Errorf(gongkai.ENOTFOUND, "没有这个数据文件：%s（可下载的数据见 /open）", file)
	}
	var tbl openTable
	var each func(emit func([]string) error) error
	base := strings.TrimRight(s.Config.BaseURL, "/")
	switch {
	case stem == "catalog":
		tbl = openTable{[]string{"编号", "上级编号", "层级", "序号", "事项名称", "公开内容（要素）", "公开依据", "公开时限", "公开主体", "公开渠道和载体", "公开对象", "公开方式", "公开层级", "链接"},
			[]string{"id", "parent_id", "level", "seq", "name", "content", "basis", "time_limit", "subject", "channels", "audience", "mode", "tier", "url"}}
		each = func(emit func([]string) error) error {
			items, err := s.Store.CatalogItems(r.Context())
			if err != nil {
				return err
			}
			for _, it := range items {
				if err := emit([]string{i64(it.ID), i64(it.ParentID), strconv.Itoa(it.Level), it.Seq, it.Name, it.Content, it.Basis, it.TimeLimit, it.Subject,
					it.Channels, it.Audience, it.Mode, it.Tier, base + "/catalog/" + i64(it.ID)}); err != nil {
					return err
				}
			}
			return nil
		}
	case stem == "documents":
		tbl = openTable{[]string{"索引号", "标题", "发文字号", "发布机构", "成文日期", "发布日期", "目录", "主题分类", "体裁分类", "有效性", "有效性变更日期", "链接"},
			[]string{"index_no", "title", "doc_no", "issuer", "written_on", "published_on", "catalog", "topic", "genre", "validity", "validity_on", "url"}}
		each = func(emit func([]string) error) error {
			return s.Store.EachPublicDocument(r.Context(), func(m store.DocMeta) error {
				return emit([]string{m.IndexNo, m.Title, m.DocNo, m.Issuer, m.WrittenOn, m.PublishedAt.In(shanghai).Format("2006-01-02"), m.Catalog, m.Topic, m.Genre,
					m.Validity, m.ValidityOn, base + "/docs/" + i64(m.ID)})
			})
		}
	case stem == "institutions":
		var keys, header []string
		for _, f := range institution.Fields {
			keys, header = append(keys, f.Key), append(header, f.Label)
		}
		tbl = openTable{append(append([]string{"类别"}, header...), "信息更新日期", "链接"), append(append([]string{"kind"}, keys...), "updated_on", "url")}
		each = func(emit func([]string) error) error {
			list, err := s.Store.PublicInstitutions(r.Context(), store.PublicFilter{})
			if err != nil {
				return err
			}
			for _, in := range list {
				row := []string{in.Record.Kind.Label()}
				for _, f := range institution.Fields {
					v := ""
					if f.Has(in.Record.Kind) {
						v = f.Value(in.Record)
					}
					row = append(row, v)
				}
				row = append(row, in.PublishedAt.In(shanghai).Format("2006-01-02"), base+institution.URL(in.ID))
				if err := emit(row); err != nil {
					return err
				}
			}
			return nil
		}
	default: // annual-report-YYYY
		year, _ := strconv.Atoi(strings.TrimPrefix(stem, "annual-report-"))
		rep, err := s.Store.PublishedAnnualReport(r.Context(), year)
		if err != nil {
			return err
		}
		tbl = openTable{[]string{"年度", "表", "行", "列", "数值"}, []string{"year", "table", "row", "column", "value"}}
		each = func(emit func([]string) error) error {
			for _, n := range rep.Numbers() {
				if err := emit([]string{strconv.Itoa(n.Year), n.Table, n.Row, n.Column, n.Value}); err != nil {
					return err
				}
			}
			return nil
		}
	}
	if !d.Updated.IsZero() {
		w.Header().Set("Last-Modified", d.Updated.UTC().Format(http.TimeFormat))
	}
	w.Header().Set("Cache-Control", "public, max-age=300")
	if ext == "csv" {
		return writeOpenCSV(w, tbl, each)
	}
	return writeOpenJSON(w, *d, fmt.Sprintf(openLicence, s.site(r.Context()).Org), tbl, each)
}

func i64(n int64) string { return strconv.FormatInt(n, 10) }

// writeOpenCSV writes UTF-8 with a BOM, so Excel opens the Chinese right.
func writeOpenCSV(w http.ResponseWriter, t openTable, each func(func([]string) error) error) error {
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(t.header); err != nil {
		return err
	}
	if err := each(func(row []string) error {
		for i, c := range row {
			row[i] = csvCell(c)
		}
		return cw.Write(row)
	}); err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}

// csvCell keeps a spreadsheet from reading a text cell as a formula: a
// text that starts with =, +, -, @, a tab or a carriage return (a title
// typed as =HYPERLINK(…), say) gets a leading apostrophe, as OWASP advises
// for CSV files; numbers (-3, +1.5) stay as they are. The JSON download
// carries the text unchanged.
func csvCell(c string) string {
	if c == "" || !strings.ContainsRune("=+-@\t\r", rune(c[0])) {
		return c
	}
	if _, err := strconv.ParseFloat(c, 64); err == nil {
		return c
	}
	return "'" + c
}

// writeOpenJSON writes {"dataset","title","updated_at","licence","records":[…]},
// streaming the records.
func writeOpenJSON(w http.ResponseWriter, d openDataset, licence string, t openTable, each func(func([]string) error) error) error {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	head := map[string]any{"dataset": d.Name, "title": d.Title, "licence": licence, "updated_at": nil}
	if !d.Updated.IsZero() {
		head["updated_at"] = d.Updated.UTC().Format(time.RFC3339)
	}
	hb, err := json.Marshal(head)
	if err != nil {
		return err
	}
	if _, err := w.Write(append(hb[:len(hb)-1], []byte(`,"records":[`)...)); err != nil {
		return err
	}
	first := true
	err = each(func(row []string) error {
		rec := make(map[string]string, len(row))
		for i, v := range row {
			rec[t.keys[i]] = v
		}
		b, err := json.Marshal(rec)
		if err != nil {
			return err
		}
		if !first {
			if _, err := w.Write([]byte(",")); err != nil {
				return err
			}
		}
		first = false
		_, err = w.Write(b)
		return err
	})
	if err != nil {
		return err
	}
	_, err = w.Write([]byte("]}\n"))
	return err
}
