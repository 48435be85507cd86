package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
)

// NewToken returns a random secret with a prefix (for example "gk_" for
// API tokens) and the hash under which it is stored. The secret itself is
// shown once and never stored.
func NewToken(prefix string) (secret, hash string) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic("auth: crypto/rand failed: " + err.Error())
	}
	secret = prefix + base64.RawURLEncoding.EncodeToString(b)
	return secret, HashToken(secret)
}

// HashToken is how session and API tokens are stored: they carry 256 bits
// of entropy, so a fast hash is enough.
func HashToken(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// The life of an API token: 90 days unless its creator says otherwise, and
// at most a year.
const (
	TokenDefaultDays = 90
	TokenMaxDays     = 365
)

// MayCreateToken reports whether a may create an API token for the user
// ownerID: a user for themselves only — the admin neither, since a token
// for another user would let the admin act as the office or the auditor
// (三员分立) — and the operator at the command line, who holds the server.
func MayCreateToken(a Actor, ownerID int64) bool {
	return ownerID != 0 && a.UserID == ownerID || a.IsCLI()
}

// MayRevokeToken reports whether a may revoke a token of the user
// ownerID: its owner, the admin (for any user) and the command line.
func MayRevokeToken(a Actor, ownerID int64) bool {
	return ownerID != 0 && a.UserID == ownerID || a.UserID != 0 && a.Role == RoleAdmin || a.IsCLI()
}
