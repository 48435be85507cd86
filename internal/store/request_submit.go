package store

import (
	"context"

	"gongkai"
	"gongkai/internal/auth"
	"gongkai/internal/request"
	"gongkai/internal/trackcode"
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
// when the channel needs no confirmation. The public's limits
// (RequestLimits) are taken in the transaction that stores the
// application, so only stored applications count. Requests asking what earlier ones
// asked are flagged for the proactive-disclosure review in the same
// transaction.
func (s *Store) SubmitRequest(ctx context.Context, a auth.Actor, sub Submission) (Created, error) {
	if sub.Honeypot != "" {
		return Created{}, gongkai.Errorf(gongkai.EINVALID, "提交失败，请刷新页面后重新填写")
	}
	app := sub.Application
	var limits []Rule
	staff := a.UserID != 0 && auth.Allowed(a.Role, auth.PermRequestManage)
	if !staff {
		if !sub.ReceivedOn.IsZero() {
			return Created{}, gongkai.Errorf(gongkai.EFORBIDDEN, "收到申请之日由政府信息公开工作机构确认，申请人不能填写")
		}
		app.Channel = request.Online
		limits = RequestLimits
		a = auth.Actor{Login: "public", IP: sub.IP}
	} else if sub.ReceivedOn.IsZero() && !app.Channel.NeedsConfirmation() {
		return Created{}, gongkai.Errorf(gongkai.EINVALID, "当面提交或邮寄签收的申请请填写收到申请之日（%s）", app.Channel.Rule())
	}
	return s.CreateRequest(ctx, a, NewRequest{Application: app, ReceivedOn: sub.ReceivedOn, SubmitIP: sub.IP, Limits: limits, FlagSimilar: true})
}

// flagSimilar flags the new request for the proactive-disclosure review
// when earlier requests of the past year ask for similar information
// (request.SimilarThreshold). It runs in the transaction that stores the
// application, so an acknowledged application always carries its flag:
// if the flag cannot be written, the application is not stored either
// and the applicant is told to retry.
func (tx *Tx) flagSimilar(ctx context.Context, id int64, desc string) error {
	codes, score, err := tx.s.similarRequests(ctx, tx, desc, ReviewSince(workday.DateOf(tx.Now)), id)
	if err != nil {
		return err
	}
	if len(codes) == 0 {
		return nil
	}
	if len(codes) > 10 {
		codes = codes[:10]
	}
	return tx.flagReview(ctx, auth.System, id, "similar", codes, score, "")
}

// LookupRequest returns the request for the public by code and secret,
// rate-limited per address (LimitLookups, counted in the database).
func (s *Store) LookupRequest(ctx context.Context, ip, code, secret string) (request.Record, error) {
	if err := s.TakeLimit(ctx, ip, LimitLookups); err != nil {
		return request.Record{}, err
	}
	if code == "" || secret == "" {
		return request.Record{}, gongkai.Errorf(gongkai.EINVALID, "请填写查询码和查询密码")
	}
	return s.RequestForApplicant(ctx, code, secret)
}

// RequestReceipt is the receipt (申请回执) of a request: its code, the
// secret as printed (given by the caller: the one just issued, or the one
// the applicant typed), the due date and how it is counted. For an
// application whose receipt date is not yet confirmed it states the due
// date if confirmed today. The caller adds the letterhead and the tracking
// address.
func (s *Store) RequestReceipt(ctx context.Context, id int64, secret string) (request.Receipt, error) {
	rec, err := s.Request(ctx, id)
	if err != nil {
		return request.Receipt{}, err
	}
	clock, err := s.RequestClock(ctx, id)
	if err != nil {
		return request.Receipt{}, err
	}
	cal, err := s.Calendar(ctx)
	if err != nil {
		return request.Receipt{}, err
	}
	today := workday.DateOf(s.Now())
	var ifToday workday.Date
	if rec.ReceivedOn.IsZero() {
		res, err := cal.AddWorkdays(today, request.ReplyDays)
		if err != nil {
			return request.Receipt{}, err
		}
		ifToday = res.Due
	}
	if secret != "" {
		secret = trackcode.FormatSecret(secret)
	}
	return request.NewReceipt("", rec, clock, secret, today, ifToday, ""), nil
}
