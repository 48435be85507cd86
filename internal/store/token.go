package store

import (
	"context"
	"fmt"
	"time"

	"gongkai/internal/auth"
)

// CreateToken makes an API token for a user and returns the secret, shown
// once; only its hash is stored.
func (s *Store) CreateToken(ctx context.Context, a auth.Actor, userID int64, name string) (string, error) {
	secret, hash := auth.NewToken("gk_")
	err := s.InTx(ctx, func(tx *Tx) error {
		id, err := tx.Insert(ctx, `INSERT INTO api_tokens (user_id, name, token_hash, created_at) VALUES (?, ?, ?, ?)`, userID, name, hash, TS(tx.Now))
		if err != nil {
			return err
		}
		return tx.Audit(ctx, a, "create", "api_token", id, fmt.Sprintf("为用户 %d 创建接口令牌 %s", userID, name), nil, nil)
	})
	if err != nil {
		return "", fmt.Errorf("store: create token: %w", err)
	}
	return secret, nil
}

// TokenUser returns the active user owning an unrevoked token.
func (s *Store) TokenUser(ctx context.Context, secret string) (auth.User, error) {
	hash := auth.HashToken(secret)
	var last *string
	row := s.queryRow(ctx, `SELECT `+userCols+`, t.last_used_at FROM api_tokens t JOIN users u ON u.id = t.user_id LEFT JOIN units n ON n.id = u.unit_id WHERE t.token_hash = ? AND t.revoked_at IS NULL`, hash)
	var u auth.User
	var role string
	if err := row.Scan(&u.ID, &u.Login, &u.Name, &role, &u.UnitID, &u.UnitName, &u.Active, &last); err != nil {
		return u, fmt.Errorf("store: token: %w", s.translate(err))
	}
	u.Role = auth.Role(role)
	if !u.Active {
		return auth.User{}, fmt.Errorf("store: token of inactive user: %w", errSessionExpired)
	}
	now := s.Now().UTC()
	if last == nil || now.Sub(ParseTS(*last)) > time.Minute {
		_, _ = s.exec(ctx, `UPDATE api_tokens SET last_used_at = ? WHERE token_hash = ?`, TS(now), hash)
	}
	return u, nil
}
