package trackcode

import (
	"strings"
	"testing"
)

func TestNormalize(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"YSQ2023-7KQ2MX", "YSQ2023-7KQ2MX"},
		{"ysq2023-7kq2mx", "YSQ2023-7KQ2MX"},
		{" ysq2023 7kq2mx ", "YSQ2023-7KQ2MX"},
		{"ＹＳＱ２０２３－７ＫＱ２ＭＸ", "YSQ2023-7KQ2MX"},
		{"ly2026—abcdef", "LY2026-ABCDEF"},
		{"YSQ2023", "YSQ2023"},
		{"hello", "HELLO"},
	} {
		if got := NormalizeCode(c.in); got != c.want {
			t.Errorf("NormalizeCode(%q) = %q; want %q", c.in, got, c.want)
		}
	}
	for _, in := range []string{"K7Q2M-XW3RP", "k7q2mxw3rp", "k7q2m xw3rp", "Ｋ７Ｑ２Ｍ－ＸＷ３ＲＰ", " K7Q2M—XW3RP\n"} {
		if got := NormalizeSecret(in); got != "K7Q2MXW3RP" {
			t.Errorf("NormalizeSecret(%q) = %q; want K7Q2MXW3RP", in, got)
		}
	}
	if got := FormatSecret("k7q2mxw3rp"); got != "K7Q2M-XW3RP" {
		t.Errorf("FormatSecret = %q", got)
	}
}

func TestRandom(t *testing.T) {
	seen := map[string]bool{}
	for range 200 {
		s, err := NewSecret()
		if err != nil {
			t.Fatal(err)
		}
		if len(s) != SecretLen || strings.Trim(s, Alphabet) != "" {
			t.Fatalf("secret %q: want %d symbols of the alphabet", s, SecretLen)
		}
		if seen[s] {
			t.Fatalf("secret %q twice in 200", s)
		}
		seen[s] = true
	}
	c, err := NewCode(Request, 2023)
	if err != nil || !strings.HasPrefix(c, "YSQ2023-") || len(c) != len("YSQ2023-")+CodeLen || NormalizeCode(strings.ToLower(c)) != c {
		t.Errorf("NewCode = %q, %v", c, err)
	}
}

// The stated margin: at 20 lookups a minute per address, a known code's
// secret takes tens of millions of address-years.
func TestGuessYears(t *testing.T) {
	y := GuessYears(SecretLen, 20)
	if y < 5e7 || y > 6e7 {
		t.Errorf("GuessYears(10, 20/min) = %.3g years; want about 5.4e7", y)
	}
}
