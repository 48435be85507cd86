package store

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"gongkai"
	"gongkai/internal/auth"
	"gongkai/internal/sanitize"
	"gongkai/internal/workday"
)

// Token is an API token as its owner and the admin see it; the secret is
// shown once at creation and never stored.
type Token struct {
	ID           int64
	UserID       int64
	Login        string // the owner's
	UserName     string
	Name         string // what it is for
	Created      time.Time
	CreatedBy    string // login of whoever created it ("cli:…" for the command line)
	LastUsed     time.Time
	Expires      time.Time
	Revoked      time.Time
	RevokedBy    string
	RevokeReason string
	// Scope lists the permissions a scoped token was given (auth.Grantable);
	// empty for an ordinary token, which acts with its owner's role.
	Scope []auth.Perm
}

// ScopeLabel names the token's scope in Chinese: 数据交换（上级平台）, or
// 与本人角色相同 for an ordinary token.
func (t Token) ScopeLabel() string {
	if len(t.Scope) == 0 {
		return "与所属用户的角色相同"
	}
	ls := make([]string, len(t.Scope))
	for i, p := range t.Scope {
		ls[i] = p.GrantLabel()
	}
	return "仅限：" + strings.Join(ls, "、")
}

// Token states.
const (
	TokenActive  = "active"
	TokenExpired = "expired"
	TokenRevoked = "revoked"
)

// State is the token's state at now.
func (t Token) State(now time.Time) string {
	switch {
	case !t.Revoked.IsZero():
		return TokenRevoked
	case !now.Before(t.Expires):
		return TokenExpired
	}
	return TokenActive
}

// StateLabel is State in Chinese, with the reason of a revocation.
func (t Token) StateLabel(now time.Time) string {
	switch t.State(now) {
	case TokenRevoked:
		if t.RevokeReason != "" {
			return "已撤销（" + t.RevokeReason + "）"
		}
		return "已撤销"
	case TokenExpired:
		return "已过期"
	}
	return "有效"
}

// NewToken is what creating a token needs.
type NewToken struct {
	UserID int64
	Name   string // what it is for, e.g. 数据同步脚本
	Days   int    // life in days; 0: auth.TokenDefaultDays
	// Scope, when given, makes a scoped token: it may do only these
	// (permissions no role holds, such as auth.PermExchange).
	Scope []auth.Perm
}

// Validate trims the name and checks name and life.
func (n *NewToken) Validate() error {
	n.Name = strings.TrimSpace(n.Name)
	if n.Name == "" {
		return gongkai.Errorf(gongkai.EINVALID, "请填写令牌用途（如：数据同步脚本），便于日后识别和撤销")
	}
	if c := utf8.RuneCountInString(n.Name); c > 50 {
		return gongkai.Errorf(gongkai.EINVALID, "令牌用途最多 50 个字，现为 %d 个字", c)
	}
	if err := sanitize.CheckName("令牌用途", n.Name); err != nil {
		return err
	}
	if n.Days == 0 {
		n.Days = auth.TokenDefaultDays
	}
	if len(n.Scope) > 0 {
		sc, err := auth.ParseScope(auth.ScopeString(n.Scope))
		if err != nil {
			return err
		}
		n.Scope = sc
	}
	if n.Days < 1 || n.Days > auth.TokenMaxDays {
		return gongkai.Errorf(gongkai.EINVALID, "接口令牌有效期应为 1 到 %d 天（最长一年），现为 %d 天，请缩短有效期", auth.TokenMaxDays, n.Days)
	}
	return nil
}

const tokenCols = `t.id, t.user_id, u.login, u.name, t.name, t.created_at, t.created_by, COALESCE(t.last_used_at, ''), t.expires_at,
	COALESCE(t.revoked_at, ''), t.revoked_by, t.revoke_reason, t.scope`

func scanToken(sc interface{ Scan(...any) error }) (Token, error) {
	var t Token
	var created, last, exp, revoked, scope string
	err := sc.Scan(&t.ID, &t.UserID, &t.Login, &t.UserName, &t.Name, &created, &t.CreatedBy, &last, &exp, &revoked, &t.RevokedBy, &t.RevokeReason, &scope)
	t.Created, t.LastUsed, t.Expires, t.Revoked = ParseTS(created), ParseTS(last), ParseTS(exp), ParseTS(revoked)
	t.Scope = storedScope(scope)
	return t, err
}

