#!/bin/sh
# Benchmark: 200,000-row interconnection queues in PJM's layout read by gw-parse (pjm-queue).
#
# 1. Against the floor, 5 alternating rounds: gw-parse, then the floor (the order swapped every
#    other round), each round writing into a fresh folder; the floor is `unzip -p` of the
#    sheet (and of the shared strings, when the workbook has them) into `xmllint --stream`,
#    i.e. inflating and tokenising the XML and nothing else. Two workbooks: one written by
#    openpyxl in write-only mode (inline strings, dates as text) and one as Excel writes
#    PJM's (every text a shared string, dates as styled serials; tests/power/mkqueue.py).
#    Prints each round's wall and CPU (user + system) seconds and the min and median ratios.
# 2. Once, beside python3-openpyxl (read-only mode) and xlsx2csv: wall time and peak memory
#    (/usr/bin/time -v), and a 20,000-row file to show whether memory grows with rows.
# usage: sh tests/bench/xlsx.sh [ROWS]   (GW_BIN: folder of gw-parse; XLSX_BENCH_ROUNDS: rounds)
set -eu
ROWS=${1:-200000}
SMALL=$((ROWS / 10))
ROUNDS=${XLSX_BENCH_ROUNDS:-5}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
GW_BIN=${GW_BIN:-$ROOT/bin}
PY=
for p in /usr/bin/python3 python3; do
	if "$p" -c 'import openpyxl' 2>/dev/null; then PY=$p; break; fi
done
[ -n "$PY" ] || { echo "xlsx.sh: python3 with openpyxl is needed (apt-get install python3-openpyxl)" >&2; exit 1; }
for t in xlsx2csv unzip xmllint; do
	command -v $t >/dev/null || { echo "xlsx.sh: $t is needed (apt-get install xlsx2csv unzip libxml2-utils)" >&2; exit 1; }
done
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

# timed OUT CMD...: "wall cpu" seconds of CMD (children included: user + system) into OUT
timed() {
	out=$1; shift
	/usr/bin/time -f "%e %U %S" -o "$out.t" "$@" || { echo "xlsx.sh: failed: $*" >&2; exit 1; }
	awk '{ printf "%s %.2f\n", $1, $2 + $3 }' "$out.t" >"$out"
}

# gigawatt: records of the whole sheet, as JSON Lines ($0 gw-parse, $1 workbook, $2 folder)
GW_CMD='"$0" -p pjm-queue "$1" >"$2/records.jsonl"'
# the floor: the shared strings (if any) and the sheet inflated and tokenised by libxml2's reader
FLOOR_CMD='if unzip -l "$0" xl/sharedStrings.xml >/dev/null 2>&1; then
	unzip -p "$0" xl/sharedStrings.xml | xmllint --stream - >"$1/floor-sst.out" || exit 1
fi
unzip -p "$0" xl/worksheets/sheet1.xml | xmllint --stream - >"$1/floor-sheet.out"'

rounds() {	# rounds LABEL XLSX: ROUNDS alternating rounds of gw-parse and the floor
	label=$1 f=$2
	cat "$f" >/dev/null	# in the page cache for both
	echo
	echo "$label: $(wc -c <"$f") bytes, $ROWS rows; $ROUNDS rounds, each into a fresh folder"
	printf "%-6s %10s %13s %10s %12s %8s %7s\n" round "gw wall s" "floor wall s" "gw cpu s" "floor cpu s" \
		"wall x" "cpu x"
	: >"$T/ratios-$label"
	i=1
	while [ "$i" -le "$ROUNDS" ]; do
		d=$T/round-$label-$i
		mkdir "$d"
		if [ $((i % 2)) -eq 1 ]; then
			timed "$d/gw" sh -c "$GW_CMD" "$GW_BIN/gw-parse" "$f" "$d"
			timed "$d/floor" sh -c "$FLOOR_CMD" "$f" "$d"
		else
			timed "$d/floor" sh -c "$FLOOR_CMD" "$f" "$d"
			timed "$d/gw" sh -c "$GW_CMD" "$GW_BIN/gw-parse" "$f" "$d"
		fi
		[ "$(wc -l <"$d/records.jsonl")" -eq "$ROWS" ] ||
			{ echo "xlsx.sh: gw-parse wrote $(wc -l <"$d/records.jsonl") records, not $ROWS" >&2; exit 1; }
		read gw_w gw_c <"$d/gw"
		read fl_w fl_c <"$d/floor"
		awk -v i="$i" -v gw="$gw_w" -v fw="$fl_w" -v gc="$gw_c" -v fc="$fl_c" 'BEGIN {
			if (fw < 0.01) fw = 0.01
			if (fc < 0.01) fc = 0.01
			printf "%-6s %10.2f %13.2f %10.2f %12.2f %8.2f %7.2f\n", i, gw, fw, gc, fc, gw / fw, gc / fc
		}' | tee -a "$T/ratios-$label"
		rm -rf "$d"
		i=$((i + 1))
	done
	# min and median of each ratio column (the median of 5 is the 3rd)
	for col in 6 7; do
		sort -n -k$col "$T/ratios-$label" | awk -v c=$col -v label="$label" '{ v[NR] = $c } END {
			m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
			printf "%s: gw-parse / floor, %s: min %.2fx, median %.2fx\n", label, c == 6 ? "wall" : "CPU ", v[1], m
		}'
	done
}

