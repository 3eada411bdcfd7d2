#!/bin/sh
# gw-crawl: gw-fetch | gw-parse | gw-load for cron, with one lock and one exit status.
#
# Takes the lock DB.crawl.lock (exit 3 if another gw-crawl holds it, unless
# --wait), fetches the due sources (--all: every source), then parses each new
# document with the parser its source names and loads the records. The shas
# still to parse are kept in DB.crawl-pending until they are loaded, so a crawl
# killed between fetch and load finishes that work on the next run (loading is
# idempotent). Exit status: the worst of: 0 ok, 1 something failed (said on
# stderr; the rest was done), 2 usage, 3 locked, 4 the store failed.
set -u
db=${GW_DB:-gigawatt.db}
sources=sources.conf
due=--due
wait=
bindir=$(dirname "$0")
usage() {
	echo "usage: gw-crawl [-d DB] [-s SOURCES] [--all] [--wait] [gw-fetch options...]"
}
while [ $# -gt 0 ]; do
	case $1 in
	-d|--db) [ $# -ge 2 ] || { usage >&2; exit 2; }; db=$2; shift 2 ;;
	-s|--sources) [ $# -ge 2 ] || { usage >&2; exit 2; }; sources=$2; shift 2 ;;
	--all) due=; shift ;;
	--wait) wait=1; shift ;;
	-h|--help)
		usage
		echo "Fetches the due sources (every= in sources.conf; --all: every source),"
		echo "parses each new document with its source's parser, loads the records."
		echo "Other options go to gw-fetch (e.g. -A USER-AGENT, --only ID)."
		echo "Exit status: 0 ok, 1 something failed (see stderr), 2 usage, 3 another"
		echo "gw-crawl holds the lock, 4 the store failed."
		exit 0 ;;
	--version) "$bindir/gw-fetch" --version | sed 's/gw-fetch/gw-crawl/'; exit 0 ;;
	*) break ;;
	esac
done
[ -r "$sources" ] || { echo "gw-crawl: $sources: cannot read the sources file" >&2; exit 2; }
exec 9>>"$db.crawl.lock" || exit 4
if [ -n "$wait" ]; then
	flock 9 || exit 4
elif ! flock -n 9; then
	echo "gw-crawl: $db: another gw-crawl holds the lock $db.crawl.lock (--wait waits for it)" >&2
	exit 3
fi

status=0
worse() { [ "$1" -gt "$status" ] && status=$1; return 0; }
pending=$db.crawl-pending
tmp=$(mktemp "${TMPDIR:-/tmp}/gw-crawl.XXXXXX") || exit 4
trap 'rm -f "$tmp" "$tmp.new"' EXIT
trap 'exit 130' INT TERM

"$bindir/gw-fetch" -d "$db" -s "$sources" $due "$@" >"$tmp"
rc=$?
case $rc in
0) ;;
1) worse 1 ;;
2) exit 2 ;;
3) exit 3 ;;
*) worse 4 ;;
esac
# append then process: shas left over from a killed crawl come first
cat "$tmp" >>"$pending" || exit 4
sort -u "$pending" >"$tmp.new"
while read -r sha; do
	[ -n "$sha" ] || continue
	"$bindir/gw-parse" -d "$db" "$sha" >"$tmp" || worse 1
	"$bindir/gw-load" -d "$db" -q "$tmp"
	rc=$?
	[ $rc -eq 0 ] || worse $([ $rc -eq 4 ] && echo 4 || echo 1)
	# done with this one (even if some records were rejected: they are in `rejects`)
	grep -v -x -F "$sha" "$pending" >"$pending.tmp"
	mv "$pending.tmp" "$pending"
done <"$tmp.new"
[ -s "$pending" ] || rm -f "$pending"
exit $status
