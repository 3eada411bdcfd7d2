#!/bin/sh
# Benchmark: gw-load against two peers on the same gpu_price records
# (N=1000000 by default), in one run:
#   - gw-load: JSON Lines in, validation against the record contract, the price
#     history rule (store/prices.c), all indexes of obs_gpu_price, one transaction;
#   - sqlite3 .import of the same rows as CSV into a plain table (no validation,
#     no index): the floor of what SQLite itself costs;
#   - a Python loader as an analyst would write it (json.loads, executemany, one
#     transaction, a plain table).
# Two cases, each its own records: "unchanged", the README's (20,000 keys: 200
# providers x 10 SKUs x 2 terms x 5 regions, 50 snapshots, 10% of the quotes
# changing at each), and "worst" (every quote a change, so every record is stored).
# Each case runs ROUNDS rounds (5); a round runs gw-load, then .import, then
# Python, each into a fresh folder (creating files right after deleting many is
# slow on some disks). Prints each run's wall clock and CPU time, then per case
# the ratios of gw-load's rate to each peer's (above 1: gw-load is faster), the
# minimum and the median over the rounds. Timings decide nothing: the script
# fails only when a tool fails or stores the wrong number of rows.
set -eu
N=${N:-1000000}
ROUNDS=${ROUNDS:-5}
CASES=${CASES:-unchanged worst}
GW_BIN=${GW_BIN:-$(cd "$(dirname "$0")/../.." && pwd)/bin}
work=$(mktemp -d "${TMPDIR:-/tmp}/gw-bench-load.XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$work"

# gen.py N CHANGE OUT: OUT.jsonl and OUT.csv, the same quotes; CHANGE the share of quotes
# that change at each snapshot
cat >gen.py <<'PY'
import json, random, sys
n, change, out = int(sys.argv[1]), float(sys.argv[2]), sys.argv[3]
random.seed(1)
doc = "ab" * 32
skus = ["h100-sxm", "h100-pcie", "h100-nvl", "h200", "b200", "gb200", "a100-40g", "a100-80g", "l40s", "mi300x"]
tiers = ["hyperscaler", "neocloud", "marketplace"]
regions = ["us-east", "us-west", "eu-west", "eu-north", "ap-south"]
keys = [["prov%03d" % p, tiers[p % 3], s, t, r, round(random.uniform(1, 6), 2)]
        for p in range(200) for s in skus for t in ("on_demand", "spot") for r in regions]
with open(out + ".jsonl", "w") as f, open(out + ".csv", "w") as c:
    c.write("provider,tier,sku,term,region,currency,price,usd_per_gpu_hour,observed_at,doc,loc\n")
    i = 0
    while i < n:
        snap = i // len(keys)
        ts = "2025-%02d-%02dT%02d:00:00Z" % (1 + snap // 28 % 12, 1 + snap % 28, snap % 24)
        for k, key in enumerate(keys):
            if i >= n:
                break
            if random.random() < change:
                old = key[5]
                while key[5] == old:
                    key[5] = round(old * random.uniform(0.9, 1.1), 2)
            loc = "s%d k%d" % (snap, k)
            f.write(json.dumps({"kind": "gpu_price", "provider": key[0], "tier": key[1], "sku": key[2],
                                "term": key[3], "region": key[4], "currency": "USD", "price": key[5],
                                "usd_per_gpu_hour": key[5], "observed_at": ts, "as_of": ts,
                                "src": {"doc": doc, "loc": loc}}, separators=(",", ":")) + "\n")
            c.write("%s,%s,%s,%s,%s,USD,%s,%s,%s,%s,%s\n" % (key[0], key[1], key[2], key[3], key[4],
                                                        key[5], key[5], ts, doc, loc))
            i += 1
PY

cat >pyload.py <<'PY'
import json, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("create table gpu_price(provider text, tier text, sku text, term text, region text, currency text,"
           " price real, usd_per_gpu_hour real, observed_at text, doc text, loc text)")
cols = ("provider", "tier", "sku", "term", "region", "currency", "price", "usd_per_gpu_hour", "observed_at")
rows = []
with open(sys.argv[2]) as f:
    for line in f:
        r = json.loads(line)
        rows.append(tuple(r.get(c) for c in cols) + (r["src"]["doc"], r["src"]["loc"]))
        if len(rows) == 10000:
            db.executemany("insert into gpu_price values (?,?,?,?,?,?,?,?,?,?,?)", rows)
            rows = []
db.executemany("insert into gpu_price values (?,?,?,?,?,?,?,?,?,?,?)", rows)
db.commit()
PY

# timed OUT CMD...: wall clock and CPU (user + system) of the command, appended to OUT
cat >timed.py <<'PY'
import os, resource, subprocess, sys, time
t = time.time()
r = subprocess.run(sys.argv[2:])
w = time.time() - t
u = resource.getrusage(resource.RUSAGE_CHILDREN)
open(sys.argv[1], "a").write("%.3f %.3f\n" % (w, u.ru_utime + u.ru_stime))
sys.exit(r.returncode)
PY

echo "gw-load: $N gpu_price records, $ROUNDS rounds; $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
for c in $CASES; do
	case $c in
	unchanged) change=0.1 ;;
	worst) change=1 ;;
	*) echo "load.sh: unknown case '$c' (unchanged, worst)" >&2; exit 2 ;;
	esac
	python3 gen.py "$N" "$change" "$c"
	r=1
	while [ "$r" -le "$ROUNDS" ]; do
		d=$c-$r
		mkdir "$d"
		python3 timed.py "$c.gw" "$GW_BIN/gw-load" -q -d "$d/gw.db" "$c.jsonl" 2>"$c.err" || { cat "$c.err" >&2; exit 1; }
		python3 timed.py "$c.imp" sqlite3 "$d/imp.db" "create table gpu_price(provider, tier, sku, term, region,
			currency, price, usd_per_gpu_hour, observed_at, doc, loc)" ".mode csv" ".import --skip 1 $c.csv gpu_price"
		python3 timed.py "$c.py" python3 pyload.py "$d/py.db" "$c.jsonl"
		test "$(sqlite3 "$d/imp.db" 'select count(*) from gpu_price')" -eq "$N"
		test "$(sqlite3 "$d/py.db" 'select count(*) from gpu_price')" -eq "$N"
		stored=$(sqlite3 "$d/gw.db" 'select count(*) from obs_gpu_price')
		rm -rf "$d"
		r=$((r + 1))
	done
	python3 - "$N" "$c" "$stored" <<'PY'
