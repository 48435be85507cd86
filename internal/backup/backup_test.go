package backup

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"
)

func testHeader() Header {
	return Header{ProgramVersion: "test", Source: "sqlite", SchemaVersion: 400, Migrations: []int64{1, 2, 400},
		Tables: []TableSchema{
			{Name: "blobs", Columns: []Column{{"sha256", TypeText}, {"size", TypeInt}, {"data", TypeBytes}}},
			{Name: "empty", Columns: []Column{{"id", TypeInt}}},
			{Name: "units", Columns: []Column{{"id", TypeInt}, {"name", TypeText}, {"active", TypeBool}, {"score", TypeReal}, {"parent_id", TypeInt}}},
		}}
}

var testRows = map[string][][]any{
	"blobs": {{"a", int64(3), []byte("abc")}, {"b", int64(0), []byte{}}},
	"units": {{int64(1), "教育局 <&>", int64(1), 1.5, nil}, {int64(2), "学校\n\"引号\"", false, int64(2), int64(1)}},
}

func writeTest(t testing.TB, pass string) ([]byte, Manifest) {
	t.Helper()
	var buf bytes.Buffer
	w, err := NewWriter(&buf, testHeader(), pass)
	if err != nil {
		t.Fatal(err)
	}
	for _, ts := range testHeader().Tables {
		tw, err := w.Table(ts.Name)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range testRows[ts.Name] {
			if err := tw.Row(r); err != nil {
				t.Fatal(err)
			}
		}
		if err := tw.Close(); err != nil {
			t.Fatal(err)
		}
	}
	man, err := w.Close()
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), man
}

func TestRoundTrip(t *testing.T) {
	WorkFactor = 10
	for _, pass := range []string{"", "正确的密码 horse"} {
		data, man := writeTest(t, pass)
		if man.Rows != 4 || len(man.Blobs) != 2 || man.BlobBytes != 3 {
			t.Fatalf("manifest: %+v", man)
		}
		got := map[string][][]any{}
		var ended []string
		m2, err := Read(bytes.NewReader(data), NewKey(pass), Visit{
			Row:      func(ts TableSchema, vals []any) error { got[ts.Name] = append(got[ts.Name], vals); return nil },
			TableEnd: func(ts TableSchema) error { ended = append(ended, ts.Name); return nil },
		})
		if err != nil {
			t.Fatalf("read (pass %q): %v", pass, err)
		}
		if !reflect.DeepEqual(m2.Tables, man.Tables) {
			t.Errorf("sums differ: %+v vs %+v", m2.Tables, man.Tables)
		}
		if !reflect.DeepEqual(ended, []string{"blobs", "units"}) {
			t.Errorf("table ends: %v", ended)
		}
		want := [][]any{{int64(1), "教育局 <&>", true, 1.5, nil}, {int64(2), "学校\n\"引号\"", false, 2.0, int64(1)}}
		if !reflect.DeepEqual(got["units"], want) {
			t.Errorf("units rows: %#v", got["units"])
		}
		if b := got["blobs"][0][2].([]byte); string(b) != "abc" {
			t.Errorf("blob: %q", b)
		}
		// The hash of rows read back equals the manifest's.
		h := NewHasher(testHeader().Tables[2])
		for _, r := range got["units"] {
			if err := h.Row(r); err != nil {
				t.Fatal(err)
			}
		}
		if s, _ := man.Table("units"); h.Sum() != s.SHA256 || h.Rows != 2 {
			t.Errorf("hasher %s, manifest %s", h.Sum(), s.SHA256)
		}
	}
}

func kindOf(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return ""
}

func TestRefusals(t *testing.T) {
	WorkFactor = 10
	plain, _ := writeTest(t, "")
	enc, _ := writeTest(t, "secret")
	cases := []struct {
		name string
		data []byte
		key  string
		kind string
		msg  string
	}{
		{"truncated", plain[:len(plain)-40], "", KindDamaged, "备份文件"},
		{"half", plain[:len(plain)/2], "", KindDamaged, "备份文件"},
		{"not an archive", []byte("hello world, this is not a backup"), "", KindDamaged, "不是 gongkai 备份文件"},
		{"empty", nil, "", KindDamaged, "不是 gongkai 备份文件"},
		{"encrypted without passphrase", enc, "", KindPassphrase, "已加密"},
		{"wrong passphrase", enc, "wrong", KindPassphrase, "密码不正确"},
		{"encrypted truncated", enc[:len(enc)-10], "secret", KindDamaged, "备份文件"},
	}
	for _, c := range cases {
		_, err := Read(bytes.NewReader(c.data), NewKey(c.key), Visit{})
		if kindOf(err) != c.kind || !strings.Contains(err.Error(), c.msg) {
			t.Errorf("%s: got %v (kind %q), want kind %s with %q", c.name, err, kindOf(err), c.kind, c.msg)
		}
	}
	// Every single-byte change is refused.
	for _, data := range [][]byte{plain, enc} {
		for i := 0; i < len(data); i += max(1, len(data)/97) {
			bad := bytes.Clone(data)
			bad[i] ^= 0x20
			if _, err := Read(bytes.NewReader(bad), NewKey("secret"), Visit{}); err == nil {
				t.Fatalf("byte %d of %d changed: accepted", i, len(data))
			}
		}
	}
}

func FuzzRead(f *testing.F) {
	WorkFactor = 10
	plain, _ := writeTest(f, "")
	f.Add(plain)
	f.Fuzz(func(t *testing.T, data []byte) {
		_, _ = Read(bytes.NewReader(data), NewKey(""), Visit{Row: func(TableSchema, []any) error { return nil }})
	})
}
