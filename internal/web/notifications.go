package web

import (
	"net/http"

	"gongkai/internal/auth"
	"gongkai/internal/httpx"
)

func (s *Server) routesNotifications() {
	s.Handle("GET /admin/notifications", auth.PermConsole, s.notificationsPage)
	s.Handle("POST /admin/notifications/read", auth.PermConsole, s.notificationsRead)
}

func (s *Server) notificationsPage(w http.ResponseWriter, r *http.Request) error {
	u, _ := httpx.UserFrom(r.Context())
	list, err := s.Store.Notifications(r.Context(), u, r.URL.Query().Get("all") == "", 200)
	if err != nil {
		return err
	}
	s.Render(w, r, http.StatusOK, "admin/notifications", &Page{Title: "消息提醒", Data: list})
	return nil
}

func (s *Server) notificationsRead(w http.ResponseWriter, r *http.Request) error {
	if err := s.ParseForm(w, r); err != nil {
		return err
	}
	u, _ := httpx.UserFrom(r.Context())
	var ids []int64
	if id, err := httpx.FormInt(r, "id"); err == nil && id > 0 {
		ids = append(ids, id)
	}
	if err := s.Store.MarkRead(r.Context(), u, ids...); err != nil {
		return err
	}
	return s.Flash(w, r, "已标记为已读", "/admin/notifications")
}
