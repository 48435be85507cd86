package web

import (
	"net/http"

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
	s.Render(w, r, e.Status, "error", &Page{Title: statusTitle(e.Status), Error: e.Message, Data: e.Status})
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
	}
	return "系统错误"
}
