package web

import (
	"encoding/json"
	"errors"
	"net/http"

	"gongkai"
)

// statusOf is the one table from application error codes to HTTP status.
var statusOf = map[string]int{
	gongkai.EINVALID:         http.StatusBadRequest,
	gongkai.ENOTFOUND:        http.StatusNotFound,
	gongkai.ECONFLICT:        http.StatusConflict,
	gongkai.EFORBIDDEN:       http.StatusForbidden,
	gongkai.EUNAUTHENTICATED: http.StatusUnauthorized,
	gongkai.ETOOLARGE:        http.StatusRequestEntityTooLarge,
	gongkai.ERATELIMIT:       http.StatusTooManyRequests,
	gongkai.EINTERNAL:        http.StatusInternalServerError,
}

// StatusOf returns the HTTP status for err.
func StatusOf(err error) int {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return http.StatusRequestEntityTooLarge
	}
	if st, ok := statusOf[gongkai.ErrorCode(err)]; ok {
		return st
	}
	return http.StatusInternalServerError
}

// ErrorBody is the JSON form of an error.
type ErrorBody struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

// Fail writes err as a page or as JSON. Internal errors are logged and
// shown only as a generic message.
func (s *Server) Fail(w http.ResponseWriter, r *http.Request, err error) {
	status := StatusOf(err)
	code, msg := gongkai.ErrorCode(err), gongkai.ErrorMessage(err)
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		code, msg = gongkai.ETOOLARGE, "提交的内容超过大小上限，请压缩或拆分后重试"
	}
	if status >= 500 {
		s.Log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	} else {
		s.Log.Debug("request refused", "method", r.Method, "path", r.URL.Path, "status", status, "err", err)
	}
	if IsAPI(r) || wantsJSON(r) {
		var body ErrorBody
		body.Error.Code, body.Error.Message = code, msg
		WriteJSON(w, status, body)
		return
	}
	s.Render(w, r, status, "error", &Page{Title: statusTitle(status), Error: msg, Data: status})
}

func wantsJSON(r *http.Request) bool {
	return r.Header.Get("Accept") == "application/json"
}

// WriteJSON writes v as JSON with status.
func WriteJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(true)
	_ = enc.Encode(v)
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
