package office

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/ledongthuc/pdf"
)

// TextLimits bound the extraction of an attachment's text, so that one
// uploaded file cannot hold the server: the file's size, the PDF pages
// read, the decoded size of a page's content, the characters kept and the
// wall time.
type TextLimits struct {
	MaxFileSize    int           // bytes; larger files are not read
	MaxPages       int           // PDF pages read; the rest is left for a person
	MaxPageContent int64         // decoded bytes of one PDF page's content streams
	MaxChars       int           // characters of text kept
	Timeout        time.Duration // wall time for one file
}

// DefaultTextLimits are the limits the store uses.
var DefaultTextLimits = TextLimits{
	MaxFileSize:    MaxFileSize,
	MaxPages:       300,
	MaxPageContent: 8 << 20,
	MaxChars:       1_000_000,
	Timeout:        5 * time.Second,
}

// TextStatus says how much of a file's text was extracted.
type TextStatus string

const (
	TextOK         TextStatus = "ok"         // all the text
	TextPartial    TextStatus = "partial"    // some of it: a limit was reached
	TextUnreadable TextStatus = "unreadable" // none: a scan, an image, an unsupported or damaged file
)

// ExtractedText is the text of one file, with what could not be read.
type ExtractedText struct {
	Text   string
	Status TextStatus
	// Note says in Chinese why the text is partial or unreadable, for the
	// finding a person must look at ("无法提取文字，请人工核对").
	Note string
}

var errTextDeadline = errors.New("text extraction: time limit")

// ExtractText returns the text of an attachment, chosen by the extension
// of name: .txt .csv .tsv .md (UTF-8, UTF-16 or GB18030), .docx
// (paragraphs and table rows), .xlsx (every cell) and .pdf (the text
// layer, page by page). Anything else, a scanned PDF without a text layer,
// a PDF whose fonts cannot be decoded and a damaged file are unreadable;
// a file cut at a limit is partial. It never panics and never runs much
// past lim.Timeout.
func ExtractText(ctx context.Context, name string, data []byte, lim TextLimits) (out ExtractedText) {
	if lim.MaxFileSize <= 0 {
		lim = DefaultTextLimits
	}
	ext := strings.ToLower(filepath.Ext(name))
	if len(data) > lim.MaxFileSize {
		return unreadable(fmt.Sprintf("文件过大（%.1f MB），超过自动提取文字的上限 %d MB", float64(len(data))/(1<<20), lim.MaxFileSize>>20))
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return ExtractedText{Status: TextOK}
	}
	defer func() {
		if r := recover(); r != nil {
			out = unreadable(fmt.Sprintf("文件已损坏，无法读取（%v）", r))
		}
	}()
	ctx, cancel := context.WithTimeout(ctx, lim.Timeout)
	defer cancel()
	switch ext {
	case ".txt", ".csv", ".tsv", ".md":
		if bytes.HasPrefix(data, zipMagic) || bytes.HasPrefix(data, oleMagic) {
			return unreadable("文件内容不是文本（扩展名为“" + ext + "”）")
		}
		s, err := decodeText(name, data)
		if err != nil {
			return unreadable(errText(err))
		}
		return keep(s, lim, "")
	case ".docx":
		paras, err := DocxText(data)
		if err != nil {
			return unreadable(errText(err))
		}
		return keep(strings.Join(paras, "\n"), lim, "")
	case ".xlsx":
		ts, err := ReadTables(name, data)
		if err != nil {
			if strings.Contains(err.Error(), msgNoTable) {
				return ExtractedText{Status: TextOK}
			}
			return unreadable(errText(err))
		}
		var b strings.Builder
		for _, t := range ts {
			for _, row := range t.Rows {
				for j, c := range row {
					if j > 0 {
						b.WriteByte('\t')
					}
					b.WriteString(c.Text)
				}
				b.WriteByte('\n')
				if b.Len() > 4*lim.MaxChars {
					return keep(b.String(), lim, "")
				}
			}
		}
		return keep(b.String(), lim, "")
	case ".pdf":
		return pdfText(ctx, data, lim)
	}
	shown := ext
	if shown == "" {
		shown = "（无扩展名）"
	}
	return unreadable("不能从“" + shown + "”格式的文件中提取文字（可自动检查的格式：.docx、.xlsx、.pdf、.txt）")
}

func unreadable(note string) ExtractedText {
	return ExtractedText{Status: TextUnreadable, Note: note}
}

func errText(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Msg
	}
	return err.Error()
}

// keep cuts s to lim.MaxChars characters; note says why it is partial
// when it is already known to be.
func keep(s string, lim TextLimits, note string) ExtractedText {
	s = strings.ToValidUTF8(s, "")
	if utf8.RuneCountInString(s) > lim.MaxChars {
		n := 0
		for i := range s {
			if n == lim.MaxChars {
				s = s[:i]
				break
			}
			n++
		}
		return ExtractedText{Text: s, Status: TextPartial, Note: fmt.Sprintf("文字超过 %d 字，只检查了前 %d 字，其余请人工核对", lim.MaxChars, lim.MaxChars)}
	}
	if note != "" {
		return ExtractedText{Text: s, Status: TextPartial, Note: note}
	}
	return ExtractedText{Text: s, Status: TextOK}
}

// deadlineReader is the PDF's bytes behind a clock: past the deadline (or
// the context's end) every read fails, and the reader's parser, which
// turns read errors into a recovered panic, stops.
type deadlineReader struct {
	ctx context.Context
	r   *bytes.Reader
}

