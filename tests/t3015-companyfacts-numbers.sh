#!/bin/sh
# sec-companyfacts: a val that is not finite (1e999) or an integer that a
# double cannot keep exactly (past 2^53, or past 64 bits) is a reject with its
# reason and JSON path, never a record with usd missing or silently rounded.
. "$(dirname "$0")/test-lib.sh"

# A companyfacts document written for this test (figures invented), in the
# shape of fixtures/edgar/companyfacts-example.json: four facts of one concept.
fact() {	# fact START END VAL ACCN
	printf '{"start":"%s","end":"%s","val":%s,"accn":"%s","fy":2025,"fp":"Q1","form":"10-Q","filed":"2025-04-28"}' "$1" "$2" "$3" "$4"
}
{
	printf '{"cik":999998,"entityName":"NUMBERS TEST INC","facts":{"us-gaap":{"PaymentsToAcquirePropertyPlantAndEquipment":{"label":"PP&E","units":{"USD":['
	fact 2025-01-01 2025-03-31 1200000000 0000999998-25-000001; printf ','
	fact 2024-01-01 2024-03-31 1e999 0000999998-25-000002; printf ','
	fact 2023-01-01 2023-03-31 9007199254740993 0000999998-25-000003; printf ','
	fact 2022-01-01 2022-03-31 123456789012345678901 0000999998-25-000004; printf ','
	fact 2021-01-01 2021-03-31 9999999999999 0000999998-25-000005
	printf ']}}}}}\n'
} >cf.json

P='$.facts."us-gaap"."PaymentsToAcquirePropertyPlantAndEquipment".units."USD"'
test_expect_success 'the finite, exact values are records; the others rejects, said on stderr; status 1' '
	test_expect_code 1 gw-parse -p sec-companyfacts cf.json >out.jsonl 2>err &&
	test_eq 2 "$(grep -c "\"kind\":\"capex\"" out.jsonl)" &&
	grep -q "\"usd\":1200000000," out.jsonl &&
	grep -q "\"usd\":9999999999999," out.jsonl &&
	test_eq 3 "$(grep -c "\"kind\":\"reject\"" out.jsonl)" &&
	grep -qF "gw-parse: cf.json: $P[1]: val is not a finite number (beyond the range of a double)" err
'
test_expect_success 'each reject says why, at the fact'"'"'s JSON path' '
	test_expect_code 1 gw-load -d s.db out.jsonl 2>lerr &&
	q s.db "select loc || \": \" || reason from rejects order by loc" >reasons &&
	cat >want <<-EOF2 &&
	$P[1]: val is not a finite number (beyond the range of a double)
	$P[2]: val 9007199254740993 is an integer beyond 2^53: as a number it would become 9007199254740992
	$P[3]: val 1.2345678901234568e+20 is an integer beyond 64 bits: it cannot be kept exactly
	EOF2
	test_cmp want reasons
'
test_expect_success 'no capex row has a missing or rounded usd' '
	test_eq "2021-01-01|9999999999999
2025-01-01|1200000000" "$(q s.db "select period_start || \"|\" || printf(\"%d\", usd) from obs_capex order by 1")"
'
test_done
