package auth

// Perm names something a route or an action needs. Every console and API
// route declares one; Allowed is the only check, used by every handler.
type Perm string

const (
	PermPublic  Perm = "public"  // anyone, logged in or not
	PermConsole Perm = "console" // any logged-in user

	// System administration (系统管理).
	PermSystem    Perm = "system"     // units, users, holidays, settings
	PermUnitsView Perm = "units.view" // read the organisation
	PermAuditRead Perm = "audit.read" // read and export the audit log

	// Task supervision (任务督办).
	PermPlanView   Perm = "plan.view"   // see plans, tasks, assignments (unit users: their own)
	PermPlanManage Perm = "plan.manage" // import, assign, confirm, return, inspect, assess
	PermPlanReport Perm = "plan.report" // claim, report progress
	PermPlanSign   Perm = "plan.sign"   // sign off assessments

	// Proactive disclosure (主动公开).
	PermDocView    Perm = "doc.view"
	PermDocEdit    Perm = "doc.edit"    // draft and submit documents
	PermDocReview  Perm = "doc.review"  // confidentiality review
	PermDocSign    Perm = "doc.sign"    // sign-off before publication
	PermDocManage  Perm = "doc.manage"  // catalogue, packages, settings of disclosure
	PermSearchEdit Perm = "search.edit" // synonyms, sensitive words

	// Disclosure on request (依申请公开).
	PermRequestView    Perm = "request.view"    // lists, masked personal data
	PermRequestManage  Perm = "request.manage"  // register, route, reply, archive
	PermRequestHandle  Perm = "request.handle"  // the unit that holds the information
	PermRequestApprove Perm = "request.approve" // extensions and replies by the leader
	PermReportManage   Perm = "report.manage"   // annual report

	// Participation and interaction (公众参与).
	PermParticipationView   Perm = "participation.view"
	PermParticipationManage Perm = "participation.manage"
	PermParticipationHandle Perm = "participation.handle"

	// The registry of private schools and training institutions (民办学校和校外培训机构).
	PermInstitutionView   Perm = "institution.view"   // the registry with its pending changes and history, and its export
	PermInstitutionEdit   Perm = "institution.edit"   // enter, import, withdraw
	PermInstitutionReview Perm = "institution.review" // pass or return a change (the publication gate)

	// The exchange with the upper-level platform: its subscribers (the
	// walks themselves need PermExchange, which only a scoped token holds).
	PermExchangeManage Perm = "exchange.manage"

	// The daily privacy sweep of everything public (隐私巡查).
	PermPrivacyView Perm = "privacy.view" // see the sweep's findings, run it now

	// The portal's identity and guide, and the site self-inspection (网站自查).
	PermSiteManage    Perm = "site.manage"    // identity, contact, the 信息公开指南
	PermInspectView   Perm = "inspect.view"   // inspection reports, history, export
	PermInspectManage Perm = "inspect.manage" // run now, column classes, serious-error list
)

var (
	staff    = []Role{RoleAdmin, RoleOffice, RoleLeader, RoleReviewer, RoleUnit, RoleAuditor}
	business = []Role{RoleOffice, RoleLeader, RoleReviewer, RoleUnit}
)

// matrix says which roles hold each permission. Administration and audit
// are kept apart (三员分立): the admin does no business work and cannot
// read the audit log; the auditor reads the audit log and changes nothing.
var matrix = map[Perm][]Role{
	PermConsole:   staff,
	PermSystem:    {RoleAdmin},
	PermUnitsView: {RoleAdmin, RoleOffice, RoleLeader, RoleReviewer, RoleUnit},
	PermAuditRead: {RoleAuditor},

	PermPlanView:   business,
	PermPlanManage: {RoleOffice},
	PermPlanReport: {RoleOffice, RoleUnit},
	PermPlanSign:   {RoleLeader},

	PermDocView:    business,
	PermDocEdit:    {RoleOffice, RoleUnit},
	PermDocReview:  {RoleReviewer},
	PermDocSign:    {RoleLeader},
	PermDocManage:  {RoleOffice},
	PermSearchEdit: {RoleOffice, RoleReviewer},

	PermRequestView:    {RoleOffice, RoleLeader, RoleUnit},
	PermRequestManage:  {RoleOffice},
	PermRequestHandle:  {RoleOffice, RoleUnit},
	PermRequestApprove: {RoleLeader},
	PermReportManage:   {RoleOffice},

	PermParticipationView:   {RoleOffice, RoleLeader, RoleUnit},
	PermParticipationManage: {RoleOffice},
	PermParticipationHandle: {RoleOffice, RoleUnit},

	PermInstitutionView:   business,
	PermInstitutionEdit:   {RoleOffice},
	PermInstitutionReview: {RoleReviewer},
	PermExchangeManage:    {RoleAdmin, RoleOffice},

	PermPrivacyView: {RoleOffice, RoleReviewer}, // not the admin: 三员分立

	// The identity is the site's configuration (the admin's) and the guide's
	// contact (the office's): both may edit it.
	PermSiteManage:    {RoleAdmin, RoleOffice},
	PermInspectView:   {RoleOffice, RoleLeader},
	PermInspectManage: {RoleOffice},
}

// Allowed reports whether a user with role may act under p. The zero role
// stands for the anonymous public.
func Allowed(role Role, p Perm) bool {
	if p == PermPublic {
		return true
	}
	for _, r := range matrix[p] {
		if r == role {
			return true
		}
	}
	return false
}

// RolesFor lists the roles that hold p (for tests and documentation).
func RolesFor(p Perm) []Role { return append([]Role(nil), matrix[p]...) }

// Perms lists every permission with a matrix entry.
func Perms() []Perm {
	out := make([]Perm, 0, len(matrix))
	for p := range matrix {
		out = append(out, p)
	}
	return out
}
