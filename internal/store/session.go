package store

import (
	"context"
	"fmt"
	"time"

	"gongkai/internal/auth"
)

// Session is a server-side login session; the cookie holds the token,
// the database only its hash.
type Session struct {
	User     auth.User
	Created  time.Time
	LastSeen time.Time
	Expires  time.Time
}

// CreateSession stores a new session for user and returns the token to put
// in the cookie. The login is audited.
func (s *Store) CreateSession(ctx context.Context, u auth.User, ip, ua string, absolute time.Duration) (string, error) {
	token, hash := auth.NewToken("")
	if len(ua) > 300 {
		ua = ua[:300]
	}
	err := s.InTx(ctx, func(tx *Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at, ip, user_agent) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			hash, u.ID, TS(tx.Now), TS(tx.Now), TS(tx.Now.Add(absolute)), ip, ua); err != nil {
			return err
		}
		return tx.Audit(ctx, auth.ActorOf(u, ip), "login", "user", u.ID, "登录", nil, nil)
	})
	if err != nil {
		return "", fmt.Errorf("store: create session: %w", err)
	}
	return token, nil
}

// maxSessionTouch is how often at most a session's last use is written:
// once a minute per session at most, so page views do not queue on the one
// SQLite writer. The stored last use may thus lag the true one by up to
// the interval, and the idle check allows for exactly that: a session is
// ended only when its stored last use is older than idle plus the
// interval — never early, and late by at most the interval, which is
// idle/60 (30 s for the default 30 minutes) and never more than a minute.
const maxSessionTouch = time.Minute

// sessionTouch is the write interval of a session's last use for idle.
func sessionTouch(idle time.Duration) time.Duration { return min(maxSessionTouch, idle/60) }

// SessionUser returns the session's user if the session exists, has not
// expired and was used within idle; it then records the use. Sessions of
// inactive users do not count.
func (s *Store) SessionUser(ctx context.Context, token string, idle time.Duration) (auth.User, error) {
	hash := auth.HashToken(token)
	now := s.Now().UTC()
	var last, exp string
	row := s.queryRow(ctx, `SELECT `+userCols+`, s.last_seen_at, s.expires_at FROM sessions s JOIN users u ON u.id = s.user_id LEFT JOIN units n ON n.id = u.unit_id WHERE s.token_hash = ?`, hash)
	var u auth.User
	var role string
	if err := row.Scan(&u.ID, &u.Login, &u.Name, &role, &u.UnitID, &u.UnitName, &u.Active, &last, &exp); err != nil {
		return u, fmt.Errorf("store: session: %w", s.translate(err))
	}
	u.Role = auth.Role(role)
	if !u.Active || now.After(ParseTS(exp)) || now.Sub(ParseTS(last)) > idle+sessionTouch(idle) {
		_, _ = s.exec(ctx, `DELETE FROM sessions WHERE token_hash = ?`, hash)
		return auth.User{}, fmt.Errorf("store: session expired: %w", errSessionExpired)
	}
	if now.Sub(ParseTS(last)) >= sessionTouch(idle) {
		if _, err := s.exec(ctx, `UPDATE sessions SET last_seen_at = ? WHERE token_hash = ? AND last_seen_at < ?`, TS(now), hash, TS(now)); err != nil {
			return u, fmt.Errorf("store: touch session: %w", err)
		}
	}
	return u, nil
}

// DeleteSession ends a session (logout), audited.
func (s *Store) DeleteSession(ctx context.Context, token string, a auth.Actor) error {
	return s.InTx(ctx, func(tx *Tx) error {
		if _, err := tx.Exec(ctx, `DELETE FROM sessions WHERE token_hash = ?`, auth.HashToken(token)); err != nil {
			return err
		}
		return tx.Audit(ctx, a, "logout", "user", a.UserID, "退出登录", nil, nil)
	})
}

// PurgeSessions deletes expired and idle sessions (idle as SessionUser
// counts it), login attempts older than a day, and the limit counters
// whose windows have passed.
func (s *Store) PurgeSessions(ctx context.Context, idle time.Duration) error {
	now := s.Now().UTC()
	if _, err := s.exec(ctx, `DELETE FROM sessions WHERE expires_at < ? OR last_seen_at < ?`, TS(now), TS(now.Add(-idle-sessionTouch(idle)))); err != nil {
		return fmt.Errorf("store: purge sessions: %w", err)
	}
	if _, err := s.exec(ctx, `DELETE FROM login_attempts WHERE at < ?`, TS(now.Add(-24*time.Hour))); err != nil {
		return fmt.Errorf("store: purge login attempts: %w", err)
	}
	return s.PurgeLimits(ctx)
}
