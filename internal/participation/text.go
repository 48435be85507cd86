package participation

import (
	"strings"
	"unicode/utf8"

	"gongkai"
	"gongkai/internal/sanitize"
)

func trimmed(s string) string { return strings.TrimSpace(s) }

// checkText trims s and checks its length in characters.
func checkText(field, s string, min, max int) (string, error) {
	s = strings.TrimSpace(strings.ToValidUTF8(s, ""))
	n := utf8.RuneCountInString(s)
	if n < min {
		if min <= 1 {
			return s, gongkai.Errorf(gongkai.EINVALID, "请填写“%s”", field)
		}
		return s, gongkai.Errorf(gongkai.EINVALID, "“%s”至少 %d 个字，现为 %d 个字", field, min, n)
	}
	if n > max {
		return s, gongkai.Errorf(gongkai.EINVALID, "“%s”最多 %d 个字，现为 %d 个字，请删减", field, max, n)
	}
	return s, nil
}

// checkName is checkText for a one-line name or title: control, zero-width
// and text-direction characters are refused (sanitize.CheckName).
func checkName(field, s string, min, max int) (string, error) {
	s, err := checkText(field, s, min, max)
	if err != nil {
		return s, err
	}
	return s, sanitize.CheckName(field, s)
}
