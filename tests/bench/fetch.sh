#!/bin/sh
# Benchmark: gw-fetch beside curl --parallel, against nginx on loopback.
#
# 1. 2,000 documents of 20 KB from one host, politeness off (--no-politeness:
#    16 connections, no delay): gw-fetch (every document hashed, written to
#    the raw store and recorded in `documents` and `fetches`) beside
#    `curl --parallel --parallel-max 16` fetching the same URLs to files.
#    5 rounds (FETCH_BENCH_ROUNDS), the two alternately (curl first in odd
#    rounds, gw-fetch first in even ones), each round into a fresh folder:
#    creating files right after deleting many is slow on some disks for a few
#    minutes, so nothing is deleted until the end. Each round's store is
#    created (its migrations applied, by gw-fetch with no sources) before the
#    clock starts, as a crawl finds it: creating a store is done once, and is
#    timed apart. Prints each round, the median and the minimum of each, and
#    their ratios (gw-fetch / curl).
# 2. The same crawl again, unchanged: every answer must be a 304 (no body).
# 3. 2,000 documents over 20 loopback addresses (127.0.0.1 to 127.0.0.20),
#    politeness on at 1 request/s per host: 100 requests per host (plus its
#    robots.txt), so 100 s is what politeness allows. Skipped with
#    FETCH_BENCH_LONG=0.
#
# Run by `make bench` (GW_BIN set); prints the figures.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
GW_BIN=${GW_BIN:-$ROOT/bin}
PATH=$GW_BIN:$PATH
TRASH=$(mktemp -d "${TMPDIR:-/tmp}/gw-bench-fetch.XXXXXX")
_cleanup=""
test_cleanup() { _cleanup="$1; $_cleanup"; }
trap 'eval "$_cleanup"; rm -rf "$TRASH"' EXIT
cd "$TRASH" || exit 1
. "$ROOT/tests/servers/nginx.sh"

N=2000
HOSTS=20
addrs=$(i=1; while [ $i -le $HOSTS ]; do printf '127.0.0.%d ' $i; i=$((i + 1)); done)
# shellcheck disable=SC2086
nginx_start $addrs || { echo "nginx did not start" >&2; exit 1; }

# 2,000 distinct CSVs of 20 KB that epoch-dc recognises (so each is a document)
mkdir -p "$NGX_WWW/d"
python3 - "$NGX_WWW/d" $N <<'EOF'
import os, sys
d, n = sys.argv[1], int(sys.argv[2])
for i in range(n):
    rows = ["Name,Owner,Current power (MW)"]
    size = len(rows[0]) + 1
    j = 0
    while size < 20480 - 40:
        rows.append("Site %d-%d,Owner %d,%d" % (i, j, i % 7, j))
        size += len(rows[-1]) + 1
        j += 1
    body = "\n".join(rows) + "\n"
    body += "#" * (20480 - len(body) - 1) + "\n"
    with open(os.path.join(d, "%d.csv" % i), "w") as f:
        f.write(body)
EOF
ms() { date +%s%3N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b - a) / 1000 }'; }
UA='gigawatt-bench/1.0 (bench@example.org)'

i=0
: >one.conf
: >urls.cfg
while [ $i -lt $N ]; do
	echo "d$i $NGX_URL/d/$i.csv epoch-dc" >>one.conf
	printf 'url = "%s/d/%d.csv"\noutput = "curl-out/%d.csv"\n' "$NGX_URL" $i $i >>urls.cfg
	i=$((i + 1))
done
echo "documents: $N x $(wc -c <"$NGX_WWW/d/0.csv") bytes, nginx $(nginx -v 2>&1 | sed 's/.*\///'), $(curl --version | head -1 | cut -d' ' -f1-2)"

ROUNDS=${FETCH_BENCH_ROUNDS:-5}
run_curl() {	# run_curl DIR: prints the milliseconds
	mkdir "$1/curl-out" &&
	sed "s|^output = \"|output = \"$1/|" urls.cfg >"$1/urls.cfg" || exit 1
	_t0=$(ms)
	curl --parallel --parallel-max 16 -s -f -K "$1/urls.cfg" 2>/dev/null || echo "curl failed" >&2
	_t1=$(ms)
	[ "$(find "$1/curl-out" -type f -size 20480c | wc -l)" = $N ] ||
		{ echo "FAIL: curl did not fetch all $N documents" >&2; exit 1; }
	echo $((_t1 - _t0))
}
run_gw() {	# run_gw DIR: prints the milliseconds (the store created before, timed into DIR/create.ms)
	_t0=$(ms)
	gw-fetch -q -d "$1/one.db" -s empty.conf 2>"$1/err.txt" || { cat "$1/err.txt" >&2; exit 1; }
	echo $(($(ms) - _t0)) >"$1/create.ms"
	_t0=$(ms)
	${FETCH_BENCH_WRAP:-} gw-fetch -q -d "$1/one.db" -s one.conf -A "$UA" --no-politeness \
		>"$1/new.txt" 2>"$1/err.txt" || { cat "$1/err.txt" >&2; exit 1; }
	_t1=$(ms)
	[ "$(wc -l <"$1/new.txt")" = $N ] && [ "$(sqlite3 "$1/one.db" "select count(*) from documents")" = $N ] &&
		[ "$(find "$1/raw" -type f | wc -l)" = $N ] ||
		{ echo "FAIL: gw-fetch did not store every document" >&2; exit 1; }
	echo $((_t1 - _t0))
}
# the median of the numbers on standard input (the mean of the middle two when even)
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

