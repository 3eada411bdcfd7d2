#!/bin/sh
# Benchmark: gw-load against two peers on the same 1,000,000 gpu_price records
# (N=... to change), in one run:
#   - gw-load: JSON Lines in, validation against the record contract, the price
#     history rule (store/prices.c), all indexes of obs_gpu_price, one transaction;
#   - sqlite3 .import of the same rows as CSV into a plain table (no validation,
#     no index): the floor of what SQLite itself costs;
#   - a Python loader as an analyst would write it (json.loads, executemany, one
#     transaction, a plain table).
# The records: 20,000 keys (200 providers x 10 SKUs x 2 terms x 5 regions),
# 50 snapshots each; at each snapshot 10% of the quotes change.
# Prints records per second of each, wall clock and CPU, and the ratios.
set -eu
N=${N:-1000000}
GW_BIN=${GW_BIN:-$(cd "$(dirname "$0")/../.." && pwd)/bin}
work=$(mktemp -d "${TMPDIR:-/tmp}/gw-bench-load.XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$work"

python3 - "$N" <<'PY'
import json, random, sys
n = int(sys.argv[1]); random.seed(1)
doc = "ab" * 32
skus = ["h100-sxm", "h100-pcie", "h100-nvl", "h200", "b200", "gb200", "a100-40g", "a100-80g", "l40s", "mi300x"]
tiers = ["hyperscaler", "neocloud", "marketplace"]
regions = ["us-east", "us-west", "eu-west", "eu-north", "ap-south"]
keys = [["prov%03d" % p, tiers[p % 3], s, t, r, round(random.uniform(1, 6), 2)]
        for p in range(200) for s in skus for t in ("on_demand", "spot") for r in regions]
with open("recs.jsonl", "w") as f, open("recs.csv", "w") as c:
    c.write("provider,tier,sku,term,region,currency,price,usd_per_gpu_hour,observed_at,doc,loc\n")
    i = 0
    while i < n:
        snap = i // len(keys)
        ts = "2025-%02d-%02dT%02d:00:00Z" % (1 + snap // 28 % 12, 1 + snap % 28, snap % 24)
        for k, key in enumerate(keys):
            if i >= n:
                break
            if random.random() < 0.1:
                key[5] = round(key[5] * random.uniform(0.9, 1.1), 2)
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

# timed NAME CMD...: wall clock and CPU (user + system) of the command, into NAME.t
cat >timed.py <<'PY'
import os, resource, subprocess, sys, time
t = time.time()
r = subprocess.run(sys.argv[2:])
w = time.time() - t
u = resource.getrusage(resource.RUSAGE_CHILDREN)
open(sys.argv[1] + ".t", "w").write("%.3f %.3f\n" % (w, u.ru_utime + u.ru_stime))
sys.exit(r.returncode)
PY

python3 timed.py gw "$GW_BIN/gw-load" -q -d gw.db recs.jsonl
python3 timed.py imp sqlite3 imp.db "create table gpu_price(provider, tier, sku, term, region, currency, price, usd_per_gpu_hour, observed_at, doc, loc)" ".mode csv" ".import --skip 1 recs.csv gpu_price"
python3 timed.py py python3 pyload.py py.db recs.jsonl

test "$(sqlite3 imp.db 'select count(*) from gpu_price')" -eq "$N"
test "$(sqlite3 py.db 'select count(*) from gpu_price')" -eq "$N"
echo "gw-load stored $(sqlite3 gw.db 'select count(*) from obs_gpu_price') runs of $N quotes"
python3 - "$N" <<'PY'
import sys
n = int(sys.argv[1])
t = {k: [float(x) for x in open(k + ".t").read().split()] for k in ("gw", "imp", "py")}
names = {"gw": "gw-load (validation, history, indexes)", "imp": "sqlite3 .import (CSV, plain table)",
         "py": "python3 json + sqlite3 (plain table)"}
for k in ("gw", "imp", "py"):
    w, c = t[k]
    print("%-40s %8.0f records/s wall (%6.2f s)  %8.0f records/s CPU (%6.2f s)" % (names[k], n / w, w, n / c, c))
for k in ("imp", "py"):
    print("gw-load rate / %-5s rate: %.2f wall, %.2f CPU" % (k, t[k][0] / t["gw"][0], t[k][1] / t["gw"][1]))
PY
