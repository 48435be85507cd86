package exchange

import (
	"strings"
	"testing"
	"time"

	"gongkai"
)

func TestCursorRoundTripAndRefusals(t *testing.T) {
	c := Cursor{Kind: KindDocument, Seq: 4711}
	got, err := DecodeCursor(KindDocument, c.Encode())
	if err != nil || got != c {
		t.Fatalf("round trip: %+v %v", got, err)
	}
	for _, bad := range []string{"x", "!!!", "YzEuZG9jdW1lbnQuLTE", c.Encode() + "A", strings.Repeat("A", 200), "MTIz"} {
		if _, err := DecodeCursor(KindDocument, bad); gongkai.ErrorCode(err) != gongkai.EINVALID {
			t.Errorf("cursor %q: %v; want invalid", bad, err)
		}
	}
	if _, err := DecodeCursor(KindCatalogItem, c.Encode()); err == nil || !strings.Contains(gongkai.ErrorMessage(err), "文件") {
		t.Errorf("a documents cursor on the catalogue: %v; want refused naming the kind", err)
	}
	q, err := ParseQuery(KindDocument, "2023-06-01T00:00:00+08:00", "", "")
	if err != nil || !q.Since.Equal(time.Date(2023, 5, 31, 16, 0, 0, 0, time.UTC)) || q.Limit != DefaultLimit {
		t.Errorf("since: %+v %v", q, err)
	}
	for _, tt := range []struct{ since, cursor, limit string }{{"2023-06-01", "", ""}, {"", "", "0"}, {"", "", "501"}, {"", "", "x"}, {"", "bad", ""}} {
		if _, err := ParseQuery(KindDocument, tt.since, tt.cursor, tt.limit); gongkai.ErrorCode(err) != gongkai.EINVALID {
			t.Errorf("ParseQuery(%+v) = %v; want invalid", tt, err)
		}
	}
}

func TestSignatureVerifiesWithTheSecret(t *testing.T) {
	now := time.Unix(1700000000, 0)
	body := []byte(`{"changes":[{"change_id":1}]}`)
	sig := Sign("whsec_secret-of-the-platform", now, body)
	if !strings.HasPrefix(sig, "sha256=") || len(sig) != 7+64 {
		t.Fatalf("signature %q", sig)
	}
	ts := "1700000000"
	if !Verify("whsec_secret-of-the-platform", sig, ts, body, now.Add(time.Minute), 5*time.Minute) {
		t.Error("the signature does not verify with its secret")
	}
	for name, ok := range map[string]bool{
		"other secret":   Verify("whsec_another-secret-entirely", sig, ts, body, now, 5*time.Minute),
		"changed body":   Verify("whsec_secret-of-the-platform", sig, ts, []byte(`{"changes":[{"change_id":2}]}`), now, 5*time.Minute),
		"other time":     Verify("whsec_secret-of-the-platform", sig, "1700000001", body, now, 5*time.Minute),
		"replayed later": Verify("whsec_secret-of-the-platform", sig, ts, body, now.Add(time.Hour), 5*time.Minute),
	} {
		if ok {
			t.Errorf("%s: verified; want refused", name)
		}
	}
}

func TestCheckSubscriber(t *testing.T) {
	if _, u, err := CheckSubscriber(" 集约化平台 ", " https://jyh.example.gov.cn/api/hook?x=1 ", ""); err != nil || u != "https://jyh.example.gov.cn/api/hook?x=1" {
		t.Errorf("good address: %q %v", u, err)
	}
	for _, u := range []string{"ftp://x/", "mailto:a@b", "//x/y", "http:///nohost", "gopher://x"} {
		if _, _, err := CheckSubscriber("x", u, ""); err == nil {
			t.Errorf("%q accepted", u)
		}
	}
}

func TestElementKeepsTheInstitutionKind(t *testing.T) {
	raw := []byte(`{"id":4,"kind":"training","name":"启航","url":"/institutions/4","kind_label":"校外培训机构"}`)
	m, err := Element(9, KindInstitution, time.Unix(0, 0), false, raw, "https://x.example/", nil)
	if err != nil {
		t.Fatal(err)
	}
	if m["kind"] != KindInstitution || m["institution_kind"] != "training" || m["url"] != "https://x.example/institutions/4" || m["change_id"] != int64(9) {
		t.Errorf("element %+v", m)
	}
}
