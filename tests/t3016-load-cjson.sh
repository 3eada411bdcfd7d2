#!/bin/sh
# gw-load reads each line with cJSON, which would change two things silently: an
# integer past 2^53 becomes its nearest double (9007199254740993 -> ...992), and a
# string ends at a \u0000 escape. Such lines (and those cJSON reads otherwise than
# JSON says: a control character inside a string, a number out of JSON's grammar)
# are read by SQLite's json_tree instead, so each is rejected with its reason,
# exactly as before cJSON, and nothing reaches the store changed.
. "$(dirname "$0")/test-lib.sh"

D=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
F='"as_of":"2025-01-02","src":{"doc":"'$D'","loc"'
ACC='{"kind":"accelerator","sku"'

cat >big.jsonl <<EOF2
$ACC:"a1","ops8":9007199254740993,$F:"i1"}}
$ACC:"a2","ops8":-9007199254740993,$F:"i2"}}
$ACC:"a3","ops8":12345678901234567891,$F:"i3"}}
$ACC:"a4","tdp_w":700,"ops8":18014398509481985,$F:"i4"}}
{"kind":"filing","cik":99999999999999999999,"form":"10-K","accession":"a","filed":"2025-01-01",$F:"i5"}}
{"kind":"site","name":"x\u0000y",$F:"i6"}}
{"kind":"site","name":"ok","county":"a\u0000",$F:"i7"}}
{"kind":"site\u0000","name":"ok",$F:"i8"}}
EOF2
test_expect_success 'integers past 2^53 and strings with a NUL are rejected with the reason; status 1' '
	test_expect_code 1 gw-load -d s.db big.jsonl 2>err &&
	grep -q "read 8, stored 0, unchanged 0, rejected 8" err &&
	q s.db "select loc || \": \" || reason from rejects order by line" >reasons &&
	cat >want <<-\EOF2 &&
	i1: ops8 9007199254740993 is an integer beyond 2^53 that a number cannot keep exactly
	i2: ops8 -9007199254740993 is an integer beyond 2^53 that a number cannot keep exactly
	i3: ops8 1.2345678901234567e+19 is an integer beyond 2^53 that a number cannot keep exactly
	i4: ops8 18014398509481985 is an integer beyond 2^53 that a number cannot keep exactly
	i5: cik 1e+20 is an integer beyond 64 bits that cannot be kept exactly
	i6: name holds a NUL character (\u0000), which would cut it short
	i7: county holds a NUL character (\u0000), which would cut it short
	i8: kind holds a NUL character (\u0000), which would cut it short
	EOF2
	test_cmp want reasons &&
	test_eq 0 "$(q s.db "select count(*) from obs_accelerator")"
'

# (past 64 bits, the value said is the double SQLite read, as in t3010)
# numbers a double keeps exactly: 15 digits, 2^53 itself (16), 2^53 + 2 (exact too)
cat >exact.jsonl <<EOF2
$ACC:"e1","ops8":999999999999999,"hbm_gb":80,$F:"e1"}}
$ACC:"e2","ops8":9007199254740992,$F:"e2"}}
$ACC:"e3","ops8":9007199254740994,"tdp_w":7.5e2,$F:"e3"}}
{"kind":"fab","company":"c","name":"f","start_year":2020.0,"wafer_mm":3e2,"node_nm":0.5,"extra_nested_ok":null,$F:"e4"}}
EOF2
test_expect_success 'integers a double keeps exactly are stored exactly, 2.0 and 3e2 as integers' '
	test_expect_code 1 gw-load -d s.db exact.jsonl 2>err &&
	grep -q "read 4, stored 3, unchanged 0, rejected 1" err &&
	test_eq "e1 999999999999999 80.0 |e2 9007199254740992  |e3 9007199254740994  750.0" \
		"$(q s.db "select group_concat(sku || \" \" || printf(\"%d\", ops8) || \" \" || coalesce(hbm_gb, \"\")
			|| \" \" || coalesce(tdp_w, \"\"), \"|\") from (select * from obs_accelerator order by sku)")" &&
	test_eq "unknown field '"'"'extra_nested_ok'"'"' for kind fab" "$(q s.db "select reason from rejects where loc = '"'e4'"'")"
'
cat >fab.jsonl <<EOF2
{"kind":"fab","company":"c","name":"f","start_year":2020.0,"wafer_mm":3e2,"node_nm":0.5,$F:"e5"}}
EOF2
test_expect_success 'F_INT fields take 2020.0 and 3e2 as the integers 2020 and 300' '
	gw-load -d s.db fab.jsonl 2>err &&
	test_eq "integer 2020 integer 300 0.5" "$(q s.db "select typeof(start_year), start_year, typeof(wafer_mm), wafer_mm, node_nm from obs_fab" | tr "|" " ")"
'

# what cJSON would accept and JSON (and SQLite's reader) does not: still not valid JSON
tab=$(printf '\t')
cat >lax.jsonl <<EOF2
{"kind":"site","name":"a${tab}b",$F:"l1"}}
{"kind":"site","name":"n","lat":01,$F:"l2"}}
{"kind":"site","name":"n","lat":1.,$F:"l3"}}
{"kind":"site","name":"n","lat":-.5,$F:"l4"}}
{"kind":"site","name":"n",$F:"l5"}} trailing
{"kind":"site","name":"n",$F:"l6"}}}
{"kind":"site","name":"n","lat":1e,$F:"l7"}}
EOF2
test_expect_success 'a raw tab in a string, 01, 1., -.5, 1e and text after the object: not valid JSON' '
	test_expect_code 1 gw-load -d l.db lax.jsonl 2>err &&
	grep -q "read 7, stored 0, unchanged 0, rejected 7" err &&
	test_eq 7 "$(q l.db "select count(*) from rejects where reason = '"'not valid JSON'"'")"
'

# escapes cJSON decodes as JSON says: \u00e9, a surrogate pair, \/, an escaped quote
cat >esc.jsonl <<EOF2
{"kind":"site","name":"caf\u00e9 \ud83d\ude00 a\/b \"q\" \\\\u0000",$F:"x1"}}
EOF2
test_expect_success 'escapes are decoded: \u00e9, a surrogate pair, \/, \", an escaped backslash' '
	gw-load -d e.db esc.jsonl 2>err &&
	test_eq "636166C3A920F09F988020612F6220227122205C7530303030" "$(q e.db "select hex(name) from obs_site")"
'

# 64 members at most, as before
many=$(i=0; while [ $i -lt 70 ]; do printf '"m%d":1,' $i; i=$((i + 1)); done)
echo "{\"kind\":\"site\",$many\"name\":\"n\",$F:\"t1\"}}" >many.jsonl
test_expect_success 'a record of more than 64 members: too many fields' '
	test_expect_code 1 gw-load -d t.db many.jsonl 2>err &&
	test_eq "too many fields" "$(q t.db "select reason from rejects")"
'
test_done
