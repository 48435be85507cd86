package office

import (
	"archive/zip"
	"bytes"
	"html"
	"io"
	"regexp"
	"sort"
	"strings"
)

var placeholderRE = regexp.MustCompile(`\{\{\s*([^{}]+?)\s*\}\}`)

// textElem is one <w:t> element of a part: the byte range of its content
// and its unescaped text.
type textElem struct {
	open       string // the start tag as written
	start, end int    // content range in the part
	text       string
}

type segment []textElem // the <w:t> elements of one paragraph

// splitParagraphs finds the <w:t> elements of an XML part, grouped by the
// paragraph (<w:p>) they are in. Nested paragraphs (text boxes) start new
// groups, which is fine because a placeholder never crosses paragraphs.
func splitParagraphs(x string) []segment {
	var segs []segment
	var cur segment
	flush := func() {
		if len(cur) > 0 {
			segs = append(segs, cur)
			cur = nil
		}
	}
	for i := 0; i < len(x); {
		j := strings.IndexByte(x[i:], '<')
		if j < 0 {
			break
		}
		i += j
		end := strings.IndexByte(x[i:], '>')
		if end < 0 {
			break
		}
		tag := x[i : i+end+1]
		switch {
		case tag == "</w:p>" || isTag(tag, "<w:p"):
			flush()
		case isTag(tag, "<w:t") && !strings.HasSuffix(tag, "/>"):
			closeAt := strings.Index(x[i+len(tag):], "</w:t>")
			if closeAt < 0 {
				return segs
			}
			s := i + len(tag)
			cur = append(cur, textElem{open: tag, start: s, end: s + closeAt, text: html.UnescapeString(x[s : s+closeAt])})
			i = s + closeAt + len("</w:t>")
			continue
		}
		i += end + 1
	}
	flush()
	return segs
}

// isTag reports whether tag starts with name followed by '>', '/' or space.
func isTag(tag, name string) bool {
	if !strings.HasPrefix(tag, name) || len(tag) <= len(name) {
		return false
	}
	switch tag[len(name)] {
	case '>', ' ', '/', '\t', '\n', '\r':
		return true
	}
	return false
}

// fillPart replaces placeholders in one XML part. A placeholder that Word
// split across runs is rebuilt: its replacement goes into the run where the
// placeholder starts and its text is removed from the following runs.
func fillPart(x string, values map[string]string) string {
	type edit struct {
		start, end int
		repl       string
	}
	var edits []edit
	for _, seg := range splitParagraphs(x) {
		var all strings.Builder
		for _, e := range seg {
			all.WriteString(e.text)
		}
		joined := all.String()
		if !strings.Contains(joined, "{{") {
			continue
		}
		owner := make([]int, 0, len(joined)) // byte offset in all → element index
		for k, e := range seg {
			for range len(e.text) {
				owner = append(owner, k)
			}
		}
		newText := make([]string, len(seg))
		offsets := make([]int, len(seg))
		off := 0
		for k, e := range seg {
			offsets[k] = off
			off += len(e.text)
		}
		changed := make([]bool, len(seg))
		var matches [][]int
		for _, m := range placeholderRE.FindAllStringSubmatchIndex(joined, -1) {
			if _, ok := values[joined[m[2]:m[3]]]; !ok {
				continue
			}
			matches = append(matches, m)
			for k := owner[m[0]]; k <= owner[m[1]-1]; k++ {
				changed[k] = true
			}
		}
		if len(matches) == 0 {
			continue
		}
		// Rebuild each element's text: plain text stays with its element,
		// a replacement goes to the element where the placeholder starts.
		mi := 0
		for p := 0; p < len(joined); {
			if mi < len(matches) && matches[mi][0] == p {
				m := matches[mi]
				newText[owner[m[0]]] += values[joined[m[2]:m[3]]]
				p = m[1]
				mi++
				continue
			}
			next := len(joined)
			if mi < len(matches) {
				next = matches[mi][0]
			}
			for p < next {
				k := owner[p]
				stop := min(next, offsets[k]+len(seg[k].text))
				newText[k] += joined[p:stop]
				p = stop
			}
		}
		for k, e := range seg {
			if !changed[k] {
				continue
			}
			edits = append(edits, edit{start: e.start, end: e.end, repl: escapeRunText(newText[k])})
			if !strings.Contains(e.open, "xml:space") {
				// Keep spaces at the edges of the new text.
				edits = append(edits, edit{start: e.start - 1, end: e.start - 1, repl: ` xml:space="preserve"`})
			}
		}
	}
	if len(edits) == 0 {
		return x
	}
	sort.SliceStable(edits, func(i, j int) bool { return edits[i].start < edits[j].start })
	var b strings.Builder
	last := 0
	for _, e := range edits {
		b.WriteString(x[last:e.start])
		b.WriteString(e.repl)
		last = e.end
	}
	b.WriteString(x[last:])
	return b.String()
}

