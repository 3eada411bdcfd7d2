#!/bin/sh
# Benchmark: site resolution (store/sites.c, store/identity.c) on generated site
# observations with realistic noise, against a named peer on the same input in one run:
#   - gw-load of N site records (half of the campuses seen again by a second "document"
#     under another spelling of their name and address, a fifth with coordinates a few
#     metres off), which resolves every site, capacity and permit of the store in one pass;
#   - gw-load --resolve of the same store: the resolution alone;
#   - sqlite3 .import of the same rows as CSV into a plain table: what SQLite itself costs
#     to store them (no validation, no resolution).
# Run at N/2 and N (default 100,000) so that linearity shows: the ratio of the two
# --resolve times should stay near 2. The issue's bound: under a minute at 100,000.
set -eu
N=${N:-100000}
GW_BIN=${GW_BIN:-$(cd "$(dirname "$0")/../.." && pwd)/bin}
work=$(mktemp -d "${TMPDIR:-/tmp}/gw-bench-sites.XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$work"

gen() {
	python3 - "$1" "$2" <<'PY'
import json, random, sys
n, out = int(sys.argv[1]), sys.argv[2]
random.seed(7)
d1, d2 = "a1" * 32, "b2" * 32
ops = ["Amazon", "Meta", "Google", "Microsoft", "Oracle", "CoreWeave", "QTS", "Vantage", None]
states = ["VA", "TX", "OH", "GA", "AZ", "IA", "OR", "NE"]
streets = ["Road", "Rd", "Street", "St", "Avenue", "Ave", "Parkway", "Pkwy", "Drive", "Dr"]
with open(out + ".jsonl", "w") as f, open(out + ".csv", "w") as c:
    c.write("doc,loc,operator,name,state,address,lat,lon\n")
    campuses = n * 2 // 3
    i = 0
    for k in range(campuses):
        if i >= n:
            break
        op = ops[k % len(ops)]; st = states[k % len(states)]
        num = 100 + k % 9000; street = "Campus %d %s" % (k // 9000, streets[k % 10])
        lat, lon = 30 + (k % 1000) * 0.01, -100 + (k // 1000) * 0.01
        recs = [(d1, "line %d" % k, op, "%s DC %d" % (op or "Site", k), st,
                 "%d %s, Town%d, %s %05d" % (num, street, k % 50, st, 10000 + k % 80000), lat, lon)]
        if k % 2 == 0:	# seen again: another spelling, address abbreviated differently
            recs.append((d2, "row %d" % k, op, "%s Data Center %d (East)" % ((op or "Site").upper(), k), st,
                         "%d %s, Town%d, %s %05d" % (num, street.replace("Road", "Rd").replace("Street", "St"),
                                                     k % 50, st, 10000 + k % 80000),
                         lat + random.uniform(-3e-4, 3e-4) if k % 5 == 0 else None,
                         lon + random.uniform(-3e-4, 3e-4) if k % 5 == 0 else None))
        for r in recs:
            if i >= n:
                break
            rec = {"kind": "site", "name": r[3], "state": r[4], "address": r[5], "as_of": "2026-01-01",
                   "src": {"doc": r[0], "loc": r[1]}}
            if r[2]: rec["operator"] = r[2]
            if r[6] is not None: rec["lat"], rec["lon"] = r[6], r[7]
            f.write(json.dumps(rec) + "\n")
            c.write(",".join('"%s"' % ("" if v is None else v) for v in r) + "\n")
            i += 1
PY
}

secs() { /usr/bin/time -f %e "$@" 2>&1 >/dev/null | tail -1; }
for n in $((N / 2)) $N; do
	gen $n r$n
	t_load=$(/usr/bin/time -f %e "$GW_BIN/gw-load" -q -d s$n.db r$n.jsonl 2>&1 | tail -1)
	t_res=$(/usr/bin/time -f %e "$GW_BIN/gw-load" -d s$n.db --resolve 2>&1 | tail -1)
	t_imp=$(/usr/bin/time -f %e sqlite3 p$n.db ".import --csv r$n.csv rows" 2>&1 | tail -1)
	sites=$(sqlite3 s$n.db "select count(*) from sites")
	echo "n=$n observations: gw-load ${t_load}s, gw-load --resolve ${t_res}s, sqlite3 .import ${t_imp}s; $sites sites"
	eval "res_$n=$t_res imp_$n=$t_imp"
done
eval "r1=\$res_$((N / 2)) r2=\$res_$N i2=\$imp_$N"
python3 - "$r1" "$r2" "$i2" "$N" <<'PY'
import sys
r1, r2, i2, n = float(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
print("resolve(%d) / resolve(%d) = %.2f (2.0 is linear); resolve / sqlite3 .import at %d: %.1fx"
      % (n, n // 2, r2 / max(r1, 0.01), n, r2 / max(i2, 0.01)))
sys.exit(0 if r2 < 60 else 1)
PY
