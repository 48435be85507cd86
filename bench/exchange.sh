#!/bin/sh
# The exchange with the upper level (issue 14).
# Usage: bench/exchange.sh   (set GONGKAI_TEST_POSTGRES for PostgreSQL; N=5 publications timed)
# Prints: the sequencer's and a walk's cost per document (2,000 documents, SQLite and PostgreSQL), then the
# push latency end to end — a document published through the API until the signed POST reaches a subscriber —
# through a real `gongkai serve --demo` (its job scheduler, the sequencer, the outbox).
set -eu
cd "$(dirname "$0")/.."
if [ -z "${GONGKAI_TEST_POSTGRES:-}" ]; then
	echo "GONGKAI_TEST_POSTGRES not set: SQLite only" >&2
fi
go test ./internal/store -run '^$' -bench '^BenchmarkExchange(Sequence|Walk)$' -benchtime "${BENCHTIME:-3x}" -count 1 |
	awk '/^BenchmarkExchange/ {
		split($1, a, "/"); name = a[1]; db = a[2]; sub(/-[0-9]+$/, "", db); sub(/^BenchmarkExchange/, "", name)
		for (i = 2; i <= NF; i++) if ($(i+1) == "µs/doc") us = $i
		what = (name == "Sequence") ? "numbering 2000 new documents (record, hash, change row)" : "walking 2000 documents in pages of 500"
		printf "%-9s %s: %.0f µs per document\n", db, what, us
	} /^(FAIL|---)/ { print }'
bin=$(mktemp -d)/gongkai
go build -o "$bin" ./cmd/gongkai
go run ./bench/exchangepush -bin "$bin" -n "${N:-5}"
rm -rf "$(dirname "$bin")"
