package notify

import (
	"strings"
	"unicode/utf8"
)

// levelLabel is the Chinese tag of a level.
func levelLabel(level string) string {
	switch level {
	case "warn":
		return "【提醒】"
	case "alert":
		return "【逾期】"
	}
	return "【通知】"
}

// absLink makes a console path absolute with the site's base address.
func absLink(base, link string) string {
	if link == "" || strings.HasPrefix(link, "http://") || strings.HasPrefix(link, "https://") {
		return link
	}
	return strings.TrimRight(base, "/") + link
}

// PlainText is the message as plain text (e-mail, robot text messages).
func PlainText(n Notification, base string) string {
	var b strings.Builder
	b.WriteString(levelLabel(n.Level) + n.Title)
	if n.Body != "" {
		b.WriteString("\n" + n.Body)
	}
	if n.Link != "" {
		b.WriteString("\n详情：" + absLink(base, n.Link))
	}
	return b.String()
}

// mdEscape keeps user text from turning into markdown structure.
var mdEscape = strings.NewReplacer("\\", "\\\\", "*", "\\*", "_", "\\_", "`", "'", "[", "［", "]", "］", "<", "＜", ">", "＞", "#", "＃")

// Markdown is the message in the markdown subset both robots accept
// (headings, bold, links, quotes).
func Markdown(n Notification, base string) string {
	var b strings.Builder
	b.WriteString("### " + levelLabel(n.Level) + mdEscape.Replace(n.Title) + "\n")
	for _, l := range strings.Split(strings.TrimSpace(n.Body), "\n") {
		if strings.TrimSpace(l) != "" {
			b.WriteString("> " + mdEscape.Replace(l) + "\n")
		}
	}
	if n.Link != "" {
		b.WriteString("\n[查看详情](" + absLink(base, n.Link) + ")")
	}
	return b.String()
}

// TruncateBytes cuts s to at most max bytes on a UTF-8 boundary, marking
// the cut.
func TruncateBytes(s string, max int) string {
	if len(s) <= max {
		return s
	}
	const mark = "…"
	cut := max - len(mark)
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + mark
}
