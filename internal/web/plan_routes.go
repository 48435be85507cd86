package web

import (
	"html/template"
	"strings"

	"gongkai/internal/auth"
	"gongkai/internal/plan"
)

// routesPlan registers the console routes of task supervision.
func (s *Server) routesPlan() {
	s.Handle("GET /admin/plan/{$}", auth.PermPlanView, s.planLedger)
	s.Handle("GET /admin/plan/ledger.xlsx", auth.PermPlanView, s.planLedgerXLSX)
	s.Handle("GET /admin/plan/import", auth.PermPlanManage, s.planImportForm)
	s.Handle("POST /admin/plan/import", auth.PermPlanManage, s.planImportPreview)
	s.Handle("POST /admin/plan/import/confirm", auth.PermPlanManage, s.planImportConfirm)
	s.Handle("GET /admin/plan/tasks/{id}", auth.PermPlanView, s.planTask)
	s.Handle("POST /admin/plan/tasks/{id}/designate", auth.PermPlanManage, s.planDesignate)
	s.Handle("GET /admin/plan/assignments/{id}", auth.PermPlanView, s.planAssignment)
	s.Handle("POST /admin/plan/assignments/{id}/claim", auth.PermPlanReport, s.planMove(plan.ActClaim))
	s.Handle("POST /admin/plan/assignments/{id}/progress", auth.PermPlanReport, s.planMove(plan.ActProgress))
	s.Handle("POST /admin/plan/assignments/{id}/finish", auth.PermPlanReport, s.planMove(plan.ActFinish))
	s.Handle("POST /admin/plan/assignments/{id}/confirm", auth.PermPlanManage, s.planMove(plan.ActConfirm))
	s.Handle("POST /admin/plan/assignments/{id}/return", auth.PermPlanManage, s.planMove(plan.ActReturn))
	s.Handle("POST /admin/plan/assignments/{id}/reopen", auth.PermPlanManage, s.planMove(plan.ActReopen))
	s.Handle("GET /admin/plan/files/{id}", auth.PermPlanView, s.planFile)
	s.Handle("GET /admin/plan/dashboard", auth.PermPlanView, s.planDashboard)
	s.Handle("GET /admin/plan/settings", auth.PermPlanManage, s.planSettings)
	s.Handle("POST /admin/plan/settings", auth.PermPlanManage, s.planSettingsSave)
	s.AddHomeProvider(planHomeCards)
}

// planFuncs are this area's template functions.
var planFuncs = template.FuncMap{
	"planStatuses": func() []plan.Status { return plan.Statuses },
	"planLines":    func(ss []string) string { return strings.Join(ss, "、") },
}

// planUnitScope is the unit a user is limited to (0: all units).
func planUnitScope(u auth.User) int64 {
	if u.Role == auth.RoleUnit {
		if u.UnitID == 0 {
			return -1 // a unit user without a unit sees nothing
		}
		return u.UnitID
	}
	return 0
}
