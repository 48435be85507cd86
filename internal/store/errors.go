package store

import (
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"gongkai"
)

var (
	errConflictChanged = &gongkai.Error{Code: gongkai.ECONFLICT, Message: "该记录已被他人处理或状态已变化，请刷新后重试"}
	errDuplicate       = &gongkai.Error{Code: gongkai.ECONFLICT, Message: "已存在相同的记录（名称、编号或登录名重复）"}
	errMissingRef      = &gongkai.Error{Code: gongkai.EINVALID, Message: "引用的记录不存在，或仍被其他记录使用"}
	errBadValue        = &gongkai.Error{Code: gongkai.EINVALID, Message: "数据不符合要求（必填项为空或取值无效）"}
	errAppendOnly      = &gongkai.Error{Code: gongkai.EFORBIDDEN, Message: "审计记录只能追加，不能修改或删除"}
	errBusy            = &gongkai.Error{Code: gongkai.ECONFLICT, Message: "数据库正忙，请稍后重试"}
	// ErrUnavailable and ErrStorageFull answer 503 with Retry-After: the
	// request was not carried out, nothing of it was kept, and the same
	// request may simply be sent again.
	ErrUnavailable = &gongkai.Error{Code: gongkai.EUNAVAILABLE, Message: "数据库暂时无法访问，本次操作未执行：请稍后重试（已填写的内容不会丢失，重新提交即可）"}
	ErrStorageFull = &gongkai.Error{Code: gongkai.EUNAVAILABLE, Message: "存储空间不足，本次操作未执行：已通知系统管理员清理磁盘，请稍后重试"}
)

// UnavailableRetry is how long a client is asked to wait (Retry-After)
// when the database is unavailable.
const UnavailableRetry = 5 * time.Second

// IsStorageFull reports whether err comes from a full disk: SQLite's
// SQLITE_FULL, PostgreSQL's disk_full (53100), or ENOSPC from a file.
func IsStorageFull(err error) bool {
	if err == nil {
		return false
	}
	if errors.Is(err, ErrStorageFull) || errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EDQUOT) {
		return true
	}
	var se *sqlite.Error
	if errors.As(err, &se) && se.Code()&0xff == sqlite3.SQLITE_FULL {
		return true
	}
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "53100"
}

// diskLow reports whether the SQLite data folder is nearly full, to tell
// an I/O error caused by a full disk from another.
func (s *Store) diskLow() bool {
	d, err := DiskOf(s.DataDir())
	return err == nil && d.Low()
}

// Classify returns err as ErrUnavailable or ErrStorageFull (503) when it
// is an untranslated driver error of a database that cannot be reached or
// has no space, and err unchanged otherwise. InTx applies it to what a
// transaction returns; httpx applies it to every failed request, so a
// read that did not translate its error still answers 503, not 500.
func (s *Store) Classify(err error) error {
	if s == nil || err == nil || gongkai.ErrorCode(err) != gongkai.EINTERNAL || !unavailable(err) {
		return err
	}
	return s.translate(err)
}

// IsUnavailable reports whether err means the database cannot be used
// now (down, unreachable, restarting, full), as opposed to a bad request.
func IsUnavailable(err error) bool { return gongkai.ErrorCode(err) == gongkai.EUNAVAILABLE }

// unavailable reports whether a driver error means the database cannot
// be reached or used now: a refused or broken connection, a server
// shutting down or starting, out of resources, or an I/O failure.
func unavailable(err error) bool {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch {
		case strings.HasPrefix(pe.Code, "08"), // connection exception
			strings.HasPrefix(pe.Code, "53"),                           // insufficient resources
			pe.Code == "57P01", pe.Code == "57P02", pe.Code == "57P03", // shutdown, crash, starting up
			strings.HasPrefix(pe.Code, "58"): // system error (I/O)
			return true
		}
		return false
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff {
		case sqlite3.SQLITE_FULL, sqlite3.SQLITE_IOERR, sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_NOLFS:
			return true
		}
		return false
	}
	var ce *pgconn.ConnectError
	var ne net.Error
	return errors.As(err, &ce) || errors.As(err, &ne) || errors.Is(err, driver.ErrBadConn) || errors.Is(err, sql.ErrConnDone) ||
		errors.Is(err, pgconn.ErrConnClosed) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE) ||
		errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EDQUOT) || errors.Is(err, syscall.EIO)
}

// translate maps driver errors to the application's few domain errors,
// keeping the driver error in the chain for the log. It is the only place
// that knows the drivers' error types.
func (s *Store) translate(err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("%w (%v)", gongkai.ErrNotFound, err)
	}
	var ge *gongkai.Error
	if errors.As(err, &ge) {
		return err
	}
	if unavailable(err) {
		if IsStorageFull(err) || s.Dialect == SQLite && s.diskLow() {
			s.full.mark(time.Now())
			return wrapDriver(ErrStorageFull, err)
		}
		return wrapDriver(ErrUnavailable, err)
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() {
		case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
			return wrapDriver(errDuplicate, err)
		case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
			return wrapDriver(errMissingRef, err)
		case sqlite3.SQLITE_CONSTRAINT_NOTNULL, sqlite3.SQLITE_CONSTRAINT_CHECK:
			return wrapDriver(errBadValue, err)
		case sqlite3.SQLITE_CONSTRAINT_TRIGGER, sqlite3.SQLITE_CONSTRAINT:
			if strings.Contains(se.Error(), "append-only") {
				return wrapDriver(errAppendOnly, err)
			}
			return wrapDriver(errBadValue, err)
		case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
			return wrapDriver(errBusy, err)
		}
		return err
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case "23505":
			return wrapDriver(errDuplicate, err)
		case "23503":
			return wrapDriver(errMissingRef, err)
		case "23502", "23514", "22P02", "22001":
			return wrapDriver(errBadValue, err)
		case "P0001":
			if strings.Contains(pe.Message, "append-only") {
				return wrapDriver(errAppendOnly, err)
			}
		case "40001", "40P01", "55P03":
			return wrapDriver(errBusy, err)
		}
	}
	return err
}

// wrapDriver returns an error that is the domain error for errors.Is and
// ErrorCode, and carries the driver error's text for the log.
func wrapDriver(domain *gongkai.Error, driver error) error {
	return &gongkai.Error{Code: domain.Code, Message: domain.Message, Err: driver}
}

// IsNotFound reports whether err is a not-found error.
func IsNotFound(err error) bool { return gongkai.ErrorCode(err) == gongkai.ENOTFOUND }
