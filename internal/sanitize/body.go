package sanitize

import "strings"

// Body turns what an author typed (HTML or plain text) into sanitised
// HTML and its plain text.
func Body(body string) (html, text string) {
	body = strings.TrimSpace(body)
	if strings.Contains(body, "<") && strings.Contains(body, ">") {
		html = HTML(body)
		return html, StripTags(html)
	}
	return Text(body), body
}
