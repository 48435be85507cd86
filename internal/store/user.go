package store

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"gongkai"
	"gongkai/internal/auth"
	"gongkai/internal/sanitize"
)

const userCols = `u.id, u.login, u.name, u.role, COALESCE(u.unit_id, 0), COALESCE(n.name, ''), u.active`

func scanUser(sc interface{ Scan(...any) error }) (auth.User, error) {
	var u auth.User
	var role string
	err := sc.Scan(&u.ID, &u.Login, &u.Name, &role, &u.UnitID, &u.UnitName, &u.Active)
	u.Role = auth.Role(role)
	return u, err
}

// NewUser is what creating a user needs.
type NewUser struct {
	Login    string
	Name     string
	Role     auth.Role
	UnitID   int64
	Password string
}

// Validate checks a new user against the password policy.
func (n *NewUser) Validate(p auth.PasswordPolicy) error {
	n.Login = strings.TrimSpace(n.Login)
	n.Name = strings.TrimSpace(n.Name)
	if n.Login == "" || len(n.Login) > 64 || strings.ContainsAny(n.Login, " \t\r\n/\\") {
		return gongkai.Errorf(gongkai.EINVALID, "登录名不能为空，不超过 64 个字符，不含空格和斜杠")
	}
	if err := sanitize.CheckNames("登录名", n.Login, "姓名", n.Name); err != nil {
		return err
	}
	if utf8.RuneCountInString(n.Name) > 100 {
		return gongkai.Errorf(gongkai.EINVALID, "姓名最多 100 个字")
	}
	if !n.Role.Valid() {
		return gongkai.Errorf(gongkai.EINVALID, "角色“%s”无效，可选：admin、office、leader、reviewer、unit、auditor", n.Role)
	}
	if n.Role.NeedsUnit() && n.UnitID == 0 {
		return gongkai.Errorf(gongkai.EINVALID, "单位联络员必须指定所属单位")
	}
	return p.Check(n.Password, n.Login)
}

// CreateUser hashes the password and inserts the user, audited.
func (s *Store) CreateUser(ctx context.Context, a auth.Actor, n NewUser, p auth.PasswordPolicy) (auth.User, error) {
	if err := n.Validate(p); err != nil {
		return auth.User{}, err
	}
	hash, err := auth.HashPassword(n.Password, auth.DefaultArgon2)
	if err != nil {
		return auth.User{}, err
	}
	var u auth.User
	err = s.InTx(ctx, func(tx *Tx) error {
		id, err := tx.CreateUser(ctx, n, hash)
		if err != nil {
			return err
		}
		u = auth.User{ID: id, Login: n.Login, Name: n.Name, Role: n.Role, UnitID: n.UnitID, Active: true}
		return tx.Audit(ctx, a, "create", "user", id, "新建用户 "+n.Login+"（"+n.Role.Label()+"）", nil, u)
	})
	if err != nil {
		return u, fmt.Errorf("store: create user %q: %w", n.Login, err)
	}
	return u, nil
}

