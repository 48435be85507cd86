package httpx

import (
	"errors"
	"math"
	"net/http"
	"strconv"

	"gongkai"
	"gongkai/internal/store"
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
	gongkai.EUNAVAILABLE:     http.StatusServiceUnavailable,
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

// Refusal returns the HTTP status for err, and when err is a refusal by a
// limit (a public form's, or the login lockout) sets the Retry-After
// header to the seconds to wait. Handlers that render a form with the
// error call it instead of StatusOf; Fail calls it for every error.
func Refusal(w http.ResponseWriter, err error) int {
	if d, ok := store.RetryAfter(err); ok {
		w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(d.Seconds()))))
	}
	return StatusOf(err)
}

// ErrorInfo is an error as a client sees it: the status, the code, the
// message to read (generic for internal errors) and any details.
type ErrorInfo struct {
	Status  int
	Code    string
	Message string
	Details any
}

// InfoOf returns what a client may see of err.
func InfoOf(err error) ErrorInfo {
	e := ErrorInfo{Status: StatusOf(err), Code: gongkai.ErrorCode(err), Message: gongkai.ErrorMessage(err), Details: gongkai.ErrorDetails(err)}
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		e.Code, e.Message = gongkai.ETOOLARGE, "提交的内容超过大小上限，请压缩或拆分后重试"
	}
	return e
}

// ErrorBody is the JSON form of an error:
// {"error":{"code","message","details"}}, details only when set.
type ErrorBody struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
		Details any    `json:"details,omitempty"`
	} `json:"error"`
}

// Fail writes err as JSON (for /api/ and clients asking for JSON) or as
// the page that web installed. Internal errors are logged and shown only
// as a generic message.
func (s *Server) Fail(w http.ResponseWriter, r *http.Request, err error) {
	err = s.Store.Classify(err) // a database that cannot answer is 503, however the error came
	e := InfoOf(err)
	Refusal(w, err)
	if e.Status >= 500 {
		s.Log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	} else {
		s.Log.Debug("request refused", "method", r.Method, "path", r.URL.Path, "status", e.Status, "err", err)
	}
	if IsAPI(r) || WantsJSON(r) || s.ErrorPage == nil {
		var body ErrorBody
		body.Error.Code, body.Error.Message, body.Error.Details = e.Code, e.Message, e.Details
		WriteJSON(w, e.Status, body)
		return
	}
	s.ErrorPage(w, r, e)
}

// WantsJSON reports whether the client asked for JSON.
func WantsJSON(r *http.Request) bool {
	return r.Header.Get("Accept") == "application/json"
}
