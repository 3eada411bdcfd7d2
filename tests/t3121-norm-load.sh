#!/bin/sh
# Normalisation in gw-load (store/norm.c, migration 053): operator lists in any order and
# spelling, countries and states no table knows listed for review, the back-fill of the
# rows a store held before migration 053, and gw-load --resolve.
. "$(dirname "$0")/test-lib.sh"

D1=1111111111111111111111111111111111111111111111111111111111111111

# rec LOC OPERATOR: a capacity of one campus, as each spelling names its operators
rec() {
	printf '{"kind":"capacity","operator":"%s","site":"Campus %s","mw":10,"mw_basis":"it","status":"operational","as_of":"2026-01-01","src":{"doc":"%s","loc":"%s"}}\n' \
		"$2" "$3" "$D1" "$1"
}
test_expect_success 'operator lists load' '
	{
		rec l1 "OpenAI,Microsoft" A &&
		rec l2 "Microsoft, OpenAI" A &&
		rec l3 "Oracle/OpenAI" B &&
		rec l4 "OpenAI / Oracle" B &&
		rec l5 "OpenAI & Oracle" B &&
		rec l6 "OpenAI #likely, Microsoft #likely" C &&
		rec l7 "Microsoft + Amazon + NVIDIA" D &&
		rec l8 "Amazon Web Services, Inc." E &&
		rec l9 "Texas A&M" F &&
		rec l10 "Acme Data, Microsoft" G &&
		rec l11 "Foo Holdings, Inc." H &&
		rec l12 "Microsoft,Microsoft Azure" I
	} >lists.jsonl &&
	gw-load -d s.db lists.jsonl
'
op() { q s.db "select coalesce(operator_id, '-') || ' ' || coalesce(partners, '-') || ' ' || coalesce(partners_unresolved, '-') from obs_capacity where loc = '$1'"; }
test_expect_success 'the primary operator does not depend on the order: a hyperscaler before an AI lab' '
	test_eq "microsoft openai -" "$(op l1)" &&
	test_eq "microsoft openai -" "$(op l2)" &&
	test_eq "microsoft openai -" "$(op l6)"
'
test_expect_success 'the same campus under either order is one key' '
	test_eq 1 "$(q s.db "select count(distinct key) from obs_capacity where loc in ('"'l1'"', '"'l2'"')")"
'
test_expect_success '"/", " / ", " & " and "+" separate; partners are sorted' '
	test_eq "oracle openai -" "$(op l3)" &&
	test_eq "oracle openai -" "$(op l4)" &&
	test_eq "oracle openai -" "$(op l5)" &&
	test_eq "amazon microsoft,nvidia -" "$(op l7)"
'
test_expect_success 'a legal suffix after a comma is no member; "Texas A&M" is one name' '
	test_eq "amazon - -" "$(op l8)" &&
	test_eq "- - -" "$(op l9)" &&
	test_eq "- - -" "$(op l11)"
'
test_expect_success 'a member no alias knows is kept apart and listed for review; duplicates count once' '
	test_eq "microsoft - Acme Data" "$(op l10)" &&
	test_eq "microsoft - -" "$(op l12)" &&
	gw-load -d s.db --unresolved >out &&
	grep -q "^partner	Acme Data	1$" out &&
	grep -q "^capacity	Texas A&M	1$" out &&
	grep -q "^capacity	Foo Holdings, Inc.	1$" out
'

cat >places.jsonl <<EOF
{"kind":"site","name":"P1","country":"Narnia","state":"Texas","as_of":"2026-01-01","src":{"doc":"$D1","loc":"p1"}}
{"kind":"capacity","site":"P1","country":"Narnia","mw":1,"mw_basis":"it","status":"announced","as_of":"2026-01-01","src":{"doc":"$D1","loc":"p2"}}
{"kind":"site","name":"P2","country":"T\u00fcrkiye","as_of":"2026-01-01","src":{"doc":"$D1","loc":"p3"}}
{"kind":"site","name":"P3","country":"USA","state":"Virginia","as_of":"2026-01-01","src":{"doc":"$D1","loc":"p4"}}
{"kind":"site","name":"P4","state":"Quebec","as_of":"2026-01-01","src":{"doc":"$D1","loc":"p5"}}
{"kind":"site","name":"P5","country":"China","state":"Hebei","as_of":"2026-01-01","src":{"doc":"$D1","loc":"p6"}}
{"kind":"fab","company":"Acme","name":"F1","country":"South Korea","as_of":"2026-01-01","src":{"doc":"$D1","loc":"p7"}}
{"kind":"permit","authority":"VA DEQ","permit_id":"1","permit_kind":"air","state":"Va.","as_of":"2026-01-01","src":{"doc":"$D1","loc":"p8"}}
{"kind":"grid_request","iso":"PJM","queue_id":"Q1","request_kind":"load","status":"active","state":"N/A","as_of":"2026-01-01","src":{"doc":"$D1","loc":"p9"}}
{"kind":"grid_request","iso":"PJM","queue_id":"Q2","request_kind":"load","status":"active","state":"Pennsylvania","as_of":"2026-01-01","src":{"doc":"$D1","loc":"p10"}}
EOF
cc() { q s.db "select coalesce(country_code, '-') || ' ' || coalesce(state_code, '-') from $1 where loc = '$2'"; }
test_expect_success 'countries and states get their codes; the words stay' '
	gw-load -d s.db places.jsonl &&
	test_eq "TR -" "$(cc obs_site p3)" &&
	test_eq "US VA" "$(cc obs_site p4)" &&
	test_eq "USA|Virginia" "$(q s.db "select country, state from obs_site where loc = '"'p4'"'")" &&
	test_eq "KR -" "$(q s.db "select country_code || '"' -'"' from obs_fab where loc = '"'p7'"'")" &&
	test_eq "VA" "$(q s.db "select state_code from obs_permit where loc = '"'p8'"'")" &&
	test_eq "PA" "$(q s.db "select state_code from obs_grid_request where loc = '"'p10'"'")"
