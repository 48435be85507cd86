#!/usr/bin/env bash
# Backup and restore of a large database: wall time, CPU, peak memory and
# archive size of `gongkai backup` and `gongkai restore` (SQLite → SQLite,
# and SQLite → PostgreSQL when GONGKAI_TEST_POSTGRES is set and psql is
# installed). The database is not made here: build the 100,000-document
# database once with the search benchmark's generator and import (see
# bench/README.md), outside the project, e.g. /work/data-100k/gongkai.db.
#
#   bench/backup.sh [DB]          (default: $GONGKAI_BENCH_DB or /work/data-100k/gongkai.db)
set -euo pipefail
cd "$(dirname "$0")/.."
db="${1:-${GONGKAI_BENCH_DB:-/work/data-100k/gongkai.db}}"
if [ ! -f "$db" ]; then
  echo "no database at $db: build the 100,000-document database first (bench/README.md)" >&2
  exit 1
fi
out=$(mktemp -d /tmp/gongkai-backup-bench.XXXXXX)
trap 'rm -rf "$out"' EXIT
go build -o "$out/gongkai" ./cmd/gongkai
timed() { # label, command…
  local label=$1; shift
  /usr/bin/time -f "%e %U %S %M" -o "$out/time" "$@" >"$out/stdout" 2>"$out/stderr" || { cat "$out/stderr" >&2; return 1; }
  read -r wall user sys rss <"$out/time"
  printf '%-28s wall %7.1f s   cpu %7.1f s   peak RSS %5d MB\n' "$label" "$wall" "$(echo "$user + $sys" | bc)" $((rss / 1024))
}
echo "database: $db ($(du -h "$db" | cut -f1)), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
timed "backup (SQLite)" "$out/gongkai" backup --db "$db" -o "$out/b.gkbak"
echo "  $(cat "$out/stdout")"
printf '%-28s %s\n' "archive size" "$(du -h "$out/b.gkbak" | cut -f1)"
printf 'passphrase\n' >"$out/pass"
timed "backup (SQLite, encrypted)" "$out/gongkai" backup --db "$db" -o "$out/e.gkbak" --passphrase-file "$out/pass"
timed "verify (restore --check)" "$out/gongkai" restore "$out/b.gkbak" --check
timed "restore SQLite → SQLite" "$out/gongkai" restore "$out/b.gkbak" --db "$out/restored.db"
echo "  $(head -1 "$out/stdout")"
if [ -n "${GONGKAI_TEST_POSTGRES:-}" ] && command -v psql >/dev/null; then
  schema="bench_$$"
  psql -q "$GONGKAI_TEST_POSTGRES" -c "CREATE SCHEMA $schema"
  sep='?'; case "$GONGKAI_TEST_POSTGRES" in *\?*) sep='&';; esac
  timed "restore SQLite → PostgreSQL" "$out/gongkai" restore "$out/b.gkbak" --db "${GONGKAI_TEST_POSTGRES}${sep}search_path=$schema"
  timed "backup (PostgreSQL)" "$out/gongkai" backup --db "${GONGKAI_TEST_POSTGRES}${sep}search_path=$schema" -o "$out/p.gkbak"
  psql -q "$GONGKAI_TEST_POSTGRES" -c "DROP SCHEMA $schema CASCADE"
fi
