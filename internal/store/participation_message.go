package store

import (
	"context"
	"crypto/subtle"
	"fmt"
	"strconv"
	"strings"
	"time"

	"gongkai"
	"gongkai/internal/auth"
	"gongkai/internal/disclosure"
	"gongkai/internal/notify"
	"gongkai/internal/participation"
	"gongkai/internal/sanitize"
	"gongkai/internal/scan"
	"gongkai/internal/trackcode"
	"gongkai/internal/workday"
)

// Setting keys of this area.
const (
	SettingReplyWorkdays   = "participation.reply_workdays"
	SettingEvaluationQuota = "participation.evaluation_quota"
	SettingEvaluationScope = "participation.evaluation_scope"
)

// ParticipationSettings are the configurable limits of this area.
type ParticipationSettings struct {
	ReplyWorkdays   int                      // message reply deadline, working days
	EvaluationQuota int                      // policy evaluations a year
	EvaluationScope participation.QuotaScope // counted for the bureau (default) or per department
}

// ParticipationSettings reads the settings, with their defaults.
func (s *Store) ParticipationSettings(ctx context.Context) (ParticipationSettings, error) {
	out := ParticipationSettings{ReplyWorkdays: participation.DefaultReplyWorkdays, EvaluationQuota: participation.DefaultEvaluationQuota,
		EvaluationScope: participation.ScopeBureau}
	m, err := s.Settings(ctx)
	if err != nil {
		return out, err
	}
	if n, err := strconv.Atoi(m[SettingReplyWorkdays]); err == nil && n > 0 && n <= 60 {
		out.ReplyWorkdays = n
	}
	if n, err := strconv.Atoi(m[SettingEvaluationQuota]); err == nil && n > 0 && n <= 50 {
		out.EvaluationQuota = n
	}
	if sc := participation.QuotaScope(m[SettingEvaluationScope]); sc.Valid() {
		out.EvaluationScope = sc
	}
	return out, nil
}

// SaveEvaluationQuota stores the quota of policy evaluations and its scope
// (audited, one transaction each setting).
func (s *Store) SaveEvaluationQuota(ctx context.Context, a auth.Actor, quota int, scope participation.QuotaScope) error {
	if quota < 1 || quota > 50 {
		return gongkai.Errorf(gongkai.EINVALID, "政策评价次数应为 1 到 50 之间的整数")
	}
	if !scope.Valid() {
		return gongkai.Errorf(gongkai.EINVALID, "请选择评价次数的计算范围：全局合计，或每个科室分别计算")
	}
	if err := s.PutSetting(ctx, a, SettingEvaluationQuota, strconv.Itoa(quota)); err != nil {
		return err
	}
	return s.PutSetting(ctx, a, SettingEvaluationScope, string(scope))
}

// Message is a stored message or error report.
type Message struct {
	ID int64
	participation.Message
	IP        string
	Status    participation.MessageStatus
	UnitID    int64
	UnitName  string
	Received  workday.Date
	Due       workday.Date
	Reply     string
	Replied   workday.Date
	ReplyUnit string
	Note      string
	Created   time.Time
	// Code is the tracking code (LY2026-…, ZC2026-…; empty for messages
	// stored before codes); Secret is returned once, when the message is
	// stored, and only its hash is kept.
	Code   string
	Secret string
}

const messageCols = `m.code, m.id, m.kind, m.title, m.content, m.name, m.contact, m.page_url, m.ip, m.status, COALESCE(m.unit_id, 0), COALESCE(u.name, ''),
	m.received_on, m.due_on, m.reply, m.replied_on, m.reply_unit, m.note, m.created_at`

func scanMessage(sc interface{ Scan(...any) error }) (Message, error) {
	var m Message
	var kind, status, created string
	err := sc.Scan(&m.Code, &m.ID, &kind, &m.Title, &m.Content, &m.Name, &m.Contact, &m.PageURL, &m.IP, &status, &m.UnitID, &m.UnitName,
		&m.Received, &m.Due, &m.Reply, &m.Replied, &m.ReplyUnit, &m.Note, &created)
	m.Kind, m.Status, m.Created = participation.MessageKind(kind), participation.MessageStatus(status), ParseTS(created)
	return m, err
}

// SubmitMessage stores a public message, received today, with its reply
// deadline. The message is checked (participation.CheckMessage) before it
// is counted against the address's limit (LimitMessages, in the database).
func (s *Store) SubmitMessage(ctx context.Context, in participation.Message, ip string) (Message, error) {
	in, err := participation.CheckMessage(in, "")
	if err != nil {
		return Message{}, err
	}
	if err := s.TakeLimit(ctx, ip, LimitMessages); err != nil {
		return Message{}, err
	}
	return s.RegisterMessage(ctx, in, ip, workday.DateOf(s.Now()))
}

