package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"gongkai"
	"gongkai/internal/auth"
	"gongkai/internal/notify"
	"gongkai/internal/plan"
	"gongkai/internal/sanitize"
	"gongkai/internal/workday"
)

// SetLiaison designates a unit's liaison from a date: the current one's
// term ends the day before, and the history keeps both.
func (s *Store) SetLiaison(ctx context.Context, a auth.Actor, unitID int64, name, phone string, from workday.Date) error {
	name, phone = strings.TrimSpace(name), strings.TrimSpace(phone)
	if name == "" || from.IsZero() {
		return gongkai.Errorf(gongkai.EINVALID, "请填写联络员姓名和起始日期")
	}
	if len([]rune(name)) > 40 || len(phone) > 30 {
		return gongkai.Errorf(gongkai.EINVALID, "姓名不超过 40 字，电话不超过 30 位")
	}
	if err := sanitize.CheckNames("联络员姓名", name, "联系电话", phone); err != nil {
		return err
	}
	return s.InTx(ctx, func(tx *Tx) error {
		var curID int64
		var curName string
		var curStart workday.Date
		err := tx.QueryRow(ctx, `SELECT id, name, started_on FROM plan_liaisons WHERE unit_id = ? AND ended_on IS NULL`, unitID).Scan(&curID, &curName, &curStart)
		if err != nil && !IsNotFound(s.translate(err)) {
			return s.translate(err)
		}
		if curID != 0 {
			if from.Before(curStart) || from == curStart {
				return gongkai.Errorf(gongkai.EINVALID, "起始日期应晚于现任联络员的起始日期 %s", curStart)
			}
			if err := tx.Guarded(ctx, `UPDATE plan_liaisons SET ended_on = ? WHERE id = ? AND ended_on IS NULL`, from.AddDays(-1), curID); err != nil {
				return err
			}
		}
		id, err := tx.Insert(ctx, `INSERT INTO plan_liaisons (unit_id, name, phone, started_on, created_at) VALUES (?, ?, ?, ?, ?)`, unitID, name, phone, from, TS(tx.Now))
		if err != nil {
			return fmt.Errorf("store: insert liaison: %w", err)
		}
		return tx.Audit(ctx, a, "liaison", "unit", unitID, "指定联络员 "+name, curName, name+" "+phone+" 自 "+from.String()+"（#"+fmt.Sprint(id)+"）")
	})
}

