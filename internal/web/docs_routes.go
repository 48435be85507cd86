package web

import (
	"html/template"

	"gongkai/internal/auth"
	"gongkai/internal/disclosure"
)

// routesDocs registers the console and portal routes of this area.
func (s *Server) routesDocs() {
	s.Handle("GET /admin/docs/{$}", auth.PermDocView, s.docsList)
	s.Handle("GET /admin/docs/new", auth.PermDocEdit, s.docsNew)
	s.Handle("POST /admin/docs/{$}", auth.PermDocEdit, s.docsCreate)
	s.Handle("GET /admin/docs/d/{id}", auth.PermDocView, s.docsShow)
	s.Handle("GET /admin/docs/d/{id}/edit", auth.PermDocEdit, s.docsEdit)
	s.Handle("POST /admin/docs/d/{id}", auth.PermDocEdit, s.docsUpdate)
	s.Handle("POST /admin/docs/d/{id}/move", auth.PermDocView, s.docsMove)
	s.Handle("POST /admin/docs/d/{id}/interpretations", auth.PermDocEdit, s.docsAddInterpretation)
	s.Handle("POST /admin/docs/d/{id}/attachments", auth.PermDocEdit, s.docsAddAttachment)
	s.Handle("POST /admin/docs/d/{id}/dismiss", auth.PermDocReview, s.docsDismiss)
	s.Handle("POST /admin/docs/d/{id}/release", auth.PermDocReview, s.docsRelease)
	s.Handle("POST /admin/docs/d/{id}/validity", auth.PermDocManage, s.docsValidity)
	s.Handle("GET /admin/docs/files/{id}", auth.PermDocView, s.docsAttachment)

	s.Handle("GET /admin/docs/catalog", auth.PermDocView, s.catalogAdmin)
	s.Handle("POST /admin/docs/catalog", auth.PermDocManage, s.catalogCreate)
	s.Handle("POST /admin/docs/catalog/import", auth.PermDocManage, s.catalogImport)
	s.Handle("GET /admin/docs/catalog/{id}", auth.PermDocView, s.catalogItemAdmin)
	s.Handle("POST /admin/docs/catalog/{id}", auth.PermDocManage, s.catalogUpdate)

	s.Handle("GET /admin/docs/settings", auth.PermSearchEdit, s.docsSettings)
	s.Handle("POST /admin/docs/settings/words", auth.PermSearchEdit, s.docsSaveWords)
	s.Handle("POST /admin/docs/settings/synonyms", auth.PermSearchEdit, s.docsSaveSynonym)
	s.Handle("POST /admin/docs/settings/synonyms/{id}/delete", auth.PermSearchEdit, s.docsDeleteSynonym)
	s.Handle("POST /admin/docs/settings/index-rule", auth.PermDocManage, s.docsSaveIndexRule)

	s.Handle("GET /admin/docs/packages", auth.PermDocView, s.packagesAdmin)
	s.Handle("POST /admin/docs/packages", auth.PermDocManage, s.packageSave)
	s.Handle("GET /admin/docs/packages/{id}", auth.PermDocView, s.packageAdmin)
	s.Handle("POST /admin/docs/packages/{id}", auth.PermDocManage, s.packageSave)
	s.Handle("GET /admin/docs/package-requests", auth.PermDocManage, s.packageRequestsAdmin)
	s.Handle("POST /admin/docs/package-requests/{id}/answer", auth.PermDocManage, s.packageRequestAnswer)

	s.routesPortalDocs()
	s.AddHomeProvider(docsHomeCards)
}

// docsFuncs are this area's template functions.
var docsFuncs = template.FuncMap{
	"statusLabel": func(st disclosure.Status) string { return st.Label() },
	"formLabel":   disclosure.FormLabel,
	"kb": func(n int64) string {
		if n < 1024 {
			return itoa(int(n)) + " B"
		}
		return itoa(int((n+1023)/1024)) + " KB"
	},
}
