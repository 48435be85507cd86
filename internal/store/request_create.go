package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"

	"gongkai"
	"gongkai/internal/auth"
	"gongkai/internal/request"
	"gongkai/internal/trackcode"
	"gongkai/internal/workday"
)

// NewRequest is an application to store: the application itself, and for
// staff registrations the receipt date by article 31 (zero: not yet
// confirmed, the state stays submitted).
type NewRequest struct {
	Application request.Application
	ReceivedOn  workday.Date
	SubmitIP    string // hashed before storing; for the rate limit
	// Limits are taken from SubmitIP inside the transaction that stores
	// the application (RequestLimits for the public form), so only stored
	// applications count and a burst cannot pass them.
	Limits []Rule
	// FlagSimilar flags the application for the proactive-disclosure
	// review, in the same transaction, when earlier ones asked the same.
	FlagSimilar bool
}

// Created is what the applicant gets back.
type Created struct {
	ID     int64
	Code   string
	Secret string
}

// freeCode draws a tracking code of prefix and year not yet used in table
// (requests or messages). With 2^30 codes a year a draw almost never
// collides; five tries make a failure practically impossible.
func (tx *Tx) freeCode(ctx context.Context, table, prefix string, year int) (string, error) {
	for range 5 {
		code, err := trackcode.NewCode(prefix, year)
		if err != nil {
			return "", err
		}
		var n int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM `+table+` WHERE code = ?`, code).Scan(&n); err != nil {
			return "", fmt.Errorf("store: tracking code: %w", err)
		}
		if n == 0 {
			return code, nil
		}
	}
	return "", fmt.Errorf("store: no free tracking code in %s", table)
}

// HashSecret hashes a request secret or an address for storage.
func HashSecret(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// CreateRequest stores an application (validated by the caller's domain
// call here again), with its receipt event when ReceivedOn is set, and
// returns the tracking code and the secret (only its hash is kept).
func (s *Store) CreateRequest(ctx context.Context, a auth.Actor, n NewRequest) (Created, error) {
	n.Application.Normalize()
	if errs := n.Application.Validate(); len(errs) > 0 {
		return Created{}, gongkai.Errorf(gongkai.EINVALID, "%s", errs[0].Message)
	}
	if err := request.CheckPastDate("收到申请之日", n.ReceivedOn, workday.DateOf(s.Now())); err != nil {
		return Created{}, err
	}
	cal, err := s.Calendar(ctx)
	if err != nil {
		return Created{}, err
	}
	clock := request.Clock{State: request.Submitted}
	var events []request.Event
	if !n.ReceivedOn.IsZero() {
		ev := request.Event{Type: request.EvReceived, On: n.ReceivedOn, Note: n.Application.Channel.Rule()}
		if clock, err = clock.Apply(cal, ev); err != nil {
			return Created{}, err
		}
		events = append(events, ev)
	}
	secret, err := trackcode.NewSecret()
	if err != nil {
		return Created{}, err
	}
	var out Created
	err = s.InTx(ctx, func(tx *Tx) error {
		if err := tx.TakeLimit(ctx, n.SubmitIP, n.Limits...); err != nil {
			return err
		}
		// The code carries the year of receipt (an application received in
		// 2023 and registered in 2026 is YSQ2023-…); an online application
		// not yet confirmed carries the year it was submitted.
		year := workday.DateOf(tx.Now).Year
		if !clock.ReceivedOn.IsZero() {
			year = clock.ReceivedOn.Year
		}
		var err error
		if out.Code, err = tx.freeCode(ctx, "requests", trackcode.Request, year); err != nil {
			return err
		}
		ip := ""
		if n.SubmitIP != "" {
			ip = HashSecret("ip:" + n.SubmitIP)
		}
		p := n.Application.Applicant
		id, err := tx.Insert(ctx, `INSERT INTO requests (code, secret_hash, channel, applicant_type, applicant_name, id_number, phone, email, address, contact,
			description, purpose, form, state, submitted_at, received_on, due_on, submit_ip, created_by, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			out.Code, HashSecret(trackcode.NormalizeSecret(secret)), string(n.Application.Channel), string(p.Type), p.Name, p.IDNumber, p.Phone, p.Email, p.Address, p.Contact,
			n.Application.Description, n.Application.Purpose, string(n.Application.Form), string(clock.State), TS(tx.Now),
			clock.ReceivedOn, clock.DueOn, ip, a.Login, TS(tx.Now))
		if err != nil {
			return fmt.Errorf("store: insert request: %w", err)
		}
		out.ID, out.Secret = id, secret
		if err := tx.indexRequest(ctx, id, n.Application.Description, true); err != nil {
			return err
		}
		for _, ev := range events {
			if err := tx.insertRequestEvent(ctx, a, id, ev); err != nil {
				return err
			}
		}
		err = tx.Audit(ctx, a, "create", "request", id, "登记政府信息公开申请 "+out.Code+"（"+n.Application.Channel.Label()+"）", nil,
			map[string]any{"code": out.Code, "channel": n.Application.Channel, "applicant_type": p.Type, "state": clock.State, "received_on": clock.ReceivedOn})
		if err != nil || !n.FlagSimilar {
			return err
		}
		return tx.flagSimilar(ctx, id, n.Application.Description)
	})
	if err != nil {
		return Created{}, err
	}
	return out, nil
}
