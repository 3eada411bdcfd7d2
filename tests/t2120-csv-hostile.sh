#!/bin/sh
# CSV reader under hostile input, through the MISO queue parser: a 50 MB field, bytes
# that are not UTF-8, double-encoded UTF-8, an unterminated quote. Each: a clear
# message, no crash, the other records still read.
. "$(dirname "$0")/test-lib.sh"

H='"Project #","Request Status","Queue Date","County","State","POI Name","Summer MW","Fuel","Post GIA Status"'
DONA=$(printf 'Do\303\261a Ana County')		# as UTF-8
DASH=$(printf 'Caballo \342\200\223 115kV')	# Windows-1252 0x96 is an en dash
CAFE=$(printf 'Caf\303\251 Junction 69kV')
DONA2=$(printf 'Do\303\203\302\261a Ana County')	# the same, encoded twice
CAFE2=$(printf 'Caf\303\203\302\251 Junction 69kV')
row() { printf '"%s","Active","2024-01-02","%s","TX","%s","%s","Solar",""\n' "$@"; }

test_expect_success 'a 50 MB field: that record rejected (over the 4 MB record cap), the others read' '
	{ echo "$H"; row J1 "Travis County" "Austin 138kV" 10
	  printf "\"J2\",\"Active\",\"2024-01-02\",\"Bexar County\",\"TX\",\""
	  head -c 52428800 /dev/zero | tr "\0" "x"; printf "\",\"20\",\"Solar\",\"\"\n"
	  row J3 "Hays County" "Kyle 345kV" 30; } >big.csv &&
	test_expect_code 1 gw-parse -p miso-queue big.csv >out 2>err &&
	grep -q "line 3: record longer than 4194304 bytes" err &&
	test_eq "J1 J3" "$(grep -o "\"queue_id\":\"J[0-9]\"" out | cut -d\" -f4 | tr "\n" " " | sed "s/ $//")" &&
	test_eq 1 "$(grep -c "\"kind\":\"reject\"" out)"
'
test_expect_success 'bytes that are not UTF-8 are read as Windows-1252 and said so' '
	{ echo "$H"; printf "\"J4\",\"Active\",\"2024-01-02\",\"Do\361a Ana County\",\"NM\",\"Caballo \226 115kV\",\"5\",\"Solar\",\"\"\n"; } >latin.csv &&
	gw-parse -p miso-queue latin.csv >out 2>err &&
	grep -q "$DONA" out &&
	grep -q "$DASH" out &&
	grep -q "2 fields were not UTF-8 and were read as Windows-1252" err
'
test_expect_success 'double-encoded UTF-8 (CafÃ©) is decoded once more and said so' '
	{ echo "$H"; row J5 "$DONA2" "$CAFE2" 7; } >double.csv &&
	gw-parse -p miso-queue double.csv >out 2>err &&
	grep -q "$DONA" out &&
	grep -q "$CAFE" out &&
	grep -q "2 fields were UTF-8 encoded twice" err
'
test_expect_success 'an unterminated quote fails its record, reading goes on at the next line' '
	{ echo "$H"; row J6 "Ellis County" "Navarro 345kV" 60
	  printf "\"J7\",\"Active\",\"2024-01-02\",\"Kaufman County\",\"TX\",\"Forney 138kV,70,Solar,\n"
	  echo "J8,Active,2024-01-02,Rains County,TX,Emory 69kV,80,Solar,"; } >quote.csv &&
	test_expect_code 1 gw-parse -p miso-queue quote.csv >out 2>err &&
	grep -q "line 3: unterminated quoted field starting at line 3" err &&
	grep -q "\"queue_id\":\"J6\"" out && grep -q "\"queue_id\":\"J8\"" out &&
	test_eq 1 "$(grep -c "\"kind\":\"reject\"" out)"
'
test_expect_success 'a MW that is not a number rejects that record with its reason; thousands commas are fine' '
	{ echo "$H"; row J9 "Ellis County" "Navarro 345kV" fifty; row J10 "Ellis County" "Navarro 345kV" 1,250.5; } >mw.csv &&
	test_expect_code 1 gw-parse -p miso-queue mw.csv >out 2>err &&
	grep -q "line 2: Summer MW .fifty. is not a number" err &&
	grep -q "\"queue_id\":\"J10\".*\"mw\":1250.5" out
'
test_done
