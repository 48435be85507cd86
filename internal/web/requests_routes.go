package web

import (
	"bytes"
	"html/template"
	"net/http"
	"strconv"

	"gongkai/internal/auth"
	"gongkai/internal/request/annualexport"
)

// routesRequests registers the console and portal routes of this area.
func (s *Server) routesRequests() {
	s.Handle("GET /admin/requests/{$}", auth.PermRequestView, s.requestsList)
	s.Handle("GET /admin/requests/export", auth.PermRequestView, s.requestsExport)
	s.Handle("GET /admin/requests/new", auth.PermRequestManage, s.requestsNew)
	s.Handle("POST /admin/requests/{$}", auth.PermRequestManage, s.requestsCreate)
	s.Handle("GET /admin/requests/{id}", auth.PermRequestView, s.requestsShow)
	s.Handle("POST /admin/requests/{id}/events", auth.PermRequestManage, s.requestsEvent)
	s.Handle("POST /admin/requests/{id}/route", auth.PermRequestManage, s.requestsRoute)
	s.Handle("POST /admin/requests/{id}/draft", auth.PermRequestHandle, s.requestsDraft)
	s.Handle("POST /admin/requests/{id}/extension", auth.PermRequestHandle, s.requestsAskExtension)
	s.Handle("POST /admin/requests/{id}/extension/approve", auth.PermRequestApprove, s.requestsApproveExtension)
	s.Handle("POST /admin/requests/{id}/reply", auth.PermRequestManage, s.requestsReply)
	s.Handle("GET /admin/requests/{id}/letter", auth.PermRequestView, s.requestsLetter)
	s.Handle("GET /admin/requests/{id}/consultation-letter", auth.PermRequestManage, s.requestsConsultationLetter)
	s.Handle("POST /admin/requests/{id}/delivery", auth.PermRequestManage, s.requestsDelivery)
	s.Handle("POST /admin/requests/{id}/archive", auth.PermRequestManage, s.requestsArchive)
	s.Handle("GET /admin/requests/{id}/archive", auth.PermRequestManage, s.requestsArchiveFile)
	s.Handle("POST /admin/requests/{id}/cases", auth.PermRequestManage, s.requestsCase)
	s.Handle("POST /admin/requests/{id}/fee", auth.PermRequestManage, s.requestsFee)
	s.Handle("POST /admin/requests/{id}/review", auth.PermRequestManage, s.requestsFlag)
	s.Handle("GET /admin/requests/reviews", auth.PermRequestView, s.reviewsList)
	s.Handle("POST /admin/requests/reviews", auth.PermRequestManage, s.reviewDecide)

	s.Handle("GET /admin/reports/{$}", auth.PermReportManage, s.reportsIndex)
	s.Handle("GET /admin/reports/annual/{year}", auth.PermReportManage, s.reportsAnnual)
	s.Handle("POST /admin/reports/annual/{year}", auth.PermReportManage, s.reportsAnnualSave)
	s.Handle("POST /admin/reports/annual/{year}/publish", auth.PermReportManage, s.reportsAnnualPublish)
	s.Handle("GET /admin/reports/annual/{year}/export", auth.PermReportManage, s.reportsAnnualExport)

	s.Handle("GET /apply", auth.PermPublic, s.applyPage)
	s.Handle("POST /apply", auth.PermPublic, s.applySubmit)
	s.Handle("GET /apply/track", auth.PermPublic, s.trackPage)
	s.Handle("POST /apply/track", auth.PermPublic, s.trackLookup)
	s.Handle("GET /annual-reports/{year}", auth.PermPublic, s.portalAnnualReport)

	s.AddHomeProvider(requestsHomeCards)
}

var gridTmpl = template.Must(template.New("grid").Parse(annualexport.GridHTML))

// requestsFuncs are this area's template functions.
var requestsFuncs = template.FuncMap{
	// annualGrid renders a laid-out report table (cells escaped by html/template).
	"annualGrid": func(g annualexport.Grid) (template.HTML, error) {
		var b bytes.Buffer
		if err := gridTmpl.ExecuteTemplate(&b, "annual-grid", g); err != nil {
			return "", err
		}
		return template.HTML(b.String()), nil
	},
}

func pathYear(r *http.Request) (int, bool) {
	y, err := strconv.Atoi(r.PathValue("year"))
	return y, err == nil && y >= 2008 && y <= 2100
}
