package web

import (
	"gongkai/internal/auth"
)

// routesInstitutions registers the registry of private schools and
// training institutions (console and portal), the exchange's subscribers
// and the open-data downloads.
func (s *Server) routesInstitutions() {
	s.Handle("GET /admin/institutions/{$}", auth.PermInstitutionView, s.institutionsAdmin)
	s.Handle("GET /admin/institutions/new", auth.PermInstitutionEdit, s.institutionNew)
	s.Handle("POST /admin/institutions/{$}", auth.PermInstitutionEdit, s.institutionCreate)
	s.Handle("POST /admin/institutions/import", auth.PermInstitutionEdit, s.institutionsImport)
	s.Handle("GET /admin/institutions/export.xlsx", auth.PermInstitutionView, s.institutionsExport)
	s.Handle("GET /admin/institutions/{id}", auth.PermInstitutionView, s.institutionAdmin)
	s.Handle("GET /admin/institutions/{id}/edit", auth.PermInstitutionEdit, s.institutionEdit)
	s.Handle("POST /admin/institutions/{id}", auth.PermInstitutionEdit, s.institutionUpdate)
	s.Handle("POST /admin/institutions/{id}/review", auth.PermInstitutionReview, s.institutionReview)
	s.Handle("POST /admin/institutions/{id}/dismiss", auth.PermInstitutionReview, s.institutionDismiss)
	s.Handle("POST /admin/institutions/{id}/withdraw", auth.PermInstitutionEdit, s.institutionWithdraw)

	s.Handle("GET /admin/exchange", auth.PermExchangeManage, s.exchangeAdmin)
	s.Handle("POST /admin/exchange/subscribers", auth.PermExchangeManage, s.exchangeSubscriberAdd)
	s.Handle("POST /admin/exchange/subscribers/{id}/active", auth.PermExchangeManage, s.exchangeSubscriberActive)

	s.Handle("GET /institutions", auth.PermPublic, s.portalInstitutions)
	s.Handle("GET /institutions/training", auth.PermPublic, s.portalTraining)
	s.Handle("GET /institutions/{id}", auth.PermPublic, s.portalInstitution)

	s.Handle("GET /open", auth.PermPublic, s.portalOpenData)
	s.Handle("GET /open/{file}", auth.PermPublic, s.portalOpenFile)
}
