// Package letters drafts the reply letter (政府信息公开申请答复书) of a request
// from a template per outcome, and writes the edited letter as .docx.
package letters

import (
	"embed"
	"fmt"
	"strings"
	"text/template"

	"gongkai/internal/office"
	"gongkai/internal/request"
	"gongkai/internal/workday"
)

//go:embed *.txt
var files embed.FS

var tmpl = template.Must(template.ParseFS(files, "*.txt"))

// Data fills a letter template.
type Data struct {
	Applicant   string
	Code        string
	Received    string // 2023年9月27日
	Description string
	Basis       string
	Info        string
	Reason      string
	Statute     string // the clause prescribing this reply, quoted (statute.go); set by Draft
}

// templateFor names the template of an outcome.
func templateFor(o request.Outcome) string {
	s := string(o)
	switch {
	case o == request.Disclosed:
		return "disclosed.txt"
	case o == request.Partial:
		return "partial.txt"
	case strings.HasPrefix(s, "withheld_"):
		return "withheld.txt"
	case strings.HasPrefix(s, "unavailable_"):
		return "unavailable.txt"
	case strings.HasPrefix(s, "rejected_"):
		return "rejected.txt"
	}
	return "other.txt"
}

// CNDate writes a date as 2023年9月27日.
func CNDate(d workday.Date) string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%d年%d月%d日", d.Year, int(d.Month), d.Day)
}

// Draft returns the letter body for an outcome (the text staff edit
// before sending). Basis defaults to the outcome's usual legal basis.
func Draft(o request.Outcome, d Data) (string, error) {
	info, ok := o.Info()
	if !ok {
		return "", fmt.Errorf("letters: unknown outcome %q", o)
	}
	if d.Basis == "" {
		d.Basis = info.Basis
	}
	if d.Reason == "" {
		d.Reason = strings.TrimLeft(info.Label, "0123456789.")
	}
	d.Statute = Statute(o)
	var b strings.Builder
	if err := tmpl.ExecuteTemplate(&b, templateFor(o), d); err != nil {
		return "", fmt.Errorf("letters: %w", err)
	}
	return strings.TrimSpace(b.String()), nil
}

// DOCX writes the letter: the letterhead (the body's name), title,
// number, the (edited) body paragraphs, the organisation and the date of
// the reply (the day it is sent, never the day it is opened).
func DOCX(org, code string, on workday.Date, body string) ([]byte, error) {
	w := office.NewDocxWriter()
	w.Runs(office.ParaStyle{Align: "center"}, office.Run{Text: org, Bold: true})
	w.Runs(office.ParaStyle{Align: "center"}, office.Run{Text: "政府信息公开申请答复书", Bold: true})
	w.Runs(office.ParaStyle{Align: "center"}, office.Run{Text: "（" + code + "）"})
	lines := strings.Split(strings.ReplaceAll(body, "\r\n", "\n"), "\n")
	for i, p := range lines {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		w.Runs(office.ParaStyle{Indent: i > 0, Align: "left"}, office.Run{Text: p})
	}
	w.Runs(office.ParaStyle{Align: "right"}, office.Run{Text: org})
	w.Runs(office.ParaStyle{Align: "right"}, office.Run{Text: CNDate(on)})
	return w.Bytes()
}
