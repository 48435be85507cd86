package store

import (
	"context"
	"crypto/subtle"
	"database/sql"
	"errors"
	"fmt"

	"gongkai"
	"gongkai/internal/auth"
	"gongkai/internal/request"
	"gongkai/internal/trackcode"
)

const requestCols = `r.id, r.code, r.channel, r.applicant_type, r.applicant_name, r.id_number, r.phone, r.email, r.address, r.contact,
	r.description, r.purpose, r.form, r.state, r.submitted_at, r.received_on, r.due_on, r.paused_until, r.closed_on, r.outcome,
	r.unit_id, COALESCE(u.name, ''), r.unit_due_on, r.draft_outcome, r.legal_basis, r.info_provided, r.reply_body, r.drafted_by,
	r.ext_days, r.ext_reason, r.ext_requested_by, r.fee_basis, r.fee_units, r.fee_amount, r.letter_sha, r.delivered_on,
	r.delivery_method, r.archived_at, r.archive_sha, r.created_by, r.version, r.updated_at`

const requestFrom = ` FROM requests r LEFT JOIN units u ON u.id = r.unit_id`

func scanRequest(sc interface{ Scan(...any) error }) (request.Record, error) {
	var r request.Record
	var channel, atype, form, state, outcome, draft, basis string
	var submitted, updated string
	var unitID sql.NullInt64
	var archived sql.NullString
	p := &r.Application.Applicant
	err := sc.Scan(&r.ID, &r.Code, &channel, &atype, &p.Name, &p.IDNumber, &p.Phone, &p.Email, &p.Address, &p.Contact,
		&r.Application.Description, &r.Application.Purpose, &form, &state, &submitted, &r.ReceivedOn, &r.DueOn, &r.PausedUntil, &r.ClosedOn, &outcome,
		&unitID, &r.UnitName, &r.UnitDueOn, &draft, &r.LegalBasis, &r.InfoProvided, &r.ReplyBody, &r.DraftedBy,
		&r.ExtDays, &r.ExtReason, &r.ExtRequestedBy, &basis, &r.FeeUnits, &r.FeeAmount, &r.LetterSHA, &r.DeliveredOn,
		&r.DeliveryMethod, &archived, &r.ArchiveSHA, &r.CreatedBy, &r.Version, &updated)
	if err != nil {
		return r, err
	}
	r.Application.Channel = request.Channel(channel)
	p.Type = request.ApplicantType(atype)
	r.Application.Form = request.Form(form)
	r.State = request.State(state)
	r.Outcome = request.Outcome(outcome)
	r.DraftOutcome = request.Outcome(draft)
	r.FeeBasis = request.FeeBasis(basis)
	r.UnitID = unitID.Int64
	r.SubmittedAt = ParseTS(submitted)
	r.UpdatedAt = ParseTS(updated)
	r.ArchivedAt = ParseTS(archived.String)
	return r, nil
}

// Request returns one request by id.
func (s *Store) Request(ctx context.Context, id int64) (request.Record, error) {
	r, err := scanRequest(s.queryRow(ctx, `SELECT `+requestCols+requestFrom+` WHERE r.id = ?`, id))
	if err != nil {
		return r, fmt.Errorf("store: request %d: %w", id, s.translateNotFound(err, "申请不存在"))
	}
	return r, nil
}

// RequestByCode returns one request by its tracking code.
func (s *Store) RequestByCode(ctx context.Context, code string) (request.Record, error) {
	code = trackcode.NormalizeCode(code)
	r, err := scanRequest(s.queryRow(ctx, `SELECT `+requestCols+requestFrom+` WHERE r.code = ?`, code))
	if err != nil {
		return r, fmt.Errorf("store: request %s: %w", code, s.translateNotFound(err, "查询码不存在"))
	}
	return r, nil
}

// RequestForApplicant returns the request when code and secret match; a
// wrong secret is the same "not found" as a wrong code, so codes cannot be
// probed. Code and secret are read as typed by hand: case, full-width
// forms, spaces and hyphens do not matter (trackcode).
func (s *Store) RequestForApplicant(ctx context.Context, code, secret string) (request.Record, error) {
	code, secret = trackcode.NormalizeCode(code), trackcode.NormalizeSecret(secret)
	var id int64
	var hash string
	err := s.queryRow(ctx, `SELECT id, secret_hash FROM requests WHERE code = ?`, code).Scan(&id, &hash)
	notFound := gongkai.Errorf(gongkai.ENOTFOUND, "查询码或查询密码不正确，请核对后重试")
	if err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return request.Record{}, notFound
		}
		return request.Record{}, fmt.Errorf("store: request lookup: %w", s.translate(err))
	}
	if subtle.ConstantTimeCompare([]byte(hash), []byte(HashSecret(secret))) != 1 {
		return request.Record{}, notFound
	}
	return s.Request(ctx, id)
}

func (s *Store) translateNotFound(err error, msg string) error {
	if errors.Is(err, sql.ErrNoRows) {
		return gongkai.Errorf(gongkai.ENOTFOUND, "%s", msg)
	}
	return s.translate(err)
}

// AuditPersonalView records that a user saw an applicant's identity,
// contact and address (privacy: every view is audited).
func (s *Store) AuditPersonalView(ctx context.Context, a auth.Actor, r request.Record, where string) error {
	return s.InTx(ctx, func(tx *Tx) error {
		return tx.Audit(ctx, a, "view_personal", "request", r.ID, "查看申请人个人信息 "+r.Code+"（"+where+"）", nil, nil)
	})
}

// RequestEvents returns the clock events of a request in order.
func (s *Store) RequestEvents(ctx context.Context, id int64) ([]RequestEvent, error) {
	out, err := collect(ctx, s, scanRequestEvent, `SELECT id, type, on_date, data_json, actor_login, created_at FROM request_events WHERE request_id = ? ORDER BY id`, id)
	if err != nil {
		return nil, fmt.Errorf("store: request events: %w", err)
	}
	return out, nil
}
