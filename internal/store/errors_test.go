package store

import (
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"strings"
	"syscall"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"

	"gongkai"
)

// TestUnavailableErrors: a database that cannot be reached, is shutting
// down, or has no space answers EUNAVAILABLE (503 with Retry-After) with
// a Chinese message — never EUNAUTHENTICATED, never an internal error —
// and a full disk says 存储空间不足.
func TestUnavailableErrors(t *testing.T) {
	s := &Store{Dialect: Postgres}
	full := []error{
		&pgconn.PgError{Code: "53100", Message: "could not extend file: No space left on device"},
		fmt.Errorf("write: %w", &os.PathError{Op: "write", Path: "x", Err: syscall.ENOSPC}),
	}
	down := []error{
		&pgconn.PgError{Code: "57P01", Message: "terminating connection due to administrator command"},
		&pgconn.PgError{Code: "57P03", Message: "the database system is starting up"},
		&pgconn.PgError{Code: "08006", Message: "connection failure"},
		&net.OpError{Op: "dial", Net: "tcp", Err: &os.SyscallError{Syscall: "connect", Err: syscall.ECONNREFUSED}},
		fmt.Errorf("receive: %w", io.ErrUnexpectedEOF),
		fmt.Errorf("write: %w", syscall.EPIPE),
		pgconn.ErrConnClosed,
	}
	for _, err := range append(full, down...) {
		got := s.translate(err)
		if gongkai.ErrorCode(got) != gongkai.EUNAVAILABLE || !strings.Contains(gongkai.ErrorMessage(got), "稍后重试") {
			t.Errorf("%v → %v; want EUNAVAILABLE", err, got)
		}
		if d, ok := RetryAfter(got); !ok || d != UnavailableRetry {
			t.Errorf("%v: Retry-After %v %v", err, d, ok)
		}
		if !errors.Is(got, err) && !errors.Is(got, errors.Unwrap(err)) {
			t.Errorf("%v: the driver error is not kept for the log", err)
		}
	}
	for _, err := range full {
		if got := s.translate(err); !strings.Contains(gongkai.ErrorMessage(got), "存储空间不足") || !IsStorageFull(got) {
			t.Errorf("%v → %q; want 存储空间不足", err, gongkai.ErrorMessage(got))
		}
	}
	if s.LastStorageFull().IsZero() {
		t.Error("a storage-full error was not remembered for /readyz")
	}
	// Not unavailability: a constraint, a bad value.
	for _, err := range []error{&pgconn.PgError{Code: "23505"}, &pgconn.PgError{Code: "22P02"}, errors.New("other")} {
		if gongkai.ErrorCode(s.translate(err)) == gongkai.EUNAVAILABLE {
			t.Errorf("%v taken for unavailability", err)
		}
	}
}
