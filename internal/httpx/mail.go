package httpx

import (
	"context"
	"time"

	"gongkai"
	"gongkai/internal/notify"
	"gongkai/internal/request"
)

// Mailer is the configured SMTP relay (Addr empty: e-mail is off).
func (s *Server) Mailer() notify.SMTP {
	c := s.Config
	return notify.SMTP{Addr: c.SMTPAddr, From: c.SMTPFrom, User: c.SMTPUser, Password: c.SMTPPass, Timeout: 10 * time.Second}
}

// MailOn reports whether e-mail can be sent.
func (s *Server) MailOn() bool { return s.Config.SMTPAddr != "" }

// MailReceipt sends an applicant their receipt (申请回执) at the address
// they gave, at once: it holds the secret, which is never stored in clear,
// so it cannot wait in the outbox. Both doors (portal form, API) use it.
// The error says in Chinese why it was not sent; the application itself
// is stored either way.
func (s *Server) MailReceipt(ctx context.Context, to string, rc request.Receipt) error {
	if !s.MailOn() {
		return gongkai.Errorf(gongkai.EINVALID, "本站未开通邮件发送，请打印或记下回执")
	}
	if to == "" {
		return gongkai.Errorf(gongkai.EINVALID, "申请中没有填写电子邮箱，无法发送回执")
	}
	subject, body := rc.Mail()
	if err := s.Mailer().Send(ctx, []string{to}, subject, body, s.Now()); err != nil {
		s.Log.Warn("receipt mail", "code", rc.Code, "err", err)
		return gongkai.Errorf(gongkai.EINVALID, "回执邮件未能发出（邮件服务器暂时无法投递），请打印或记下回执")
	}
	return nil
}
