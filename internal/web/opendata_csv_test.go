package web

import "testing"

func TestCSVCell(t *testing.T) {
	for in, want := range map[string]string{
		"":                            "",
		"关于做好招生工作的通知":                 "关于做好招生工作的通知",
		`=HYPERLINK("http://x","点此")`: `'=HYPERLINK("http://x","点此")`,
		"+86 138":                     "'+86 138",
		"-1+2":                        "'-1+2",
		"@SUM(A1)":                    "'@SUM(A1)",
		"\t=1":                        "'\t=1",
		"-3":                          "-3",
		"+1.5":                        "+1.5",
		"2023-05-06":                  "2023-05-06",
	} {
		if got := csvCell(in); got != want {
			t.Errorf("csvCell(%q) = %q; want %q", in, got, want)
		}
	}
}
