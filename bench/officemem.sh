#!/bin/sh
# Peak memory and wall time of the CLI on hostile office files: a 363 KB
# xlsx of 20,000 formula cells, a ~2 MB docx that inflates to 2 GB, a ~1 MB
# xlsx whose sheet inflates to 1 GB, and a documents listing whose body is
# that docx, and a legitimate 180,000-cell table as a control
# (bench/officemem generates them and reads each child's peak RSS with GNU
# time, installed when missing).
#
# Usage: bench/officemem.sh
#        BEFORE_REF=cedf404 bench/officemem.sh   # also the code at a git ref (the reader before its limits)
# TIMEOUT (default 120s) kills a run that takes longer.
set -eu
cd "$(dirname "$0")/.."
if [ ! -x /usr/bin/time ]; then
	apt-get install -y time >/dev/null
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/gongkai-after" ./cmd/gongkai
bins="-bin after=$tmp/gongkai-after"
if [ -n "${BEFORE_REF:-}" ]; then
	mkdir "$tmp/src"
	git archive "$BEFORE_REF" | tar -x -C "$tmp/src"
	(cd "$tmp/src" && go build -o "$tmp/gongkai-before" ./cmd/gongkai)
	bins="-bin before=$tmp/gongkai-before $bins"
fi
# shellcheck disable=SC2086
go run ./bench/officemem $bins -timeout "${TIMEOUT:-120s}" -dir "$tmp"
