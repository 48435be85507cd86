package backup

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Canonical returns v, as a database driver gave it, in the canonical form
// of the column type: int64, float64, bool, string or []byte (nil for
// NULL). SQLite keeps booleans as 0/1 and may hand back text as []byte;
// PostgreSQL has real booleans: both come out the same.
func Canonical(typ string, v any) (any, error) {
	if v == nil {
		return nil, nil
	}
	switch typ {
	case TypeInt:
		switch x := v.(type) {
		case int64:
			return x, nil
		case int32:
			return int64(x), nil
		case int:
			return int64(x), nil
		case bool:
			if x {
				return int64(1), nil
			}
			return int64(0), nil
		case float64:
			if x == math.Trunc(x) && math.Abs(x) < 1<<53 {
				return int64(x), nil
			}
		}
	case TypeReal:
		switch x := v.(type) {
		case float64:
			if math.IsNaN(x) || math.IsInf(x, 0) {
				return nil, fmt.Errorf("数值 %v 无法保存", x)
			}
			return x, nil
		case float32:
			return float64(x), nil
		case int64:
			return float64(x), nil
		}
	case TypeBool:
		switch x := v.(type) {
		case bool:
			return x, nil
		case int64:
			if x == 0 || x == 1 {
				return x == 1, nil
			}
		}
	case TypeText:
		var s string
		switch x := v.(type) {
		case string:
			s = x
		case []byte:
			s = string(x)
		default:
			return nil, fmt.Errorf("文本列的值类型为 %T", v)
		}
		if !utf8.ValidString(s) {
			return nil, fmt.Errorf("文本不是有效的 UTF-8")
		}
		return s, nil
	case TypeBytes:
		switch x := v.(type) {
		case []byte:
			return slices.Clone(x), nil
		case string:
			return []byte(x), nil
		}
	}
	return nil, fmt.Errorf("%s 列的值 %v（%T）不符合类型", typ, v, v)
}

// rowEncoder writes rows as canonical JSON lines into buf.
type rowEncoder struct {
	schema TableSchema
	buf    bytes.Buffer
	enc    *json.Encoder
	vals   []any
}

func newRowEncoder(t TableSchema) *rowEncoder {
	e := &rowEncoder{schema: t}
	e.enc = json.NewEncoder(&e.buf)
	e.enc.SetEscapeHTML(false)
	return e
}

// encode appends one row; a bytes value is handed to blob (with its hex
// SHA-256) and written as that hash.
func (e *rowEncoder) encode(vals []any, rowNo int64, blob func(name string, b []byte) error) error {
	if len(vals) != len(e.schema.Columns) {
		return fmt.Errorf("backup: table %s: %d values for %d columns", e.schema.Name, len(vals), len(e.schema.Columns))
	}
	e.vals = e.vals[:0]
	for i, c := range e.schema.Columns {
		v, err := Canonical(c.Type, vals[i])
		if err != nil {
			return fmt.Errorf("表 %s 第 %d 行 %s 列：%w", e.schema.Name, rowNo, c.Name, err)
		}
		if b, ok := v.([]byte); ok {
			sum := sha256.Sum256(b)
			name := hex.EncodeToString(sum[:])
			if blob != nil {
				if err := blob(name, b); err != nil {
					return err
				}
			}
			v = name
		}
		e.vals = append(e.vals, v)
	}
	if err := e.enc.Encode(e.vals); err != nil {
		return fmt.Errorf("backup: table %s row %d: %w", e.schema.Name, rowNo, err)
	}
	return nil
}

// Hasher computes a table's row count and checksum as an archive holds
// them, from rows read back out of a database (to verify a restore).
type Hasher struct {
	row  *rowEncoder
	h    hash.Hash
	Rows int64
}

// NewHasher hashes rows of the table t.
func NewHasher(t TableSchema) *Hasher { return &Hasher{row: newRowEncoder(t), h: sha256.New()} }

// Row adds one row, values as the driver gave them.
func (h *Hasher) Row(vals []any) error {
	if err := h.row.encode(vals, h.Rows+1, nil); err != nil {
		return err
	}
	h.Rows++
	if h.row.buf.Len() >= chunkSize {
		h.h.Write(h.row.buf.Bytes())
		h.row.buf.Reset()
	}
	return nil
}

// Line returns the canonical line of one row (without its newline),
// without adding it to the sum.
func (h *Hasher) Line(vals []any) (string, error) {
	e := newRowEncoder(h.row.schema)
	if err := e.encode(vals, 1, nil); err != nil {
		return "", err
	}
	return strings.TrimSuffix(e.buf.String(), "\n"), nil
}

// Sum returns the hex SHA-256 of the rows so far.
func (h *Hasher) Sum() string {
	h.h.Write(h.row.buf.Bytes())
	h.row.buf.Reset()
	return hex.EncodeToString(h.h.Sum(nil))
}

// decodeRow reads one JSON line into values of the column types; a bytes
// value is looked up by its hash in blobs.
func decodeRow(t TableSchema, line []byte, blobs map[string][]byte) ([]any, error) {
	var raw []json.RawMessage
	if err := json.Unmarshal(line, &raw); err != nil {
		return nil, err
	}
	if len(raw) != len(t.Columns) {
		return nil, fmt.Errorf("%d 个值，应为 %d 个", len(raw), len(t.Columns))
	}
	out := make([]any, len(raw))
	for i, c := range t.Columns {
		r := raw[i]
		if string(r) == "null" {
			continue
		}
		var err error
		switch c.Type {
		case TypeInt:
			var n int64
			n, err = strconv.ParseInt(string(r), 10, 64)
			out[i] = n
		case TypeReal:
			var f float64
			err = json.Unmarshal(r, &f)
			out[i] = f
		case TypeBool:
			var b bool
			err = json.Unmarshal(r, &b)
			out[i] = b
		case TypeText:
			var s string
			err = json.Unmarshal(r, &s)
			out[i] = s
		case TypeBytes:
			var name string
			if err = json.Unmarshal(r, &name); err == nil {
				b, ok := blobs[name]
				if !ok {
					return nil, fmt.Errorf("列 %s 引用的文件 %s 不在备份中", c.Name, name)
				}
				out[i] = b
			}
		}
		if err != nil {
			return nil, fmt.Errorf("列 %s：%w", c.Name, err)
		}
	}
	return out, nil
}

func sortedBlobs(m map[string]int64) []BlobSum {
	out := make([]BlobSum, 0, len(m))
	for k, v := range m {
		out = append(out, BlobSum{SHA256: k, Size: v})
	}
	slices.SortFunc(out, func(a, b BlobSum) int {
		if a.SHA256 < b.SHA256 {
			return -1
		}
		if a.SHA256 > b.SHA256 {
			return 1
		}
		return 0
	})
	return out
}
