#!/bin/bash
# Static publishing benchmark (issue 13). Prints:
#   1. throughput of a document page through nginx with the generated
#      configuration (gongkai running behind it) against nginx serving the
#      same published file with a bare configuration, wrk on loopback in the
#      same run, and the ratio (goal ≥ 0.95); gongkai itself for reference;
#   2. the publication delay: a document imported while `serve` runs with
#      GONGKAI_PUBLISH_DIR, until its page and the home page carrying it are
#      files in the directory (goal ≤ 60 s), RUNS times;
#   3. a full rebuild of the 100,000-document site (SQLite; DB100K names a
#      database built by bench/searchgen or issue 10's script, else one is
#      generated): wall time, CPU time and resident memory (goal ≤ 5 min on 2
#      cores); then the publication delay on that site.
# Installs nginx-light and wrk when missing. Usage: bench/static.sh [DURATION]
# (default 10s). SKIP_100K=1 skips part 3.
set -euo pipefail
cd "$(dirname "$0")/.."
DUR=${1:-10s}
CONN=${CONN:-64}
THREADS=${THREADS:-2}
RUNS=${RUNS:-3}

need() {
	if ! command -v "$1" >/dev/null 2>&1 && [ ! -x "/usr/sbin/$1" ]; then
		SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
		$SUDO apt-get update -qq && $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null
	fi
}
need wrk wrk
need nginx nginx-light
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

