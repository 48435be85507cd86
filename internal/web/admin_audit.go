package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"gongkai/internal/auth"
	"gongkai/internal/httpx"
	"gongkai/internal/store"
	"gongkai/internal/workday"
)

type auditData struct {
	Rows     []auditLine
	Filter   store.AuditFilter
	From     string
	To       string
	Oldest   time.Time
	Next     int64
	Actions  []string // filter choices (Chinese labels)
	Entities []string
	Query    string // the filter as a query string, for export and paging
}

// auditLine is an audit row as people read it: labels, the actor's name,
// the object's name with a link to its history (and to its page when the
// reader may open it).
type auditLine struct {
	store.AuditRow
	History string
	Page    string
}

// auditPages are the console pages of audit objects, with the permission
// that opens them.
var auditPages = map[string]struct {
	path string
	perm auth.Perm
}{
	"document": {"/admin/docs/d/", auth.PermDocView}, "user": {"/admin/system/users/", auth.PermSystem},
	"unit": {"/admin/system/units/", auth.PermSystem}, "request": {"/admin/requests/", auth.PermRequestView},
	"plan_assignment": {"/admin/plan/assignments/", auth.PermPlanView}, "plan_task": {"/admin/plan/tasks/", auth.PermPlanView},
	"plan_inspection": {"/admin/plan/inspections/", auth.PermPlanView}, "consultation": {"/admin/participation/consultations/", auth.PermParticipationView},
	"message": {"/admin/participation/messages/", auth.PermParticipationView}, "opinion_event": {"/admin/participation/opinion/", auth.PermParticipationView},
	"media_account": {"/admin/participation/media/", auth.PermParticipationView}, "policy_package": {"/admin/docs/packages/", auth.PermDocView},
}

func (s *Server) auditFilter(r *http.Request) (store.AuditFilter, string, string) {
	q := r.URL.Query()
	f := store.AuditFilter{Actor: strings.TrimSpace(q.Get("actor")), Entity: q.Get("entity"), EntityID: q.Get("entity_id"), Action: q.Get("action"), Limit: 100}
	from, to := q.Get("from"), q.Get("to")
	if d, err := workday.ParseDate(from); err == nil {
		f.From = time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, shanghai)
	}
	if d, err := workday.ParseDate(to); err == nil {
		f.To = time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, shanghai).AddDate(0, 0, 1)
	}
	if b, err := strconv.ParseInt(q.Get("before"), 10, 64); err == nil {
		f.BeforeID = b
	}
	return f, from, to
}

func (s *Server) auditPage(w http.ResponseWriter, r *http.Request) error {
	f, from, to := s.auditFilter(r)
	rows, err := s.Store.Audit(r.Context(), f)
	if err != nil {
		return err
	}
	if err := s.Store.AuditObjects(r.Context(), rows); err != nil {
		return err
	}
	oldest, err := s.Store.AuditOldest(r.Context())
	if err != nil {
		return err
	}
	u, _ := httpx.UserFrom(r.Context())
	q := url.Values{}
	for k, v := range map[string]string{"actor": f.Actor, "entity": f.Entity, "entity_id": f.EntityID, "action": f.Action, "from": from, "to": to} {
		if v != "" {
			q.Set(k, v)
		}
	}
	d := auditData{Filter: f, From: from, To: to, Oldest: oldest, Actions: store.AuditActionChoices(), Entities: store.AuditEntityChoices(), Query: q.Encode()}
	for _, row := range rows {
		l := auditLine{AuditRow: row}
		if row.EntityID != "" {
			l.History = "/admin/audit?" + url.Values{"entity": {row.Entity}, "entity_id": {row.EntityID}}.Encode()
			if p, ok := auditPages[row.Entity]; ok && auth.Allowed(u.Role, p.perm) {
				l.Page = p.path + row.EntityID
			}
		}
		d.Rows = append(d.Rows, l)
	}
	if len(rows) == f.Limit {
		d.Next = rows[len(rows)-1].ID
	}
	s.Render(w, r, http.StatusOK, "admin/audit", &Page{Title: "安全审计日志", Area: "audit", Data: d})
	return nil
}

// auditExport writes the filtered audit log as an .xlsx file; the export
// itself is audited.
func (s *Server) auditExport(w http.ResponseWriter, r *http.Request) error {
	f, _, _ := s.auditFilter(r)
	f.Limit = 100000
	rows, err := s.Store.Audit(r.Context(), f)
	if err != nil {
		return err
	}
	if err := s.Store.AuditObjects(r.Context(), rows); err != nil {
		return err
	}
	x := excelize.NewFile()
	defer x.Close()
	sh := "审计日志"
	x.SetSheetName("Sheet1", sh)
	head := []any{"编号", "时间", "登录名", "姓名", "角色", "IP 地址", "操作", "对象", "对象编号", "对象名称", "摘要", "修改前", "修改后"}
	_ = x.SetSheetRow(sh, "A1", &head)
	for i, a := range rows {
		row := []any{a.ID, a.At.In(shanghai).Format("2006-01-02 15:04:05"), a.ActorLogin, a.ActorName, a.RoleLabel(), a.IP, a.ActionLabel(), a.EntityLabel(), a.EntityID, a.ObjectName, a.Summary, a.Before, a.After}
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		_ = x.SetSheetRow(sh, cell, &row)
	}
	_ = x.SetPanes(sh, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})
	_ = x.SetColWidth(sh, "B", "B", 20)
	_ = x.SetColWidth(sh, "J", "M", 40)
	if err := s.Store.InTx(r.Context(), func(tx *store.Tx) error {
		return tx.Audit(r.Context(), s.Actor(r), "export", "audit_log", "", fmt.Sprintf("导出审计日志 %d 条", len(rows)), nil, nil)
	}); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	setAttachment(w, "审计日志-"+s.Now().In(shanghai).Format("20060102-150405")+".xlsx")
	return x.Write(w)
}
