package backup

import (
	"archive/tar"
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"reflect"
	"strconv"
	"strings"
	"sync"

	"filippo.io/age"
	"github.com/klauspost/compress/zstd"
)

const ageMagic = "age-encryption.org/v1\n"

var zstdMagic = []byte{0x28, 0xb5, 0x2f, 0xfd}

// maxBlob bounds one blob entry; maxMeta the header and the manifest.
const (
	maxBlob = 2 << 30
	maxMeta = 64 << 20
)

// Key is the passphrase of an encrypted archive. After the first read of a
// file it remembers the file key, so that reading the same file again
// (verify, then restore) costs no second scrypt.
type Key struct {
	passphrase string
	mu         sync.Mutex
	fileKey    []byte
}

// NewKey returns the key for passphrase ("" for an archive that is not
// encrypted).
func NewKey(passphrase string) *Key { return &Key{passphrase: passphrase} }

// Unwrap implements age.Identity.
func (k *Key) Unwrap(stanzas []*age.Stanza) ([]byte, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.fileKey != nil {
		return age.NewInjectedFileKeyIdentity(k.fileKey).Unwrap(stanzas)
	}
	id, err := age.NewScryptIdentity(k.passphrase)
	if err != nil {
		return nil, err
	}
	id.SetMaxWorkFactor(22)
	fk, err := id.Unwrap(stanzas)
	if err != nil {
		return nil, err
	}
	k.fileKey = fk
	return fk, nil
}

// Visit receives what Read finds. Every field may be nil.
type Visit struct {
	// Header is called first, before anything else is read; an error
	// stops the read (e.g. a schema newer than the program's).
	Header func(h Header) error
	// Row is called with each row, its values typed by the column types
	// (int64, float64, bool, string, []byte, nil); rows come table by
	// table in the header's order.
	Row func(t TableSchema, vals []any) error
	// TableEnd is called after the last row of a table that had rows.
	TableEnd func(t TableSchema) error
}

// Read reads and verifies a whole archive: every chunk and blob against
// the manifest (row counts and SHA-256), the manifest against the header,
// and that nothing is missing, added or cut off. It returns the manifest,
// or an *Error naming the cause. Rows handed to v.Row before a later
// damage is found are not to be kept: callers read once to verify and
// again to load, or load in a transaction they roll back.
func Read(in io.Reader, key *Key, v Visit) (Manifest, error) {
	var man Manifest
	br := bufio.NewReaderSize(in, 1<<16)
	head, _ := br.Peek(len(ageMagic))
	var src io.Reader = br
	switch {
	case string(head) == ageMagic:
		if key == nil || key.passphrase == "" {
			return man, &Error{Kind: KindPassphrase, Message: "备份文件已加密：请提供密码（--passphrase-file 文件，或 --passphrase-stdin 从标准输入读取）"}
		}
		dec, err := age.Decrypt(br, key)
		if err != nil {
			var nm *age.NoIdentityMatchError
			if errors.As(err, &nm) {
				return man, &Error{Kind: KindPassphrase, Message: "密码不正确，无法解密备份文件：请检查密码文件或输入的密码", Err: err}
			}
			return man, &Error{Kind: KindDamaged, Message: "备份文件已损坏：加密文件头无法读取", Err: err}
		}
		src = dec
	case len(head) >= 4 && bytes.Equal(head[:4], zstdMagic):
	default:
		return man, &Error{Kind: KindDamaged, Message: "这不是 gongkai 备份文件（文件开头既不是 age 加密头，也不是 zstd 压缩数据）"}
	}
	zr, err := zstd.NewReader(src, zstd.WithDecoderConcurrency(1), zstd.WithDecoderMaxWindow(64<<20))
	if err != nil {
		return man, &Error{Kind: KindDamaged, Message: "备份文件已损坏：无法解压", Err: err}
	}
	defer zr.Close()
	r := &reader{tr: tar.NewReader(zr), v: v, blobs: map[string]int64{}, sums: map[string]*tableState{}}
	return r.run()
}

