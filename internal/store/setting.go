package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"

	"gongkai"
	"gongkai/internal/auth"
)

var (
	errSessionExpired  = &gongkai.Error{Code: gongkai.EUNAUTHENTICATED, Message: "登录已过期，请重新登录"}
	errNotFoundHoliday = &gongkai.Error{Code: gongkai.ENOTFOUND, Message: "该日期没有节假日调整记录"}
)

// Settings returns every stored setting.
func (s *Store) Settings(ctx context.Context) (map[string]string, error) {
	rows, err := s.query(ctx, `SELECT key, value FROM settings`)
	if err != nil {
		return nil, fmt.Errorf("store: settings: %w", err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return nil, err
		}
		out[k] = v
	}
	return out, s.translate(rows.Err())
}

// PutSetting stores one setting, audited.
func (s *Store) PutSetting(ctx context.Context, a auth.Actor, key, value string) error {
	return s.InTx(ctx, func(tx *Tx) error {
		var before string
		_ = tx.QueryRow(ctx, `SELECT value FROM settings WHERE key = ?`, key).Scan(&before)
		if _, err := tx.Exec(ctx, `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
			ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`, key, value, TS(tx.Now)); err != nil {
			return err
		}
		return tx.Audit(ctx, a, "update", "setting", key, "修改设置 "+key, before, value)
	})
}

// PutBlob stores file content under its SHA-256 and returns the hash.
// Storing the same content twice keeps one copy.
func (t *Tx) PutBlob(ctx context.Context, contentType string, data []byte) (string, error) {
	sum := sha256.Sum256(data)
	h := hex.EncodeToString(sum[:])
	_, err := t.Exec(ctx, `INSERT INTO blobs (sha256, size, content_type, data, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (sha256) DO NOTHING`,
		h, len(data), contentType, data, TS(t.Now))
	if err != nil {
		return "", fmt.Errorf("store: put blob: %w", err)
	}
	return h, nil
}

// Blob returns stored file content and its type.
func (s *Store) Blob(ctx context.Context, sha string) ([]byte, string, error) {
	var data []byte
	var ct string
	if err := s.queryRow(ctx, `SELECT data, content_type FROM blobs WHERE sha256 = ?`, sha).Scan(&data, &ct); err != nil {
		return nil, "", fmt.Errorf("store: blob %s: %w", sha, s.translate(err))
	}
	return data, ct, nil
}
