package store

import (
	"context"
	"log/slog"

	"gongkai"
	"gongkai/internal/auth"
	"gongkai/internal/request"
	"gongkai/internal/workday"
)

// Submission is an application as a door received it: the portal's form,
// the console's registration form or the API.
type Submission struct {
	Application request.Application
	ReceivedOn  workday.Date // staff only: the receipt date by article 31
	Honeypot    string       // a field people leave empty
	IP          string       // the client's address, for the public limits
}

// SubmitRequest stores an application from the public or from staff. The
// actor is the logged-in user (its role decides), or an anonymous actor
// for the public. The public is rate-limited per address (honeypot empty,
// channel online, the receipt date left for the office to confirm); staff
// holding PermRequestManage register any channel, with the receipt date
// when the channel needs no confirmation. Requests asking what earlier ones
// asked are flagged for the proactive-disclosure review.
func (s *Store) SubmitRequest(ctx context.Context, a auth.Actor, sub Submission) (Created, error) {
	if sub.Honeypot != "" {
		return Created{}, gongkai.Errorf(gongkai.EINVALID, "提交失败，请刷新页面后重新填写")
	}
	app := sub.Application
	staff := a.UserID != 0 && auth.Allowed(a.Role, auth.PermRequestManage)
	if !staff {
		if !sub.ReceivedOn.IsZero() {
			return Created{}, gongkai.Errorf(gongkai.EFORBIDDEN, "收到申请之日由政府信息公开工作机构确认，申请人不能填写")
		}
		app.Channel = request.Online
		if err := s.checkSubmissionLimits(ctx, sub.IP); err != nil {
			return Created{}, err
		}
		a = auth.Actor{Login: "public", IP: sub.IP}
	} else if sub.ReceivedOn.IsZero() && !app.Channel.NeedsConfirmation() {
		return Created{}, gongkai.Errorf(gongkai.EINVALID, "当面提交或邮寄签收的申请请填写收到申请之日（%s）", app.Channel.Rule())
	}
	if !sub.ReceivedOn.IsZero() && sub.ReceivedOn.After(workday.DateOf(s.Now())) {
		return Created{}, gongkai.Errorf(gongkai.EINVALID, "收到申请之日 %s 晚于今天", sub.ReceivedOn)
	}
	cr, err := s.CreateRequest(ctx, a, NewRequest{Application: app, ReceivedOn: sub.ReceivedOn, SubmitIP: sub.IP})
	if err != nil {
		return cr, err
	}
	s.flagSimilar(ctx, cr, app.Description)
	return cr, nil
}

// flagSimilar flags the new request for the proactive-disclosure review
// when earlier requests of the past year ask for similar information
// (request.SimilarThreshold). A failure here does not undo the
// application; it is logged.
func (s *Store) flagSimilar(ctx context.Context, cr Created, desc string) {
	others, err := s.RequestDescriptions(ctx, ReviewSince(workday.DateOf(s.Now())), cr.ID)
	if err != nil {
		slog.Warn("similar requests", "err", err)
		return
	}
	codes, score := request.SimilarTo(desc, others)
	if len(codes) == 0 {
		return
	}
	if len(codes) > 10 {
		codes = codes[:10]
	}
	if err := s.FlagReview(ctx, auth.System, cr.ID, "similar", codes, score, ""); err != nil {
		slog.Warn("flag review", "err", err)
	}
}

// LookupRequest returns the request for the public by code and secret,
// rate-limited per address (checkLookupLimit).
func (s *Store) LookupRequest(ctx context.Context, ip, code, secret string) (request.Record, error) {
	if err := s.checkLookupLimit(ip); err != nil {
		return request.Record{}, err
	}
	if code == "" || secret == "" {
		return request.Record{}, gongkai.Errorf(gongkai.EINVALID, "请填写查询码和查询密码")
	}
	return s.RequestForApplicant(ctx, code, secret)
}