// storedScope reads a stored scope; a permission the program no longer
// knows is kept (it grants nothing).
func storedScope(s string) []auth.Perm {
	if s == "" {
		return nil
	}
	var out []auth.Perm
	for _, f := range strings.Split(s, ",") {
		out = append(out, auth.Perm(f))
	}
	return out
}

// IssueToken creates an API token and returns it with its secret, shown
// once; only the secret's hash is stored. A user creates tokens for
// themselves only; the command line (auth.CLIOperator) for any user.
// Audited.
func (s *Store) IssueToken(ctx context.Context, a auth.Actor, n NewToken) (Token, string, error) {
	if err := n.Validate(); err != nil {
		return Token{}, "", err
	}
	if !auth.MayCreateToken(a, n.UserID) {
		return Token{}, "", gongkai.Errorf(gongkai.EFORBIDDEN, "只能为自己创建接口令牌：系统管理员也不能为其他用户创建（三员分立），请由该用户本人在“我的账户 → 接口令牌”中创建")
	}
	for _, p := range n.Scope {
		if err := auth.MayGrant(a, p); err != nil {
			return Token{}, "", err
		}
	}
	return s.issueToken(ctx, a, n)
}

func (s *Store) issueToken(ctx context.Context, a auth.Actor, n NewToken) (Token, string, error) {
	secret, hash := auth.NewToken("gk_")
	var t Token
	err := s.InTx(ctx, func(tx *Tx) error {
		var login string
		var active bool
		if err := tx.QueryRow(ctx, `SELECT login, active FROM users WHERE id = ?`, n.UserID).Scan(&login, &active); err != nil {
			return fmt.Errorf("store: token owner %d: %w", n.UserID, s.translateNotFound(err, "用户不存在"))
		}
		if !active {
			return gongkai.Errorf(gongkai.ECONFLICT, "用户 %s 已停用，不能创建接口令牌", login)
		}
		exp := tx.Now.Add(time.Duration(n.Days) * 24 * time.Hour)
		id, err := tx.Insert(ctx, `INSERT INTO api_tokens (user_id, name, token_hash, created_at, expires_at, created_by, scope) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			n.UserID, n.Name, hash, TS(tx.Now), TS(exp), a.Login, auth.ScopeString(n.Scope))
		if err != nil {
			return err
		}
		t, err = scanToken(tx.QueryRow(ctx, `SELECT `+tokenCols+` FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.id = ?`, id))
		if err != nil {
			return s.translate(err)
		}
		summary := fmt.Sprintf("为用户 %s 创建接口令牌“%s”，有效期 %d 天（至 %s），权限%s", login, n.Name, n.Days, workday.DateOf(exp), t.ScopeLabel())
		if a.IsCLI() {
			summary = "在服务器命令行" + summary
		}
		return tx.Audit(ctx, a, "create", "api_token", id, summary, nil, map[string]any{"user_id": n.UserID, "name": n.Name, "expires_at": TS(exp), "scope": auth.ScopeString(n.Scope)})
	})
	if err != nil {
		return Token{}, "", fmt.Errorf("store: create token: %w", err)
	}
	return t, secret, nil
}

// Tokens lists the tokens of a user (userID 0: of every user, for the
// admin), the live ones first, newest first.
func (s *Store) Tokens(ctx context.Context, userID int64) ([]Token, error) {
	q := `SELECT ` + tokenCols + ` FROM api_tokens t JOIN users u ON u.id = t.user_id`
	var args []any
	if userID != 0 {
		q += ` WHERE t.user_id = ?`
		args = append(args, userID)
	}
	q += ` ORDER BY CASE WHEN t.revoked_at IS NULL AND t.expires_at > ? THEN 0 ELSE 1 END, t.id DESC`
	args = append(args, TS(s.Now()))
	out, err := collect(ctx, s, scanToken, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: tokens: %w", err)
	}
	return out, nil
}

// Token returns one token.
func (s *Store) Token(ctx context.Context, id int64) (Token, error) {
	t, err := scanToken(s.queryRow(ctx, `SELECT `+tokenCols+` FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.id = ?`, id))
	if err != nil {
		return t, fmt.Errorf("store: token %d: %w", id, s.translateNotFound(err, "接口令牌不存在"))
	}
	return t, nil
}

// RevokeToken revokes a token at once: its owner or the admin may, and the
// command line. Audited.
func (s *Store) RevokeToken(ctx context.Context, a auth.Actor, id int64) error {
	return s.InTx(ctx, func(tx *Tx) error {
		t, err := scanToken(tx.QueryRow(ctx, `SELECT `+tokenCols+` FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.id = ?`, id))
		if err != nil {
			return fmt.Errorf("store: token %d: %w", id, s.translateNotFound(err, "接口令牌不存在"))
		}
		if !auth.MayRevokeToken(a, t.UserID) {
			return gongkai.Errorf(gongkai.EFORBIDDEN, "只能撤销自己的接口令牌")
		}
		if !t.Revoked.IsZero() {
			return gongkai.Errorf(gongkai.ECONFLICT, "接口令牌“%s”已于 %s 撤销", t.Name, workday.DateOf(t.Revoked))
		}
		reason := "本人撤销"
		if a.UserID != t.UserID {
			reason = "由 " + a.Login + " 撤销"
		}
		if err := tx.Guarded(ctx, `UPDATE api_tokens SET revoked_at = ?, revoked_by = ?, revoke_reason = ? WHERE id = ? AND revoked_at IS NULL`,
			TS(tx.Now), a.Login, reason, id); err != nil {
			return err
		}
		return tx.Audit(ctx, a, "revoke", "api_token", id, fmt.Sprintf("撤销用户 %s 的接口令牌“%s”", t.Login, t.Name), nil, nil)
	})
}

// revokeUserTokens revokes every live token of a user, for reason (the
// password changed, the user was deactivated), and returns how many.
func (t *Tx) revokeUserTokens(ctx context.Context, a auth.Actor, userID int64, reason string) (int64, error) {
	res, err := t.Exec(ctx, `UPDATE api_tokens SET revoked_at = ?, revoked_by = ?, revoke_reason = ? WHERE user_id = ? AND revoked_at IS NULL AND expires_at > ?`,
		TS(t.Now), a.Login, reason, userID, TS(t.Now))
	if err != nil {
		return 0, fmt.Errorf("store: revoke tokens of user %d: %w", userID, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("store: rows affected: %w", err)
	}
	return n, nil
}

// errTokenInvalid is the one answer to a token that does not work, for
// whatever reason: unknown, expired, revoked, or its user deactivated.
var errTokenInvalid = &gongkai.Error{Code: gongkai.EUNAUTHENTICATED, Message: "接口令牌无效、已过期或已撤销"}

// TokenUser returns the active user owning a live token (neither expired
// nor revoked), with the token's scope (auth.User.Scope) if it has one,
// and records the use at most once a minute.
func (s *Store) TokenUser(ctx context.Context, secret string) (auth.User, error) {
	hash := auth.HashToken(secret)
	var last, exp, revoked, scope string
	row := s.queryRow(ctx, `SELECT `+userCols+`, COALESCE(t.last_used_at, ''), t.expires_at, COALESCE(t.revoked_at, ''), t.scope FROM api_tokens t
		JOIN users u ON u.id = t.user_id LEFT JOIN units n ON n.id = u.unit_id WHERE t.token_hash = ?`, hash)
	var u auth.User
	var role string
	if err := row.Scan(&u.ID, &u.Login, &u.Name, &role, &u.UnitID, &u.UnitName, &u.Active, &last, &exp, &revoked, &scope); err != nil {
		if IsNotFound(s.translate(err)) {
			return auth.User{}, fmt.Errorf("store: token: %w", errTokenInvalid)
		}
		return auth.User{}, fmt.Errorf("store: token: %w", s.translate(err))
	}
	u.Role = auth.Role(role)
	if scope != "" {
		u.Scope = storedScope(scope)
	}
	now := s.Now().UTC()
	if !u.Active || revoked != "" || !now.Before(ParseTS(exp)) {
		return auth.User{}, fmt.Errorf("store: token of user %s: %w", u.Login, errTokenInvalid)
	}
	if last == "" || now.Sub(ParseTS(last)) > time.Minute {
		_, _ = s.exec(ctx, `UPDATE api_tokens SET last_used_at = ? WHERE token_hash = ?`, TS(now), hash)
	}
	return u, nil
}
