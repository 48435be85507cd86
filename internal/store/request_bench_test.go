package store_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"gongkai/internal/request"
	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
	"gongkai/internal/workday"
)

// benchRequests is the size of the annual-report benchmark (bench/requests.sh).
const benchRequests = 100_000

// seedBulk inserts n requests spread over 2022–2024 straight into the
// table (multi-row INSERTs in one transaction), about a fifth still open.
func seedBulk(b *testing.B, s *store.Store, n int) {
	b.Helper()
	ctx := context.Background()
	tx, err := s.DB().BeginTx(ctx, nil)
	if err != nil {
		b.Fatal(err)
	}
	start := workday.MustDate("2022-01-03")
	const batch = 500
	cols := `(code, secret_hash, channel, applicant_type, applicant_name, description, form, state, submitted_at, received_on, due_on, closed_on, outcome, updated_at)`
	for i := 0; i < n; i += batch {
		var sb strings.Builder
		var args []any
		sb.WriteString("INSERT INTO requests " + cols + " VALUES ")
		for j := i; j < min(n, i+batch); j++ {
			if j > i {
				sb.WriteString(",")
			}
			sb.WriteString("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
			recv := start.AddDays(j % 1090)
			typ := request.ApplicantTypes[j%6].Code
			state, outcome := "replied", request.Outcomes[j%len(request.Outcomes)].Code
			var closed any = recv.AddDays(10 + j%40).String()
			if j%5 == 0 {
				state, outcome, closed = "processing", "", nil
			}
			ts := store.TS(time.Date(recv.Year, recv.Month, recv.Day, 2, 0, 0, 0, time.UTC))
			args = append(args, fmt.Sprintf("B%07d", j), "x", "online", string(typ), "n", "d", "email", state, ts,
				recv.String(), recv.AddDays(28).String(), closed, string(outcome), ts)
		}
		if _, err := tx.ExecContext(ctx, s.Rebind(sb.String()), args...); err != nil {
			b.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	if s.Dialect == store.Postgres {
		if _, err := s.DB().ExecContext(ctx, "VACUUM ANALYZE requests"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAnnualReport computes the 2023 report (tables 二, 三, 四 and the
// cross-check) over 100,000 requests on SQLite and, with
// GONGKAI_TEST_POSTGRES, PostgreSQL. Run: bench/requests.sh.
func BenchmarkAnnualReport(b *testing.B) {
	stores := map[string]*store.Store{"sqlite": storetest.SQLite(b)}
	if pg := storetest.Postgres(b); pg != nil {
		stores["postgres"] = pg
	}
	for _, name := range []string{"sqlite", "postgres"} {
		s, ok := stores[name]
		if !ok {
			continue
		}
		b.Run(name, func(b *testing.B) {
			seedBulk(b, s, benchRequests)
			ctx := context.Background()
			rep, err := s.AnnualReport(ctx, 2023)
			if err != nil {
				b.Fatal(err)
			}
			if !rep.Check.OK || rep.Table3["new"]["total"] == 0 {
				b.Fatalf("report: check %v, new %d", rep.Check.Errors, rep.Table3["new"]["total"])
			}
			for b.Loop() {
				if _, err := s.AnnualReport(ctx, 2023); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(rep.Table3["new"]["total"]), "new-2023")
		})
	}
}
