#!/bin/sh
# The documentation in the repository (issue 13 item 4): the manual pages pass
# mandoc's lint and name every option of their tool's --help; gigawatt.7 gives
# every analyst view with its columns as the store has them; docs/models.md
# states every parameter of schemas/params.conf with its default, the seeded
# accelerator table, and the worked examples the unit test reproduces; the
# report's citations name its sections; `make install` stages what a Debian
# package would hold, and `make uninstall` removes it.
. "$(dirname "$0")/test-lib.sh"

MAN=$ROOT/man
MODELS=$ROOT/docs/models.md
PAGES="gw-fetch.1 gw-parse.1 gw-load.1 gw-report.1 gw-crawl.1 gw-export.1 gw-sync.1 gigawatt.7"

# the store's analyst views, as an empty store has them
test_expect_success 'an empty store to compare the documentation with' '
	gw-load -d empty.db </dev/null 2>/dev/null &&
	q empty.db "select name from sqlite_master where type = '"'view'"' and name like '"'v\\_%'"' escape '"'\\'"'
		order by name" >store-views &&
	test -s store-views
'

if command -v mandoc >/dev/null; then
	for p in $PAGES; do
		test_expect_success "mandoc -T lint -W warning: $p is clean" '
			{ mandoc -T lint -W warning "$MAN/'"$p"'" >lint 2>&1; echo $? >status; } &&
			cat lint && test_must_fail test -s lint && test_eq 0 "$(cat status)" "mandoc exit status"
		'
	done
	for t in gw-fetch gw-parse gw-load gw-report gw-crawl gw-export gw-sync; do
		test_expect_success "$t.1 names every option of $t --help" '
			'"$t"' --help >help &&
			mandoc -T ascii "$MAN/'"$t"'.1" | col -b >page &&
			grep -o -e "--[a-z][a-z0-9-]*" help | sort -u >long &&
			sed -n "s/^ *\(-[a-zA-Z]\), .*/\1/p" help | sort -u >short &&
			test -s long && test -s short &&
			for o in $(cat long); do
				grep -q -e "$o\([^a-z0-9-]\|\$\)" page || { echo "'"$t"'.1 does not name $o"; return 1; }
			done &&
			for o in $(cat short); do
				grep -q -e "$o[ ,]" page || { echo "'"$t"'.1 does not name $o"; return 1; }
			done
		'
	done
else
	test_skip 'mandoc -T lint on the manual pages' 'mandoc is not installed (Debian package mandoc; make deps)'
fi

# gigawatt.7: ".It Sy v_NAME" starts a view's entry, its ".Va" lines list its columns in order
awk '/^\.It Sy v_/ { v = $3; next } /^\.(It|El)/ { v = "" } v != "" && /^\.Va / {
	for (i = 2; i <= NF; i++) if ($i != ",") cols[v] = cols[v] (cols[v] == "" ? "" : " ") $i
} END { for (v in cols) print v ": " cols[v] }' "$MAN/gigawatt.7" | sort >page-views
test_expect_success 'gigawatt.7 gives every analyst view of the store with all its columns, in order' '
	test -s page-views &&
	for v in $(cat store-views); do
		echo "$v: $(q empty.db "select name from pragma_table_info('"'"'$v'"'"') order by cid" | paste -s -d " " -)" ||
		return 1
	done >want-views &&
	test_cmp want-views page-views
'
test_expect_success 'gigawatt.7 documents every view of the README view tables' '
	grep -o "^| \`v_[a-z_]*\`" "$ROOT/README.md" | sed "s/^| \`//; s/\`\$//" | sort -u >readme-views &&
	test $(wc -l <readme-views) -ge 20 &&
	cut -d: -f1 page-views >documented &&
	comm -23 readme-views documented >undocumented &&
	test_must_fail test -s undocumented
'

# docs/models.md: a parameter is a table row "| `name` | value | source |"
sed -n "s/^| \`\([a-zA-Z0-9_]*\)\` | \([-0-9.e]*\) |.*/\1 \2/p" "$MODELS" | sort >doc-params
sed -n "s/^\([a-zA-Z][a-zA-Z0-9_]*\)[ 	][ 	]*\([^ 	]*\).*/\1 \2/p" "$ROOT/schemas/params.conf" | sort >conf-params
test_expect_success 'docs/models.md states every parameter of params.conf with its default, and no other' '
	test $(wc -l <conf-params) -ge 30 &&
	cut -d" " -f1 conf-params >conf-names && cut -d" " -f1 doc-params >doc-names &&
	test_cmp conf-names doc-names &&
	join conf-params doc-params >both &&
	test $(wc -l <both) -eq $(wc -l <conf-params) &&
	awk "\$2 + 0 != \$3 + 0 { print \"params.conf \" \$1 \" = \" \$2 \", docs/models.md says \" \$3; bad = 1 }
		END { exit bad }" both
