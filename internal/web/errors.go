package web

import (
	"net/http"
	"sort"
	"strings"

	"gongkai/internal/disclosure"
	"gongkai/internal/httpx"
)

// errorPage is the HTML error page that httpx.Server.Fail uses for the
// portal and the console.
func (s *Server) errorPage(w http.ResponseWriter, r *http.Request, e httpx.ErrorInfo) {
	if d := refusalOf(e); len(d.Findings) > 0 {
		// A refusal at the publication gate: a console page listing the
		// findings that stand, with the way back to fix or dismiss them.
		d.Message = e.Message
		if u, ok := httpx.UserFrom(r.Context()); ok && d.Item != "" && disclosure.MayDismiss(u.Role, d.Item, u.ID, 0) == nil {
			d.Dismiss = "/admin/participation/findings/dismiss"
			if d.Item == disclosure.ItemDocument {
				d.Dismiss = "/admin/docs/d/" + itoa(int(d.ItemID)) + "/dismiss"
			}
		}
		s.Render(w, r, e.Status, "admin/gate_refused", &Page{Title: "不能发布：有必须修改的问题", Area: d.Area, Data: d})
		return
	}
	d := failureData{Status: e.Status}
	if e.Status == http.StatusServiceUnavailable && r.Method == http.MethodPost {
		d.Replay = s.replayOf(w, r)
	}
	w.Header().Set("Cache-Control", "no-store")
	s.Render(w, r, e.Status, "error", &Page{Title: statusTitle(e.Status), Error: e.Message, Data: d})
}

// failureData is the error page's data: the status, and for a form that
// could not be carried out because the database was unavailable, the
// form again, to send once more.
type failureData struct {
	Status int
	Replay *replay
}

// replay is a posted form that was not carried out (503): its address and
// fields, so that the page can offer to send it again unchanged. Files
// cannot be carried over and must be chosen again; a form with a password
// is not repeated (the page says to go back and enter it again).
type replay struct {
	Action   string
	Fields   []replayField
	Files    []string // names of file fields that held a file
	Password bool
}

type replayField struct{ Name, Value string }

func (s *Server) replayOf(w http.ResponseWriter, r *http.Request) *replay {
	if r.PostForm == nil {
		r.Body = http.MaxBytesReader(w, r.Body, s.Config.FormMaxBytes+s.Config.UploadMaxBytes)
		if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
			if err := r.ParseMultipartForm(s.Config.FormMaxBytes); err != nil {
				return nil
			}
		} else if err := r.ParseForm(); err != nil {
			return nil
		}
	}
	rp := &replay{Action: r.URL.RequestURI()}
	names := make([]string, 0, len(r.PostForm))
	for k := range r.PostForm {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		lk := strings.ToLower(k)
		if strings.Contains(lk, "password") || strings.Contains(lk, "secret") {
			rp.Password = true
			continue
		}
		for _, v := range r.PostForm[k] {
			rp.Fields = append(rp.Fields, replayField{k, v})
		}
	}
	if r.MultipartForm != nil {
		for k, fh := range r.MultipartForm.File {
			if len(fh) > 0 {
				rp.Files = append(rp.Files, k)
			}
		}
		sort.Strings(rp.Files)
	}
	if len(rp.Fields) == 0 {
		return nil
	}
	return rp
}

// statusTitle is the heading of an error page.
func statusTitle(status int) string {
	switch status {
	case http.StatusBadRequest:
		return "提交的内容有误"
	case http.StatusUnauthorized:
		return "请先登录"
	case http.StatusForbidden:
		return "无权访问"
	case http.StatusNotFound:
		return "页面不存在"
	case http.StatusConflict:
		return "操作未完成"
	case http.StatusRequestEntityTooLarge:
		return "内容超过大小上限"
	case http.StatusTooManyRequests:
		return "操作过于频繁"
	case http.StatusServiceUnavailable:
		return "服务暂时不可用"
	}
	return "系统错误"
}
