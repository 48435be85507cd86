package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"gongkai"
	"gongkai/internal/auth"
)

// LoginPolicy is the failed-login lockout. Every attempt is counted before
// its password is checked (a reservation), so of any burst at most
// MaxFailures attempts for one login, and PerAddress from one address, in
// a Window are checked at all; the rest are refused unchecked until the
// oldest counted attempt leaves the window. A success deletes its own
// attempt and clears the login's failures, unless the login is locked.
type LoginPolicy struct {
	MaxFailures int           // attempts per login in Window (GONGKAI_LOGIN_MAX_FAILURES)
	PerAddress  int           // attempts per client address in Window; 0: 4 × MaxFailures
	Window      time.Duration // the window, and so the lockout (GONGKAI_LOGIN_LOCKOUT)
}

func (p LoginPolicy) perAddress() int {
	if p.PerAddress > 0 {
		return p.PerAddress
	}
	return 4 * p.MaxFailures
}

// maxLoginKey bounds what is stored of a login typed at the form; real
// logins are at most 64 bytes (NewUser.Validate).
const maxLoginKey = 64

func loginKey(login string) string {
	if len(login) <= maxLoginKey {
		return login
	}
	return strings.ToValidUTF8(login[:maxLoginKey], "")
}

// Login checks a login and password from a client address under the
// lockout, and returns the user. Refusals: EINVALID when either is empty;
// ERATELIMIT (with Limited details) while the login or the address is
// locked — the password is then not checked; EUNAUTHENTICATED
// "登录名或密码错误" for a wrong login or password or an inactive user.
// The argon2 check runs outside any transaction. The caller opens the
// session (CreateSession), which audits the login.
func (s *Store) Login(ctx context.Context, p LoginPolicy, login, password, ip string) (auth.User, error) {
	if login == "" || password == "" {
		return auth.User{}, gongkai.Errorf(gongkai.EINVALID, "请输入登录名和密码")
	}
	if p.MaxFailures < 1 || p.Window <= 0 {
		return auth.User{}, fmt.Errorf("store: login policy %+v: no limit set", p)
	}
	key := loginKey(login)
	id, err := s.reserveLogin(ctx, p, key, ip)
	if err != nil {
		return auth.User{}, err
	}
	u, hash, err := s.UserByLogin(ctx, login)
	if err != nil && !IsNotFound(err) {
		s.dropLoginAttempt(ctx, id) // our failure, not the user's: do not count it
		return auth.User{}, err
	}
	known := err == nil
	if !known {
		hash = auth.DummyHash()
	}
	if !auth.CheckPassword(hash, password) || !known || !u.Active {
		return auth.User{}, s.failLogin(ctx, p, id, key, ip)
	}
	if err := s.succeedLogin(ctx, p, id, key); err != nil {
		return auth.User{}, err
	}
	return u, nil
}

// reserveLogin counts an attempt, pending, if neither the login nor the
// address has used up its attempts in the window.
func (s *Store) reserveLogin(ctx context.Context, p LoginPolicy, login, ip string) (int64, error) {
	var id int64
	err := s.InTx(ctx, func(tx *Tx) error {
		if err := tx.lockKeys(ctx, tx.Now.Add(p.Window), "login:"+login, "login-ip:"+ip); err != nil {
			return err
		}
		since := TS(tx.Now.Add(-p.Window))
		wait, err := tx.windowWait(ctx, `SELECT at FROM login_attempts WHERE login = ? AND at > ? ORDER BY at`, p.MaxFailures, p.Window, login, since)
		if err != nil {
			return err
		}
		if wait > 0 {
			return rateLimited("登录失败次数过多，账号已临时锁定", "", wait)
		}
		wait, err = tx.windowWait(ctx, `SELECT at FROM login_attempts WHERE ip = ? AND at > ? ORDER BY at`, p.perAddress(), p.Window, ip, since)
		if err != nil {
			return err
		}
		if wait > 0 {
			return rateLimited("此网络地址登录失败次数过多，已临时锁定", "", wait)
		}
		id, err = tx.Insert(ctx, `INSERT INTO login_attempts (login, ip, at, state) VALUES (?, ?, ?, 'pending')`, login, ip, TS(tx.Now))
		return err
	})
	if err != nil && !IsRateLimited(err) {
		return 0, fmt.Errorf("store: reserve login attempt: %w", err)
	}
	return id, err
}

