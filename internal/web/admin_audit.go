package web

import (
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/xuri/excelize/v2"

	"gongkai/internal/store"
	"gongkai/internal/workday"
)

type auditData struct {
	Rows   []store.AuditRow
	Filter store.AuditFilter
	From   string
	To     string
	Oldest time.Time
	Next   int64
}

func (s *Server) auditFilter(r *http.Request) (store.AuditFilter, string, string) {
	q := r.URL.Query()
	f := store.AuditFilter{Actor: q.Get("actor"), Entity: q.Get("entity"), Action: q.Get("action"), Limit: 100}
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
	oldest, err := s.Store.AuditOldest(r.Context())
	if err != nil {
		return err
	}
	d := auditData{Rows: rows, Filter: f, From: from, To: to, Oldest: oldest}
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
	x := excelize.NewFile()
	defer x.Close()
	sh := "审计日志"
	x.SetSheetName("Sheet1", sh)
	head := []any{"编号", "时间", "操作人", "角色", "IP 地址", "操作", "对象", "对象编号", "摘要", "修改前", "修改后"}
	_ = x.SetSheetRow(sh, "A1", &head)
	for i, a := range rows {
		row := []any{a.ID, a.At.In(shanghai).Format("2006-01-02 15:04:05"), a.ActorLogin, a.ActorRole, a.IP, a.Action, a.Entity, a.EntityID, a.Summary, a.Before, a.After}
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		_ = x.SetSheetRow(sh, cell, &row)
	}
	_ = x.SetPanes(sh, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})
	_ = x.SetColWidth(sh, "B", "B", 20)
	_ = x.SetColWidth(sh, "I", "K", 40)
	if err := s.Store.InTx(r.Context(), func(tx *store.Tx) error {
		return tx.Audit(r.Context(), s.Actor(r), "export", "audit_log", "", fmt.Sprintf("导出审计日志 %d 条", len(rows)), nil, nil)
	}); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", `attachment; filename="audit-`+s.Now().In(shanghai).Format("20060102-150405")+`.xlsx"`)
	return x.Write(w)
}
