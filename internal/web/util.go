package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

func itoa(n int) string { return strconv.Itoa(n) }

// setAttachment names a download as RFC 6266 says: the name in UTF-8
// (filename*, percent-encoded per RFC 5987), and an ASCII stand-in for old
// clients (filename: non-ASCII characters become _).
func setAttachment(w http.ResponseWriter, name string) {
	w.Header().Set("Content-Disposition", contentDisposition(name))
}

func contentDisposition(name string) string {
	var ascii, enc strings.Builder
	for _, r := range name {
		switch {
		case r < 0x20 || r == 0x7f || r == '"' || r == '\\' || r == '/':
			ascii.WriteByte('_')
		case r < 0x80:
			ascii.WriteRune(r)
		default:
			ascii.WriteByte('_')
		}
	}
	for _, b := range []byte(name) {
		c := rune(b)
		if c < 0x80 && (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.ContainsRune("!#$&+-.^_`|~", c)) {
			enc.WriteByte(b)
		} else {
			fmt.Fprintf(&enc, "%%%02X", b)
		}
	}
	return `attachment; filename="` + ascii.String() + `"; filename*=UTF-8''` + enc.String()
}
