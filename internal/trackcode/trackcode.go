// Package trackcode makes and reads the codes and secrets a citizen keeps
// to follow an application, a message or an error report: short enough to
// copy by hand, read without regard to case, width or separators, and
// unguessable under the lookup limit.
//
// A code is PREFIX + year + "-" + 6 symbols (YSQ2023-7KQ2MX); a secret is
// 10 symbols shown in two groups (K7Q2M-XW3RP). The symbols are the 32 of
// Alphabet: digits and capital letters without 0/O and 1/I, which people
// confuse. Each symbol carries 5 bits, so a secret is 50 bits.
//
// Why 10 symbols are enough: a lookup needs code and secret together, and
// the lookups are limited to 20 a minute per client address (an atomic
// counter in the database, LimitLookups), i.e. at most 10,512,000 guesses
// a year per address. Someone who knows a code (it is printed on the
// receipt and read out on the phone) needs on average 2^49 ≈ 5.6×10^14
// guesses to hit its secret: 5.4×10^7 address-years, still 54,000 years
// with 1,000 addresses. Without a known code a guess must also hit one of
// the year's codes (at most a few thousand of 2^30), which makes it about a
// million times harder again. GuessYears computes the figure.
package trackcode

import (
	"crypto/rand"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode"
)

// Alphabet is the 32 symbols of codes and secrets.
const Alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"

// Lengths in symbols.
const (
	CodeLen   = 6
	SecretLen = 10
)

// Prefixes of the kinds of codes.
const (
	Request     = "YSQ" // 依申请公开
	Message     = "LY"  // 网民留言
	ErrorReport = "ZC"  // 找错
)

// Random returns n symbols of Alphabet from crypto/rand (256 is a multiple
// of 32, so every symbol is equally likely).
func Random(n int) (string, error) {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("trackcode: random: %w", err)
	}
	for i, c := range b {
		b[i] = Alphabet[int(c)%len(Alphabet)]
	}
	return string(b), nil
}

// NewCode returns a fresh code of prefix and year, e.g. YSQ2023-7KQ2MX.
func NewCode(prefix string, year int) (string, error) {
	s, err := Random(CodeLen)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("%s%d-%s", prefix, year, s), nil
}

// NewSecret returns a fresh secret in its stored (normal) form.
func NewSecret() (string, error) { return Random(SecretLen) }

// fold turns what a person typed into plain upper-case ASCII without
// separators: full-width forms (from a Chinese input method) become
// ASCII, letters upper case, and spaces, hyphens and dashes of any width
// go.
func fold(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '！' && r <= '～' { // full-width ASCII block
			r = r - '！' + '!'
		}
		switch {
		case unicode.IsSpace(r), r == '-', r == '_', r == '—', r == '–', r == '‐', r == '−', r == '·', r == '.':
			continue
		}
		b.WriteRune(unicode.ToUpper(r))
	}
	return b.String()
}

// NormalizeSecret is the form of a typed secret that is hashed and
// compared: ysq k7q2m xw3rp, K7Q2M-XW3RP and Ｋ７Ｑ２Ｍ－ＸＷ３ＲＰ are one secret.
// Secrets issued before the short form (20 symbols) read the same way.
func NormalizeSecret(s string) string { return fold(s) }

// FormatSecret shows a secret in groups of five (K7Q2M-XW3RP).
func FormatSecret(s string) string {
	s = fold(s)
	var parts []string
	for len(s) > 5 {
		parts = append(parts, s[:5])
		s = s[5:]
	}
	return strings.Join(append(parts, s), "-")
}

// NormalizeCode is the stored form of a typed code: upper case, the
// separator between year and symbols restored (ysq2023 7kq2mx →
// YSQ2023-7KQ2MX). Text that is not a code comes back folded, and is
// simply not found.
func NormalizeCode(s string) string {
	f := fold(s)
	i := 0
	for i < len(f) && f[i] >= 'A' && f[i] <= 'Z' {
		i++
	}
	if i == 0 || i > 4 || len(f) < i+4 {
		return f
	}
	if _, err := strconv.Atoi(f[i : i+4]); err != nil {
		return f
	}
	if len(f) == i+4 {
		return f
	}
	return f[:i+4] + "-" + f[i+4:]
}

// GuessYears is the expected number of years for one client address,
// guessing at perMinute lookups, to hit the secret of a known code of
// secretLen symbols (half the space, on average).
func GuessYears(secretLen int, perMinute float64) float64 {
	space := math.Pow(float64(len(Alphabet)), float64(secretLen))
	perYear := perMinute * 60 * 24 * 365
	return space / 2 / perYear
}
