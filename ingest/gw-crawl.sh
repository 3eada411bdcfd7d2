#!/bin/sh
# gw-crawl: gw-fetch | gw-parse | gw-load for cron, with one lock and one exit status.
# usage: gw-crawl [-d DB] [-s SOURCES] [gw-fetch options...]
set -u
db=${GW_DB:-gigawatt.db}
sources=sources.conf
bindir=$(dirname "$0")
while [ $# -gt 0 ]; do
	case $1 in
	-d|--db) db=$2; shift 2 ;;
	-s|--sources) sources=$2; shift 2 ;;
	-h|--help)
		echo "usage: gw-crawl [-d DB] [-s SOURCES] [gw-fetch options...]"
		echo "Fetches the due sources, parses each new document, loads the records."
		echo "Exit status: 0 ok, 1 something failed (see stderr), 2 usage, 3 locked."
		exit 0 ;;
	*) break ;;
	esac
done
exec 9>"$db.crawl.lock"
if ! flock -n 9; then
	echo "gw-crawl: $db: another crawl holds the lock" >&2
	exit 3
fi
status=0
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
"$bindir/gw-fetch" -d "$db" -s "$sources" "$@" > "$tmp" || status=1
while read -r sha; do
	"$bindir/gw-parse" -d "$db" "$sha" | "$bindir/gw-load" -d "$db" -q || status=1
done < "$tmp"
exit $status
