package web

import (
	"net/http"

	"gongkai/internal/httpx"
)

// errorPage is the HTML error page that httpx.Server.Fail uses for the
// portal and the console.
func (s *Server) errorPage(w http.ResponseWriter, r *http.Request, e httpx.ErrorInfo) {
	s.Render(w, r, e.Status, "error", &Page{Title: statusTitle(e.Status), Error: e.Message, Data: refusalOf(e)})
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
