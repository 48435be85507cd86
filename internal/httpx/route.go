package httpx

import (
	"net/http"
	"net/url"
	"strings"

	"gongkai"
	"gongkai/internal/auth"
)

// HandlerFunc is a handler that returns its error; Handle maps it to a
// status and a page or JSON body in one place (errors.go).
type HandlerFunc func(w http.ResponseWriter, r *http.Request) error

// Route is one registered route and the permission it needs.
type Route struct {
	Pattern string // e.g. "GET /admin/units/{id}"
	Perm    auth.Perm
}

// Routes lists every route registered with Handle, for the authorisation
// test.
func (s *Server) Routes() []Route { return append([]Route(nil), s.routes...) }

// DeniedHeader marks a response refused by the route's permission check
// (not by a handler's own rule), for the authorisation test and for logs.
const DeniedHeader = "X-Gongkai-Denied"

// IsAPI reports whether r is for the JSON API.
func IsAPI(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/api/") }

// Handle registers a route. Every console, portal and API route goes
// through here, so the permission check is the same for all of them: the
// anonymous public gets the login page for a GET page (401 otherwise, and
// always for /api/), a logged-in user without the permission gets 403, and
// a scoped API token may use only the routes of the permissions it was
// given (auth.Can).
func (s *Server) Handle(pattern string, perm auth.Perm, h HandlerFunc) {
	s.routes = append(s.routes, Route{Pattern: pattern, Perm: perm})
	s.mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
		if perm != auth.PermPublic {
			u, ok := UserFrom(r.Context())
			if !ok {
				w.Header().Set(DeniedHeader, "anonymous")
				if !IsAPI(r) && r.Method == http.MethodGet {
					http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
					return
				}
				s.Fail(w, r, gongkai.Errorf(gongkai.EUNAUTHENTICATED, "请先登录"))
				return
			}
			if !auth.Can(u, perm) {
				w.Header().Set(DeniedHeader, string(u.Role))
				if u.Scope != nil {
					s.Fail(w, r, gongkai.Errorf(gongkai.EFORBIDDEN, "该接口令牌只能用于：%s", scopeLabels(u.Scope)))
					return
				}
				s.Fail(w, r, gongkai.Errorf(gongkai.EFORBIDDEN, "您的角色（%s）无权进行此操作", u.Role.Label()))
				return
			}
		}
		if err := h(w, r); err != nil {
			s.Fail(w, r, err)
		}
	})
}

func scopeLabels(ps []auth.Perm) string {
	ls := make([]string, len(ps))
	for i, p := range ps {
		ls[i] = p.GrantLabel()
	}
	return strings.Join(ls, "、")
}

// HandleFunc registers a plain handler outside the permission check and
// the route list: static files and the health check only.
func (s *Server) HandleFunc(pattern string, h http.HandlerFunc) {
	s.mux.HandleFunc(pattern, h)
}
