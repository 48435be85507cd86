package auth

import (
	"strings"
	"testing"
)

func TestPasswordHash(t *testing.T) {
	p := Argon2Params{Time: 1, Memory: 8 * 1024, Threads: 1}
	h, err := HashPassword("正确的密码 Horse-Battery-1", p)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=8192,t=1,p=1$") {
		t.Errorf("hash = %q; want PHC argon2id", h)
	}
	if !CheckPassword(h, "正确的密码 Horse-Battery-1") {
		t.Error("right password refused")
	}
	for _, bad := range []string{"", "正确的密码 Horse-Battery-2", strings.Repeat("x", 300)} {
		if CheckPassword(h, bad) {
			t.Errorf("wrong password %q accepted", bad)
		}
	}
	for _, junk := range []string{"", "$argon2id$", "$argon2id$v=19$m=99999999,t=1,p=1$AAAA$AAAA", "$bcrypt$x"} {
		if CheckPassword(junk, "x") {
			t.Errorf("junk hash %q accepted", junk)
		}
	}
	h2, _ := HashPassword("正确的密码 Horse-Battery-1", p)
	if h2 == h {
		t.Error("two hashes of the same password are equal: salt missing")
	}
}

func TestPasswordPolicy(t *testing.T) {
	p := PasswordPolicy{MinLength: 10, MinClasses: 3}
	tests := []struct {
		pw, login string
		ok        bool
	}{
		{"Abcdefgh12", "", true},
		{"abcdefgh12", "", false}, // two classes
		{"Ab1!", "", false},       // too short
		{"汉字密码汉字密码Ab1", "", true},
		{"Wang2023-xyz", "wang", false}, // contains the login
	}
	for _, tt := range tests {
		err := p.Check(tt.pw, tt.login)
		if (err == nil) != tt.ok {
			t.Errorf("Check(%q, %q) = %v; want ok=%v", tt.pw, tt.login, err, tt.ok)
		}
	}
}

func TestTokens(t *testing.T) {
	s1, h1 := NewToken("gk_")
	s2, _ := NewToken("gk_")
	if s1 == s2 || !strings.HasPrefix(s1, "gk_") || len(s1) < 40 {
		t.Errorf("tokens %q %q", s1, s2)
	}
	if HashToken(s1) != h1 || h1 == s1 {
		t.Error("hash mismatch or secret stored in clear")
	}
}

func TestUnitRoleNeedsUnit(t *testing.T) {
	if !RoleUnit.NeedsUnit() || RoleOffice.NeedsUnit() {
		t.Error("only unit users must be bound to a unit")
	}
	if Role("king").Valid() || !RoleAuditor.Valid() {
		t.Error("role validity")
	}
}
