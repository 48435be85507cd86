package web

import (
	"html/template"
	"net/http"
	"strconv"
	"strings"
	"time"

	"gongkai"
	"gongkai/internal/auth"
	"gongkai/internal/httpx"
	"gongkai/internal/participation"
	"gongkai/internal/workday"
)

// routesParticipation registers the console and portal routes of this area.
func (s *Server) routesParticipation() {
	view, manage, handle, public := auth.PermParticipationView, auth.PermParticipationManage, auth.PermParticipationHandle, auth.PermPublic

	// Portal.
	s.Handle("GET /consultations", public, s.portalConsultations)
	s.Handle("GET /consultations/{id}", public, s.portalConsultation)
	s.Handle("POST /consultations/{id}/comments", public, s.portalComment)
	s.Handle("GET /messages", public, s.portalMessages)
	s.Handle("GET /messages/new", public, s.portalMessageNew)
	s.Handle("POST /messages", public, s.portalMessageSubmit)
	s.Handle("GET /messages/{id}", public, s.portalMessage)
	s.Handle("GET /messages/track", public, s.messageTrackPage)
	s.Handle("POST /messages/track", public, s.messageTrack)
	s.Handle("GET /evaluations", public, s.portalEvaluations)
	s.Handle("GET /evaluations/{year}", public, s.portalEvaluations)

	// Console.
	s.Handle("GET /admin/participation/{$}", view, s.participationHome)
	s.Handle("POST /admin/participation/settings", manage, s.participationSettings)
	s.Handle("POST /admin/participation/evaluations/settings", manage, s.evaluationSettings)

	s.Handle("GET /admin/participation/consultations", view, s.consultationsPage)
	s.Handle("POST /admin/participation/consultations", manage, s.consultationCreate)
	s.Handle("GET /admin/participation/consultations/{id}", view, s.consultationPage)
	s.Handle("POST /admin/participation/consultations/{id}", manage, s.consultationUpdate)
	s.Handle("POST /admin/participation/consultations/{id}/open", manage, s.consultationOpen)
	s.Handle("POST /admin/participation/consultations/{id}/close", manage, s.consultationClose)
	s.Handle("POST /admin/participation/consultations/{id}/comments/{cid}/moderate", manage, s.commentModerate)
	s.Handle("POST /admin/participation/consultations/{id}/comments/{cid}/answer", manage, s.commentAnswer)
	s.Handle("POST /admin/participation/consultations/{id}/inputs", handle, s.inputAdd)
	s.Handle("POST /admin/participation/consultations/{id}/items", manage, s.feedbackItemAdd)
	s.Handle("POST /admin/participation/consultations/{id}/decision", manage, s.decisionRecord)
	s.Handle("POST /admin/participation/consultations/{id}/feedback", manage, s.feedbackPublish)

	s.Handle("GET /admin/participation/messages", view, s.messagesPage)
	s.Handle("GET /admin/participation/messages/{id}", view, s.messagePage)
	s.Handle("POST /admin/participation/messages/{id}/assign", manage, s.messageAssign)
	s.Handle("POST /admin/participation/messages/{id}/reply", handle, s.messageReply)
	s.Handle("POST /admin/participation/messages/{id}/publish", manage, s.messagePublish)
	s.Handle("POST /admin/participation/messages/{id}/reject", manage, s.messageReject)
	s.Handle("POST /admin/participation/findings/dismiss", manage, s.participationDismiss)

	s.Handle("GET /admin/participation/opinion", view, s.opinionsPage)
	s.Handle("POST /admin/participation/opinion", manage, s.opinionCreate)
	s.Handle("GET /admin/participation/opinion/{id}", view, s.opinionPage)
	s.Handle("POST /admin/participation/opinion/{id}/responses", handle, s.opinionRespond)
	s.Handle("POST /admin/participation/opinion/{id}/close", manage, s.opinionClose)

	s.Handle("GET /admin/participation/risk", view, s.riskList)
	// The document review links here for whoever blocks on it, the leader
	// who signs off included: recording an assessment is open to every
	// role that sees participation work.
	s.Handle("GET /admin/participation/risk/new", view, s.riskNew)
	s.Handle("POST /admin/participation/risk", view, s.riskCreate)

	s.Handle("GET /admin/participation/evaluations", view, s.evaluationsPage)
	s.Handle("POST /admin/participation/evaluations", handle, s.evaluationCreate)
	s.Handle("POST /admin/participation/evaluations/{id}/publish", manage, s.evaluationPublish)

	s.Handle("GET /admin/participation/media", view, s.mediaPage)
	s.Handle("POST /admin/participation/media", handle, s.mediaApplyOpen)
	s.Handle("POST /admin/participation/media/import", handle, s.mediaImport)
	s.Handle("GET /admin/participation/media/{id}", view, s.mediaAccountPage)
	s.Handle("POST /admin/participation/media/{id}/apply", handle, s.mediaApply)
	s.Handle("POST /admin/participation/media/{id}/last-post", handle, s.mediaLastPost)
	s.Handle("POST /admin/participation/media/{id}/releases", handle, s.mediaRelease)
	s.Handle("POST /admin/participation/media/applications/{aid}/decide", manage, s.mediaDecide)

	s.AddHomeProvider(participationHomeCards)
}

