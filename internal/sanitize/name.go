package sanitize

import (
	"fmt"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"gongkai"
)

// MaxFileNameChars is how long a stored file name may be; longer names are
// cut (the extension kept).
const MaxFileNameChars = 200

// hidden reports whether r is a control, zero-width or text-direction
// character: C0 controls U+0000–U+001F, DEL and the C1 controls
// U+007F–U+009F, U+200B–U+200F (zero-width space, joiners, LRM, RLM),
// U+202A–U+202E (embeddings and overrides), U+2066–U+2069 (isolates) and
// U+FEFF (byte-order mark). Such characters make a name look like another
// (U+202E turns "exe.pdf" around) or hide part of it.
func hidden(r rune) bool {
	switch {
	case r <= 0x1F, r >= 0x7F && r <= 0x9F:
		return true
	case r >= 0x200B && r <= 0x200F, r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069, r == 0xFEFF:
		return true
	}
	return false
}

// firstHidden returns the first hidden character of s and its position
// (in characters, from 1), allowing tab, newline and carriage return when
// multiline is true. Invalid UTF-8 counts as hidden (U+FFFD).
func firstHidden(s string, multiline bool) (rune, int, bool) {
	n := 0
	for i, r := range s {
		n++
		if r == utf8.RuneError {
			if _, size := utf8.DecodeRuneInString(s[i:]); size <= 1 {
				return r, n, true
			}
		}
		if multiline && (r == '\t' || r == '\n' || r == '\r') {
			continue
		}
		if hidden(r) {
			return r, n, true
		}
	}
	return 0, 0, false
}

func hiddenError(label string, r rune, pos int) error {
	what := "不可见的控制字符"
	if r >= 0x200B {
		what = "不可见的零宽或文字方向控制字符"
	}
	if r == utf8.RuneError {
		return gongkai.Errorf(gongkai.EINVALID, "“%s”第 %d 个字符不是有效的文字编码，请重新输入", label, pos)
	}
	return gongkai.Errorf(gongkai.EINVALID, "“%s”第 %d 个字符是%s（%s），请删除后重新填写", label, pos, what, fmt.Sprintf("U+%04X", r))
}

// CheckName refuses a name (of a person, a unit, a login, a title that
// names something) holding a control, zero-width or text-direction
// character; label is the field's Chinese name, used in the message.
// Tabs and line breaks are refused too: a name is one line.
func CheckName(label, s string) error {
	if r, pos, bad := firstHidden(s, false); bad {
		return hiddenError(label, r, pos)
	}
	return nil
}

// CheckText is CheckName for text that may span lines: tab, newline and
// carriage return are allowed.
func CheckText(label, s string) error {
	if r, pos, bad := firstHidden(s, true); bad {
		return hiddenError(label, r, pos)
	}
	return nil
}

// CheckNames checks several fields: pairs of label and value.
func CheckNames(pairs ...string) error {
	for i := 0; i+1 < len(pairs); i += 2 {
		if err := CheckName(pairs[i], pairs[i+1]); err != nil {
			return err
		}
	}
	return nil
}

// FileName returns the name under which an uploaded file is stored: the
// last element of the path the browser or the command line gave, trimmed,
// cut to MaxFileNameChars characters with its extension kept. A name that
// is empty, "." or "..", or holds a control, zero-width or text-direction
// character is refused, with label (附件, 佐证材料, 导入文件 …) in the message.
func FileName(label, name string) (string, error) {
	base := name
	if i := strings.LastIndexAny(base, `/\`); i >= 0 {
		base = base[i+1:]
	}
	if r, pos, bad := firstHidden(base, false); bad {
		return "", hiddenError(label+"文件名", r, pos)
	}
	base = strings.TrimSpace(base)
	if base == "" || base == "." || base == ".." {
		return "", gongkai.Errorf(gongkai.EINVALID, "%s缺少文件名，请重新选择文件", label)
	}
	if utf8.RuneCountInString(base) <= MaxFileNameChars {
		return base, nil
	}
	ext := filepath.Ext(base)
	if utf8.RuneCountInString(ext) > 16 || ext == base {
		ext = ""
	}
	stem := []rune(strings.TrimSuffix(base, ext))
	stem = stem[:MaxFileNameChars-utf8.RuneCountInString(ext)]
	return strings.TrimSpace(string(stem)) + ext, nil
}