func (d deadlineReader) ReadAt(p []byte, off int64) (int, error) {
	if d.ctx.Err() != nil {
		return 0, errTextDeadline
	}
	return d.r.ReadAt(p, off)
}

// pdfText reads the text layer of a PDF page by page. Before a page's text
// is decoded, its content streams are decoded once into a counter, so a
// small file that inflates to gigabytes is refused without being held in
// memory.
func pdfText(ctx context.Context, data []byte, lim TextLimits) ExtractedText {
	rd, err := pdf.NewReader(deadlineReader{ctx, bytes.NewReader(data)}, int64(len(data)))
	if err != nil {
		if ctx.Err() != nil {
			return unreadable(fmt.Sprintf("PDF 读取超时（超过 %s）", lim.Timeout))
		}
		if strings.Contains(err.Error(), "password") || strings.Contains(err.Error(), "encrypt") {
			return unreadable("PDF 已加密，无法提取文字")
		}
		return unreadable("PDF 文件已损坏或格式不受支持，无法提取文字")
	}
	pages := rd.NumPage()
	if pages <= 0 {
		return unreadable("PDF 中没有页面")
	}
	var b strings.Builder
	fonts := map[string]*pdf.Font{}
	note := ""
	for i := 1; i <= pages; i++ {
		if i > lim.MaxPages {
			note = fmt.Sprintf("PDF 共 %d 页，只检查了前 %d 页，其余请人工核对", pages, lim.MaxPages)
			break
		}
		if ctx.Err() != nil {
			if i == 1 {
				return unreadable(fmt.Sprintf("PDF 读取超时（超过 %s）", lim.Timeout))
			}
			note = fmt.Sprintf("PDF 读取超时，只检查了前 %d 页，其余请人工核对", i-1)
			break
		}
		p := rd.Page(i)
		if p.V.IsNull() {
			continue
		}
		if n, err := contentSize(p.V.Key("Contents"), lim.MaxPageContent); err != nil {
			if ctx.Err() != nil {
				note = fmt.Sprintf("PDF 读取超时，只检查了前 %d 页，其余请人工核对", i-1)
			} else {
				note = fmt.Sprintf("PDF 第 %d 页内容过大或已损坏（解压后超过 %d MB），该页起请人工核对", i, lim.MaxPageContent>>20)
			}
			_ = n
			break
		}
		for name, f := range pageFonts(p) {
			if _, ok := fonts[name]; !ok {
				fonts[name] = f
			}
		}
		text, err := p.GetPlainText(fonts)
		if err != nil {
			if ctx.Err() != nil {
				note = fmt.Sprintf("PDF 读取超时，只检查了前 %d 页，其余请人工核对", i-1)
			} else {
				note = fmt.Sprintf("PDF 第 %d 页无法读取，该页起请人工核对", i)
			}
			break
		}
		b.WriteString(text)
		b.WriteByte('\n')
		if b.Len() > 4*lim.MaxChars {
			break // keep() cuts and says so
		}
	}
	text := cleanPDFText(b.String())
	if garbled(text) {
		if note != "" {
			return unreadable(note)
		}
		return unreadable("PDF 中没有可识别的文字（可能是扫描件、图片，或使用了无法解码的字体）")
	}
	return keep(text, lim, note)
}

// pageFonts is Page.Fonts with each font parsed once, recovering from a
// damaged font dictionary.
func pageFonts(p pdf.Page) (out map[string]*pdf.Font) {
	out = map[string]*pdf.Font{}
	defer func() {
		if recover() != nil {
			out = map[string]*pdf.Font{}
		}
	}()
	for _, name := range p.Fonts() {
		f := p.Font(name)
		out[name] = &f
	}
	return out
}

// contentSize decodes a page's content streams into a counter, refusing
// more than max bytes.
func contentSize(v pdf.Value, max int64) (n int64, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("content: %v", r)
		}
	}()
	var streams []pdf.Value
	if v.Kind() == pdf.Array {
		for i := 0; i < v.Len(); i++ {
			streams = append(streams, v.Index(i))
		}
	} else if v.Kind() == pdf.Stream {
		streams = append(streams, v)
	}
	for _, s := range streams {
		rc := s.Reader()
		m, err := io.Copy(io.Discard, io.LimitReader(rc, max-n+1))
		rc.Close()
		n += m
		if n > max {
			return n, errors.New("content too large")
		}
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

// cleanPDFText drops control characters (keeping line breaks and tabs)
// and blank lines.
func cleanPDFText(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.Map(func(r rune) rune {
		if r == '\n' || r == '\t' {
			return r
		}
		if unicode.IsControl(r) {
			return -1
		}
		return r
	}, s)
	var lines []string
	for line := range strings.SplitSeq(s, "\n") {
		if strings.TrimSpace(line) != "" {
			lines = append(lines, strings.TrimSpace(line))
		}
	}
	return strings.Join(lines, "\n")
}

// garbled reports whether s holds no readable text: empty, or mostly
// undecodable characters (replacement characters, private-use code points,
// the Latin-1 bytes a two-byte Chinese font without a ToUnicode map turns
// into).
func garbled(s string) bool {
	good, bad := 0, 0
	for _, r := range s {
		switch {
		case unicode.IsSpace(r):
		case r == utf8.RuneError, r >= 0xE000 && r <= 0xF8FF, r >= 0x80 && r <= 0xFF:
			bad++
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Han, r):
			good++
		}
	}
	return good < 2 || bad*4 > good
}