// CreateUser inserts a user with an already hashed password.
func (t *Tx) CreateUser(ctx context.Context, n NewUser, hash string) (int64, error) {
	return t.Insert(ctx, `INSERT INTO users (login, name, role, unit_id, password_hash, active, created_at, updated_at, password_changed_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, n.Login, n.Name, string(n.Role), nullID(n.UnitID), hash, true, TS(t.Now), TS(t.Now), TS(t.Now))
}

// Users lists all users.
func (s *Store) Users(ctx context.Context) ([]auth.User, error) {
	out, err := collect(ctx, s, scanUser, `SELECT `+userCols+` FROM users u LEFT JOIN units n ON n.id = u.unit_id ORDER BY u.role, u.login`)
	if err != nil {
		return nil, fmt.Errorf("store: users: %w", err)
	}
	return out, nil
}

// User returns one user.
func (s *Store) User(ctx context.Context, id int64) (auth.User, error) {
	u, err := scanUser(s.queryRow(ctx, `SELECT `+userCols+` FROM users u LEFT JOIN units n ON n.id = u.unit_id WHERE u.id = ?`, id))
	if err != nil {
		return u, fmt.Errorf("store: user %d: %w", id, s.translate(err))
	}
	return u, nil
}

// UserByLogin returns a user and the password hash, for logging in.
func (s *Store) UserByLogin(ctx context.Context, login string) (auth.User, string, error) {
	var hash string
	row := s.queryRow(ctx, `SELECT `+userCols+`, u.password_hash FROM users u LEFT JOIN units n ON n.id = u.unit_id WHERE u.login = ?`, login)
	var u auth.User
	var role string
	err := row.Scan(&u.ID, &u.Login, &u.Name, &role, &u.UnitID, &u.UnitName, &u.Active, &hash)
	u.Role = auth.Role(role)
	if err != nil {
		return u, "", fmt.Errorf("store: user %q: %w", login, s.translate(err))
	}
	return u, hash, nil
}

// UpdateUser changes name, role, unit and activity, audited. Deactivating
// a user ends their sessions and revokes their tokens.
func (s *Store) UpdateUser(ctx context.Context, a auth.Actor, u auth.User) error {
	if !u.Role.Valid() {
		return gongkai.Errorf(gongkai.EINVALID, "角色无效")
	}
	if u.Role.NeedsUnit() && u.UnitID == 0 {
		return gongkai.Errorf(gongkai.EINVALID, "单位联络员必须指定所属单位")
	}
	if err := sanitize.CheckName("姓名", u.Name); err != nil {
		return err
	}
	return s.InTx(ctx, func(tx *Tx) error {
		before, err := scanUser(tx.QueryRow(ctx, `SELECT `+userCols+` FROM users u LEFT JOIN units n ON n.id = u.unit_id WHERE u.id = ?`, u.ID))
		if err != nil {
			return s.translate(err)
		}
		if err := tx.Guarded(ctx, `UPDATE users SET name = ?, role = ?, unit_id = ?, active = ?, updated_at = ? WHERE id = ?`,
			strings.TrimSpace(u.Name), string(u.Role), nullID(u.UnitID), u.Active, TS(tx.Now), u.ID); err != nil {
			return err
		}
		if !u.Active || before.Role != u.Role || before.UnitID != u.UnitID {
			if _, err := tx.Exec(ctx, `DELETE FROM sessions WHERE user_id = ?`, u.ID); err != nil {
				return err
			}
		}
		if !u.Active {
			if _, err := tx.revokeUserTokens(ctx, a, u.ID, "用户已停用"); err != nil {
				return err
			}
		}
		return tx.Audit(ctx, a, "update", "user", u.ID, "修改用户 "+before.Login, before, u)
	})
}

// SetPassword replaces a user's password after checking the policy — the
// user changing their own, or the admin resetting it — ends all the
// user's sessions (the console asks for a new login) and revokes all the
// user's API tokens, so whoever knew the old password keeps no way in.
func (s *Store) SetPassword(ctx context.Context, a auth.Actor, id int64, login, password string, p auth.PasswordPolicy) error {
	if err := p.Check(password, login); err != nil {
		return err
	}
	hash, err := auth.HashPassword(password, auth.DefaultArgon2)
	if err != nil {
		return err
	}
	return s.InTx(ctx, func(tx *Tx) error {
		if err := tx.Guarded(ctx, `UPDATE users SET password_hash = ?, password_changed_at = ?, updated_at = ? WHERE id = ?`, hash, TS(tx.Now), TS(tx.Now), id); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM sessions WHERE user_id = ?`, id); err != nil {
			return err
		}
		n, err := tx.revokeUserTokens(ctx, a, id, "密码已修改")
		if err != nil {
			return err
		}
		summary := "重置用户 " + login + " 的密码"
		if a.UserID == id {
			summary = "修改本人密码"
		}
		if n > 0 {
			summary += fmt.Sprintf("，撤销其接口令牌 %d 个", n)
		}
		return tx.Audit(ctx, a, "password", "user", id, summary, nil, nil)
	})
}

// UsersOfUnit lists the active users bound to a unit (for reminders).
func (s *Store) UsersOfUnit(ctx context.Context, unitID int64) ([]auth.User, error) {
	out, err := collect(ctx, s, scanUser, `SELECT `+userCols+` FROM users u LEFT JOIN units n ON n.id = u.unit_id WHERE u.unit_id = ? AND u.active = ? ORDER BY u.login`, unitID, true)
	if err != nil {
		return nil, fmt.Errorf("store: users of unit %d: %w", unitID, err)
	}
	return out, nil
}