import statistics, sys
n, c, stored = int(sys.argv[1]), sys.argv[2], sys.argv[3]
t = {k: [[float(x) for x in l.split()] for l in open(c + "." + k)] for k in ("gw", "imp", "py")}
names = {"gw": "gw-load (validation, history, indexes)", "imp": "sqlite3 .import (CSV, plain table)",
         "py": "python3 json + sqlite3 (plain table)"}
print("case %s: %d records, %s runs stored by gw-load" % (c, n, stored))
for k in ("gw", "imp", "py"):
    print("  %-40s wall %s s; CPU %s s; median %.0f records/s wall, %.0f CPU" % (
        names[k], " ".join("%.2f" % w for w, _ in t[k]), " ".join("%.2f" % u for _, u in t[k]),
        n / statistics.median(w for w, _ in t[k]), n / statistics.median(u for _, u in t[k])))
for k in ("imp", "py"):
    wall = [p[0] / g[0] for g, p in zip(t["gw"], t[k])]
    cpu = [p[1] / g[1] for g, p in zip(t["gw"], t[k])]
    print("  gw-load rate / %-3s rate: wall min %.2f median %.2f; CPU min %.2f median %.2f" % (
        k, min(wall), statistics.median(wall), min(cpu), statistics.median(cpu)))
PY
done