// RegisterMessage stores a message received on received (a letter or call
// registered later, or an import), with its reply deadline counted from
// that day. received may not be in the future.
func (s *Store) RegisterMessage(ctx context.Context, in participation.Message, ip string, received workday.Date) (Message, error) {
	if received.After(workday.DateOf(s.Now())) {
		return Message{}, gongkai.Errorf(gongkai.EINVALID, "受理日期（%s）晚于今天，请更正", received)
	}
	if err := sanitize.CheckNames("标题", in.Title, "姓名或称呼", in.Name, "联系方式", in.Contact); err != nil {
		return Message{}, err
	}
	m := Message{Message: in, IP: ip, Status: participation.MsgReceived, Received: received}
	cfg, err := s.ParticipationSettings(ctx)
	if err != nil {
		return m, err
	}
	cal, err := s.Calendar(ctx)
	if err != nil {
		return m, err
	}
	res, err := participation.ReplyDue(cal, m.Received, cfg.ReplyWorkdays)
	if err != nil {
		return m, err
	}
	m.Due = res.Due
	if m.Secret, err = trackcode.NewSecret(); err != nil {
		return m, err
	}
	prefix := trackcode.Message
	if in.Kind == participation.KindError {
		prefix = trackcode.ErrorReport
	}
	err = s.InTx(ctx, func(tx *Tx) error {
		if m.Code, err = tx.freeCode(ctx, "messages", prefix, m.Received.Year); err != nil {
			return err
		}
		m.ID, err = tx.Insert(ctx, `INSERT INTO messages (code, secret_hash, kind, title, content, name, contact, page_url, ip, status, received_on, due_on, reply_days, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'received', ?, ?, ?, ?, ?)`,
			m.Code, HashSecret(trackcode.NormalizeSecret(m.Secret)), string(in.Kind), in.Title, in.Content, in.Name, in.Contact, in.PageURL, ip, m.Received, m.Due, cfg.ReplyWorkdays, TS(tx.Now), TS(tx.Now))
		if err != nil {
			return err
		}
		if _, err := tx.Notify(ctx, notify.Notification{Key: fmt.Sprintf("participation:message:%d:new", m.ID), Role: auth.RoleOffice, Level: "info",
			Title: "新" + in.Kind.Label() + "：" + in.Title, Body: "请转交承办单位，答复时限 " + m.Due.String() + "。", Link: fmt.Sprintf("/admin/participation/messages/%d", m.ID)}); err != nil {
			return err
		}
		return tx.Audit(ctx, auth.Actor{Login: "public", IP: ip}, "create", "message", m.ID, "公众提交"+in.Kind.Label()+" "+m.Code, nil, nil)
	})
	if err != nil {
		return m, fmt.Errorf("store: submit message: %w", err)
	}
	return m, nil
}

// MessageFilter selects messages.
type MessageFilter struct {
	UnitID int64
	// PublicOnly lists the published messages as the portal shows them
	// (masked, without the citizen's name and contact: see PublicMessages).
	PublicOnly bool
	Kind       participation.MessageKind
	Status     participation.MessageStatus
	Open       bool // not yet answered and valid
	Limit      int
}

// Messages lists messages, newest first.
func (s *Store) Messages(ctx context.Context, f MessageFilter) ([]Message, error) {
	q := `SELECT ` + messageCols + ` FROM messages m LEFT JOIN units u ON u.id = m.unit_id WHERE 1 = 1`
	var args []any
	if f.UnitID != 0 {
		q += ` AND m.unit_id = ?`
		args = append(args, f.UnitID)
	}
	if f.PublicOnly {
		q += ` AND m.status = 'published'`
	}
	if f.Kind != "" {
		q += ` AND m.kind = ?`
		args = append(args, string(f.Kind))
	}
	if f.Status != "" {
		q += ` AND m.status = ?`
		args = append(args, string(f.Status))
	}
	if f.Open {
		q += ` AND m.status IN ('received', 'assigned')`
	}
	q += ` ORDER BY m.received_on DESC, m.id DESC`
	if f.Limit > 0 {
		q += ` LIMIT ` + strconv.Itoa(f.Limit)
	}
	out, err := collect(ctx, s, scanMessage, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: messages: %w", err)
	}
	if f.PublicOnly {
		return s.maskMessages(ctx, out)
	}
	return out, nil
}

// Message returns one message.
func (s *Store) Message(ctx context.Context, id int64) (Message, error) {
	m, err := scanMessage(s.queryRow(ctx, `SELECT `+messageCols+` FROM messages m LEFT JOIN units u ON u.id = m.unit_id WHERE m.id = ?`, id))
	if err != nil {
		return m, fmt.Errorf("store: message %d: %w", id, s.translate(err))
	}
	return m, nil
}

