package web

import (
	"net/http"

	"gongkai/internal/auth"
	"gongkai/internal/store"
)

// 系统管理 → 静态发布: where the portal is published as files (gongkai
// publish, the publish job of GONGKAI_PUBLISH_DIR), how the last run went,
// and a full rebuild on demand.

func (s *Server) routesPublish() {
	s.Handle("GET /admin/system/publish", auth.PermSystem, s.publishPage)
	s.Handle("POST /admin/system/publish/rebuild", auth.PermSystem, s.publishRebuild)
}

type publishData struct {
	Dir     string // GONGKAI_PUBLISH_DIR of this node
	States  []store.PublishState
	Request store.RebuildRequest
	Pending bool // a 全部重新发布 not yet served by every directory
}

func (s *Server) publishPage(w http.ResponseWriter, r *http.Request) error {
	states, err := s.Store.PublishStates(r.Context())
	if err != nil {
		return err
	}
	req, err := s.Store.LastRebuildRequest(r.Context())
	if err != nil {
		return err
	}
	d := publishData{Dir: s.Config.PublishDir, States: states, Request: req}
	for _, st := range states {
		d.Pending = d.Pending || req.ID > st.RequestSeen
	}
	s.Render(w, r, http.StatusOK, "admin/publish", &Page{Title: "静态发布", Area: "system", Data: d})
	return nil
}

func (s *Server) publishRebuild(w http.ResponseWriter, r *http.Request) error {
	if err := s.ParseForm(w, r); err != nil {
		return err
	}
	if _, err := s.Store.RequestRebuild(r.Context(), s.Actor(r)); err != nil {
		return err
	}
	msg := "已请求全部重新发布：发布任务将在几秒内开始，完成后本页显示结果。"
	if s.Config.PublishDir == "" {
		msg = "已记录全部重新发布的请求；本节点未设置 GONGKAI_PUBLISH_DIR，由设置了发布目录的节点执行。"
	}
	return s.Flash(w, r, msg, "/admin/system/publish")
}
