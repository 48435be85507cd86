package api

import (
	"net/http"
	"strconv"

	"gongkai"
	"gongkai/internal/httpx"
	"gongkai/internal/workday"
)

type dueResponse struct {
	Start    string   `json:"start"`
	Workdays int      `json:"workdays"`
	Due      string   `json:"due"`
	Warnings []string `json:"warnings"`
}

// calendarDue answers GET /api/v1/calendar/due?start=YYYY-MM-DD&workdays=N.
func (a *API) calendarDue(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	start, err := workday.ParseDate(q.Get("start"))
	if err != nil {
		return gongkai.Errorf(gongkai.EINVALID, "参数 start：%s", err.Error())
	}
	n, err := strconv.Atoi(q.Get("workdays"))
	if err != nil {
		return gongkai.Errorf(gongkai.EINVALID, "参数 workdays 应为 0 到 %d 之间的整数", workday.MaxWorkdays)
	}
	cal, err := a.s.Store.Calendar(r.Context())
	if err != nil {
		return err
	}
	res, err := cal.AddWorkdays(start, n)
	if err != nil {
		return gongkai.Errorf(gongkai.EINVALID, "%s", err.Error())
	}
	warn := res.Warnings
	if warn == nil {
		warn = []string{}
	}
	httpx.WriteJSON(w, http.StatusOK, dueResponse{Start: start.String(), Workdays: n, Due: res.Due.String(), Warnings: warn})
	return nil
}
