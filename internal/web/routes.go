package web

import (
	"gongkai/internal/auth"
)

// routesFoundation registers the foundation's routes. The other areas
// register theirs from their own files (plan_*.go, docs_*.go …) or, for
// the JSON API, from internal/api.
func (s *Server) routesFoundation() {
	s.HandleFunc("GET /static/", s.serveStatic)

	s.Handle("GET /login", auth.PermPublic, s.loginPage)
	s.Handle("POST /login", auth.PermPublic, s.loginSubmit)
	s.Handle("POST /logout", auth.PermConsole, s.logout)
	s.Handle("GET /{$}", auth.PermPublic, s.portalHome)

	s.Handle("GET /admin/{$}", auth.PermConsole, s.adminHome)
	s.Handle("GET /admin/account", auth.PermConsole, s.accountPage)
	s.Handle("POST /admin/account/password", auth.PermConsole, s.accountPassword)
	s.Handle("GET /admin/account/tokens", auth.PermConsole, s.accountTokens)
	s.Handle("POST /admin/account/tokens", auth.PermConsole, s.accountTokenCreate)
	s.Handle("POST /admin/account/tokens/{id}/revoke", auth.PermConsole, s.accountTokenRevoke)

	s.Handle("GET /admin/system/units", auth.PermSystem, s.unitsPage)
	s.Handle("POST /admin/system/units", auth.PermSystem, s.unitCreate)
	s.Handle("GET /admin/system/units/{id}", auth.PermSystem, s.unitPage)
	s.Handle("POST /admin/system/units/{id}", auth.PermSystem, s.unitUpdate)

	s.Handle("GET /admin/units/resolve", auth.PermUnitsView, s.resolvePage)

	s.Handle("GET /admin/system/users", auth.PermSystem, s.usersPage)
	s.Handle("POST /admin/system/users", auth.PermSystem, s.userCreate)
	s.Handle("GET /admin/system/users/{id}", auth.PermSystem, s.userPage)
	s.Handle("POST /admin/system/users/{id}", auth.PermSystem, s.userUpdate)
	s.Handle("POST /admin/system/users/{id}/password", auth.PermSystem, s.userPassword)
	// No route creates a token for another user (三员分立); the admin
	// lists and revokes them.
	s.Handle("GET /admin/system/tokens", auth.PermSystem, s.systemTokens)
	s.Handle("POST /admin/system/tokens/{id}/revoke", auth.PermSystem, s.systemTokenRevoke)

	s.Handle("GET /admin/system/backup", auth.PermSystem, s.backupPage)
	s.Handle("POST /admin/system/backup", auth.PermSystem, s.backupSave)
	s.Handle("POST /admin/system/backup/run", auth.PermSystem, s.backupRun)
	s.Handle("GET /admin/system/holidays", auth.PermSystem, s.holidaysPage)
	s.Handle("POST /admin/system/holidays", auth.PermSystem, s.holidayAdd)
	s.Handle("POST /admin/system/holidays/import", auth.PermSystem, s.holidayImport)
	s.Handle("POST /admin/system/holidays/{date}/delete", auth.PermSystem, s.holidayDelete)

	s.Handle("GET /admin/help", auth.PermConsole, s.helpPage)
	s.Handle("GET /admin/help/{page}", auth.PermConsole, s.helpPage)
	s.Handle("GET /admin/help/img/{name}", auth.PermConsole, s.helpImage)
	s.Handle("GET /admin/audit", auth.PermAuditRead, s.auditPage)
	s.Handle("GET /admin/audit/export", auth.PermAuditRead, s.auditExport)
}
