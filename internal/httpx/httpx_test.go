package httpx_test

import (
	"net/http"
	"testing"

	"gongkai/internal/httpx"
)

func TestSafeNext(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"/admin/docs/d/1", "/admin/docs/d/1"},
		{"/search?q=a%20b", "/search?q=a%20b"},
		{"//evil.example", "/fb"},
		{"/\\evil.example", "/fb"},
		{"/\t/evil.example", "/fb"},
		{"/\n/evil.example", "/fb"},
		{"/a\\b", "/fb"},
		{"https://evil.example", "/fb"},
		{"", "/fb"},
	}
	for _, tt := range tests {
		if got := httpx.SafeNext(tt.in, "/fb"); got != tt.want {
			t.Errorf("SafeNext(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

// TestClientIPForwarded checks that behind a trusted proxy the address is
// the hop the proxy added, not one the client wrote into the header.
func TestClientIPForwarded(t *testing.T) {
	tests := []struct {
		trust bool
		xff   []string
		want  string
	}{
		{false, []string{"1.2.3.4"}, "192.0.2.9"},
		{true, nil, "192.0.2.9"},
		{true, []string{"203.0.113.7"}, "203.0.113.7"},
		{true, []string{"6.6.6.6, 203.0.113.7"}, "203.0.113.7"},
		{true, []string{"6.6.6.6", "203.0.113.7"}, "203.0.113.7"},
		{true, []string{"203.0.113.7, "}, "203.0.113.7"},
	}
	for _, tt := range tests {
		s := &httpx.Server{}
		s.Config.TrustProxy = tt.trust
		r, _ := http.NewRequest("GET", "/", nil)
		r.RemoteAddr = "192.0.2.9:5555"
		for _, v := range tt.xff {
			r.Header.Add("X-Forwarded-For", v)
		}
		if got := s.ClientIP(r); got != tt.want {
			t.Errorf("ClientIP(trust %v, XFF %q) = %q; want %q", tt.trust, tt.xff, got, tt.want)
		}
	}
}