'
test_expect_success 'docs/models.md: the accelerator table is the seeded accelerator_specs' '
	q empty.db "select sku, tdp_w, ops8, unit_cost_usd from accelerator_specs order by sku" >want-specs &&
	test $(wc -l <want-specs) -ge 10 &&
	sed -n "/^| sku | TDP W | 8-bit OP\/s | unit cost USD |/,/^\$/p" "$MODELS" |
		sed -n "3,\$p" | sed "/^\$/d; s/,//g; s/^| //; s/ |\$//; s/ | /|/g" | sort >doc-specs &&
	awk -F"|" "NR == FNR { w[\$1] = \$0; nw++; next }
		!(\$1 in w) { print \"not in accelerator_specs: \" \$1; bad = 1; next }
		{ split(w[\$1], a, \"|\"); for (i = 2; i <= 4; i++) if (a[i] + 0 != \$i + 0) {
			print \$1 \": column \" i \": store \" a[i] \", docs/models.md \" \$i; bad = 1 }; n++ }
		END { if (n != nw) print n \" rows in docs/models.md, \" nw \" in accelerator_specs\"; exit bad || n != nw }" want-specs doc-specs
'
# Section 7's figures, as the document writes them and as tests/unit/test-models.c checks
# them through the model code (t0100 runs it): both must change together.
test_expect_success 'docs/models.md 7 states the worked examples the unit test reproduces' '
	sed -n "/^## 7\. /,/^## 8\. /p" "$MODELS" >examples &&
	for pair in "127.4 MW:127.4" "145.24 MW:145.24" "2.4419:2.4419" "1.709 kW:1.709" "40.95%:0.4095" \
		"2.093 kW:2.093" "477,774:477774" "341,267:341267" "11.7e9:11.7e9" "20.07e9:20.07e9" \
		"31.77e9:31.77e9" "98.32 USD:98.32" "12.29 USD per GPU-hour:12.29"; do
		grep -q -F "${pair%%:*}" examples || { echo "docs/models.md 7 lacks ${pair%%:*}"; return 1; }
		grep -q -F "${pair#*:}" "$ROOT/tests/unit/test-models.c" || { echo "test-models.c lacks ${pair#*:}"; return 1; }
	done
'
test_expect_success 'the report, schemas, store and README cite docs/models.md by sections it has' '
	test_must_fail grep -rn "MODELS\.md" "$ROOT/reports" "$ROOT/schemas" "$ROOT/store" "$ROOT/parsers" "$ROOT/README.md" &&
	grep -rhoE "docs/models\.md (section )?[0-9]+" "$ROOT/reports" "$ROOT/schemas" "$ROOT/store" "$ROOT/README.md" |
		sed "s/.* //" | sort -u >cited &&
	test $(wc -l <cited) -ge 5 &&
	for n in $(cat cited); do
		grep -q "^## $n\. " "$MODELS" || { echo "docs/models.md has no section $n"; return 1; }
	done
'

# make install into a staging root: the tools under test ($GW_BIN, so a sanitized build
# installs itself), `-o all` so that make builds nothing in the source tree, and no
# MAKEFLAGS inherited from a `make test` that runs this.
mk() { env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make --no-print-directory -C "$ROOT" -o all BIN="$GW_BIN" "$@"; }
cat >want-files <<EOF
usr/bin/gw-crawl
usr/bin/gw-export
usr/bin/gw-fetch
usr/bin/gw-load
usr/bin/gw-parse
usr/bin/gw-report
usr/bin/gw-sync
usr/share/doc/gigawatt/README.md
usr/share/doc/gigawatt/docs/models.md
usr/share/doc/gigawatt/schemas/records.md
usr/share/doc/gigawatt/sources.example.conf
usr/share/man/man1/gw-crawl.1
usr/share/man/man1/gw-export.1
usr/share/man/man1/gw-fetch.1
usr/share/man/man1/gw-load.1
usr/share/man/man1/gw-parse.1
usr/share/man/man1/gw-report.1
usr/share/man/man1/gw-sync.1
usr/share/man/man7/gigawatt.7
EOF
test_expect_success 'make install DESTDIR=... PREFIX=/usr: the tools, manual pages and documentation, nothing built' '
	mk install DESTDIR="$TRASH/root" PREFIX=/usr >out 2>err &&
	test_must_fail grep -v -e "^install " -e "^for f in " -e "^	" out &&
	(cd root && find . ! -type d | sed "s,^\./,," | sort) >got-files &&
	test_cmp want-files got-files &&
	for t in gw-crawl gw-export gw-fetch gw-load gw-parse gw-report gw-sync; do
		test -x root/usr/bin/$t || return 1
	done &&
	cmp "$ROOT/docs/models.md" root/usr/share/doc/gigawatt/docs/models.md &&
	cmp "$ROOT/man/gigawatt.7" root/usr/share/man/man7/gigawatt.7
'
test_expect_success 'the installed gw-crawl runs the gw-fetch, gw-parse and gw-load beside it' '
	cp "$FIXTURES/datacenters/frontier_data_centers.csv" dc.csv &&
	printf "dc  dc.csv  epoch-dc\n" >s.conf &&
	env PATH=/usr/bin:/bin "$TRASH/root/usr/bin/gw-crawl" -q -d c.db -s s.conf >out 2>err &&
	test_must_fail test -s err &&
	test_eq 1 "$(q c.db "select count(*) from doc_loads")" &&
	test "$(q c.db "select count(*) from obs_site")" -gt 0 &&
	env PATH=/usr/bin:/bin "$TRASH/root/usr/bin/gw-crawl" --version >v &&
	grep -q "^gw-crawl [0-9]" v
'
test_expect_success 'make uninstall with the same DESTDIR and PREFIX leaves no file and no gigawatt folder' '
	mk uninstall DESTDIR="$TRASH/root" PREFIX=/usr >out 2>err &&
	(cd root && find . ! -type d) >left &&
	test_must_fail test -s left &&
	test_must_fail test -e root/usr/share/doc/gigawatt &&
	test -d root/usr/bin
'
test_done
