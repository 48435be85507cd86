package web

import (
	"net/http"
	"time"

	"gongkai"
	"gongkai/internal/auth"
	"gongkai/internal/request"
	"gongkai/internal/store"
	"gongkai/internal/workday"
)

// Public limits of the application form and the API.
const (
	RequestsPerHour   = 5  // applications per address per hour
	RequestsPerDay    = 20 // and per day
	LookupsPerMinute  = 20 // code + secret lookups per address per minute (per node)
	RequestBodyMaxAPI = 64 << 10
)

// SubmitRequest stores an application: from the public (rate-limited per
// address over the database, so every node sees the same count; honeypot
// must be empty; the receipt date stays unconfirmed for online, post and
// fax) or from staff holding PermRequestManage (receivedOn by article 31).
func (s *Server) SubmitRequest(r *http.Request, app request.Application, receivedOn workday.Date, honeypot string) (store.Created, error) {
	if honeypot != "" {
		return store.Created{}, gongkai.Errorf(gongkai.EINVALID, "提交失败，请刷新页面后重新填写")
	}
	ctx := r.Context()
	u, staff := UserFrom(ctx)
	staff = staff && auth.Allowed(u.Role, auth.PermRequestManage)
	ip := s.ClientIP(r)
	if !staff {
		if !receivedOn.IsZero() {
			return store.Created{}, gongkai.Errorf(gongkai.EFORBIDDEN, "收到申请之日由政府信息公开工作机构确认，申请人不能填写")
		}
		app.Channel = request.Online
		now := s.Now().UTC()
		for _, lim := range []struct {
			d time.Duration
			n int
			w string
		}{{time.Hour, RequestsPerHour, "1小时"}, {24 * time.Hour, RequestsPerDay, "24小时"}} {
			n, err := s.Store.RecentSubmissions(ctx, ip, store.TS(now.Add(-lim.d)))
			if err != nil {
				return store.Created{}, err
			}
			if n >= lim.n {
				return store.Created{}, gongkai.Errorf(gongkai.ERATELIMIT, "同一网络地址%s内最多提交%d件申请，请稍后再试；如需提交更多申请，请联系政府信息公开工作机构", lim.w, lim.n)
			}
		}
	} else if receivedOn.IsZero() && !app.Channel.NeedsConfirmation() {
		return store.Created{}, gongkai.Errorf(gongkai.EINVALID, "当面提交或邮寄签收的申请请填写收到申请之日（%s）", app.Channel.Rule())
	}
	if !receivedOn.IsZero() && receivedOn.After(workday.DateOf(s.Now())) {
		return store.Created{}, gongkai.Errorf(gongkai.EINVALID, "收到申请之日 %s 晚于今天", receivedOn)
	}
	actor := s.Actor(r)
	if !staff {
		actor = auth.Actor{Login: "public", IP: ip}
	}
	cr, err := s.Store.CreateRequest(ctx, actor, store.NewRequest{Application: app, ReceivedOn: receivedOn, SubmitIP: ip})
	if err != nil {
		return cr, err
	}
	s.flagSimilar(r, cr, app.Description)
	return cr, nil
}

// LookupRequest returns the request for the public by code and secret,
// rate-limited per address.
func (s *Server) LookupRequest(r *http.Request, code, secret string) (request.Record, error) {
	if !s.limiter("request-lookup", LookupsPerMinute, time.Minute).Allow(s.ClientIP(r)) {
		return request.Record{}, gongkai.Errorf(gongkai.ERATELIMIT, "查询过于频繁，请一分钟后再试")
	}
	if code == "" || secret == "" {
		return request.Record{}, gongkai.Errorf(gongkai.EINVALID, "请填写查询码和查询密码")
	}
	return s.Store.RequestForApplicant(r.Context(), code, secret)
}

// CanSeeRequest reports whether u may see request rec at all: office and
// leader all, a unit user only the requests routed to their unit.
func CanSeeRequest(u auth.User, rec request.Record) bool {
	switch u.Role {
	case auth.RoleOffice, auth.RoleLeader:
		return true
	case auth.RoleUnit:
		return u.UnitID != 0 && rec.UnitID == u.UnitID
	}
	return false
}

// CanSeePersonal reports whether u may see the applicant's identity,
// contact and address: the office, the leader and the unit handling it.
func CanSeePersonal(u auth.User, rec request.Record) bool { return CanSeeRequest(u, rec) }
