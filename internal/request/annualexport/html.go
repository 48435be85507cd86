package annualexport

import (
	"bytes"
	"html/template"
	"strings"

	"gongkai/internal/request"
)

// Paragraphs splits narrative text into paragraphs for templates.
func Paragraphs(text string) []string {
	var out []string
	for _, p := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// View is what the HTML templates (this package's and the portal's) get.
type View struct {
	Title    string
	Report   request.AnnualReport
	Table2   Grid
	Table3   Grid
	Table4   Grid
	Sections []ViewSection
}

// ViewSection is one narrative section.
type ViewSection struct {
	Title string
	Paras []string
	Grid  Grid
}

// NewView lays out a report for HTML.
func NewView(org string, rep request.AnnualReport) View {
	v := View{Title: Title(org, rep.Year), Report: rep, Table2: Table2(rep.Table2), Table3: Table3(rep.Table3), Table4: Table4(rep.Table4)}
	v.Sections = []ViewSection{
		{Title: request.SectionTitles[0], Paras: Paragraphs(rep.Sections.One)},
		{Title: request.SectionTitles[1], Grid: v.Table2},
		{Title: request.SectionTitles[2], Grid: v.Table3},
		{Title: request.SectionTitles[3], Grid: v.Table4},
		{Title: request.SectionTitles[4], Paras: Paragraphs(rep.Sections.Five)},
		{Title: request.SectionTitles[5], Paras: Paragraphs(rep.Sections.Six)},
	}
	return v
}

// GridHTML is the template of one grid, shared with the web templates.
const GridHTML = `{{define "annual-grid"}}<table class="annual-table">{{range .}}<tr>{{range .}}{{if not .Covered}}{{if .Header}}<th{{if gt .ColSpan 1}} colspan="{{.ColSpan}}"{{end}}{{if gt .RowSpan 1}} rowspan="{{.RowSpan}}"{{end}}>{{.Text}}</th>{{else}}<td{{if gt .ColSpan 1}} colspan="{{.ColSpan}}"{{end}}{{if gt .RowSpan 1}} rowspan="{{.RowSpan}}"{{end}}{{if .Left}} class="label"{{else}} class="num"{{end}}>{{.Text}}</td>{{end}}{{end}}{{end}}</tr>{{end}}</table>{{end}}`

var page = template.Must(template.New("page").Parse(GridHTML + `<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{{.Title}}</title>
<style>body{font-family:"SimSun","Songti SC",serif;max-width:60rem;margin:2rem auto;line-height:1.8}
table{border-collapse:collapse;margin:1rem 0;width:100%}th,td{border:1px solid #000;padding:.25rem .4rem;text-align:center}
td.label{text-align:left}h1{text-align:center;font-size:1.5rem}p{text-indent:2em}</style></head>
<body><h1>{{.Title}}</h1>
{{range .Sections}}<h2>{{.Title}}</h2>{{range .Paras}}<p>{{.}}</p>{{end}}{{if .Grid}}{{template "annual-grid" .Grid}}{{end}}{{end}}
</body></html>
`))

// HTML writes the report as a standalone HTML page.
func HTML(org string, rep request.AnnualReport) ([]byte, error) {
	var buf bytes.Buffer
	if err := page.Execute(&buf, NewView(org, rep)); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
