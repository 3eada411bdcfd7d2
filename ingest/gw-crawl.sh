#!/bin/sh
# gw-crawl: gw-fetch | gw-parse | gw-load for cron, with one lock and one exit status.
#
# Takes the lock DB.crawl.lock (exit 3 if another gw-crawl holds it, unless
# --wait), fetches the due sources (--all: every source), then parses each new
# document with the parser its source names and loads the records.
#
# Nothing fetched is lost, whenever the crawl is killed:
# - gw-fetch appends each sha256 to DB.crawl-pending as it prints it (once
#   its documents row is committed);
# - a sha leaves DB.crawl-pending only once gw-load has committed its records
#   (exit 0 or 1), never after a failed parse (gw-parse exit 4: its output
#   was cut short, e.g. a full TMPDIR) or a failed load (gw-load exit 4);
# - gw-load --doc marks the document loaded (table doc_loads) in the same
#   transaction as its records, and gw-fetch --unloaded lists every fetched
#   document without that mark first, so a sha lost between gw-fetch's commit
#   and DB.crawl-pending (a kill, a full disk) is loaded by the next crawl.
# Loading is idempotent, so a document loaded twice (killed after the load,
# before DB.crawl-pending was rewritten) stores nothing new; its rejects were
# rejected before, and are not a new failure.
#
# Exit status: the worst of: 0 ok, 1 something failed (said on stderr; the
# rest was done), 2 usage, 3 locked, 4 the store failed. The statuses are
# lib/msg.h's enum gw_exit (GW_OK, GW_FAIL, GW_USAGE, GW_LOCKED, GW_STORE);
# being shell, this script tests and exits with their numbers.
set -u
db=${GW_DB:-gigawatt.db}
sources=sources.conf
due=--due
wait=
quiet=
bindir=$(dirname "$0")
usage() {
	echo "usage: gw-crawl [-d DB] [-s SOURCES] [--all] [--wait] [-q] [gw-fetch options]"
}
help() {
	usage
	cat <<'EOF'

Fetches the due sources (every= in sources.conf; --all: every source), parses
each new document with its source's parser and loads its records: gw-fetch,
gw-parse and gw-load under one lock, with one exit status, for cron. A
document fetched but not yet loaded (a crawl killed or failed half way) is
loaded by the next crawl.

  -d, --db DB              the store (default $GW_DB, else gigawatt.db)
  -s, --sources FILE       the sources.conf (default sources.conf)
      --all                every source, not only the due ones
      --wait               wait for another gw-crawl (or gw-fetch of the same
                           sources file) instead of exiting 3
  -q, --quiet              print only errors: nothing at all when there were
                           none (without -q: warnings and one summary line)
  -h, --help               this help
      --version            print the version

gw-fetch options, passed on (see gw-fetch --help), before or after the above:
      --only ID            only this source (repeatable)
  -A, --user-agent UA      User-Agent
      --max-body BYTES, --timeout SECONDS, --connect-timeout SECONDS,
      --max-attempts N, --max-wait SECONDS, --retry-base SECONDS,
      --no-politeness, --resolve HOST:PORT:ADDR

Rejected records are kept in the store (table rejects); a document whose
rejects were all rejected before (the same document loaded again) is not a
new failure.

Exit status: 0 ok, 1 something failed (see stderr; the rest was done),
2 usage, 3 another gw-crawl holds the lock, 4 the store failed.
EOF
}
# shell-quotes $1 for eval
quote() { printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"; }
fwd=
while [ $# -gt 0 ]; do
	case $1 in
	-d|--db|-s|--sources|-A|--user-agent|--only|--max-body|--timeout|--connect-timeout|\
	--max-attempts|--max-wait|--retry-base|--resolve)
		[ $# -ge 2 ] || { echo "gw-crawl: option $1 needs a value" >&2; usage >&2; exit 2; }
		case $1 in
		-d|--db) db=$2 ;;
		-s|--sources) sources=$2 ;;
		*) fwd="$fwd $(quote "$1") $(quote "$2")" ;;
		esac
		shift 2 ;;
	--db=*) db=${1#--db=}; shift ;;
	--sources=*) sources=${1#--sources=}; shift ;;
	--all) due=; shift ;;
	--due) shift ;;
	--wait) wait=1; shift ;;
	-q|--quiet) quiet=1; shift ;;
	-h|--help)
		help && exit 0
		echo "gw-crawl: write error on standard output" >&2; exit 1 ;;
	--version)
		v=$("$bindir/gw-fetch" --version) && echo "$v" | sed 's/gw-fetch/gw-crawl/' && exit 0
		echo "gw-crawl: write error on standard output" >&2; exit 1 ;;
	*) fwd="$fwd $(quote "$1")"; shift ;;	# gw-fetch says if it is not one of its options
	esac