// escapeRunText escapes text for a <w:t>; a newline ends the w:t, adds a
// line break and starts a new w:t in the same run.
func escapeRunText(s string) string {
	lines := strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
	for i, l := range lines {
		lines[i] = xmlText(l)
	}
	return strings.Join(lines, `</w:t><w:br/><w:t xml:space="preserve">`)
}

// isTemplatePart reports whether a zip entry may hold placeholders.
func isTemplatePart(name string) bool {
	if name == "word/document.xml" {
		return true
	}
	for _, p := range []string{"word/header", "word/footer"} {
		if strings.HasPrefix(name, p) && strings.HasSuffix(name, ".xml") {
			return true
		}
	}
	return false
}

// FillTemplate replaces {{key}} placeholders in a .docx (body, headers and
// footers) with values, also when Word split a placeholder across runs.
// Placeholders without a value are left as they are; TemplateKeys lists
// them. A value's "\n" becomes a line break.
func FillTemplate(docx []byte, values map[string]string) ([]byte, error) {
	return rewriteDocx(docx, func(name, x string) string {
		if !isTemplatePart(name) {
			return x
		}
		return fillPart(x, values)
	})
}

// TemplateKeys lists the placeholder keys of a .docx template, in order of
// first appearance.
func TemplateKeys(docx []byte) ([]string, error) {
	var keys []string
	seen := map[string]bool{}
	_, err := rewriteDocx(docx, func(name, x string) string {
		if !isTemplatePart(name) {
			return x
		}
		for _, seg := range splitParagraphs(x) {
			var b strings.Builder
			for _, e := range seg {
				b.WriteString(e.text)
			}
			for _, m := range placeholderRE.FindAllStringSubmatch(b.String(), -1) {
				if !seen[m[1]] {
					seen[m[1]] = true
					keys = append(keys, m[1])
				}
			}
		}
		return x
	})
	return keys, err
}

// rewriteDocx copies a .docx, passing each XML part through f. The
// template is checked against DefaultLimits first: every part it holds is
// read into memory.
func rewriteDocx(docx []byte, f func(name, x string) string) ([]byte, error) {
	lim := DefaultLimits()
	if int64(len(docx)) > lim.FileSize {
		return nil, tooLarge("模板", "文件过大，最大允许 %s", mb(lim.FileSize))
	}
	if bytes.HasPrefix(docx, oleMagic) {
		return nil, newErr("模板", msgEncrypted)
	}
	z, err := openZip("模板", docx, lim, nil)
	if err == errNotZip {
		return nil, newErr("模板", docxCorruptMsg)
	}
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	found := false
	for _, zf := range z.zr.File {
		rc, err := z.open(zf, lim.UnzipSize)
		if err != nil {
			return nil, err
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return nil, z.readErr(zf, err)
		}
		if zf.Name == "word/document.xml" {
			found = true
		}
		if strings.HasSuffix(zf.Name, ".xml") {
			data = []byte(f(zf.Name, string(data)))
		}
		hdr := zf.FileHeader
		w, err := zw.CreateHeader(&zip.FileHeader{Name: hdr.Name, Method: zip.Deflate, Modified: hdr.Modified})
		if err != nil {
			return nil, err
		}
		if _, err := w.Write(data); err != nil {
			return nil, err
		}
	}
	if !found {
		return nil, newErr("模板", docxCorruptMsg+"（缺少 word/document.xml）")
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
