package web

import (
	"bytes"
	"fmt"
	"net/http"
	"strconv"

	"github.com/xuri/excelize/v2"

	"gongkai/internal/auth"
	"gongkai/internal/httpx"
	"gongkai/internal/request"
	"gongkai/internal/store"
	"gongkai/internal/workday"
)

type requestsListData struct {
	Tab     string
	Tabs    [][2]string
	Rows    []requestRow
	Today   workday.Date
	Manage  bool
	Pending int // reviews pending
}

type requestRow struct {
	request.Record
	Overdue bool
	Late    int // working days past the due date (overdue), never negative
	Left    int
	HasLeft bool
}

// requestFilter is the list filter of a tab; "due" is due soon in the one
// sense of workday.DueSoonWorkdays.
func (s *Server) requestFilter(r *http.Request, cal *workday.Calendar, u auth.User, tab string) store.RequestFilter {
	today := workday.DateOf(s.Now())
	f := store.RequestFilter{Limit: 500} // the list and its export: the same lines
	switch tab {
	case "submitted":
		f.State = request.Submitted
	case "open":
		f.Open = true
	case "due":
		f.DueFrom, f.DueTo = today, cal.DueSoonUntil(today)
	case "overdue":
		f.DueTo = today.AddDays(-1)
	case "closed":
		f.State = request.Replied
	case "abandoned":
		f.State = request.Abandoned
	}
	if y, err := strconv.Atoi(r.URL.Query().Get("year")); err == nil {
		f.Year = y
	}
	f.Code = r.URL.Query().Get("code")
	f.UnitID = u.UnitFilter()
	return f
}

var requestTabs = [][2]string{{"open", "办理中"}, {"submitted", "待确认收到"}, {"due", "即将到期"}, {"overdue", "已逾期"}, {"closed", "已答复"}, {"abandoned", "视为放弃"}, {"all", "全部"}}

// requestsList shows requests with applicants masked (lists never show
// identity or contact; the request page does, to those who handle it).
func (s *Server) requestsList(w http.ResponseWriter, r *http.Request) error {
	u, _ := httpx.UserFrom(r.Context())
	tab := r.URL.Query().Get("tab")
	if tab == "" {
		tab = "open"
	}
	cal, err := s.Store.Calendar(r.Context())
	if err != nil {
		return err
	}
	recs, err := s.Store.Requests(r.Context(), s.requestFilter(r, cal, u, tab))
	if err != nil {
		return err
	}
	today := workday.DateOf(s.Now())
	d := requestsListData{Tab: tab, Tabs: requestTabs, Today: today, Manage: auth.Allowed(u.Role, auth.PermRequestManage)}
	for _, rec := range recs {
		row := requestRow{Record: rec.Masked(), Overdue: rec.Overdue(today)}
		switch {
		case row.Overdue:
			row.Late = max(1, cal.WorkdaysBetween(rec.DueOn, today))
		case !rec.State.Closed() && !rec.DueOn.IsZero() && rec.State != request.Correction && !rec.DueOn.Before(today):
			row.Left, row.HasLeft = cal.WorkdaysBetween(today, rec.DueOn), true
		}
		d.Rows = append(d.Rows, row)
	}
	if revs, err := s.Store.ProactiveReviews(r.Context(), true); err == nil {
		for _, v := range revs {
			if u.SeesUnit(v.UnitID) {
				d.Pending++
			}
		}
	}
	s.Render(w, r, http.StatusOK, "admin/requests_list", &Page{Title: "依申请公开", Area: "requests", Data: d})
	return nil
}

// requestsExport writes the list as .xlsx, applicants masked for everyone.
func (s *Server) requestsExport(w http.ResponseWriter, r *http.Request) error {
	u, _ := httpx.UserFrom(r.Context())
	tab := r.URL.Query().Get("tab")
	if tab == "" {
		tab = "open" // as the list
	}
	cal, err := s.Store.Calendar(r.Context())
	if err != nil {
		return err
	}
	f := s.requestFilter(r, cal, u, tab)
	recs, err := s.Store.Requests(r.Context(), f)
	if err != nil {
		return err
	}
	x := excelize.NewFile()
	defer x.Close()
	sh := "依申请公开"
	if err := x.SetSheetName("Sheet1", sh); err != nil {
		return err
	}
	head := []any{"查询码", "申请人类型", "申请人（已脱敏）", "联系电话（已脱敏）", "渠道", "所需信息", "状态", "收到申请之日", "答复期限", "办结日期", "办理结果", "承办单位"}
	if err := x.SetSheetRow(sh, "A1", &head); err != nil {
		return err
	}
	for i, rec := range recs {
		m := rec.Masked()
		row := []any{m.Code, m.Application.Applicant.Type.Label(), m.Application.Applicant.Name, m.Application.Applicant.Phone, m.Application.Channel.Label(),
			m.Application.Description, m.State.Label(), dateText(m.ReceivedOn), dateText(m.DueOn), dateText(m.ClosedOn), outcomeText(m.Outcome), m.UnitName}
		if err := x.SetSheetRow(sh, fmt.Sprintf("A%d", i+2), &row); err != nil {
			return err
		}
	}
	var buf bytes.Buffer
	if err := x.Write(&buf); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	setAttachment(w, "依申请公开-"+workday.DateOf(s.Now()).String()+".xlsx")
	_, err = w.Write(buf.Bytes())
	return err
}

func dateText(d workday.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.String()
}

func outcomeText(o request.Outcome) string {
	if o == "" {
		return ""
	}
	return o.Label()
}

// requestsHomeCards shows due-soon and overdue requests on the console home.
func requestsHomeCards(r *http.Request, s *Server, u auth.User) []HomeCard {
	if !auth.Allowed(u.Role, auth.PermRequestView) {
		return nil
	}
	today := workday.DateOf(s.Now())
	cal, err := s.Store.Calendar(r.Context())
	if err != nil {
		return nil
	}
	f := s.requestFilter(r, cal, u, "overdue")
	over, err := s.Store.Requests(r.Context(), f)
	if err != nil {
		return nil
	}
	f = s.requestFilter(r, cal, u, "due")
	soon, err := s.Store.Requests(r.Context(), f)
	if err != nil {
		return nil
	}
	lines := []string{fmt.Sprintf("已逾期 %d 件，即将到期（%d 个工作日内）%d 件（%s）", len(over), workday.DueSoonWorkdays, len(soon), today)}
	for _, rec := range append(over, soon...) {
		if len(lines) >= 6 {
			break
		}
		lines = append(lines, rec.Code+" 答复期限 "+rec.DueOn.String())
	}
	return []HomeCard{{Title: "依申请公开", Lines: lines, Href: "/admin/requests/?tab=due", Perm: auth.PermRequestView}}
}
