// Package gongkai holds what every part of the program shares: the
// application error type and the codes that map to HTTP statuses.
package gongkai

import (
	"errors"
	"fmt"
)

// Error codes. Each maps to one HTTP status in internal/web.
const (
	EINVALID         = "invalid"         // bad input; the message says what to fix
	ENOTFOUND        = "not_found"       // the thing asked for does not exist
	ECONFLICT        = "conflict"        // duplicate, or changed meanwhile by someone else
	EFORBIDDEN       = "forbidden"       // logged in, but this role or unit may not
	EUNAUTHENTICATED = "unauthenticated" // not logged in, or the token is wrong
	ETOOLARGE        = "too_large"       // an upload or body over its limit
	ERATELIMIT       = "rate_limited"    // too many requests or failed logins
	EUNAVAILABLE     = "unavailable"     // the database cannot be reached or the disk is full: retry later
	EINTERNAL        = "internal"        // anything else; its message is not shown
)

// Error is an application error: a code and a message a user may read
// (in Chinese). Internal errors keep their cause for the log only.
type Error struct {
	Code    string
	Message string
	Err     error // optional cause, wrapped
	// Details, when set, is structured data a client may act on (e.g. the
	// findings that stop a publication); the API writes it as
	// {"error":{"code","message","details"}}, the console shows it.
	Details any
}

func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s: %s: %v", e.Code, e.Message, e.Err)
	}
	return fmt.Sprintf("%s: %s", e.Code, e.Message)
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error with a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Wrap returns an *Error with code and message that wraps err.
func Wrap(code, message string, err error) *Error {
	return &Error{Code: code, Message: message, Err: err}
}

// WithDetails returns a copy of e carrying details.
func (e *Error) WithDetails(d any) *Error {
	c := *e
	c.Details = d
	return &c
}

// ErrorDetails returns the details of the first *Error in err's chain.
func ErrorDetails(err error) any {
	var e *Error
	if errors.As(err, &e) {
		return e.Details
	}
	return nil
}

// Sentinel errors that the store returns, wrapped with context.
var (
	ErrNotFound = &Error{Code: ENOTFOUND, Message: "记录不存在或已被删除"}
	ErrConflict = &Error{Code: ECONFLICT, Message: "数据已被他人修改或与已有记录重复，请刷新后重试"}
)

// ErrorCode returns the code of the first *Error in err's chain, or
// EINTERNAL. A nil error has no code.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the user-facing message of err: the message of
// its *Error, or a generic one for internal errors.
func ErrorMessage(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) && e.Code != EINTERNAL {
		return e.Message
	}
	return "系统内部错误，请稍后重试或联系系统管理员"
}
