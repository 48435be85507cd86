package web

import (
	"bytes"
	"io"
	"net/http"
	"strconv"
	"strings"

	"gongkai"
	"gongkai/internal/workday"
)

type holidaysData struct {
	Year     int
	Years    []int
	Days     []workday.Day // lunar-go and overlay, merged
	Overlay  map[string]bool
	Known    bool
	Calendar [][]calDay // months of the year, for the grid
}

type calDay struct {
	Date    workday.Date
	Workday bool
	Label   string
	Blank   bool
}

func (s *Server) holidaysPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderHolidays(w, r, http.StatusOK, "")
}

func (s *Server) renderHolidays(w http.ResponseWriter, r *http.Request, status int, msg string) error {
	year := workday.DateOf(s.Now()).Year
	if y, err := strconv.Atoi(r.URL.Query().Get("year")); err == nil && y >= 2001 && y <= 2100 {
		year = y
	}
	cal, err := s.Store.Calendar(r.Context())
	if err != nil {
		return err
	}
	overlay, err := s.Store.Holidays(r.Context())
	if err != nil {
		return err
	}
	d := holidaysData{Year: year, Days: cal.Holidays(year), Known: cal.KnownYear(year), Overlay: map[string]bool{}}
	for _, o := range overlay {
		d.Overlay[o.Date.String()] = true
	}
	for y := year - 2; y <= year+2; y++ {
		d.Years = append(d.Years, y)
	}
	s.Render(w, r, status, "admin/holidays", &Page{Title: "节假日与工作日", Area: "system", Error: msg, Data: d})
	return nil
}

func (s *Server) holidayAdd(w http.ResponseWriter, r *http.Request) error {
	if err := s.ParseForm(w, r); err != nil {
		return err
	}
	d, err := workday.ParseDate(strings.TrimSpace(r.PostFormValue("date")))
	if err != nil {
		return s.renderHolidays(w, r, http.StatusBadRequest, err.Error())
	}
	kind := workday.DayKind(r.PostFormValue("kind"))
	if !kind.Valid() {
		return s.renderHolidays(w, r, http.StatusBadRequest, "请选择“放假”或“调休上班”")
	}
	day := workday.Day{Date: d, Kind: kind, Name: strings.TrimSpace(r.PostFormValue("name"))}
	if err := s.changeHolidays(r, []workday.Day{day}, "调整 "+d.String()+" 为"+kind.Label()); err != nil {
		return err
	}
	return s.Flash(w, r, "已保存 "+d.String(), "/admin/system/holidays?year="+strconv.Itoa(d.Year))
}

func (s *Server) holidayImport(w http.ResponseWriter, r *http.Request) error {
	if err := s.ParseForm(w, r); err != nil {
		return err
	}
	f, _, err := r.FormFile("file")
	if err != nil {
		return s.renderHolidays(w, r, http.StatusBadRequest, "请选择要导入的节假日安排文件（CSV）")
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, 1<<20))
	if err != nil {
		return err
	}
	days, err := workday.ParseSchedule(bytes.NewReader(data))
	if err != nil {
		return s.renderHolidays(w, r, http.StatusBadRequest, "导入失败，未保存任何数据："+err.Error())
	}
	if err := s.changeHolidays(r, days, "导入节假日安排 "+strconv.Itoa(len(days))+" 天"); err != nil {
		return err
	}
	return s.Flash(w, r, "已导入 "+strconv.Itoa(len(days))+" 天的节假日安排", "/admin/system/holidays")
}

func (s *Server) holidayDelete(w http.ResponseWriter, r *http.Request) error {
	d, err := workday.ParseDate(r.PathValue("date"))
	if err != nil {
		return gongkai.Errorf(gongkai.EINVALID, "%s", err.Error())
	}
	if err := s.Store.DeleteHoliday(r.Context(), s.Actor(r), d); err != nil {
		return err
	}
	if err := s.recomputeClocks(r); err != nil {
		return err
	}
	return s.Flash(w, r, "已删除 "+d.String()+" 的调整", "/admin/system/holidays?year="+strconv.Itoa(d.Year))
}

// changeHolidays stores days and recomputes every open clock.
func (s *Server) changeHolidays(r *http.Request, days []workday.Day, summary string) error {
	if err := s.Store.PutHolidays(r.Context(), s.Actor(r), days, summary); err != nil {
		return err
	}
	return s.recomputeClocks(r)
}

// recomputeClocks recomputes every open clock on the changed calendar.
func (s *Server) recomputeClocks(r *http.Request) error {
	_, err := s.Store.RecomputeClocks(r.Context(), nil, s.Actor(r))
	return err
}
