#!/bin/sh
# Search benchmark (issue 4, DESIGN §6): p50/p95 latency of the portal
# search over 100,000 generated documents, on SQLite and — when
# GONGKAI_BENCH_POSTGRES or GONGKAI_TEST_POSTGRES is set — on PostgreSQL
# (in the schema bench_docs, dropped and recreated).
set -eu
cd "$(dirname "$0")/.."
N=${N:-100000}
RUNS=${RUNS:-30}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT INT TERM
go build -o "$TMP/searchgen" ./bench/searchgen
"$TMP/searchgen" -db "$TMP/search.db" -n "$N" gen
"$TMP/searchgen" -db "$TMP/search.db" -runs "$RUNS" search
PG=${GONGKAI_BENCH_POSTGRES:-${GONGKAI_TEST_POSTGRES:-}}
if [ -n "$PG" ]; then
	"$TMP/searchgen" -db "$PG" -n "$N" gen
	"$TMP/searchgen" -db "$PG" -runs "$RUNS" search
fi
