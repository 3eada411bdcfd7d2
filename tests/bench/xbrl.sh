#!/bin/sh
# Benchmark: a 200 MB XBRL instance generated from the corpus (Amazon's 2022 instance, its facts
# repeated; tests/bench/xbrl-gen.py), read by gw-parse (detection, sha256, streaming XBRL reader,
# capex records) and by `xmllint --stream --noout` (libxml2's reader alone), in one run:
# wall time and peak resident memory of each (GNU time), and the ratio.
# Fails if gw-parse's peak resident memory passes 64 MB.
set -u
GW_BIN=${GW_BIN:-$(cd "$(dirname "$0")/../.." && pwd)/bin}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SRC=$ROOT/../shared/corpus/edgar/xbrl_instance/amzn-20221231_htm.xml
SIZE=${XBRL_BENCH_BYTES:-209715200}
TIME=/usr/bin/time

for t in "$TIME" xmllint python3; do
	command -v "$t" >/dev/null 2>&1 || { echo "xbrl bench: skipped, $t is not installed (apt-get install time libxml2-utils python3)"; exit 0; }
done
[ -f "$SRC" ] || { echo "xbrl bench: skipped, no corpus at $SRC"; exit 0; }
TMP=$(mktemp -d "${TMPDIR:-/tmp}/gw-bench-xbrl.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT

python3 "$ROOT/tests/bench/xbrl-gen.py" "$SRC" "$TMP/big.xml" "$SIZE" || exit 1
bytes=$(wc -c <"$TMP/big.xml")
# warm the page cache so that neither pays for the disk
cat "$TMP/big.xml" >/dev/null

$TIME -f "%e %M" -o "$TMP/t.gw" "$GW_BIN/gw-parse" "$TMP/big.xml" >"$TMP/out" 2>"$TMP/err" || {
	echo "xbrl bench: gw-parse failed:"; cat "$TMP/err"; exit 1; }
$TIME -f "%e %M" -o "$TMP/t.xl" xmllint --stream --noout "$TMP/big.xml" || { echo "xbrl bench: xmllint failed"; exit 1; }
read gw_s gw_kb <"$TMP/t.gw"
read xl_s xl_kb <"$TMP/t.xl"
records=$(wc -l <"$TMP/out")
awk -v b="$bytes" -v gs="$gw_s" -v gk="$gw_kb" -v xs="$xl_s" -v xk="$xl_kb" -v n="$records" 'BEGIN {
	printf "instance: %.0f MB (Amazon 2022 instance, facts repeated); gw-parse wrote %d capex records\n", b / 1048576, n
	printf "%-28s %8s %12s\n", "", "wall s", "peak RSS MB"
	printf "%-28s %8.2f %12.1f\n", "gw-parse", gs, gk / 1024
	printf "%-28s %8.2f %12.1f\n", "xmllint --stream --noout", xs, xk / 1024
	printf "ratio (gw-parse / xmllint): %.2fx wall time (target 1.5x)\n", (xs > 0 ? gs / xs : 0)
}'
if [ "$gw_kb" -gt 65536 ]; then
	echo "xbrl bench: FAIL: gw-parse peak resident memory ${gw_kb} KB is over 64 MB"
	exit 1
fi
