package backup

import (
	"archive/tar"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"time"

	"filippo.io/age"
	"github.com/klauspost/compress/zstd"
)

// WorkFactor is the scrypt work factor (log2 N) of a passphrase: 18 takes
// about a second, as age itself uses. Tests lower it.
var WorkFactor = 18

// chunkSize is the size at which a table's rows are cut into a new entry;
// blobFlush the bytes of blobs after which the rows referring to them are
// written out, so that a reader holds at most that much blob data.
const (
	chunkSize = 4 << 20
	blobFlush = 16 << 20
)

// Writer writes an archive. Create it with NewWriter, write each table of
// the header in order (Table, Row…, Close), then Close the writer.
type Writer struct {
	enc   io.WriteCloser // age, when encrypted
	zw    *zstd.Encoder
	tw    *tar.Writer
	man   Manifest
	blobs map[string]int64
	next  int // index of the next table in the header
	cur   *TableWriter
	mtime time.Time
	err   error
}

// NewWriter starts an archive on out with h (its CreatedAt and Format are
// filled in when empty). A non-empty passphrase encrypts it with age.
func NewWriter(out io.Writer, h Header, passphrase string) (*Writer, error) {
	if h.Format == 0 {
		h.Format = Format
	}
	if h.Program == "" {
		h.Program = "gongkai"
	}
	now := time.Now().UTC()
	if h.CreatedAt == "" {
		h.CreatedAt = now.Format(time.RFC3339)
	}
	if err := h.check(); err != nil {
		return nil, err
	}
	w := &Writer{man: Manifest{Header: h}, blobs: map[string]int64{}, mtime: now.Truncate(time.Second)}
	if passphrase != "" {
		rcp, err := age.NewScryptRecipient(passphrase)
		if err != nil {
			return nil, fmt.Errorf("backup: passphrase: %w", err)
		}
		rcp.SetWorkFactor(WorkFactor)
		enc, err := age.Encrypt(out, rcp)
		if err != nil {
			return nil, fmt.Errorf("backup: encrypt: %w", err)
		}
		w.enc, out = enc, enc
	}
	zw, err := zstd.NewWriter(out, zstd.WithEncoderLevel(zstd.SpeedDefault), zstd.WithEncoderCRC(true))
	if err != nil {
		return nil, fmt.Errorf("backup: zstd: %w", err)
	}
	w.zw, w.tw = zw, tar.NewWriter(zw)
	hb, err := json.MarshalIndent(h, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("backup: header: %w", err)
	}
	if err := w.entry("header.json", hb); err != nil {
		return nil, err
	}
	return w, nil
}

func (w *Writer) entry(name string, data []byte) error {
	if w.err != nil {
		return w.err
	}
	hdr := &tar.Header{Name: name, Mode: 0o600, Size: int64(len(data)), ModTime: w.mtime, Typeflag: tar.TypeReg, Format: tar.FormatPAX}
	if err := w.tw.WriteHeader(hdr); err != nil {
		w.err = fmt.Errorf("backup: write %s: %w", name, err)
		return w.err
	}
	if _, err := w.tw.Write(data); err != nil {
		w.err = fmt.Errorf("backup: write %s: %w", name, err)
		return w.err
	}
	return nil
}

// TableWriter writes the rows of one table.
type TableWriter struct {
	w       *Writer
	schema  TableSchema
	sum     TableSum
	h       hash.Hash
	row     *rowEncoder
	pending int64 // blob bytes written since the last chunk
	inChunk map[string]bool
}

// Table starts the next table; it must be the next one the header lists.
func (w *Writer) Table(name string) (*TableWriter, error) {
	if w.cur != nil {
		return nil, errors.New("backup: previous table not closed")
	}
	if w.next >= len(w.man.Header.Tables) || w.man.Header.Tables[w.next].Name != name {
		return nil, fmt.Errorf("backup: table %s is not next in the header", name)
	}
	t := &TableWriter{w: w, schema: w.man.Header.Tables[w.next], h: sha256.New(), inChunk: map[string]bool{}}
	t.sum.Name = name
	t.row = newRowEncoder(t.schema)
	w.next++
	w.cur = t
	return t, nil
}

// Row writes one row: one value per column, as the database driver gave it
// (int64, float64, bool, string, []byte, nil); it is made canonical for
// the column's type.
func (t *TableWriter) Row(vals []any) error {
	err := t.row.encode(vals, t.sum.Rows+1, func(name string, b []byte) error {
		if t.inChunk[name] {
			return nil
		}
		if err := t.w.entry("blobs/"+name, b); err != nil {
			return err
		}
		t.inChunk[name] = true
		t.pending += int64(len(b))
		t.w.blobs[name] = int64(len(b))
		return nil
	})
	if err != nil {
		return err
	}
	t.sum.Rows++
	if t.row.buf.Len() >= chunkSize || t.pending >= blobFlush {
		return t.flush()
	}
	return nil
}

func (t *TableWriter) flush() error {
	buf := &t.row.buf
	if buf.Len() == 0 {
		return nil
	}
	t.sum.Chunks++
	t.h.Write(buf.Bytes())
	if err := t.w.entry(fmt.Sprintf("tables/%s/%06d.jsonl", t.schema.Name, t.sum.Chunks), buf.Bytes()); err != nil {
		return err
	}
	buf.Reset()
	t.pending = 0
	clear(t.inChunk)
	return nil
}

// Close writes the table's last rows and records its sum.
func (t *TableWriter) Close() error {
	if err := t.flush(); err != nil {
		return err
	}
	t.sum.SHA256 = hex.EncodeToString(t.h.Sum(nil))
	t.w.man.Tables = append(t.w.man.Tables, t.sum)
	t.w.man.Rows += t.sum.Rows
	t.w.cur = nil
	return nil
}

// Close writes the manifest and closes the compression and encryption
// (but not the underlying writer), and returns the manifest.
func (w *Writer) Close() (Manifest, error) {
	if w.cur != nil {
		return w.man, errors.New("backup: table not closed")
	}
	if w.next != len(w.man.Header.Tables) {
		return w.man, fmt.Errorf("backup: %d of %d tables written", w.next, len(w.man.Header.Tables))
	}
	w.man.Blobs = sortedBlobs(w.blobs)
	for _, b := range w.man.Blobs {
		w.man.BlobBytes += b.Size
	}
	mb, err := json.MarshalIndent(w.man, "", "  ")
	if err != nil {
		return w.man, fmt.Errorf("backup: manifest: %w", err)
	}
	if err := w.entry("manifest.json", mb); err != nil {
		return w.man, err
	}
	if err := w.tw.Close(); err != nil {
		return w.man, fmt.Errorf("backup: tar: %w", err)
	}
	if err := w.zw.Close(); err != nil {
		return w.man, fmt.Errorf("backup: zstd: %w", err)
	}
	if w.enc != nil {
		if err := w.enc.Close(); err != nil {
			return w.man, fmt.Errorf("backup: encrypt: %w", err)
		}
	}
	return w.man, nil
}
