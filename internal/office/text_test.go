package office

import (
	"bytes"
	"compress/zlib"
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// pdfPage is one page of a test PDF: its content stream, deflated when
// flate is set.
type pdfPage struct {
	content []byte
	flate   bool
}

// buildPDF writes a small PDF with two fonts: F1 (Helvetica, for ASCII)
// and F2 (a Type0 font with a ToUnicode map for the Han characters in
// han), as office software writes Chinese text.
func buildPDF(t testing.TB, han string, pages []pdfPage) []byte {
	t.Helper()
	var cmap strings.Builder
	runes := []rune(han)
	cmap.WriteString("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CMapName /Test def\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n")
	if len(runes) > 0 {
		fmt.Fprintf(&cmap, "%d beginbfchar\n", len(runes))
		for i, r := range runes {
			fmt.Fprintf(&cmap, "<%04X> <%04X>\n", i+1, r)
		}
		cmap.WriteString("endbfchar\n")
	}
	cmap.WriteString("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n")

	var objs [][]byte
	add := func(s string) int { objs = append(objs, []byte(s)); return len(objs) }
	stream := func(dict string, data []byte) int {
		return add(fmt.Sprintf("<< %s /Length %d >>\nstream\n%s\nendstream", dict, len(data), data))
	}
	add("<< /Type /Catalog /Pages 2 0 R >>")
	add("") // pages, filled below
	add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
	tu := stream("", []byte(cmap.String()))
	f2 := add(fmt.Sprintf("<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H /ToUnicode %d 0 R >>", tu))
	var kids []string
	for _, p := range pages {
		data, dict := p.content, ""
		if p.flate {
			var b bytes.Buffer
			w := zlib.NewWriter(&b)
			w.Write(data)
			w.Close()
			data, dict = b.Bytes(), "/Filter /FlateDecode"
		}
		c := stream(dict, data)
		pg := add(fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R /F2 %d 0 R >> >> /Contents %d 0 R >>", f2, c))
		kids = append(kids, fmt.Sprintf("%d 0 R", pg))
	}
	objs[1] = []byte(fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", strings.Join(kids, " "), len(kids)))
	var out bytes.Buffer
	out.WriteString("%PDF-1.4\n")
	offs := make([]int, len(objs))
	for i, o := range objs {
		offs[i] = out.Len()
		fmt.Fprintf(&out, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := out.Len()
	fmt.Fprintf(&out, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, o := range offs {
		fmt.Fprintf(&out, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&out, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return out.Bytes()
}

// hanShow returns a content-stream operator showing s in F2 (every rune of
// s must be in the font's han).
func hanShow(han, s string) string {
	var b strings.Builder
	b.WriteString("BT /F2 12 Tf 72 700 Td <")
	idx := map[rune]int{}
	for i, r := range []rune(han) {
		idx[r] = i + 1
	}
	for _, r := range s {
		fmt.Fprintf(&b, "%04X", idx[r])
	}
	b.WriteString("> Tj ET\n")
	return b.String()
}

func TestExtractTextPDF(t *testing.T) {
	han := "带队教师身份证号手机"
	id := "370882201001011231"
	page1 := hanShow(han, "带队教师身份证号") + "BT /F1 12 Tf 72 680 Td (" + id + ") Tj ET\n"
	page2 := hanShow(han, "手机") + "BT /F1 12 Tf 72 660 Td (13812345678) Tj ET\n"
	data := buildPDF(t, han, []pdfPage{{content: []byte(page1), flate: true}, {content: []byte(page2)}})
	got := ExtractText(context.Background(), "通知.PDF", data, DefaultTextLimits)
	if got.Status != TextOK {
		t.Fatalf("status = %s (%s); want ok", got.Status, got.Note)
	}
	for _, want := range []string{"带队教师身份证号", id, "手机", "13812345678"} {
		if !strings.Contains(got.Text, want) {
			t.Errorf("text = %q; want it to hold %q", got.Text, want)
		}
	}
}

func TestExtractTextPDFUnreadable(t *testing.T) {
	// A scan: the page draws an image and has no text at all.
	scan := buildPDF(t, "", []pdfPage{{content: []byte("q 500 0 0 700 50 50 cm /Im1 Do Q\n")}})
	// A Chinese font without a ToUnicode map: codes come out as Latin-1 junk.
	junk := buildPDF(t, "", []pdfPage{{content: []byte("BT /F1 12 Tf (\xc9\xed\xb7\xdd\xd6\xa4\xba\xc5\xb4\xf8\xb6\xd3\xbd\xcc\xca\xa6) Tj ET\n")}})
	tests := []struct {
		name, file string
		data       []byte
		note       string
	}{
		{"scan", "scan.pdf", scan, "没有可识别的文字"},
		{"undecodable font", "junk.pdf", junk, "没有可识别的文字"},
		{"damaged", "bad.pdf", []byte("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"), "损坏"},
		{"not a pdf", "fake.pdf", []byte("hello"), "损坏"},
		{"image", "证件照.jpg", []byte("\xff\xd8\xff\xe0 JFIF"), ".jpg"},
		{"old word", "旧文件.doc", []byte("\xd0\xcf\x11\xe0 data"), ".doc"},
	}
	for _, tt := range tests {
		got := ExtractText(context.Background(), tt.file, tt.data, DefaultTextLimits)
		if got.Status != TextUnreadable || !strings.Contains(got.Note, tt.note) {
			t.Errorf("%s: ExtractText = %s %q; want unreadable with %q", tt.name, got.Status, got.Note, tt.note)
		}
	}
}

func TestExtractTextPDFLimits(t *testing.T) {
	// A page whose content inflates to 64 MB from a few dozen KB.
	bomb := bytes.Repeat([]byte("0 0 m "), (64<<20)/6)
	data := buildPDF(t, "", []pdfPage{{content: []byte("BT /F1 12 Tf (Page one 13812345678) Tj ET\n")}, {content: bomb, flate: true}})
	if len(data) > 1<<20 {
		t.Fatalf("bomb is %d bytes; want a small file", len(data))
	}
	start := time.Now()
	got := ExtractText(context.Background(), "bomb.pdf", data, DefaultTextLimits)
	if got.Status != TextPartial || !strings.Contains(got.Note, "第 2 页内容过大") || !strings.Contains(got.Text, "13812345678") {
		t.Errorf("bomb: %s %q %q; want page 1 read and page 2 refused", got.Status, got.Note, got.Text)
	}
	t.Logf("bomb refused in %s", time.Since(start))

	var pages []pdfPage
	for i := 0; i < 5; i++ {
		pages = append(pages, pdfPage{content: []byte(fmt.Sprintf("BT /F1 12 Tf (Page %d text) Tj ET\n", i+1))})
	}
	lim := DefaultTextLimits
	lim.MaxPages = 3
	got = ExtractText(context.Background(), "long.pdf", buildPDF(t, "", pages), lim)
	if got.Status != TextPartial || !strings.Contains(got.Note, "共 5 页，只检查了前 3 页") || strings.Contains(got.Text, "Page 4") {
		t.Errorf("pages: %s %q %q; want the first 3 pages and a note", got.Status, got.Note, got.Text)
	}
	lim = DefaultTextLimits
	lim.MaxChars = 10
	got = ExtractText(context.Background(), "a.txt", []byte("一二三四五六七八九十十一"), lim)
	if got.Status != TextPartial || got.Text != "一二三四五六七八九十" {
		t.Errorf("chars: %s %q; want the first 10 characters, partial", got.Status, got.Text)
	}
	lim = DefaultTextLimits
	lim.MaxFileSize = 10
	if got = ExtractText(context.Background(), "a.txt", []byte("01234567890123"), lim); got.Status != TextUnreadable || !strings.Contains(got.Note, "文件过大") {
		t.Errorf("size: %s %q; want unreadable, too large", got.Status, got.Note)
	}
	// A cancelled context stops the reader at once.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if got = ExtractText(ctx, "p.pdf", buildPDF(t, "", pages), DefaultTextLimits); got.Status != TextUnreadable || !strings.Contains(got.Note, "超时") {
		t.Errorf("cancelled: %s %q; want unreadable, time limit", got.Status, got.Note)
	}
}

func TestExtractTextOffice(t *testing.T) {
	docx := handDocx(t, `<w:p><w:r><w:t>联系人手机 13812345678</w:t></w:r></w:p><w:tbl><w:tr><w:tc><w:p><w:r><w:t>身份证号</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>370882201001011231</w:t></w:r></w:p></w:tc></w:tr></w:tbl>`)
	got := ExtractText(context.Background(), "名单.docx", docx, DefaultTextLimits)
	if got.Status != TextOK || !strings.Contains(got.Text, "13812345678") || !strings.Contains(got.Text, "370882201001011231") {
		t.Errorf("docx: %s %q; want paragraphs and table cells", got.Status, got.Text)
	}
	f := excelize.NewFile()
	f.SetSheetRow("Sheet1", "A1", &[]any{"姓名", "手机"})
	f.SetSheetRow("Sheet1", "A2", &[]any{"张三", "13812345678"})
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	xlsx := buf.Bytes()
	got = ExtractText(context.Background(), "名单.xlsx", xlsx, DefaultTextLimits)
	if got.Status != TextOK || !strings.Contains(got.Text, "张三\t13812345678") {
		t.Errorf("xlsx: %s %q; want every cell", got.Status, got.Text)
	}
	gbk := []byte{0xc9, 0xed, 0xb7, 0xdd, 0xd6, 0xa4} // 身份证 in GB18030
	got = ExtractText(context.Background(), "a.txt", gbk, DefaultTextLimits)
	if got.Status != TextOK || got.Text != "身份证" {
		t.Errorf("gb18030 txt: %s %q; want 身份证", got.Status, got.Text)
	}
	if got = ExtractText(context.Background(), "broken.docx", []byte("PK\x03\x04 broken"), DefaultTextLimits); got.Status != TextUnreadable {
		t.Errorf("broken docx: %s; want unreadable", got.Status)
	}
}

func FuzzExtractTextPDF(f *testing.F) {
	f.Add(buildPDF(f, "身份", []pdfPage{{content: []byte("BT /F1 12 Tf (13812345678) Tj ET\n")}}))
	f.Add([]byte("%PDF-1.7\n%%EOF\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		lim := DefaultTextLimits
		lim.Timeout = time.Second
		got := ExtractText(context.Background(), "f.pdf", data, lim)
		if got.Status == "" {
			t.Fatal("no status")
		}
	})
}
