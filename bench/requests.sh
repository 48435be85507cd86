#!/bin/sh
# Annual report (年度报告) over 100,000 requests on SQLite and PostgreSQL.
# Usage: bench/requests.sh   (set GONGKAI_TEST_POSTGRES for PostgreSQL)
# Prints one line per database: time per report computation.
set -eu
cd "$(dirname "$0")/.."
if [ -z "${GONGKAI_TEST_POSTGRES:-}" ]; then
	echo "GONGKAI_TEST_POSTGRES not set: SQLite only" >&2
fi
go test ./internal/store -run '^$' -bench '^BenchmarkAnnualReport$' -benchtime "${BENCHTIME:-20x}" -count 1 -benchmem |
	awk '/^BenchmarkAnnualReport/ {
		split($1, a, "/"); db = a[2]; sub(/-[0-9]+$/, "", db)
		for (i = 2; i <= NF; i++) { if ($(i+1) == "ns/op") ns = $i; if ($(i+1) == "new-2023") nw = $i; if ($(i+1) == "B/op") bo = $i }
		printf "%-9s 100000 requests: annual report in %.1f ms (%d new in 2023, %.0f KB allocated)\n", db, ns / 1e6, nw, bo / 1024
	} /^(ok|FAIL|---)/ { print }'
