#!/bin/sh
# A store that explains itself (migration 080, store/columns.c): the tables views and columns
# filled from schemas/columns.conf describe every column of every analyst view, in the view's
# order, with a unit from the file's list; README.md's view table is that file (make
# readme-views); the renamed views keep their old names as aliases; gw-export
# --datasette-metadata describes the views for Datasette, with saved queries whose results on
# the corpus are checked by hand against the documents.
. "$(dirname "$0")/test-lib.sh"

PY=$(command -v /usr/bin/python3 || command -v python3)
UNITS="MW USD USD/GPU-hour USD/hour W GB nm mm OP/s FLOP/s H100e wafers/month degrees count months year quarter date datetime ratio 0/1 sha256"

test_expect_success 'a new store describes every analyst view and every column, in order' '
	gw-load -d s.db </dev/null 2>err &&
	q s.db "select name from sqlite_master where type = '\''view'\'' and name like '\''v\_%'\'' escape '\''\\'\''
		order by name" >views &&
	q s.db "select view from views order by view" >described &&
	test_cmp views described &&
	for v in $(q s.db "select view from views where alias_of is null"); do
		q s.db "select name from pragma_table_info('\''$v'\'')" >real &&
		q s.db "select column from columns where view = '\''$v'\'' order by position" >told &&
		test -s real && test_cmp real told || return 1
	done &&
	test_eq 0 "$(q s.db "select count(*) from columns where meaning = '\'''\''")"
'
test_expect_success 'every unit is one of the file'\''s list (NULL for text)' '
	q s.db "select distinct unit from columns where unit is not null" >units &&
	while read -r u; do
		case " $UNITS " in *" $u "*) ;; *) echo "unit $u is not in the list" >&2 && return 1 ;; esac
	done <units &&
	test_eq MW "$(q s.db "select unit from columns where view = '\''v_site_capacity'\'' and column = '\''mw_it'\''")" &&
	test_eq USD/GPU-hour "$(q s.db "select unit from columns where view = '\''v_price_index'\'' and column = '\''median'\''")" &&
	test_eq "" "$(q s.db "select unit from columns where view = '\''v_site_capacity'\'' and column = '\''site'\''")"
