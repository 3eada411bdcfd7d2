#!/bin/sh
# make demo: crawl the bundled snapshot of real public documents (demo/data,
# NOTICE says what each is) offline as file:// URLs, load them into
# demo/gigawatt.db and write the quarterly report on them: demo/report.txt,
# demo/report.html (one file, charts inline), demo/report.json and one CSV
# per table in demo/csv/. Prints the headline and where the rest is. The store
# is made anew on every run.
# DEMO_OUT=DIR writes the store and the report there instead of demo/ (the tests do).
set -u
cd "$(dirname "$0")/.." || exit 1
out=${DEMO_OUT:-demo}
mkdir -p "$out" || exit 1
# the store is made anew on every run, so that the report is what this gigawatt makes of the
# bundle (a store kept from an older run would keep that run's parse and rules)
rm -rf "$out/gigawatt.db" "$out/gigawatt.db-wal" "$out/gigawatt.db-shm" "$out/raw" || exit 1
rm -f "$out"/gigawatt.db.*lock || exit 1
# the demo's site overrides (demo/sites.conf), beside the store where gw-load reads them
[ "$out" = demo ] || cp demo/sites.conf "$out/sites.conf" || exit 1
status=0
bin/gw-crawl -q -d "$out/gigawatt.db" -s demo/data/sources.conf || status=$?
case $status in
0) ;;
1)	# real documents hold bad rows (MISO's queue starts with a test record): kept, with the reason
	echo "demo: $(sqlite3 "$out/gigawatt.db" 'select count(*) from rejects' 2>/dev/null || echo some) record(s) of" \
		"the documents were rejected, kept with their reason: sqlite3 $out/gigawatt.db 'select * from rejects'" >&2 ;;
*)	echo "demo: the crawl reported problems (status $status); the report shows what was loaded" >&2 ;;
esac
bin/gw-report -d "$out/gigawatt.db" -o "$out/report.txt" || exit 1
bin/gw-report -d "$out/gigawatt.db" -f html -o "$out/report.html" || exit 1
bin/gw-report -d "$out/gigawatt.db" -f json -o "$out/report.json" || exit 1
rm -rf "$out/csv" && bin/gw-report -d "$out/gigawatt.db" -f csv -o "$out/csv" || exit 1
bin/gw-report -d "$out/gigawatt.db" --section headline || exit 1
cat <<MSG

The whole report: $out/report.txt (text), $out/report.html (open it in a browser, or print it),
$out/report.json, and one CSV per table in $out/csv/.
Documents: demo/data (real public documents; demo/data/NOTICE says where each comes from and its
terms; data on data centers, GPU clusters, hardware and chip sales: Epoch AI, CC BY 4.0).
Store: $out/gigawatt.db (try: sqlite3 $out/gigawatt.db 'select * from v_capacity_current limit 5')
MSG
