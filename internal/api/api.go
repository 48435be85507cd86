// Package api serves JSON under /api/v1/. It registers its routes on the
// web server's router, so the same permission check guards both, and
// shares the store and the domain packages with the HTML console.
package api

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"

	"gongkai"
	"gongkai/internal/auth"
	"gongkai/internal/web"
)

// API holds the handlers.
type API struct {
	s *web.Server
}

// Register adds the foundation's API routes to s.
func Register(s *web.Server) *API {
	a := &API{s: s}
	s.Handle("GET /api/v1/calendar/due", auth.PermPublic, a.calendarDue)
	s.Handle("GET /api/v1/me", auth.PermConsole, a.me)
	s.Handle("GET /api/v1/units", auth.PermUnitsView, a.units)
	a.routesPlan()
	a.routesDocs()
	a.routesRequests()
	a.routesParticipation()
	s.Handle("/api/", auth.PermPublic, a.notFound)
	return a
}

func (a *API) notFound(w http.ResponseWriter, r *http.Request) error {
	return gongkai.Errorf(gongkai.ENOTFOUND, "接口不存在：%s %s", r.Method, r.URL.Path)
}

// DecodeJSON reads a JSON body of at most max bytes into v, refusing
// unknown fields, with a Chinese message that says what is wrong.
func DecodeJSON(w http.ResponseWriter, r *http.Request, max int64, v any) error {
	if ct := r.Header.Get("Content-Type"); ct != "" && !strings.HasPrefix(ct, "application/json") {
		return gongkai.Errorf(gongkai.EINVALID, "请求体应为 JSON（Content-Type: application/json）")
	}
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, max))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var mbe *http.MaxBytesError
		switch {
		case err == io.EOF:
			return gongkai.Errorf(gongkai.EINVALID, "请求体为空")
		case asMaxBytes(err, &mbe):
			return gongkai.Errorf(gongkai.ETOOLARGE, "请求体超过 %d KB 上限", max>>10)
		default:
			return gongkai.Errorf(gongkai.EINVALID, "JSON 格式错误：%v", err)
		}
	}
	return nil
}

func asMaxBytes(err error, t **http.MaxBytesError) bool {
	e, ok := err.(*http.MaxBytesError)
	if ok {
		*t = e
	}
	return ok
}