done
eval "set -- $fwd"
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
trap 'rm -f "$tmp" "$tmp.list" "$tmp.err" "$tmp.lerr"' EXIT
trap 'exit 130' INT TERM
# say FILE: a step's messages, without the lines the crawl's summary replaces
# (and with -q, gw-fetch's retries: warnings)
say() {
	sed -e '/^gw-fetch: [0-9]* sources, /d' -e '/^gw-load: read [0-9]*, stored /d' \
	    -e "${quiet:+/^gw-fetch: .*; retrying in [0-9.]* s\$/d}" \
	    -e '/^gw-parse: .*: parser [^ ]* (of its source)$/d' \
	    -e '/^gw-parse: .*: parser [^ ]* (detected)$/d' "$1" >&2
}
# num FILE PATTERN: the number sed's PATTERN (one \(group\)) finds in FILE, else 0
num() { n=$(sed -n "s/$2/\\1/p" "$1" | head -n 1); echo "${n:-0}"; }

# gw-fetch appends each sha as it commits it, after those fetched before and never loaded
"$bindir/gw-fetch" -d "$db" -s "$sources" $due --unloaded -q ${wait:+--wait} "$@" >>"$pending" 2>"$tmp.err"
rc=$?
case $rc in
0) [ -n "$quiet" ] || say "$tmp.err" ;;
2|3) cat "$tmp.err" >&2; exit $rc ;;
*) say "$tmp.err"; worse $([ $rc -eq 1 ] && echo 1 || echo 4) ;;
esac
f_sources=$(num "$tmp.err" '^gw-fetch: \([0-9]*\) sources, .*')
f_new=$(num "$tmp.err" '^gw-fetch: .* \([0-9]*\) new, .*')
f_failed=$(num "$tmp.err" '^gw-fetch: .* \([0-9]*\) failed, .*')
f_due=$(num "$tmp.err" '^gw-fetch: .* \([0-9]*\) not due$')

# each sha once, in the order written (oldest first); a line cut short is not a sha
[ -e "$pending" ] || : >>"$pending" || exit 4
awk 'length($0) == 64 && !/[^0-9a-f]/ && !seen[$0]++' "$pending" >"$tmp.list" || exit 4
loaded=0 left=0 stored=0 unchanged=0 rejected=0 before=0
while read -r sha; do
	"$bindir/gw-parse" -d "$db" ${quiet:+-q} "$sha" >"$tmp" 2>"$tmp.err" </dev/null
	prc=$?
	if [ $prc -gt 1 ]; then
		say "$tmp.err"
		echo "gw-crawl: $sha: not loaded (gw-parse exit $prc): left for the next crawl" >&2
		worse 1
		left=$((left + 1))
		continue
	fi
	"$bindir/gw-load" -d "$db" -q --doc "$sha" "$tmp" 2>"$tmp.lerr" </dev/null
	lrc=$?
	if [ $lrc -gt 1 ]; then
		say "$tmp.err"
		say "$tmp.lerr"
		echo "gw-crawl: $sha: not loaded (gw-load exit $lrc): left for the next crawl" >&2
		worse $([ $lrc -eq 4 ] && echo 4 || echo 1)
		left=$((left + 1))
		continue
	fi
	loaded=$((loaded + 1))
	j=$(num "$tmp.lerr" '^gw-load: .* rejected \([0-9]*\).*')
	k=$(num "$tmp.lerr" '^gw-load: .* (\([0-9]*\) of them before)$')
	stored=$((stored + $(num "$tmp.lerr" '^gw-load: .* stored \([0-9]*\), .*')))
	unchanged=$((unchanged + $(num "$tmp.lerr" '^gw-load: .* unchanged \([0-9]*\), .*')))
	rejected=$((rejected + j))
	before=$((before + k))
	# a failure is new unless every reject of the document was rejected before:
	# the same document (same bytes, same parser) failing as it failed then
	if { [ $prc -eq 1 ] || [ $lrc -eq 1 ]; } && ! [ "$j" -gt 0 -a "$j" -eq "$k" ]; then
		say "$tmp.err"
		say "$tmp.lerr"
		# gw-load -q does not name the records it rejected itself (the parser's rejects
		# gw-parse has just said): say how many there were
		pr=$(grep -c '^{"kind":"reject"' "$tmp")
		[ "$j" -le "${pr:-0}" ] ||
			echo "gw-crawl: $sha: gw-load rejected $((j - ${pr:-0})) records (table rejects says why)" >&2
		worse 1
	elif [ -z "$quiet" ] && ! [ "$j" -gt 0 -a "$j" -eq "$k" ]; then
		say "$tmp.err"	# warnings (a header changed...)
	fi
	# done with this one: its records (and its rejects) are committed
	if grep -v -x -F "$sha" "$pending" >"$pending.tmp" || [ $? -eq 1 ]; then
		mv "$pending.tmp" "$pending" || exit 4
	else
		echo "gw-crawl: $pending: cannot rewrite the pending list" >&2
		exit 4
	fi
done <"$tmp.list"
[ -s "$pending" ] || rm -f "$pending"
if [ -z "$quiet" ]; then
	echo "gw-crawl: $f_sources sources fetched ($f_failed failed, $f_due not due), $f_new new documents;" \
	     "$loaded loaded, $left left for the next crawl; records: $stored stored, $unchanged unchanged," \
	     "$rejected rejected ($before of them before)" >&2
fi
exit $status
