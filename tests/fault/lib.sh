# fault/lib.sh: sourced by the fault-injection and kill tests (t04xx) after
# test-lib.sh. What "nothing lost, nothing broken" means, checked the same way
# after every fault:
#
#   store_ok DIR          DIR/s.db passes pragma integrity_check, and every file
#                         of DIR/raw named by a sha256 holds exactly that content
#   canon_dump DIR        DIR/s.db's content, sorted, without what differs
#                         between two equal runs: row ids, run ids, times, the
#                         name of a load's input file, and the bookkeeping of how
#                         it got there (fetches, runs, host_schedule, robots)
#   with_faults CMD...    CMD with the shim preloaded (GW_FAULT_* set by the caller)

GW_FAULT_SHIM=${GW_FAULT_SHIM:-$ROOT/build/obj/fault-shim.so}
[ -f "$GW_FAULT_SHIM" ] ||
	{ echo "Bail out! no fault shim $GW_FAULT_SHIM (make build/obj/fault-shim.so)"; exit 1; }

store_ok() {
	_ic=$(sqlite3 -batch -noheader -cmd ".timeout 10000" "$1/s.db" "pragma integrity_check" 2>&1)
	[ "$_ic" = ok ] || { echo "$1/s.db: integrity_check: $_ic" >&2; return 1; }
	[ -d "$1/raw" ] || return 0
	find "$1/raw" -type f | while read -r _f; do
		_n=$(basename "$_f")
		case $_n in
		*[!0-9a-f]*) continue ;;	# a temporary name: an unfinished write, never a document
		esac
		[ ${#_n} -eq 64 ] || continue
		[ "$(sha256sum <"$_f" | cut -c1-64)" = "$_n" ] || { echo "$_f: content is not its sha256" >&2; exit 1; }
	done
}

canon_dump() {
	sqlite3 -batch -noheader "$1/s.db" "select 'select ' || quote(m.name) || ', ' ||
		(select group_concat('\"' || c.name || '\"', ', ') from pragma_table_info(m.name) c
		 where c.name not in ('id', 'run', 'input', 'site_id', 'started', 'finished', 'first_seen',
		 'last_seen', 'seen', 'loaded', 'updated', 'last_fetch', 'last_ok')) ||
		' from \"' || m.name || '\";'
		from sqlite_master m where m.type = 'table' and m.name not like 'sqlite_%'
		and m.name not like 'sites_geo%' and m.name not in ('fetches', 'runs', 'host_schedule', 'robots')
		order by m.name" >"$1/.dump.sql" &&
	sqlite3 -batch -noheader "$1/s.db" <"$1/.dump.sql" | sort
}

with_faults() {
	LD_PRELOAD=$GW_FAULT_SHIM ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0 "$@"
}

# fault_points C: at most 4 call numbers spread over 1..C: the first, then evenly
fault_points() {
	awk -v c="$1" 'BEGIN { if (c >= 1) print 1; for (k = 1; k <= 3 && c > 1; k++) print int(1 + k * (c - 1) / 3) }' |
		sort -n -u
}