TMP=$(mktemp -d)
chmod 755 "$TMP"
PIDS=()
cleanup() {
	for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
	for f in "$TMP"/ngx*/nginx.pid; do [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null; done
	rm -rf "$TMP"
}
trap cleanup EXIT INT TERM
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
go build -o "$TMP/gongkai" ./cmd/gongkai
go build -o "$TMP/searchgen" ./bench/searchgen

# nginx NAME LISTEN CONF_BODY: a private nginx with the http{} body given.
start_nginx() {
	local d="$TMP/ngx-$1"
	mkdir -p "$d"
	local user=""; [ "$(id -u)" = 0 ] && user="user root;"
	cat >"$d/nginx.conf" <<NGX
$user
worker_processes 1;
pid $d/nginx.pid;
error_log $d/error.log warn;
events { worker_connections 1024; }
http {
	include /etc/nginx/mime.types;
	default_type application/octet-stream;
	access_log off;
	sendfile on;
	client_body_temp_path $d/body; proxy_temp_path $d/proxy; fastcgi_temp_path $d/fcgi; uwsgi_temp_path $d/uwsgi; scgi_temp_path $d/scgi;
	$3
}
NGX
	"$NGINX" -p "$d" -c "$d/nginx.conf" -e "$d/error.log"
	for _ in $(seq 1 50); do curl -s -o /dev/null "http://127.0.0.1:$2/" && return 0; sleep 0.1; done
	echo "nginx $1 did not start" >&2; cat "$d/error.log" >&2; exit 1
}
wait_file() { # FILE TEXT: until FILE exists (and holds TEXT)
	for _ in $(seq 1 6000); do
		if [ -f "$1" ] && { [ -z "${2:-}" ] || grep -q "$2" "$1"; }; then return 0; fi
		sleep 0.01
	done
	echo "timeout waiting for $1" >&2; return 1
}
rps() { wrk -t"$THREADS" -c"$CONN" -d"$DUR" "$1" | awk '/Requests\/sec/ {print $2}'; }
now() { date +%s.%N; }

# delay DB SITE N: import a document N into DB while serve publishes, and
# time until its page and the home page with it are published files.
delay() {
	local title="发布延时测试文件$3号$RANDOM"
	local today; today=$(date +%F)
	printf '标题,发布机构,成文日期,发布日期,正文\n%s,%s,%s,%s,各学校要认真组织，确保按时完成。\n' "$title" "$4" "$today" "$today" >"$TMP/imp.csv"
	local t0; t0=$(now)
	local id
	id=$("$TMP/gongkai" import documents "$TMP/imp.csv" --json --db "$1" 2>/dev/null | python3 -c 'import json,sys; print(json.load(sys.stdin)["ids"][0])')
	wait_file "$2/docs/$id/index.html"
	local t1; t1=$(now)
	wait_file "$2/index.html" "$title"
	local t2; t2=$(now)
	awk -v a="$t0" -v b="$t1" -v c="$t2" 'BEGIN {printf "  change %s: document page %.1f s, home page %.1f s after the import began\n", "'"$3"'", b-a, c-a}'
}

# 1. Throughput: the generated configuration against bare nginx.
GK=$(port); NG=$(port); BARE=$(port)
SITE="$TMP/site"
GONGKAI_PUBLISH_DIR="$SITE" GONGKAI_BASE_URL="http://127.0.0.1:$NG" "$TMP/gongkai" serve --demo --db "$TMP/demo.db" --addr "127.0.0.1:$GK" >"$TMP/serve.log" 2>&1 &
PIDS+=($!)
wait_file "$SITE/sitemap.xml"
sleep 1
"$TMP/gongkai" publish --nginx-conf --out "$SITE" --upstream "127.0.0.1:$GK" --listen "127.0.0.1:$NG" >"$TMP/gongkai.conf"
start_nginx gen "$NG" "include $TMP/gongkai.conf;"
start_nginx bare "$BARE" "server { listen 127.0.0.1:$BARE; root $SITE; }"
PAGE=/docs/1
BYTES=$(curl -s "http://127.0.0.1:$NG$PAGE" | wc -c)
cmp -s <(curl -s "http://127.0.0.1:$NG$PAGE") <(curl -s "http://127.0.0.1:$GK$PAGE") || echo "WARNING: nginx and gongkai differ on $PAGE" >&2
rps "http://127.0.0.1:$NG$PAGE" >/dev/null # warm up
G=$(rps "http://127.0.0.1:$GK$PAGE")
N=$(rps "http://127.0.0.1:$NG$PAGE")
B=$(rps "http://127.0.0.1:$BARE$PAGE/index.html")
echo "document page $PAGE ($BYTES bytes), wrk -t$THREADS -c$CONN -d$DUR on loopback, $(nproc) cores:"
echo "  gongkai alone                         $G req/s"
echo "  nginx, generated config (the portal)  $N req/s"
echo "  nginx, bare file serving              $B req/s"
echo "  ratio portal / bare                   $(awk -v n="$N" -v b="$B" 'BEGIN {printf "%.3f", n/b}')"

# 2. Publication delay on the demo site.
echo "publication delay, demo site (serve with GONGKAI_PUBLISH_DIR, job every 5 s):"
for i in $(seq 1 "$RUNS"); do delay "$TMP/demo.db" "$SITE" "$i" 办公室; done
kill "${PIDS[0]}"; wait "${PIDS[0]}" 2>/dev/null || true

[ "${SKIP_100K:-}" = 1 ] && exit 0

# 3. Full rebuild of the 100,000-document site.
DB="$TMP/big.db"
if [ -n "${DB100K:-}" ]; then cp "$DB100K" "$DB"; else "$TMP/searchgen" -db "$DB" -n 100000 gen; fi
"$TMP/gongkai" migrate --db "$DB" >/dev/null
BIG="$TMP/site100k"
/usr/bin/time -f "%e %U %S %M" -o "$TMP/time" "$TMP/gongkai" publish --db "$DB" --out "$BIG" | tail -1
read -r WALL USR SYS RSS <"$TMP/time"
echo "full rebuild, 100,000 documents: wall ${WALL}s, CPU ${USR}s user + ${SYS}s system, max RSS $((RSS / 1024)) MB, $(find "$BIG" -type f | wc -l) files, $(du -sh "$BIG" | cut -f1)"
# Publication delay on it: serve's first run is a full rebuild; then changes.
GONGKAI_PUBLISH_DIR="$BIG" "$TMP/gongkai" serve --db "$DB" --addr "127.0.0.1:$(port)" >"$TMP/serve100k.log" 2>&1 &
PIDS+=($!)
until grep -q "静态发布完成" "$TMP/serve100k.log"; do sleep 2; done
echo "publication delay, 100,000 documents:"
for i in $(seq 1 "$RUNS"); do delay "$DB" "$BIG" "$i" 基准测试局; done
