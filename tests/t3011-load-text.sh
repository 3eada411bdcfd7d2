#!/bin/sh
# gw-load: strings the store cannot keep as they are. Invalid UTF-8 (raw bytes
# or a lone surrogate escape) and NUL characters (a \u0000 escape, which
# SQLite's JSON reader cuts the string at, or a raw NUL byte in the line) make
# the record a reject naming the member; the rejects table keeps the raw line
# as valid UTF-8, each bad byte as U+FFFD. Nothing is stored cut short.
. "$(dirname "$0")/test-lib.sh"

D=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
rec() {	# rec NAME-JSON LOC-JSON: a site record, bytes as given
	printf '{"kind":"site","name":%s,"as_of":"2025-01-02","src":{"doc":"%s","loc":%s}}\n' "$1" $D "$2"
}

{
	rec '"caf\u00e9 \u0000 x"' '"n1"'
	rec '"ok"' '"n2\u0000 cut"'
	printf '{"kind":"site","name":"ok","na\\u0000me":"a","as_of":"2025-01-02","src":{"doc":"%s","loc":"n3"}}\n' $D
	rec '"lone \ud800 surrogate"' '"u1"'
	rec "\"bad $(printf '\377\376') bytes\"" '"u2"'
	rec '"ok"' "\"u3$(printf '\303')\""
	printf '{"kind":"site","name":"ok","as_of":"2025-01-02","src":{"doc":"%s","loc":"z1"}}\000 and after\n' $D
} >bad.jsonl

test_expect_success 'records with invalid UTF-8 or a NUL are rejected, none stored; status 1' '
	test_expect_code 1 gw-load -d s.db bad.jsonl 2>err &&
	grep -q "read 7, stored 0, unchanged 0, rejected 7" err &&
	test_eq 0 "$(q s.db "select count(*) from obs_site")"
'
test_expect_success 'each reject says which member and why' '
	q s.db "select line || \": \" || reason from rejects order by line" >reasons &&
	cat >want <<-\EOF2 &&
	1: name holds a NUL character (\u0000), which would cut it short
	2: src.loc holds a NUL character (\u0000), which would cut it short
	3: a member name holds a NUL character (\u0000)
	4: name is not valid UTF-8 (byte 6 of the decoded string is 0xed)
	5: name is not valid UTF-8 (byte 5 of the decoded string is 0xff)
	6: src.loc is not valid UTF-8 (byte 3 of the decoded string is 0xc3)
	7: the line holds a NUL byte, which JSON text cannot
	EOF2
	test_cmp want reasons
'
test_expect_success 'the rejects table holds only valid UTF-8: bad bytes became U+FFFD' '
	test_eq 0 "$(q s.db "select count(*) from rejects
		where record <> cast(cast(record as blob) as text) or instr(record, char(0)) > 0")" &&
	test_eq "7B226B696E64223A2273697465222C226E616D65223A2262616420EFBFBDEFBFBD20627974657322" \
		"$(q s.db "select substr(hex(record), 1, 80) from rejects where line = 5")" &&
	test_eq "u3EFBFBD" "$(q s.db "select substr(loc, 1, 2) || hex(substr(loc, 3)) from rejects where line = 6")" &&
	q s.db "select hex(record) from rejects where line = 7" | grep -q "7DEFBFBD20616E64206166746572$"
'
test_expect_success 'the raw line of a NUL escape is kept whole in the reject' '
	test_eq "{\"kind\":\"site\",\"name\":\"caf\\u00e9 \\u0000 x\"" \
		"$(q s.db "select substr(record, 1, 42) from rejects where line = 1")"
'
{
	rec '"a \\u0000 b"' '"ok1"'
	rec '"caf\u00e9 \ud83d\ude00"' '"ok2"'
} >ok.jsonl
test_expect_success 'an escaped backslash before u0000 is text, not a NUL; a surrogate pair is fine: stored' '
	gw-load -d s.db ok.jsonl 2>err &&
	grep -q "read 2, stored 2" err &&
	test_eq "a \\u0000 b" "$(q s.db "select name from obs_site where loc = '"'ok1'"'")" &&
	test_eq "636166C3A920F09F9880" "$(q s.db "select hex(name) from obs_site where loc = '"'ok2'"'")"
'
# gw-parse writes a NUL byte of a document as \u0000: in a parser's reject, the reason stays
printf '{"kind":"reject","reason":"row 7: capacity is not a number","record":"A7,\\u0000,TBD","as_of":"2025-01-02","src":{"doc":"%s","loc":"row 7"}}\n' $D >prej.jsonl
test_expect_success 'a parser reject whose record holds a NUL keeps its reason and its whole line' '
	test_expect_code 1 gw-load -d s.db prej.jsonl 2>err &&
	test_eq "row 7: capacity is not a number" "$(q s.db "select reason from rejects where loc = '"'row 7'"'")" &&
	q s.db "select record from rejects where loc = '"'row 7'"'" >rec &&
	grep -qF "\"record\":\"A7,\\u0000,TBD\"" rec
'
test_done
