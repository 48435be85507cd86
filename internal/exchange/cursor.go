package exchange

import (
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
	"time"

	"gongkai"
)

// A cursor is opaque to clients: "c1." and the last change id seen, in
// base64url, so that nobody builds one by hand and a cursor of another
// kind is refused. Change ids grow in commit order (the store's
// sequencer), so "after this id" never skips a change committed later.

const cursorPrefix = "c1."

// Cursor is the position of a walk of one kind.
type Cursor struct {
	Kind Kind
	Seq  int64
}

// Encode returns the opaque cursor.
func (c Cursor) Encode() string {
	raw := cursorPrefix + string(c.Kind) + "." + strconv.FormatInt(c.Seq, 10)
	return base64.RawURLEncoding.EncodeToString([]byte(raw))
}

func badCursor(format string, args ...any) error {
	return gongkai.Errorf(gongkai.EINVALID, "cursor 无效：%s。请使用上一页返回的 next_cursor，或用 since 从某一时间开始", fmt.Sprintf(format, args...))
}

// DecodeCursor reads a cursor given for kind.
func DecodeCursor(kind Kind, s string) (Cursor, error) {
	if len(s) > 100 {
		return Cursor{}, badCursor("过长")
	}
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return Cursor{}, badCursor("不是本系统返回的游标")
	}
	rest, ok := strings.CutPrefix(string(b), cursorPrefix)
	if !ok {
		return Cursor{}, badCursor("不是本系统返回的游标")
	}
	k, n, ok := strings.Cut(rest, ".")
	if !ok {
		return Cursor{}, badCursor("格式不对")
	}
	if Kind(k) != kind {
		return Cursor{}, badCursor("这是“%s”接口的游标，不能用于“%s”", Kind(k).Label(), kind.Label())
	}
	seq, err := strconv.ParseInt(n, 10, 64)
	if err != nil || seq < 0 {
		return Cursor{}, badCursor("格式不对")
	}
	return Cursor{Kind: kind, Seq: seq}, nil
}

// Query is a parsed request of a walk.
type Query struct {
	Kind  Kind
	After int64     // the change id after which to start (from the cursor)
	Since time.Time // when no cursor: changes at or after this time (zero: from the start)
	Limit int
}

// ParseQuery reads the parameters of a walk: since (RFC 3339), cursor
// and limit (1…MaxLimit). A cursor wins over since.
func ParseQuery(kind Kind, since, cursor, limit string) (Query, error) {
	q := Query{Kind: kind, Limit: DefaultLimit}
	if limit != "" {
		n, err := strconv.Atoi(limit)
		if err != nil || n < 1 || n > MaxLimit {
			return q, gongkai.Errorf(gongkai.EINVALID, "limit 应为 1 到 %d 的整数，现为“%s”", MaxLimit, limit)
		}
		q.Limit = n
	}
	if cursor != "" {
		c, err := DecodeCursor(kind, cursor)
		if err != nil {
			return q, err
		}
		q.After = c.Seq
		return q, nil
	}
	if since != "" {
		t, err := time.Parse(time.RFC3339, since)
		if err != nil {
			return q, gongkai.Errorf(gongkai.EINVALID, "since 应为 RFC 3339 时间，如 2023-06-01T00:00:00+08:00，现为“%s”", since)
		}
		q.Since = t
	}
	return q, nil
}