'
test_expect_success 'README.md'\''s view table is schemas/columns.conf (make readme-views)' '
	awk -f "$ROOT/schemas/columns-md.awk" "$ROOT/schemas/columns.conf" >want &&
	sed -n "/^<!-- views:/,/^<!-- end of views -->/p" "$ROOT/README.md" | sed "1d;\$d" >have &&
	test -s have && test_cmp want have &&
	test_eq "$(grep -c "^view " "$ROOT/schemas/columns.conf")" "$(grep -c "^| \`v_" have)"
'
R=$FIXTURES/report
test_expect_success 'the old view names are aliases: the same rows as the new ones' '
	gw-load -d r.db $R/store.jsonl 2>err &&
	gw-parse "$FIXTURES/datacenters/frontier_data_centers.csv" | gw-load -d r.db 2>err &&
	test_eq "v_sites_current|v_gpu_prices_current" \
		"$(q r.db "select group_concat(alias_of, '\''|'\'') from (select alias_of from views where alias_of is not null order by view desc)")" &&
	test "$(q r.db "select count(*) from v_sites")" -gt 0 &&
	test "$(q r.db "select count(*) from v_gpu_prices_latest")" -gt 0 &&
	test_eq 0 "$(q r.db "select count(*) from (select * from v_sites except select * from v_sites_current)")" &&
	test_eq 0 "$(q r.db "select count(*) from (select * from v_sites_current except select * from v_sites)")" &&
	test_eq "$(q r.db "select count(*) from v_sites")" "$(q r.db "select count(*) from v_sites_current")" &&
	test_eq 0 "$(q r.db "select count(*) from (select * from v_gpu_prices_latest except select * from v_gpu_prices_current)")" &&
	test_eq "$(q r.db "select count(*) from v_gpu_prices_latest")" "$(q r.db "select count(*) from v_gpu_prices_current")"
'
test_expect_success 'datasette metadata: each view and column described, units Datasette knows, queries' '
	gw-export -d r.db --datasette-metadata -o meta.json &&
	"$PY" -c "
import json, sqlite3
m = json.load(open(\"meta.json\"))
d = m[\"databases\"][\"r\"]
db = sqlite3.connect(\"r.db\")
views = [r[0] for r in db.execute(\"select view from views\")]
assert sorted(d[\"tables\"]) == sorted(views + [\"documents\"]), sorted(d[\"tables\"])
assert d[\"tables\"][\"documents\"][\"label_column\"] == \"name\"
assert \"name\" in [r[1] for r in db.execute(\"select * from pragma_table_info(?)\", (\"documents\",))]
for v in views:
    real = [r[1] for r in db.execute(\"select * from pragma_table_info(?)\", (v,))]
    assert list(d[\"tables\"][v][\"columns\"]) == real, v
t = d[\"tables\"][\"v_site_capacity\"]
assert t[\"units\"] == {\"mw_it\": \"MW\", \"mw_stated\": \"MW\", \"it_stated\": \"MW\", \"facility_stated\": \"MW\", \"utility_stated\": \"MW\"}, t[\"units\"]
assert t[\"columns\"][\"mw_it\"].endswith(\"(MW)\") and \"*\" not in t[\"description\"]
assert \"units\" not in d[\"tables\"][\"v_capex\"]
assert d[\"tables\"][\"v_capex\"][\"columns\"][\"usd\"].endswith(\"(USD)\")
assert \"old name of v_sites_current\" in d[\"tables\"][\"v_sites\"][\"description\"]
assert sorted(d[\"queries\"]) == [\"capex_by_quarter\", \"h100_price_by_month\", \"large_loads_by_iso\", \"top_campuses\"]
for name, qq in d[\"queries\"].items():
    db.execute(qq[\"sql\"], {\"quarter\": \"\", \"status\": \"\"}).fetchall()
" &&
	gw-export -d r.db --datasette-metadata >meta2.json && test_cmp meta.json meta2.json
'
test_expect_success 'datasette metadata of a store before 080 is refused, saying why' '
	cp r.db old.db && sqlite3 old.db "drop table views; drop table columns" &&
	test_expect_code 1 gw-export -d old.db --datasette-metadata 2>err &&
	grep -q "gw-load -d migrates it" err &&
	test_expect_code 2 gw-export -d r.db --datasette-metadata v_capex 2>err
'

need_corpus
# The saved queries on the corpus, each figure checked by hand in its document:
# - large_loads_by_iso: power/NYISO-Interconnection-Queue.xlsx, rows with Type/ Fuel "L": sheet
#   "Interconnection Queue" 24 (SP (MW) 4,209.1), "Withdrawn" 4 (248.0), "In Service" 3 (310.0):
#   31 requests, 4,767.1 MW, 24 active with 4,209.1 MW.
# - capex_by_quarter: edgar/companyfacts/CIK0001652044.json PaymentsToAcquirePropertyPlantAndEquipment
#   2026-01-01..2026-03-31 35,674,000,000 (filed 2026-04-30); 2025Q2 = 39,643,000,000 (six months)
#   - 17,197,000,000 (Q1) = 22,446,000,000, derived.
# - top_campuses in 2026Q3: datacenters/data_center_timelines_2026-08.csv line 7, Colossus 2 on
#   2026-07-01: IT power 946.0 MW, 2 buildings operational (Epoch: xAI Colossus 2, Memphis).
# - h100_price_by_month: prices/aws_p5_gpu_prices.csv, the only hyperscaler: 2025-06 is withheld
#   (1 provider, under min_providers 3).
test_expect_success 'corpus: the saved queries give the documents'\'' figures' '
	gw-parse -d c.db "$CORPUS/power/NYISO-Interconnection-Queue.xlsx" "$CORPUS/edgar/companyfacts/CIK0001652044.json" \
		"$CORPUS/datacenters/data_center_timelines_2026-08.csv" "$CORPUS/prices/aws_p5_gpu_prices.csv" \
		2>/dev/null | gw-load -d c.db 2>err &&
	gw-export -d c.db --datasette-metadata -o c.json &&
	"$PY" -c "
import json, sqlite3
qs = json.load(open(\"c.json\"))[\"databases\"][\"c\"][\"queries\"]
db = sqlite3.connect(\"c.db\")
def run(name, **p):
    p = dict({\"quarter\": \"\", \"status\": \"\"}, **p)
    cur = db.execute(qs[name][\"sql\"], p)
    cols = [c[0] for c in cur.description]
    return [dict(zip(cols, r)) for r in cur.fetchall()]
ll = run(\"large_loads_by_iso\")
assert [(r[\"iso\"], r[\"requests\"], r[\"mw\"], r[\"active\"], r[\"active_mw\"]) for r in ll] == [(\"NYISO\", 31, 4767.1, 24, 4209.1)], ll
cx = {(r[\"quarter\"], r[\"company\"]): r for r in run(\"capex_by_quarter\")}
assert cx[(\"2026Q1\", \"alphabet\")][\"usd_bn\"] == 35.674 and cx[(\"2026Q1\", \"alphabet\")][\"derived\"] == 0
assert cx[(\"2025Q2\", \"alphabet\")][\"usd_bn\"] == 22.446 and cx[(\"2025Q2\", \"alphabet\")][\"derived\"] == 1
top = run(\"top_campuses\", quarter=\"2026Q3\")
assert (top[0][\"site\"], top[0][\"mw_it\"], top[0][\"status\"], top[0][\"loc\"]) == (\"Colossus 2\", 946.0, \"operational\", \"line 7\"), top[0]
assert all(r[\"status\"] in (\"operational\", \"under_construction\") for r in top) and len(top) <= 50
h = {(r[\"tier\"], r[\"month\"]): r for r in run(\"h100_price_by_month\")}
assert h[(\"hyperscaler\", \"2025-06\")][\"withheld\"] == 1 and h[(\"hyperscaler\", \"2025-06\")][\"providers\"] == 1
"
'
test_done