: >empty.conf
: >curl.ms
: >gw.ms
: >create.ms
round=1
while [ $round -le "$ROUNDS" ]; do
	d=$TRASH/r$round
	mkdir "$d"
	if [ $((round % 2)) = 1 ]; then
		c=$(run_curl "$d") && g=$(run_gw "$d") || exit 1
	else
		g=$(run_gw "$d") && c=$(run_curl "$d") || exit 1
	fi
	echo $c >>curl.ms
	echo $g >>gw.ms
	cat "$d/create.ms" >>create.ms
	echo "   round $round: curl $(secs 0 $c) s, gw-fetch $(secs 0 $g) s (ratio $(ratio $g $c))"
	round=$((round + 1))
done
mc=$(median <curl.ms) mg=$(median <gw.ms)
bc=$(sort -n curl.ms | head -1) bg=$(sort -n gw.ms | head -1)
echo "1. one host, politeness off, $ROUNDS rounds: curl --parallel-max 16 median $(secs 0 $mc) s, min $(secs 0 $bc) s;" \
     "gw-fetch --no-politeness median $(secs 0 $mg) s, min $(secs 0 $bg) s;" \
     "ratio of medians $(ratio $mg $mc), of minimums $(ratio $bg $bc) (target: median within 1.5);" \
     "every round: $N new sha256 printed, $N documents rows, $N raw files;" \
     "creating each round's store beforehand: median $(secs 0 "$(median <create.ms)") s"
last=$TRASH/r$ROUNDS

: >"$NGX_LOG"
t0=$(ms)
gw-fetch -q -d "$last/one.db" -s one.conf -A "$UA" --no-politeness >new2.txt 2>err.txt || { cat err.txt; exit 1; }
t1=$(ms)
n304=$(grep -c '" 304 ' "$NGX_LOG")
bytes=$(awk '{ s += $(NF - 1) } END { print s + 0 }' "$NGX_LOG")
echo "2. unchanged second crawl: $(secs $t0 $t1) s; $n304 of $(wc -l <"$NGX_LOG") answers 304," \
     "$bytes body bytes transferred, $(wc -l <new2.txt) new documents"
[ "$n304" = $N ] && [ "$bytes" = 0 ] && [ ! -s new2.txt ] || { echo "FAIL: the unchanged crawl transferred bodies" >&2; exit 1; }

if [ "${FETCH_BENCH_LONG:-1}" = 0 ]; then
	echo "3. skipped (FETCH_BENCH_LONG=0)"
	exit 0
fi
i=0
: >many.conf
while [ $i -lt $N ]; do
	echo "m$i http://127.0.0.$((i % HOSTS + 1)):$NGX_PORT/d/$i.csv epoch-dc delay=1s" >>many.conf
	i=$((i + 1))
done
: >"$NGX_LOG"
t0=$(ms)
gw-fetch -q -d many.db -s many.conf -A "$UA" >new3.txt 2>err.txt || { cat err.txt; exit 1; }
t1=$(ms)
w=$(secs $t0 $t1)
mingap=$(python3 - "$NGX_LOG" <<'EOF'
import sys
starts = {}
for line in open(sys.argv[1]):
    f = line.split()
    # the log line does not say the address; many.conf put document i on 127.0.0.(i % 20 + 1)
    path = f[2]
    t = float(f[0]) - float(f[-1])
    if path == "/robots.txt":
        continue
    i = int(path.split("/")[-1].split(".")[0])
    starts.setdefault(i % 20, []).append(t)
g = min(b - a for s in starts.values() for a, b in zip(sorted(s), sorted(s)[1:]))
print("%.3f" % g)
EOF
)
echo "3. 20 hosts x 100 documents at 1 request/s per host: $w s (politeness allows 100 s:" \
     "$(awk -v w="$w" 'BEGIN { printf "%+.1f%%", (w - 100) }')); smallest gap between" \
     "document requests to one host: $mingap s; $(wc -l <new3.txt) new documents"