// participationFuncs are this area's template functions.
var participationFuncs = template.FuncMap{
	"channelsLabel": func(cs []participation.Channel) string {
		out := make([]string, len(cs))
		for i, c := range cs {
			out[i] = c.Label()
		}
		return strings.Join(out, "、")
	},
	"hasChannel": func(cs []participation.Channel, c participation.Channel) bool {
		for _, x := range cs {
			if x == c {
				return true
			}
		}
		return false
	},
	"hasString": func(list []string, s string) bool {
		for _, x := range list {
			if x == s {
				return true
			}
		}
		return false
	},
}

// ownUnit refuses a unit user acting on another unit's record.
func ownUnit(r *http.Request, unitID int64) error {
	u, _ := httpx.UserFrom(r.Context())
	if !u.SeesUnit(unitID) {
		return gongkai.Errorf(gongkai.EFORBIDDEN, "只能查看和办理本单位（%s）的事项", u.UnitName)
	}
	return nil
}

// unitScope is the unit a user's lists are limited to (0: all; -1, which
// matches nothing, for a unit user not bound to a unit).
func unitScope(r *http.Request) int64 {
	u, _ := httpx.UserFrom(r.Context())
	return u.UnitFilter()
}

func (s *Server) today() workday.Date { return workday.DateOf(s.Now()) }

// formTime reads a datetime-local field (Asia/Shanghai).
func formTime(r *http.Request, field, label string) (time.Time, error) {
	v := strings.TrimSpace(r.PostFormValue(field))
	if v == "" {
		return time.Time{}, gongkai.Errorf(gongkai.EINVALID, "请填写“%s”", label)
	}
	for _, layout := range []string{"2006-01-02T15:04", "2006-01-02 15:04", "2006-01-02T15:04:05"} {
		if t, err := time.ParseInLocation(layout, v, shanghai); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, gongkai.Errorf(gongkai.EINVALID, "“%s”应为“年-月-日 时:分”，如 2023-11-01 09:30", label)
}

// userError reports whether err is a user's mistake to show on the form
// (not an internal error).
func userError(err error) bool {
	c := gongkai.ErrorCode(err)
	return c == gongkai.EINVALID || c == gongkai.ECONFLICT || c == gongkai.ETOOLARGE || c == gongkai.ERATELIMIT
}

// parseID reads a positive id from a query or form value.
func parseID(v string) (int64, error) {
	n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
	if err != nil || n <= 0 {
		return 0, gongkai.Errorf(gongkai.EINVALID, "缺少有效的文件编号（document_id），请从文件审核页面进入")
	}
	return n, nil
}
