package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"

	"gongkai"
)

// Argon2id parameters (RFC 9106 second recommendation, lighter memory):
// about 0.2 s per hash on the target machines.
type Argon2Params struct {
	Time    uint32
	Memory  uint32 // KiB
	Threads uint8
}

// DefaultArgon2 is used for new hashes.
var DefaultArgon2 = Argon2Params{Time: 3, Memory: 64 * 1024, Threads: 2}

// hashing bounds how many argon2 computations run at once: each takes
// 64 MiB, so a burst of logins must queue rather than exhaust memory.
var hashing = make(chan struct{}, 4)

func idKey(password, salt []byte, p Argon2Params, n uint32) []byte {
	hashing <- struct{}{}
	defer func() { <-hashing }()
	return argon2.IDKey(password, salt, p.Time, p.Memory, p.Threads, n)
}

// DummyHash is checked when a login does not exist, so that a wrong login
// and a wrong password take the same time. Made on first use, not at
// start-up.
var DummyHash = sync.OnceValue(func() string {
	h, _ := HashPassword("dummy-password-for-timing", DefaultArgon2)
	return h
})

// HashPassword returns a PHC-formatted argon2id hash of password.
func HashPassword(password string, p Argon2Params) (string, error) {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("auth: salt: %w", err)
	}
	key := idKey([]byte(password), salt, p, 32)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.Memory, p.Time, p.Threads,
		base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key)), nil
}

// CheckPassword reports whether password matches the PHC hash.
func CheckPassword(hash, password string) bool {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	var v int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &v); err != nil || v != argon2.Version {
		return false
	}
	var p Argon2Params
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.Memory, &p.Time, &p.Threads); err != nil {
		return false
	}
	if p.Memory > 1<<20 || p.Time > 16 || p.Threads == 0 {
		return false
	}
	salt, err := base64.RawStdEncoding.DecodeString(parts[4])
	if err != nil {
		return false
	}
	want, err := base64.RawStdEncoding.DecodeString(parts[5])
	if err != nil || len(want) == 0 {
		return false
	}
	got := idKey([]byte(password), salt, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}

// PasswordPolicy is the configurable rule for new passwords.
type PasswordPolicy struct {
	MinLength  int // in characters
	MinClasses int // of: lower-case, upper-case, digits, other symbols
}

// DefaultPasswordPolicy follows the usual 等保 practice: at least 10
// characters of at least 3 classes.
var DefaultPasswordPolicy = PasswordPolicy{MinLength: 10, MinClasses: 3}

// Check returns an invalid-input error saying what the password lacks.
func (p PasswordPolicy) Check(password, login string) error {
	n := utf8.RuneCountInString(password)
	if n < p.MinLength {
		return gongkai.Errorf(gongkai.EINVALID, "密码至少需要 %d 个字符（当前 %d 个）", p.MinLength, n)
	}
	if n > 256 {
		return gongkai.Errorf(gongkai.EINVALID, "密码不能超过 256 个字符")
	}
	var lower, upper, digit, other bool
	for _, r := range password {
		switch {
		case unicode.IsLower(r):
			lower = true
		case unicode.IsUpper(r):
			upper = true
		case unicode.IsDigit(r):
			digit = true
		default:
			other = true
		}
	}
	classes := 0
	for _, b := range []bool{lower, upper, digit, other} {
		if b {
			classes++
		}
	}
	if classes < p.MinClasses {
		return gongkai.Errorf(gongkai.EINVALID, "密码需包含小写字母、大写字母、数字、符号中的至少 %d 类（当前 %d 类）", p.MinClasses, classes)
	}
	if login != "" && strings.Contains(strings.ToLower(password), strings.ToLower(login)) {
		return gongkai.Errorf(gongkai.EINVALID, "密码不能包含登录名")
	}
	return nil
}