type tableState struct {
	schema TableSchema
	idx    int
	h      hash.Hash
	rows   int64
	chunks int
}

type reader struct {
	tr      *tar.Reader
	v       Visit
	header  Header
	blobs   map[string]int64  // every blob seen
	pending map[string][]byte // blobs of the coming chunk, when rows are wanted
	sums    map[string]*tableState
	cur     *tableState
	lastIdx int
}

// wrapRead classifies an error while reading the stream.
func wrapRead(err error, where string) error {
	var be *Error
	if errors.As(err, &be) {
		return err
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return &Error{Kind: KindDamaged, Message: "备份文件不完整（被截断）：" + where + "处意外结束", Err: err}
	}
	return &Error{Kind: KindDamaged, Message: "备份文件已损坏：" + where + "处数据无法读取（压缩或加密校验失败）", Err: err}
}

func (r *reader) readAll(hdr *tar.Header, limit int64) ([]byte, error) {
	if hdr.Size < 0 || hdr.Size > limit {
		return nil, damaged(fmt.Sprintf("条目 %s 的大小 %d 超出范围", hdr.Name, hdr.Size))
	}
	b := make([]byte, hdr.Size)
	if _, err := io.ReadFull(r.tr, b); err != nil {
		return nil, wrapRead(err, hdr.Name)
	}
	return b, nil
}

func (r *reader) run() (Manifest, error) {
	var man Manifest
	hdr, err := r.tr.Next()
	if err != nil {
		return man, wrapRead(err, "文件开头")
	}
	if hdr.Name != "header.json" {
		return man, damaged("第一个条目应为 header.json，实为 " + hdr.Name)
	}
	b, err := r.readAll(hdr, maxMeta)
	if err != nil {
		return man, err
	}
	if err := json.Unmarshal(b, &r.header); err != nil {
		return man, damaged("header.json 无法解析")
	}
	if err := r.header.check(); err != nil {
		return man, err
	}
	for i, t := range r.header.Tables {
		r.sums[t.Name] = &tableState{schema: t, idx: i, h: sha256.New()}
	}
	if r.v.Header != nil {
		if err := r.v.Header(r.header); err != nil {
			return man, err
		}
	}
	if r.v.Row != nil {
		r.pending = map[string][]byte{}
	}
	for {
		hdr, err := r.tr.Next()
		if err != nil {
			return man, wrapRead(err, "清单（manifest.json）之前")
		}
		switch {
		case hdr.Name == "manifest.json":
			b, err := r.readAll(hdr, maxMeta)
			if err != nil {
				return man, err
			}
			if err := json.Unmarshal(b, &man); err != nil {
				return man, damaged("manifest.json 无法解析")
			}
			if err := r.endTable(); err != nil {
				return man, err
			}
			if _, err := r.tr.Next(); err != io.EOF {
				return man, damaged("清单之后还有多余的内容")
			}
			return man, r.verify(man)
		case strings.HasPrefix(hdr.Name, "blobs/"):
			if err := r.blob(hdr); err != nil {
				return man, err
			}
		case strings.HasPrefix(hdr.Name, "tables/"):
			if err := r.chunk(hdr); err != nil {
				return man, err
			}
		default:
			return man, damaged("不认识的条目 " + hdr.Name)
		}
	}
}

func (r *reader) blob(hdr *tar.Header) error {
	name := strings.TrimPrefix(hdr.Name, "blobs/")
	if !hashRe.MatchString(name) {
		return damaged("文件条目名 " + hdr.Name + " 无效")
	}
	b, err := r.readAll(hdr, maxBlob)
	if err != nil {
		return err
	}
	sum := sha256.Sum256(b)
	if hex.EncodeToString(sum[:]) != name {
		return damaged("文件 " + name + " 的 SHA-256 校验值不符")
	}
	r.blobs[name] = int64(len(b))
	if r.pending != nil {
		r.pending[name] = b
	}
	return nil
}