// Liaisons returns the liaison history of every unit (or one), ordered by
// unit and start date.
func (s *Store) Liaisons(ctx context.Context, unitID int64) ([]plan.Liaison, error) {
	q := `SELECT l.id, l.unit_id, u.name, l.name, l.phone, l.started_on, l.ended_on FROM plan_liaisons l JOIN units u ON u.id = l.unit_id`
	var args []any
	if unitID != 0 {
		q += ` WHERE l.unit_id = ?`
		args = append(args, unitID)
	}
	rows, err := s.query(ctx, q+` ORDER BY u.sort, u.id, l.started_on, l.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: liaisons: %w", err)
	}
	defer rows.Close()
	var out []plan.Liaison
	for rows.Next() {
		var l plan.Liaison
		var ended sql.NullString
		if err := rows.Scan(&l.ID, &l.UnitID, &l.UnitName, &l.Name, &l.Phone, &l.StartedOn, &ended); err != nil {
			return nil, err
		}
		if ended.Valid {
			l.EndedOn, _ = workday.ParseDate(ended.String)
		}
		out = append(out, l)
	}
	return out, s.translate(rows.Err())
}

// AddTraining records a training and its attendance by unit.
func (s *Store) AddTraining(ctx context.Context, a auth.Actor, t plan.Training) (int64, error) {
	t.Topic, t.Organiser = strings.TrimSpace(t.Topic), strings.TrimSpace(t.Organiser)
	if t.Topic == "" || t.Organiser == "" || t.HeldOn.IsZero() {
		return 0, gongkai.Errorf(gongkai.EINVALID, "请填写培训日期、主题和组织单位")
	}
	if err := sanitize.CheckNames("培训主题", t.Topic, "组织单位", t.Organiser); err != nil {
		return 0, err
	}
	var id int64
	err := s.InTx(ctx, func(tx *Tx) error {
		var err error
		id, err = tx.Insert(ctx, `INSERT INTO plan_trainings (held_on, topic, organiser, created_at) VALUES (?, ?, ?, ?)`, t.HeldOn, t.Topic, t.Organiser, TS(tx.Now))
		if err != nil {
			return fmt.Errorf("store: insert training: %w", err)
		}
		for u, n := range t.Attendees {
			if n <= 0 {
				continue
			}
			if _, err := tx.Exec(ctx, `INSERT INTO plan_training_units (training_id, unit_id, attendees) VALUES (?, ?, ?)`, id, u, n); err != nil {
				return fmt.Errorf("store: insert attendance: %w", err)
			}
		}
		return tx.Audit(ctx, a, "create", "plan_training", id, "登记培训“"+t.Topic+"”", nil, t)
	})
	return id, err
}

// Trainings lists the trainings, newest first, with attendance totals.
func (s *Store) Trainings(ctx context.Context) ([]plan.Training, error) {
	rows, err := s.query(ctx, `SELECT t.id, t.held_on, t.topic, t.organiser, t.created_at,
		(SELECT COUNT(*) FROM plan_training_units x WHERE x.training_id = t.id),
		(SELECT COALESCE(SUM(attendees), 0) FROM plan_training_units x WHERE x.training_id = t.id)
		FROM plan_trainings t ORDER BY t.held_on DESC, t.id DESC`)
	if err != nil {
		return nil, fmt.Errorf("store: trainings: %w", err)
	}
	defer rows.Close()
	var out []plan.Training
	for rows.Next() {
		var t plan.Training
		var c string
		if err := rows.Scan(&t.ID, &t.HeldOn, &t.Topic, &t.Organiser, &c, &t.Units, &t.People); err != nil {
			return nil, err
		}
		t.Created = ParseTS(c)
		out = append(out, t)
	}
	return out, s.translate(rows.Err())
}

// AskHelp opens a help ticket from a unit to the office.
func (s *Store) AskHelp(ctx context.Context, a auth.Actor, u auth.User, title, body string) (int64, error) {
	title, body = strings.TrimSpace(title), strings.TrimSpace(body)
	if title == "" || body == "" {
		return 0, gongkai.Errorf(gongkai.EINVALID, "请填写问题标题和具体情况")
	}
	if len([]rune(title)) > 100 || len([]rune(body)) > 5000 {
		return 0, gongkai.Errorf(gongkai.EINVALID, "标题不超过 100 字，内容不超过 5000 字")
	}
	if u.UnitID == 0 {
		return 0, gongkai.Errorf(gongkai.EINVALID, "您的账号没有所属单位，无法提交")
	}
	var id int64
	err := s.InTx(ctx, func(tx *Tx) error {
		var err error
		id, err = tx.Insert(ctx, `INSERT INTO plan_tickets (unit_id, title, body, status, asked_by, created_at) VALUES (?, ?, ?, 'open', ?, ?)`,
			u.UnitID, title, body, u.Name, TS(tx.Now))
		if err != nil {
			return fmt.Errorf("store: insert ticket: %w", err)
		}
		if _, err := tx.Notify(ctx, notify.Notification{Key: fmt.Sprintf("plan:ticket:%d:new", id), Role: auth.RoleOffice, Level: "info",
			Title: u.UnitName + "请求帮助：" + title, Body: body, Link: "/admin/plan/tickets"}); err != nil {
			return err
		}
		return tx.Audit(ctx, a, "create", "plan_ticket", id, "提交疑难问题“"+title+"”", nil, nil)
	})
	return id, err
}

// AnswerTicket is the office's answer.
func (s *Store) AnswerTicket(ctx context.Context, a auth.Actor, u auth.User, id int64, answer string) error {
	answer = strings.TrimSpace(answer)
	if answer == "" {
		return gongkai.Errorf(gongkai.EINVALID, "请填写答复")
	}
	return s.InTx(ctx, func(tx *Tx) error {
		var unit int64
		if err := tx.QueryRow(ctx, `SELECT unit_id FROM plan_tickets WHERE id = ?`, id).Scan(&unit); err != nil {
			return s.translate(err)
		}
		if err := tx.Guarded(ctx, `UPDATE plan_tickets SET status = 'answered', answer = ?, answered_by = ?, answered_at = ? WHERE id = ? AND status = 'open'`,
			answer, u.Name, TS(tx.Now), id); err != nil {
			return err
		}
		if _, err := tx.Notify(ctx, notify.Notification{Key: fmt.Sprintf("plan:ticket:%d:answer", id), UnitID: unit, Level: "info",
			Title: "办公室已答复您的问题", Body: answer, Link: "/admin/plan/tickets"}); err != nil {
			return err
		}
		return tx.Audit(ctx, a, "answer", "plan_ticket", id, "答复疑难问题", "open", "answered")
	})
}

// Tickets lists help tickets (of one unit, or all).
func (s *Store) Tickets(ctx context.Context, unitID int64) ([]plan.Ticket, error) {
	q := `SELECT t.id, t.unit_id, u.name, t.title, t.body, t.status, t.answer, t.asked_by, t.answered_by, t.created_at, t.answered_at
		FROM plan_tickets t JOIN units u ON u.id = t.unit_id`
	var args []any
	if unitID != 0 {
		q += " WHERE t.unit_id = ?"
		args = append(args, unitID)
	}
	rows, err := s.query(ctx, q+" ORDER BY t.id DESC", args...)
	if err != nil {
		return nil, fmt.Errorf("store: tickets: %w", err)
	}
	defer rows.Close()
	var out []plan.Ticket
	for rows.Next() {
		var t plan.Ticket
		var c, an string
		if err := rows.Scan(&t.ID, &t.UnitID, &t.UnitName, &t.Title, &t.Body, &t.Status, &t.Answer, &t.AskedBy, &t.AnsweredBy, &c, &an); err != nil {
			return nil, err
		}
		t.Created, t.AnsweredAt = ParseTS(c), ParseTS(an)
		out = append(out, t)
	}
	return out, s.translate(rows.Err())
}
