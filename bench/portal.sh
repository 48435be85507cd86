#!/bin/sh
# Portal benchmark (issue 4): the document page served by gongkai against
# nginx serving the same HTML as a static file, with wrk on loopback in the
# same run; then the resident memory of `gongkai serve` over 100,000
# documents (bench/build100k.sh, DATA=… where the data are). Installs nginx-light and wrk from Debian's packages when
# missing. Usage: bench/portal.sh [DURATION] (default 10s).
set -eu
cd "$(dirname "$0")/.."
DUR=${1:-10s}
CONN=${CONN:-64}
THREADS=${THREADS:-2}
N=${N:-100000}

need() {
	if ! command -v "$1" >/dev/null 2>&1; then
		SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
		$SUDO apt-get update -qq && $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null
	fi
}
need wrk wrk
need nginx nginx-light
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

TMP=$(mktemp -d)
PIDS=""
cleanup() { for p in $PIDS; do kill "$p" 2>/dev/null || true; done; [ -f "$TMP/nginx.pid" ] && kill "$(cat "$TMP/nginx.pid")" 2>/dev/null; rm -rf "$TMP"; }
trap cleanup EXIT INT TERM

go build -o "$TMP/gongkai" ./cmd/gongkai

wait_up() { for _ in $(seq 1 100); do curl -fs "$1/healthz" >/dev/null 2>&1 && return 0; sleep 0.2; done; echo "server did not start" >&2; exit 1; }

# 1. Document page: gongkai (cached page) vs nginx (static file).
GK=127.0.0.1:18501
"$TMP/gongkai" serve --demo --db "$TMP/portal.db" --addr "$GK" >"$TMP/serve.log" 2>&1 &
PIDS="$PIDS $!"
wait_up "http://$GK"
mkdir -p "$TMP/www" "$TMP/logs"
curl -fs "http://$GK/docs/1" >"$TMP/www/doc.html"
cat >"$TMP/nginx.conf" <<NGX
worker_processes auto;
pid $TMP/nginx.pid;
error_log $TMP/logs/error.log;
events { worker_connections 1024; }
http {
	access_log off;
	default_type text/html;
	server { listen 127.0.0.1:18502; root $TMP/www; }
}
NGX
"$NGINX" -c "$TMP/nginx.conf" -p "$TMP"
sleep 0.5
rps() { wrk -t"$THREADS" -c"$CONN" -d"$DUR" "$1" | awk '/Requests\/sec/ {print $2}'; }
rps "http://$GK/docs/1" >/dev/null # warm up
G=$(rps "http://$GK/docs/1")
X=$(rps "http://127.0.0.1:18502/doc.html")
echo "document page ($(wc -c <"$TMP/www/doc.html") bytes), wrk -t$THREADS -c$CONN -d$DUR on loopback:"
echo "  gongkai  $G req/s"
echo "  nginx    $X req/s"
echo "  ratio    $(awk -v g="$G" -v x="$X" 'BEGIN {printf "%.2f", g/x}')"

[ "${SKIP_MEMORY:-}" = 1 ] && exit 0
# 2. Resident memory of serve with $N documents (the database of
# bench/build100k.sh, in $DATA).
DATA=${DATA:-/tmp/gongkai-100k}
DATA=$DATA N=$N bench/build100k.sh
BIG=127.0.0.1:18503
"$TMP/gongkai" serve --db "$DATA/gongkai.db" --addr "$BIG" >"$TMP/big.log" 2>&1 &
BPID=$!
PIDS="$PIDS $BPID"
wait_up "http://$BIG"
for p in / /docs/ /catalog "/search?q=%E5%85%A5%E5%AD%A6" "/search?q=%E5%8F%8C%E5%87%8F" /rss/latest /docs/1 /docs/50000 /docs/99999; do curl -fs -o /dev/null "http://$BIG$p" || true; done
wrk -t"$THREADS" -c"$CONN" -d5s "http://$BIG/docs/1" >/dev/null
echo "serve with $N documents: VmRSS $(awk '/VmRSS/ {print $2, $3}' /proc/$BPID/status), VmHWM $(awk '/VmHWM/ {print $2, $3}' /proc/$BPID/status)"
