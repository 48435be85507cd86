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
	s.Handle("GET /admin/plan/inspections", auth.PermPlanView, s.planInspections)
	s.Handle("POST /admin/plan/inspections", auth.PermPlanManage, s.planInspectionCreate)
	s.Handle("GET /admin/plan/inspections/{id}", auth.PermPlanView, s.planInspection)
	s.Handle("POST /admin/plan/inspections/{id}/findings", auth.PermPlanManage, s.planFindingAdd)
	s.Handle("POST /admin/plan/inspections/{id}/close", auth.PermPlanManage, s.planInspectionClose)
	s.Handle("GET /admin/plan/rectifications", auth.PermPlanView, s.planRectifications)
	s.Handle("POST /admin/plan/rectifications/{id}/report", auth.PermPlanReport, s.planRectMove(plan.RectReport))
	s.Handle("POST /admin/plan/rectifications/{id}/close", auth.PermPlanManage, s.planRectMove(plan.RectClose))
	s.Handle("POST /admin/plan/rectifications/{id}/reject", auth.PermPlanManage, s.planRectMove(plan.RectReject))
	s.Handle("GET /admin/plan/assessment", auth.PermPlanView, s.planAssessment)
	s.Handle("POST /admin/plan/assessment/weights", auth.PermPlanManage, s.planWeightsSave)
	s.Handle("POST /admin/plan/assessment/freeze", auth.PermPlanManage, s.planFreeze)
	s.Handle("GET /admin/plan/assessment/{id}", auth.PermPlanView, s.planScorecard)
	s.Handle("GET /admin/plan/assessment/{id}/xlsx", auth.PermPlanView, s.planScorecardXLSX)
	s.Handle("POST /admin/plan/assessment/{id}/sign", auth.PermPlanSign, s.planScorecardSign)
	s.Handle("GET /admin/plan/liaisons", auth.PermPlanView, s.planLiaisons)
	s.Handle("POST /admin/plan/liaisons", auth.PermPlanReport, s.planLiaisonSet)
	s.Handle("GET /admin/plan/trainings", auth.PermPlanView, s.planTrainings)
	s.Handle("POST /admin/plan/trainings", auth.PermPlanManage, s.planTrainingAdd)
	s.Handle("GET /admin/plan/tickets", auth.PermPlanView, s.planTickets)
	s.Handle("POST /admin/plan/tickets", auth.PermPlanReport, s.planTicketAsk)
	s.Handle("POST /admin/plan/tickets/{id}/answer", auth.PermPlanManage, s.planTicketAnswer)
	s.AddHomeProvider(planHomeCards)
}

// planNavItems is the area's sub-navigation: key, label, path, and
// whether only the office sees it.
var planNavItems = []struct {
	key, label, href string
	office           bool
}{
	{"ledger", "台账", "/admin/plan/", false}, {"dashboard", "督办看板", "/admin/plan/dashboard", false},
	{"inspections", "督查", "/admin/plan/inspections", true}, {"rect", "整改事项", "/admin/plan/rectifications", false},
	{"assessment", "考核", "/admin/plan/assessment", false}, {"liaisons", "联络员", "/admin/plan/liaisons", false},
	{"trainings", "培训", "/admin/plan/trainings", false}, {"tickets", "疑难问题", "/admin/plan/tickets", false},
	{"import", "导入任务分解表", "/admin/plan/import", true}, {"settings", "提醒设置", "/admin/plan/settings", true},
}

// planNav renders the sub-navigation from the constants above (no user
// text), marking the current page.
func planNav(u *auth.User, current string) template.HTML {
	var b strings.Builder
	b.WriteString(`<nav class="subnav" aria-label="任务督办">`)
	for _, it := range planNavItems {
		if it.office && (u == nil || !auth.Allowed(u.Role, auth.PermPlanManage)) {
			continue
		}
		cur := ""
		if it.key == current {
			cur = ` aria-current="page"`
		}
		b.WriteString(`<a href="` + it.href + `"` + cur + `>` + it.label + `</a>`)
	}
	b.WriteString(`</nav>`)
	return template.HTML(b.String())
}

// planFuncs are this area's template functions.
var planFuncs = template.FuncMap{
	"planStatuses": func() []plan.Status { return plan.Statuses },
	"planLines":    func(ss []string) string { return strings.Join(ss, "、") },
	"planNav":      planNav,
	"planPeriod":   plan.PeriodLabel,
}
