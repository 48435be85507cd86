package web

import (
	"net/http"
	"strings"

	"gongkai"
	"gongkai/internal/disclosure"
	"gongkai/internal/httpx"
	"gongkai/internal/institution"
	"gongkai/internal/store"
)

// The portal's 民办学校信息 (under the catalogue's item of that name): the
// private schools, the search of training institutions by name or
// district with their white or black list, and each record's page with
// its metadata table. Only what the reviewer passed is shown.

type portalInstitutionsData struct {
	Schools []store.PublicInstitution
	Catalog *disclosure.CatalogItem // the catalogue's 民办学校信息, for the breadcrumb
}

// LastInspection is the latest inspection of r, for lists.
func (portalInstitutionsData) LastInspection(r institution.Record) string { return lastInspection(r) }

func lastInspection(r institution.Record) string {
	best := -1
	for i, in := range r.Inspections {
		if best < 0 || in.Year > r.Inspections[best].Year {
			best = i
		}
	}
	if best < 0 {
		return "—"
	}
	return itoa(r.Inspections[best].Year) + "年度：" + r.Inspections[best].Result
}

// privateSchoolsItem finds the catalogue's 民办学校信息 item, if any.
func (s *Server) privateSchoolsItem(r *http.Request) *disclosure.CatalogItem {
	items, err := s.Store.CatalogItems(r.Context())
	if err != nil {
		return nil
	}
	for i := range items {
		if items[i].ParentID == 0 && strings.Contains(items[i].Name, "民办学校") {
			return &items[i]
		}
	}
	return nil
}

func (s *Server) portalInstitutions(w http.ResponseWriter, r *http.Request) error {
	return s.cachedPortal(w, r, func() ([]byte, string, error) {
		list, err := s.Store.PublicInstitutions(r.Context(), store.PublicFilter{Kind: institution.KindSchool})
		if err != nil {
			return nil, "", err
		}
		return s.renderPortal(r, "portal/institutions", &Page{Title: "民办学校信息", Meta: map[string]string{"ColumnName": "民办学校信息"},
			Data: portalInstitutionsData{Schools: list, Catalog: s.privateSchoolsItem(r)}})
	})
}

type portalTrainingData struct {
	Query     string
	District  string
	List      string
	Districts []string
	Results   []store.PublicInstitution
	Searched  bool
	Catalog   *disclosure.CatalogItem
}

func (s *Server) portalTraining(w http.ResponseWriter, r *http.Request) error {
	return s.cachedPortal(w, r, func() ([]byte, string, error) {
		v := r.URL.Query()
		d := portalTrainingData{Query: strings.TrimSpace(v.Get("name")), District: strings.TrimSpace(v.Get("district")), List: v.Get("list"), Catalog: s.privateSchoolsItem(r)}
		if len([]rune(d.Query)) > 50 {
			return nil, "", gongkai.Errorf(gongkai.EINVALID, "机构名称最多 50 个字")
		}
		list, ok := institution.ParseList(d.List)
		if !ok {
			list, d.List = "", ""
		}
		var err error
		if d.Districts, err = s.Store.InstitutionDistricts(r.Context(), institution.KindTraining); err != nil {
			return nil, "", err
		}
		d.Searched = d.Query != "" || d.District != "" || d.List != ""
		if d.Results, err = s.Store.PublicInstitutions(r.Context(), store.PublicFilter{Kind: institution.KindTraining, Query: d.Query, District: d.District, List: list}); err != nil {
			return nil, "", err
		}
		return s.renderPortal(r, "portal/institutions_training", &Page{Title: "校外培训机构查询", Meta: map[string]string{"ColumnName": "校外培训机构查询"}, Data: d})
	})
}

type portalInstitutionData struct {
	In        store.PublicInstitution
	Fields    []institution.Field
	Catalog   *disclosure.CatalogItem
	Publisher string // the body that publishes the registry (the site's organisation)
}

// Value is a field's text, for the metadata table.
func (d portalInstitutionData) Value(f institution.Field) string { return f.Value(d.In.Record) }

// Meta lists the fields of the metadata table: those of its kind that are
// not lists (shown as tables below).
func (d portalInstitutionData) Meta() []institution.Field {
	var out []institution.Field
	for _, f := range d.Fields {
		switch f.Key {
		case "fees", "inspections", "sanctions", "commitment", "list", "list_date", "list_reason":
			continue
		}
		if f.Has(d.In.Record.Kind) {
			out = append(out, f)
		}
	}
	return out
}

func (s *Server) portalInstitution(w http.ResponseWriter, r *http.Request) error {
	return s.cachedPortal(w, r, func() ([]byte, string, error) {
		id, err := httpx.PathID(r, "id")
		if err != nil {
			return nil, "", err
		}
		in, err := s.Store.PublicInstitutionByID(r.Context(), id)
		if err != nil {
			return nil, "", err
		}
		col := "民办学校信息"
		if in.Record.Kind == institution.KindTraining {
			col = "校外培训机构查询"
		}
		return s.renderPortal(r, "portal/institution", &Page{Title: in.Record.Name, Meta: map[string]string{"ColumnName": col, "ArticleTitle": in.Record.Name},
			Data: portalInstitutionData{In: in, Fields: institution.Fields, Catalog: s.privateSchoolsItem(r), Publisher: s.site(r.Context()).Org}})
	})
}
