package plan

import (
	"testing"
	"unicode/utf8"
)

func TestParseDeadline(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"11月底前", "2023-11-30"},
		{"12月底前", "2023-12-31"},
		{"年底前", "2023-12-31"},
		{"6月底前", "2023-06-30"},
		{"2月底前", "2023-02-28"},
		{"上半年", "2023-06-30"},
		{"下半年", "2023-12-31"},
		{"第三季度", "2023-09-30"},
		{"三季度末", "2023-09-30"},
		{"9月15日前", "2023-09-15"},
		{"9月15号前", "2023-09-15"},
		{"2023年10月底前", "2023-10-31"},
		{"2024年3月底前", "2024-03-31"},
		{"2023-10-08", "2023-10-08"},
		{"１１月底前", "2023-11-30"},
		{"10月中旬", "2023-10-20"},
		{"持续推进", "continuous"},
		{"长期坚持", "continuous"},
		{"常态化", "continuous"},
		{"每季度", "recurring:quarterly"},
		{"每月", "recurring:monthly"},
		{"", ""},
		{"按上级要求", "text"},
	}
	for _, tc := range tests {
		d, err := ParseDeadline(tc.in, 2023)
		if err != nil {
			t.Errorf("ParseDeadline(%q): %v", tc.in, err)
			continue
		}
		if got := d.Value(); got != tc.want {
			t.Errorf("ParseDeadline(%q): got %q; want %q", tc.in, got, tc.want)
		}
		if d.Text != tc.in {
			t.Errorf("ParseDeadline(%q) text: got %q; want the original", tc.in, d.Text)
		}
	}
	for _, bad := range []string{"2月30日前", "13月底前", "1800年5月底前", "4月31日"} {
		if _, err := ParseDeadline(bad, 2023); err == nil {
			t.Errorf("ParseDeadline(%q): got no error; want one", bad)
		}
	}
}

func FuzzParseDeadline(f *testing.F) {
	for _, s := range []string{"11月底前", "2023年10月底前", "第三季度", "9月15日前", "持续推进", "每季度", "2月30日"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDeadline(s, 2023)
		if err != nil {
			return
		}
		if d.Kind == DeadlineDate && !d.Date.IsValid() {
			t.Fatalf("ParseDeadline(%q) gave invalid date %v", s, d.Date)
		}
		if utf8.ValidString(s) && d.Text == "" && len(s) > 0 && d.Kind != DeadlineNone {
			t.Fatalf("ParseDeadline(%q) lost the text", s)
		}
	})
}
