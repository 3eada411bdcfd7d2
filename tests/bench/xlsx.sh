#!/bin/sh
# Benchmark: a generated 200,000-row interconnection queue (PJM's layout) read
# by gw-parse (pjm-queue), by python3-openpyxl in read-only mode and by
# xlsx2csv, in one run: wall time and peak memory (/usr/bin/time -v), and the
# ratios. A 20,000-row file beside it shows whether memory grows with rows.
# usage: sh tests/bench/xlsx.sh [ROWS]   (GW_BIN: folder of gw-parse)
set -eu
ROWS=${1:-200000}
SMALL=$((ROWS / 10))
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
GW_BIN=${GW_BIN:-$ROOT/bin}
PY=
for p in /usr/bin/python3 python3; do
	if "$p" -c 'import openpyxl' 2>/dev/null; then PY=$p; break; fi
done
[ -n "$PY" ] || { echo "xlsx.sh: python3 with openpyxl is needed (apt-get install python3-openpyxl)" >&2; exit 1; }
command -v xlsx2csv >/dev/null || { echo "xlsx.sh: xlsx2csv is needed (apt-get install xlsx2csv)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "xlsx.sh: /usr/bin/time is needed (apt-get install time)" >&2; exit 1; }
T=$(mktemp -d "${TMPDIR:-/tmp}/gw-bench-xlsx.XXXXXX")
trap 'rm -rf "$T"' EXIT

gen() {	# gen ROWS FILE: a PJM-like queue (openpyxl write-only: inline strings), numbers, dates as text as PJM writes them
	"$PY" - "$1" "$2" <<'PYEOF'
import random, sys
import openpyxl
rows, out = int(sys.argv[1]), sys.argv[2]
random.seed(7)
wb = openpyxl.Workbook(write_only=True)
ws = wb.create_sheet("Data")
ws.append(["Project ID", "Name", "Commercial Name", "State", "County", "Status", "Transmission Owner", "MFO",
           "MW Energy", "MW Capacity", "MW In Service", "Capacity or Energy", "Project Type", "Fuel",
           "Submitted Date", "Revised In Service Date", "Withdrawn Remarks"])
states = ["VA", "PA", "OH", "IL", "NJ", "MD", "WV", "IN", "MI", "KY", "DE", "NC"]
status = ["Active", "Withdrawn", "In Service", "Suspended", "Engineering and Procurement"]
fuels = ["Solar", "Natural Gas", "Storage", "Wind", "Solar; Storage", "Methane", "Nuclear", "Hydro"]
for i in range(rows):
    mw = round(random.uniform(1, 1500), 1)
    ws.append([f"AB{i // 1000}-{i % 1000:03d}", f"Substation {i % 977} 230 kV", f"Project {i}",
               random.choice(states), f"County {i % 311}", random.choice(status), "Dominion", mw + 0.1,
               mw, mw * 0.8, 0, "Capacity", "Generation Interconnection", random.choice(fuels),
               f"{1 + i % 12}/{1 + i % 28}/{2000 + i % 25}", f"{1 + i % 12}/1/{2026 + i % 5}",
               "withdrawn by the customer" if i % 3 == 0 else None])
ws2 = wb.create_sheet("Definitions-Mapping")
ws2.append(["Field", "Definition"])
wb.save(out)
PYEOF
}

measure() {	# measure NAME CMD...: wall seconds and max RSS (kB) into $T/NAME
	name=$1; shift
	/usr/bin/time -v "$@" >/dev/null 2>"$T/$name.time" || { tail -5 "$T/$name.time" >&2; exit 1; }
	wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$T/$name.time" |
		awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s }')
	rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$T/$name.time")
	echo "$wall $rss" >"$T/$name"
}

echo "generating $ROWS and $SMALL rows (openpyxl write-only)..."
gen "$ROWS" "$T/queue.xlsx"
gen "$SMALL" "$T/small.xlsx"
big_b=$(wc -c <"$T/queue.xlsx")
small_b=$(wc -c <"$T/small.xlsx")
echo "queue.xlsx: $big_b bytes; small.xlsx: $small_b bytes"

cat >"$T/openpyxl_read.py" <<'PYEOF'
import sys
import openpyxl
wb = openpyxl.load_workbook(sys.argv[1], read_only=True)
n = 0
for row in wb["Data"].iter_rows(values_only=True):
    n += 1
print(n)
PYEOF

measure gw "$GW_BIN/gw-parse" -p pjm-queue "$T/queue.xlsx"
measure gw_small "$GW_BIN/gw-parse" -p pjm-queue "$T/small.xlsx"
measure openpyxl "$PY" "$T/openpyxl_read.py" "$T/queue.xlsx"
measure xlsx2csv xlsx2csv -n Data "$T/queue.xlsx"
"$GW_BIN/gw-parse" -p pjm-queue "$T/queue.xlsx" 2>/dev/null | grep -c '"kind":"grid_request"' >"$T/nrec"

read gw_t gw_m <"$T/gw"
read gs_t gs_m <"$T/gw_small"
read op_t op_m <"$T/openpyxl"
read xc_t xc_m <"$T/xlsx2csv"
echo
printf "%-34s %10s %14s\n" "reader ($ROWS rows)" "seconds" "peak RSS (MB)"
printf "%-34s %10.2f %14.1f\n" "gw-parse -p pjm-queue (records)" "$gw_t" "$(echo "$gw_m" | awk '{print $1/1024}')"
printf "%-34s %10.2f %14.1f\n" "python3-openpyxl read-only" "$op_t" "$(echo "$op_m" | awk '{print $1/1024}')"
printf "%-34s %10.2f %14.1f\n" "xlsx2csv" "$xc_t" "$(echo "$xc_m" | awk '{print $1/1024}')"
printf "%-34s %10.2f %14.1f\n" "gw-parse on $SMALL rows" "$gs_t" "$(echo "$gs_m" | awk '{print $1/1024}')"
echo
awk -v g="$gw_t" -v o="$op_t" -v x="$xc_t" -v gm="$gw_m" -v om="$op_m" -v xm="$xc_m" -v sm="$gs_m" -v n="$(cat "$T/nrec")" \
    -v bb="$big_b" -v sb="$small_b" 'BEGIN {
	if (g < 0.01) g = 0.01
	printf "gw-parse wrote %d records\n", n
	printf "speed:  openpyxl / gw-parse = %.1fx, xlsx2csv / gw-parse = %.1fx\n", o / g, x / g
	printf "memory: openpyxl / gw-parse = %.1fx, xlsx2csv / gw-parse = %.1fx\n", om / gm, xm / gm
	printf "memory, %s rows / a tenth of them: %.2fx\n", "'"$ROWS"'", gm / sm
	# gw-parse holds the document (the zip) in memory, as every parser gets its bytes; the rest is the reader
	printf "memory beyond the document held: %.1f MB at %s rows, %.1f MB at a tenth (flat is 1x: %.2fx)\n",
		(gm - bb / 1024) / 1024, "'"$ROWS"'", (sm - sb / 1024) / 1024, (gm - bb / 1024) / (sm - sb / 1024)
}'
