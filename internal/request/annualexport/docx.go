package annualexport

import (
	"fmt"
	"strings"

	"gongkai/internal/office"
	"gongkai/internal/request"
)

func docxRows(g Grid) [][]office.TableCell {
	out := make([][]office.TableCell, len(g))
	// A covered cell continues the merge of the origin above it.
	for i, row := range g {
		for _, c := range row {
			tc := office.TableCell{Text: c.Text, Bold: c.Header, Span: c.ColSpan}
			if c.Left {
				tc.Align = "left"
			}
			switch {
			case c.Covered:
				tc.VMerge = "continue"
			case c.RowSpan > 1:
				tc.VMerge = "restart"
			}
			out[i] = append(out[i], tc)
		}
	}
	return out
}

func paragraphs(w *office.DocxWriter, text string) {
	for _, p := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		if p = strings.TrimSpace(p); p != "" {
			w.Runs(office.ParaStyle{Indent: true}, office.Run{Text: p})
		}
	}
}

// Title is the report's title for an organisation.
func Title(org string, year int) string {
	return fmt.Sprintf("%s%d年政府信息公开工作年度报告", org, year)
}

// DOCX writes the report as a Word document.
func DOCX(org string, rep request.AnnualReport) ([]byte, error) {
	w := office.NewDocxWriter()
	w.Runs(office.ParaStyle{Align: "center"}, office.Run{Text: Title(org, rep.Year), Bold: true})
	w.Heading(1, request.SectionTitles[0])
	paragraphs(w, rep.Sections.One)
	w.Heading(1, request.SectionTitles[1])
	w.Table(nil, docxRows(Table2(rep.Table2)))
	w.Heading(1, request.SectionTitles[2])
	w.Table(nil, docxRows(Table3(rep.Table3)))
	w.Heading(1, request.SectionTitles[3])
	w.Table(nil, docxRows(Table4(rep.Table4)))
	w.Heading(1, request.SectionTitles[4])
	paragraphs(w, rep.Sections.Five)
	w.Heading(1, request.SectionTitles[5])
	paragraphs(w, rep.Sections.Six)
	return w.Bytes()
}
