package web

import (
	"net/http"

	"gongkai/internal/org"
)

type resolveData struct {
	Text   string
	Report *org.Report
}

// resolvePage lets the office check how a responsible-units cell copied
// from a notice is understood: which units, which names ask the office to
// designate units, and which name no unit here.
func (s *Server) resolvePage(w http.ResponseWriter, r *http.Request) error {
	d := resolveData{Text: r.URL.Query().Get("text")}
	if d.Text != "" {
		units, err := s.Store.Units(r.Context())
		if err != nil {
			return err
		}
		rep := org.ResolveAll(org.SplitNames(d.Text), units)
		d.Report = &rep
	}
	s.Render(w, r, http.StatusOK, "admin/resolve", &Page{Title: "责任单位识别", Data: d})
	return nil
}