// failLogin marks the attempt failed (written anew if a purge took it),
// audits it, and returns the refusal, saying how many attempts are left.
func (s *Store) failLogin(ctx context.Context, p LoginPolicy, id int64, login, ip string) error {
	var n int
	err := s.InTx(ctx, func(tx *Tx) error {
		res, err := tx.Exec(ctx, `UPDATE login_attempts SET state = 'failed' WHERE id = ?`, id)
		if err != nil {
			return err
		}
		if k, _ := res.RowsAffected(); k == 0 {
			if _, err := tx.Exec(ctx, `INSERT INTO login_attempts (login, ip, at, state) VALUES (?, ?, ?, 'failed')`, login, ip, TS(tx.Now)); err != nil {
				return err
			}
		}
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM login_attempts WHERE login = ? AND at > ?`, login, TS(tx.Now.Add(-p.Window))).Scan(&n); err != nil {
			return tx.s.translate(err)
		}
		summary := "登录失败"
		if n >= p.MaxFailures {
			summary = fmt.Sprintf("登录失败（%s 内第 %d 次），账号临时锁定", WaitText(p.Window), n)
		}
		return tx.Audit(ctx, auth.Actor{Login: login, IP: ip}, "login_failed", "user", login, summary, nil, nil)
	})
	if err != nil {
		return fmt.Errorf("store: record login failure: %w", err)
	}
	switch left := p.MaxFailures - n; {
	case left <= 0:
		return gongkai.Errorf(gongkai.EUNAUTHENTICATED, "登录名或密码错误；失败次数已达上限，请 %s后再试", WaitText(p.Window))
	case left <= 2:
		return gongkai.Errorf(gongkai.EUNAUTHENTICATED, "登录名或密码错误，再失败 %d 次将临时锁定", left)
	}
	return gongkai.Errorf(gongkai.EUNAUTHENTICATED, "登录名或密码错误")
}

// succeedLogin deletes the attempt and clears the login's failures — but
// refuses, clearing nothing, if the login is locked meanwhile (its
// failures reached the limit: possible only if nodes run with different
// limits, since a pending attempt keeps its place in the count).
func (s *Store) succeedLogin(ctx context.Context, p LoginPolicy, id int64, login string) error {
	err := s.InTx(ctx, func(tx *Tx) error {
		if _, err := tx.Exec(ctx, `DELETE FROM login_attempts WHERE id = ?`, id); err != nil {
			return err
		}
		wait, err := tx.windowWait(ctx, `SELECT at FROM login_attempts WHERE login = ? AND state = 'failed' AND at > ? ORDER BY at`,
			p.MaxFailures, p.Window, login, TS(tx.Now.Add(-p.Window)))
		if err != nil {
			return err
		}
		if wait > 0 {
			return rateLimited("登录失败次数过多，账号已临时锁定", "", wait)
		}
		// Failures only: attempts still pending are others' and count
		// when they fail.
		_, err = tx.Exec(ctx, `DELETE FROM login_attempts WHERE login = ? AND state = 'failed'`, login)
		return err
	})
	if err != nil && !IsRateLimited(err) {
		return fmt.Errorf("store: clear login failures: %w", err)
	}
	return err
}

func (s *Store) dropLoginAttempt(ctx context.Context, id int64) {
	_, _ = s.exec(context.WithoutCancel(ctx), `DELETE FROM login_attempts WHERE id = ?`, id)
}