func (s *Store) moveMessage(ctx context.Context, a auth.Actor, id int64, to participation.MessageStatus, set string, args []any, summary string, then ...func(tx *Tx, m Message) error) error {
	m, err := s.Message(ctx, id)
	if err != nil {
		return err
	}
	if err := participation.CheckMessageMove(m.Status, to); err != nil {
		return err
	}
	return s.auditRefused(ctx, a, s.InTx(ctx, func(tx *Tx) error {
		q := `UPDATE messages SET status = ?, ` + set + `, updated_at = ? WHERE id = ? AND status = ?`
		all := append(append([]any{string(to)}, args...), TS(tx.Now), id, string(m.Status))
		if err := tx.Guarded(ctx, q, all...); err != nil {
			return err
		}
		for _, f := range then {
			if err := f(tx, m); err != nil {
				return err
			}
		}
		return tx.Audit(ctx, a, "status", "message", id, summary, string(m.Status), string(to))
	}))
}

// AssignMessage routes a message to the responsible unit.
func (s *Store) AssignMessage(ctx context.Context, a auth.Actor, id, unitID int64, note string) error {
	u, err := s.Unit(ctx, unitID)
	if err != nil {
		return gongkai.Errorf(gongkai.EINVALID, "请选择承办单位")
	}
	return s.moveMessage(ctx, a, id, participation.MsgAssigned, `unit_id = ?, note = ?`, []any{unitID, strings.TrimSpace(note)}, "转交"+u.Name+"办理",
		func(tx *Tx, m Message) error {
			_, err := tx.Notify(ctx, notify.Notification{Key: fmt.Sprintf("participation:message:%d:assigned:%d", id, unitID), UnitID: unitID, Level: "info",
				Title: "请答复" + m.Kind.Label() + "：" + m.Title, Body: "答复时限 " + m.Due.String() + "。", Link: fmt.Sprintf("/admin/participation/messages/%d", id)})
			return err
		})
}

// ReplyMessage records the reply on today by the unit replyUnit.
func (s *Store) ReplyMessage(ctx context.Context, a auth.Actor, id int64, reply, replyUnit string) error {
	reply, err := participation.CheckReply(reply)
	if err != nil {
		return err
	}
	if strings.TrimSpace(replyUnit) == "" {
		return gongkai.Errorf(gongkai.EINVALID, "请填写答复部门")
	}
	today := workday.DateOf(s.Now())
	return s.moveMessage(ctx, a, id, participation.MsgReplied, `reply = ?, reply_unit = ?, replied_on = ?`, []any{reply, strings.TrimSpace(replyUnit), today}, "答复留言")
}

// PublishMessage makes a replied message and its reply public: masked
// (ID, mobile and card numbers, e-mail addresses, names next to them), and
// refused while a finding stands over the masked text (a sensitive word)
// that the office has not dismissed.
func (s *Store) PublishMessage(ctx context.Context, a auth.Actor, id int64) error {
	return s.moveMessage(ctx, a, id, participation.MsgPublished, `note = note`, nil, "公开留言及答复",
		func(tx *Tx, m Message) error {
			_, err := tx.gatePublic(ctx, disclosure.ItemMessage, id, "publish", "留言“"+scan.MaskPersonal(m.Title)+"”不能公开")
			return err
		})
}

// PublicMessages lists the published messages as the portal shows them:
// title, content, page address and reply masked, the citizen's name and
// contact left out.
func (s *Store) PublicMessages(ctx context.Context, limit int) ([]Message, error) {
	return s.Messages(ctx, MessageFilter{PublicOnly: true, Limit: limit})
}

// PublicMessage returns one published message as the portal shows it, or
// ENOTFOUND when it is not public.
func (s *Store) PublicMessage(ctx context.Context, id int64) (Message, error) {
	m, err := s.Message(ctx, id)
	if err != nil {
		return m, err
	}
	if m.Status != participation.MsgPublished {
		return Message{}, gongkai.Errorf(gongkai.ENOTFOUND, "该留言不存在或尚未公开")
	}
	list, err := s.maskMessages(ctx, []Message{m})
	if err != nil {
		return Message{}, err
	}
	return list[0], nil
}

func (s *Store) maskMessages(ctx context.Context, list []Message) ([]Message, error) {
	ids := make([]int64, len(list))
	for i, m := range list {
		ids[i] = m.ID
	}
	pub, err := s.publicTextsOf(ctx, disclosure.ItemMessage, ids)
	if err != nil {
		return nil, err
	}
	for i := range list {
		m := &list[i]
		p := pub[m.ID]
		m.Title = publicText(p, "message/title", m.Title)
		m.Content = publicText(p, "message/content", m.Content)
		m.PageURL = publicText(p, "message/page_url", m.PageURL)
		m.Reply = publicText(p, "reply/reply", m.Reply)
		m.Name, m.Contact, m.IP, m.Note = "", "", "", ""
	}
	return list, nil
}

