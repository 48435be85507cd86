package store

import (
	"database/sql"
	"errors"
	"fmt"
	"strings"

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
)

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