echo "generating $ROWS and $SMALL rows (openpyxl write-only) and $ROWS rows as Excel writes them..."
gen "$ROWS" "$T/queue.xlsx"
gen "$SMALL" "$T/small.xlsx"
python3 "$ROOT/tests/power/mkqueue.py" "$ROWS" "$T/excel.xlsx" --shared
big_b=$(wc -c <"$T/queue.xlsx")
small_b=$(wc -c <"$T/small.xlsx")
echo "queue.xlsx: $big_b bytes; small.xlsx: $small_b bytes; excel.xlsx: $(wc -c <"$T/excel.xlsx") bytes"

rounds openpyxl "$T/queue.xlsx"
rounds excel "$T/excel.xlsx"

cat >"$T/openpyxl_read.py" <<'PYEOF'
import sys
import openpyxl
wb = openpyxl.load_workbook(sys.argv[1], read_only=True)
n = 0
for row in wb["Data"].iter_rows(values_only=True):
    n += 1
print(n)
PYEOF

echo
echo "once, beside python3-openpyxl and xlsx2csv (openpyxl's workbook):"
measure gw "$GW_BIN/gw-parse" -p pjm-queue "$T/queue.xlsx"
measure gw_small "$GW_BIN/gw-parse" -p pjm-queue "$T/small.xlsx"
measure gw_excel "$GW_BIN/gw-parse" -p pjm-queue "$T/excel.xlsx"
measure openpyxl "$PY" "$T/openpyxl_read.py" "$T/queue.xlsx"
measure xlsx2csv xlsx2csv -n Data "$T/queue.xlsx"
"$GW_BIN/gw-parse" -p pjm-queue "$T/queue.xlsx" 2>/dev/null | grep -c '"kind":"grid_request"' >"$T/nrec"

read gw_t gw_m <"$T/gw"
read gs_t gs_m <"$T/gw_small"
read ge_t ge_m <"$T/gw_excel"
read op_t op_m <"$T/openpyxl"
read xc_t xc_m <"$T/xlsx2csv"
printf "%-34s %10s %14s\n" "reader ($ROWS rows)" "seconds" "peak RSS (MB)"
printf "%-34s %10.2f %14.1f\n" "gw-parse -p pjm-queue (records)" "$gw_t" "$(echo "$gw_m" | awk '{print $1/1024}')"
printf "%-34s %10.2f %14.1f\n" "python3-openpyxl read-only" "$op_t" "$(echo "$op_m" | awk '{print $1/1024}')"
printf "%-34s %10.2f %14.1f\n" "xlsx2csv" "$xc_t" "$(echo "$xc_m" | awk '{print $1/1024}')"
printf "%-34s %10.2f %14.1f\n" "gw-parse on $SMALL rows" "$gs_t" "$(echo "$gs_m" | awk '{print $1/1024}')"
printf "%-34s %10.2f %14.1f\n" "gw-parse, Excel's layout" "$ge_t" "$(echo "$ge_m" | awk '{print $1/1024}')"
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
if [ "$gw_m" -gt 65536 ] || [ "$ge_m" -gt 65536 ]; then
	echo "xlsx.sh: FAIL: gw-parse's peak resident memory is over 64 MB ($gw_m KB, $ge_m KB)"
	exit 1
fi