'
test_expect_success 'a state is a US state only where the country is the US or not given' '
	test_eq "CN -" "$(cc obs_site p6)" &&
	test_eq "- -" "$(cc obs_site p1)"
'
test_expect_success 'countries and states no table knows: code NULL, listed by gw-load --unresolved with counts' '
	gw-load -d s.db --unresolved >out &&
	grep -q "^country	Narnia	2$" out &&
	grep -q "^state	Quebec	1$" out &&
	grep -q "^state	N/A	1$" out &&
	! grep -q "^state	Hebei\|^state	Texas\|^country	T.rkiye" out
'

# A store as the migrations before 053 leave it (applied with the sqlite3 shell), with rows
# stored then: gw-load migrates it and fills in the codes once.
test_expect_success 'a store of schema 051 with rows: gw-load migrates it and back-fills the codes once' '
	for f in "$ROOT"/schemas/[0-9][0-9][0-9]-*.sql; do
		n=$(basename "$f" | cut -c1-3)
		[ "$n" -lt 053 ] || continue
		cat "$f" || return 1
		v=$n
	done >old.sql &&
	{ cat old.sql; echo "PRAGMA user_version = $(echo "$v" | sed "s/^0*//");"; } | sqlite3 old.db &&
	sqlite3 old.db "INSERT INTO obs_site(key, doc, loc, as_of, operator, name, country, state)
			VALUES ('"'k1'"', '"'$D1'"', '"'o1'"', '"'2025-01-01'"', '"'Microsoft,OpenAI'"', '"'Old Campus'"',
				'"'United States of America'"', '"'Wisconsin'"');
		INSERT INTO obs_capacity(key, doc, loc, as_of, operator, site, country, mw, mw_basis, status)
			VALUES ('"'k2'"', '"'$D1'"', '"'o2'"', '"'2025-01-01'"', '"'OpenAI,Microsoft'"', '"'Old Campus'"',
				'"'Korea (Republic of)'"', 5, '"'it'"', '"'operational'"');" &&
	test_eq "" "$(sqlite3 old.db "pragma table_info(obs_site)" | grep country_code)" &&
	gw-load -d old.db </dev/null 2>err &&
	grep -q "normalised the 2 observations stored before migration 053" err &&
	test_eq "US|WI|microsoft|openai" "$(q old.db "select country_code, state_code, operator_id, partners from obs_site")" &&
	test_eq "KR|microsoft|openai" "$(q old.db "select country_code, operator_id, partners from obs_capacity")" &&
	test_eq 0 "$(q old.db "select count(*) from norm_pending")" &&
	gw-load -d old.db </dev/null 2>err &&
	! grep -q normalised err
'
test_expect_success 'gw-load --resolve normalises every row again with the aliases the store has now' '
	sqlite3 s.db "INSERT INTO operators(id, name) VALUES ('"'acme'"', '"'Acme Data'"'), ('"'foo'"', '"'Foo'"');
		INSERT INTO operator_aliases(alias, operator) VALUES ('"'acme data'"', '"'acme'"'), ('"'foo'"', '"'foo'"')" &&
	gw-load -d s.db --resolve 2>err &&
	test_eq "gw-load: normalised $(q s.db "select (select count(*) from obs_site) + (select count(*) from obs_capacity)
		+ (select count(*) from obs_permit) + (select count(*) from obs_fab) + (select count(*) from obs_grid_request)") observations" \
		"$(head -1 err)" &&
	test_eq "microsoft acme -" "$(op l10)" &&
	test_eq "foo - -" "$(op l11)" &&
	gw-load -d s.db --unresolved >out &&
	! grep -q "Acme Data\|Foo Holdings" out
'
test_done
