#!/bin/sh
# Prints the task-supervision benchmark figures on SQLite and, when
# GONGKAI_TEST_POSTGRES is set, on PostgreSQL:
#   5,000-row xlsx import, ledger export of 10,000 assignments,
#   dashboard query on 10,000 assignments.
set -e
cd "$(dirname "$0")/.."
go test ./bench/ -run '^$' -bench 'BenchmarkPlan' -benchtime "${BENCHTIME:-3x}" -benchmem -timeout 30m |
awk '/^Benchmark/ { printf "%-55s %8.0f ms/op  %s %s\n", $1, $3/1e6, $(NF-3), $(NF-2) } /^(ok|FAIL)/ { print }'
