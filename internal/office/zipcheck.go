package office

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"path"
	"strings"
)

// errNotZip means the bytes are not a readable zip archive; each caller
// says what it expected (.xlsx, .docx).
var errNotZip = errors.New("office: not a zip archive")

// zipArchive is a .xlsx/.docx whose every entry has been checked against
// the limits: count, declared sizes, compression ratio, and the bytes
// actually inflated.
type zipArchive struct {
	file string // for messages
	lim  Limits
	zr   *zip.Reader
}

// isXMLPart reports whether a zip entry is XML that a reader may parse.
func isXMLPart(name string) bool {
	switch strings.ToLower(path.Ext(name)) {
	case ".xml", ".rels", ".vml":
		return true
	}
	return false
}

// isMetaPart reports whether an entry of a workbook is parsed whole by
// excelize when it opens the file (content types, relationships, workbook,
// styles, theme, calculation chain).
func isMetaPart(name string) bool {
	n := strings.ToLower(name)
	return n == "[content_types].xml" || strings.HasSuffix(n, ".rels") || n == "xl/workbook.xml" || n == "xl/styles.xml" ||
		n == "xl/calcchain.xml" || strings.HasPrefix(n, "xl/theme/")
}

// partLabel names an entry for a message.
func partLabel(name string) string {
	n := strings.ToLower(name)
	switch {
	case strings.HasPrefix(n, "xl/worksheets/"):
		return "工作表数据（" + name + "）"
	case n == "xl/sharedstrings.xml":
		return "共享字符串表（" + name + "）"
	case n == "word/document.xml":
		return "文档正文（" + name + "）"
	case n == "xl/styles.xml":
		return "样式表（" + name + "）"
	}
	return "“" + name + "”"
}

// openZip checks data as a zip archive against lim. meta says which XML
// entries are parsed whole (held to lim.MetaPartSize); nil means none.
// It returns errNotZip for bytes that are not a zip.
func openZip(file string, data []byte, lim Limits, meta func(string) bool) (*zipArchive, error) {
	if !bytes.HasPrefix(data, zipMagic) {
		return nil, errNotZip
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, errNotZip
	}
	if len(zr.File) > lim.Entries {
		return nil, tooLarge(file, "文件内含 %d 个压缩条目，超过 %d 个上限（可能是压缩炸弹）", len(zr.File), lim.Entries)
	}
	// Declared sizes first: nothing is inflated yet.
	var declared uint64
	for _, f := range zr.File {
		size := f.UncompressedSize64
		if isXMLPart(f.Name) {
			limit := lim.PartSize
			if meta != nil && meta(f.Name) {
				limit = min(limit, lim.MetaPartSize)
			}
			if size > uint64(limit) {
				return nil, tooLarge(file, "文件中的%s解压后超过 %s 上限（可能是压缩炸弹）", partLabel(f.Name), mb(limit))
			}
		}
		if declared += size; declared > uint64(lim.UnzipSize) || declared < size {
			return nil, tooLarge(file, "文件解压后超过 %s 上限（可能是压缩炸弹）", mb(lim.UnzipSize))
		}
		if size > 1<<20 && size/max(f.CompressedSize64, 1) > uint64(lim.Ratio) {
			return nil, tooLarge(file, "文件中的%s压缩比超过 %d 倍上限（可能是压缩炸弹）", partLabel(f.Name), lim.Ratio)
		}
	}
	z := &zipArchive{file: file, lim: lim, zr: zr}
	// Then the bytes actually inflated, which a forged directory cannot
	// hide: archive/zip stops an entry at its declared size, and the total
	// is counted here.
	budget := lim.UnzipSize
	for _, f := range zr.File {
		if f.FileInfo().IsDir() {
			continue
		}
		rc, err := z.open(f, budget)
		if err != nil {
			return nil, err
		}
		n, err := io.Copy(io.Discard, rc)
		rc.Close()
		if err != nil {
			return nil, z.readErr(f, err)
		}
		budget -= n
	}
	return z, nil
}

// find returns the entry named name (case-insensitively, as Office does),
// or nil.
func (z *zipArchive) find(name string) *zip.File {
	for _, f := range z.zr.File {
		if strings.EqualFold(f.Name, name) {
			return f
		}
	}
	return nil
}

// open opens an entry for reading at most limit bytes (and the part limit
// for XML); reading past it fails with an error that readErr explains.
func (z *zipArchive) open(f *zip.File, limit int64) (io.ReadCloser, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, z.readErr(f, err)
	}
	msg := tooLarge(z.file, "文件解压后超过 %s 上限（可能是压缩炸弹）", mb(z.lim.UnzipSize))
	if isXMLPart(f.Name) && z.lim.PartSize < limit {
		limit = z.lim.PartSize
		msg = tooLarge(z.file, "文件中的%s解压后超过 %s 上限（可能是压缩炸弹）", partLabel(f.Name), mb(limit))
	}
	return struct {
		io.Reader
		io.Closer
	}{&capReader{r: rc, n: limit, err: msg}, rc}, nil
}

// readErr turns an error met while inflating entry f into a message.
func (z *zipArchive) readErr(f *zip.File, err error) error {
	var e *Error
	switch {
	case errors.As(err, &e):
		return e
	case errors.Is(err, zip.ErrFormat):
		// archive/zip refuses an entry longer than its declared size.
		return tooLarge(z.file, "文件已损坏：%s解压后的大小与文件中记录的不符（可能是压缩炸弹）", partLabel(f.Name))
	case errors.Is(err, zip.ErrChecksum):
		return newErr(z.file, "文件已损坏：“"+f.Name+"”校验失败，请重新保存后再导入")
	case errors.Is(err, zip.ErrAlgorithm):
		return newErr(z.file, "文件使用了不支持的压缩方式，请用 Office 或 WPS 重新保存后再导入")
	}
	return newErr(z.file, "文件已损坏，无法解压“"+f.Name+"”，请重新保存后再导入")
}

// capReader reads at most n bytes of r; one byte more fails with err.
type capReader struct {
	r   io.Reader
	n   int64
	err error
}

func (c *capReader) Read(p []byte) (int, error) {
	if c.n <= 0 {
		var b [1]byte
		k, err := io.ReadFull(c.r, b[:])
		if k > 0 {
			return 0, c.err
		}
		if err == io.ErrUnexpectedEOF {
			err = io.EOF
		}
		return 0, err
	}
	if int64(len(p)) > c.n {
		p = p[:c.n]
	}
	k, err := c.r.Read(p)
	c.n -= int64(k)
	return k, err
}
