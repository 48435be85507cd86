#!/bin/sh
# Builds the 100,000-document benchmark data (issue 10) in $DATA, outside the
# project (never commit it). Used by bench/search.sh and bench/portal.sh, and
# by anyone who needs a large database (backup/restore, static rebuild):
#
#   DATA=/work/data-100k bench/build100k.sh
#
#   $DATA/bin/gongkai, $DATA/bin/searchgen    built from this tree
#   $DATA/docs.jsonl, queries.tsv, docs.csv   the dense corpus and its 200 queries (bench/searchgen gen:
#                                             the generator of ../shared/searchbench, same seeds, same files)
#   $DATA/gongkai.db                          gongkai migrate + gongkai import documents docs.csv (one file)
#   $DATA/out/import.json, import.time        what the import said; wall s, user s, sys s, peak RSS KB
#
# What exists is kept; REBUILD=1 imports again. N=10000 makes a smaller set.
# PG=postgres://… also imports into PostgreSQL, in the schema bench_100k of
# that database (dropped and made again), with out/import-pg.*.
set -eu
cd "$(dirname "$0")/.."
DATA=${DATA:-/tmp/gongkai-100k}
N=${N:-100000}
mkdir -p "$DATA/bin" "$DATA/out"
go build -o "$DATA/bin/" ./cmd/gongkai ./bench/searchgen
B=$DATA/bin
if [ ! -s "$DATA/docs.csv" ] || [ ! -s "$DATA/queries.tsv" ]; then
	"$B/searchgen" gen -n "$N" -out "$DATA/docs.jsonl" -queries "$DATA/queries.tsv" -csv "$DATA/docs.csv"
fi
if [ ! -s "$DATA/gongkai.db" ] || [ "${REBUILD:-}" = 1 ]; then
	rm -f "$DATA/gongkai.db" "$DATA/gongkai.db-wal" "$DATA/gongkai.db-shm"
	"$B/gongkai" migrate --db "$DATA/gongkai.db" >/dev/null
	echo "importing $N documents into $DATA/gongkai.db …" >&2
	/usr/bin/time -f '%e %U %S %M' -o "$DATA/out/import.time" \
		"$B/gongkai" import documents "$DATA/docs.csv" --db "$DATA/gongkai.db" --json >"$DATA/out/import.json"
fi
if [ -n "${PG:-}" ] && { [ ! -s "$DATA/out/import-pg.json" ] || [ "${REBUILD:-}" = 1 ]; }; then
	PGURL=$("$B/searchgen" pgschema -dsn "$PG" -schema bench_100k)
	"$B/gongkai" migrate --db "$PGURL" >/dev/null
	echo "importing $N documents into PostgreSQL (schema bench_100k) …" >&2
	/usr/bin/time -f '%e %U %S %M' -o "$DATA/out/import-pg.time" \
		"$B/gongkai" import documents "$DATA/docs.csv" --db "$PGURL" --json >"$DATA/out/import-pg.json"
fi