// LookupMessage returns a message or error report to whoever holds its
// code and secret (as typed by hand: see trackcode), rate-limited per
// address like the applications' lookup (LimitLookups). A wrong secret is
// the same "not found" as a wrong code. The citizen sees their text and the
// reply masked as published (ID, mobile and card numbers, e-mail
// addresses), never their name, contact or address.
func (s *Store) LookupMessage(ctx context.Context, ip, code, secret string) (Message, error) {
	if err := s.TakeLimit(ctx, ip, LimitLookups); err != nil {
		return Message{}, err
	}
	code, secret = trackcode.NormalizeCode(code), trackcode.NormalizeSecret(secret)
	if code == "" || secret == "" {
		return Message{}, gongkai.Errorf(gongkai.EINVALID, "请填写查询码和查询密码")
	}
	notFound := gongkai.Errorf(gongkai.ENOTFOUND, "查询码或查询密码不正确，请核对后重试")
	var id int64
	var hash string
	if err := s.queryRow(ctx, `SELECT id, secret_hash FROM messages WHERE code = ?`, code).Scan(&id, &hash); err != nil {
		if IsNotFound(s.translate(err)) {
			return Message{}, notFound
		}
		return Message{}, fmt.Errorf("store: message lookup: %w", s.translate(err))
	}
	if hash == "" || subtle.ConstantTimeCompare([]byte(hash), []byte(HashSecret(secret))) != 1 {
		return Message{}, notFound
	}
	m, err := s.Message(ctx, id)
	if err != nil {
		return m, err
	}
	m.Title, m.Content, m.Reply = scan.MaskPersonal(m.Title), scan.MaskPersonal(m.Content), scan.MaskPersonal(m.Reply)
	m.PageURL = scan.MaskPersonal(m.PageURL)
	m.Name, m.Contact, m.IP, m.Note = "", "", "", ""
	return m, nil
}

// RejectMessage marks a message invalid (spam, abuse, duplicate) with the
// reason; it never becomes public and does not count for the 3-month alarm.
func (s *Store) RejectMessage(ctx context.Context, a auth.Actor, id int64, reason string) error {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return gongkai.Errorf(gongkai.EINVALID, "请说明判定为无效留言的理由")
	}
	return s.moveMessage(ctx, a, id, participation.MsgInvalid, `note = ?`, []any{reason}, "判定为无效留言："+reason)
}

// MessageStats are the counts for the statistics page.
type MessageStats struct {
	Total, Answered, Published, Invalid, Open, Overdue, Stale int
	OnTime                                                    int // answered by the due date
	ByMonth                                                   []MonthCount
	ByUnit                                                    []NameCount
}

// MonthCount is a count per month ("2023-11").
type MonthCount struct {
	Month           string
	Received, Reply int
}

// NameCount is a count per name.
type NameCount struct {
	Name  string
	Count int
}

// MessageStatistics counts the messages of year (0: all) as of today.
func (s *Store) MessageStatistics(ctx context.Context, year int, today workday.Date) (MessageStats, error) {
	var st MessageStats
	all, err := s.Messages(ctx, MessageFilter{})
	if err != nil {
		return st, err
	}
	months := map[string]*MonthCount{}
	units := map[string]int{}
	for _, m := range all {
		if year != 0 && m.Received.Year != year {
			continue
		}
		st.Total++
		mk := fmt.Sprintf("%04d-%02d", m.Received.Year, int(m.Received.Month))
		if months[mk] == nil {
			months[mk] = &MonthCount{Month: mk}
		}
		months[mk].Received++
		switch {
		case m.Status == participation.MsgInvalid:
			st.Invalid++
		case m.Status.Answered():
			st.Answered++
			months[mk].Reply++
			if !m.Replied.After(m.Due) {
				st.OnTime++
			}
			if m.Status == participation.MsgPublished {
				st.Published++
			}
		default:
			st.Open++
			if today.After(m.Due) {
				st.Overdue++
			}
			if participation.MessageStale(m.Received, today) {
				st.Stale++
			}
		}
		if m.UnitName != "" {
			units[m.UnitName]++
		}
	}
	for _, mc := range months {
		st.ByMonth = append(st.ByMonth, *mc)
	}
	sortMonths(st.ByMonth)
	for n, c := range units {
		st.ByUnit = append(st.ByUnit, NameCount{n, c})
	}
	sortNames(st.ByUnit)
	return st, nil
}