func (r *reader) chunk(hdr *tar.Header) error {
	parts := strings.Split(strings.TrimPrefix(hdr.Name, "tables/"), "/")
	if len(parts) != 2 || !strings.HasSuffix(parts[1], ".jsonl") {
		return damaged("数据条目名 " + hdr.Name + " 无效")
	}
	st, ok := r.sums[parts[0]]
	if !ok {
		return damaged("表 " + parts[0] + " 不在文件头中")
	}
	n, err := strconv.Atoi(strings.TrimSuffix(parts[1], ".jsonl"))
	if err != nil || n != st.chunks+1 {
		return damaged("表 " + st.schema.Name + " 的数据块顺序不对（" + parts[1] + "）")
	}
	if r.cur != st {
		if st.idx < r.lastIdx || st.chunks > 0 {
			return damaged("表 " + st.schema.Name + " 的数据不连续")
		}
		if err := r.endTable(); err != nil {
			return err
		}
		r.cur, r.lastIdx = st, st.idx
	}
	b, err := r.readAll(hdr, 1<<30)
	if err != nil {
		return err
	}
	st.chunks++
	st.h.Write(b)
	if len(b) > 0 && b[len(b)-1] != '\n' {
		return damaged("表 " + st.schema.Name + " 的数据块未以换行结束")
	}
	if r.v.Row == nil {
		st.rows += int64(bytes.Count(b, []byte{'\n'}))
		return nil
	}
	for len(b) > 0 {
		i := bytes.IndexByte(b, '\n')
		line := b[:i]
		b = b[i+1:]
		st.rows++
		vals, err := decodeRow(st.schema, line, r.pending)
		if err != nil {
			return damaged(fmt.Sprintf("表 %s 第 %d 行无法解析：%v", st.schema.Name, st.rows, err))
		}
		if err := r.v.Row(st.schema, vals); err != nil {
			return err
		}
	}
	clear(r.pending)
	return nil
}

func (r *reader) endTable() error {
	if r.cur == nil || r.v.TableEnd == nil {
		return nil
	}
	t := r.cur.schema
	r.cur = nil
	return r.v.TableEnd(t)
}

// verify compares what was read with the manifest.
func (r *reader) verify(man Manifest) error {
	if !reflect.DeepEqual(normHeader(man.Header), normHeader(r.header)) {
		return damaged("清单与文件头不一致")
	}
	if len(man.Tables) != len(r.header.Tables) {
		return damaged(fmt.Sprintf("清单列出 %d 张表，文件头列出 %d 张", len(man.Tables), len(r.header.Tables)))
	}
	var rows int64
	for i, ts := range man.Tables {
		st := r.sums[ts.Name]
		if st == nil || st.idx != i {
			return damaged("清单中的表 " + ts.Name + " 与文件头不符")
		}
		if st.rows != ts.Rows || st.chunks != ts.Chunks {
			return damaged(fmt.Sprintf("表 %s 应有 %d 行，读到 %d 行", ts.Name, ts.Rows, st.rows))
		}
		if hex.EncodeToString(st.h.Sum(nil)) != ts.SHA256 {
			return damaged("表 " + ts.Name + " 的 SHA-256 校验值不符")
		}
		rows += ts.Rows
	}
	if rows != man.Rows {
		return damaged("清单的总行数不符")
	}
	if len(man.Blobs) != len(r.blobs) {
		return damaged(fmt.Sprintf("清单列出 %d 个文件，读到 %d 个", len(man.Blobs), len(r.blobs)))
	}
	var size int64
	for _, b := range man.Blobs {
		got, ok := r.blobs[b.SHA256]
		if !ok || got != b.Size {
			return damaged("文件 " + b.SHA256 + " 缺失或大小不符")
		}
		size += b.Size
	}
	if size != man.BlobBytes {
		return damaged("清单的文件总大小不符")
	}
	return nil
}

func normHeader(h Header) Header {
	if h.Migrations == nil {
		h.Migrations = []int64{}
	}
	if h.Tables == nil {
		h.Tables = []TableSchema{}
	}
	return h
}
