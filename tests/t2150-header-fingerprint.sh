#!/bin/sh
# Header fingerprints: with -d, gw-parse keeps each source sheet's header and,
# when a later document's header differs, says which columns were added,
# dropped or renamed; a required column missing is the parser's error.
. "$(dirname "$0")/test-lib.sh"
F=$FIXTURES/power

test_expect_success 'the first parse stores one fingerprint per header (MISO CSV, PJM sheet Data)' '
	test_expect_code 1 gw-parse -d s.db "$F/miso_gi_queue.csv" >/dev/null 2>err1 &&
	gw-parse -d s.db "$F/pjm_queue.xlsx" >/dev/null 2>err2 &&
	test_eq "miso-queue||24
pjm-queue|Data|43" "$(q s.db "select parser, sheet, json_array_length(columns) from header_fingerprints order by parser")" &&
	! grep -q "header changed" err1 err2
'
test_expect_success 'the same header again: nothing said, nothing new stored' '
	gw-parse -d s.db "$F/pjm_queue.xlsx" >/dev/null 2>err &&
	! grep -q "header changed" err &&
	test_eq 2 "$(q s.db "select count(*) from header_fingerprints")"
'
test_expect_success 'a renamed and an added column are named (MISO CSV, the next download of the same file)' '
	mkdir -p next &&
	sed "1s/\"POI Name\"/\"Point of Interconnection\"/; 1s/\$/,\"Queue Cluster\"/" \
		"$F/miso_gi_queue.csv" >next/miso_gi_queue.csv &&
	test_expect_code 1 gw-parse -d s.db next/miso_gi_queue.csv >out 2>err &&
	grep -q "miso_gi_queue.csv: header changed since document [0-9a-f]\{12\}: column .POI Name. renamed to .Point of Interconnection.; column .Queue Cluster. added" err &&
	test_eq 3 "$(q s.db "select count(*) from header_fingerprints")"
'
test_expect_success 'another source read by the same parser is not compared with it' '
	sed "1s/\"POI Name\"/\"Point of Interconnection\"/" "$F/miso_gi_queue.csv" >other_queue.csv &&
	test_expect_code 1 gw-parse -d s.db other_queue.csv >out 2>err &&
	! grep -q "header changed" err &&
	test_eq "miso_gi_queue.csv
other_queue.csv" "$(q s.db "select distinct source from header_fingerprints where parser = '"'"'miso-queue'"'"' order by 1")"
'
test_expect_success 'a renamed and a dropped column of an XLSX sheet are named with the sheet' '
	python3 - "$F/pjm_queue.xlsx" pjm_queue_2025-02.xlsx <<-\EOF2 &&
	import sys, zipfile
	src, dst = sys.argv[1], sys.argv[2]
	with zipfile.ZipFile(src) as a, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as b:
	    for i in a.infolist():
	        d = a.read(i.filename)
	        if i.filename == "xl/worksheets/sheet1.xml":
	            d = d.replace(b"<t>Commercial Name</t>", b"<t>Project Name</t>")
	            d = d.replace(b"<t>MFO</t>", b"<t></t>")
	        b.writestr(i, d)
	EOF2
	gw-parse -d s.db pjm_queue_2025-02.xlsx >/dev/null 2>err &&
	grep -q "pjm_queue_2025-02.xlsx: sheet .Data.: header changed since document [0-9a-f]\{12\}: column .Commercial Name. renamed to .Project Name.; column .MFO. dropped" err
'
test_expect_success 'a required column missing: the parser says which, exit 1, nothing written' '
	sed "1s/\"Summer MW\"/\"Summer Capacity\"/" "$F/miso_gi_queue.csv" >nomw.csv &&
	test_expect_code 1 gw-parse nomw.csv >out 2>err &&
	grep -q "parser miso-queue (detected)" err &&
	grep -q "nomw.csv: line 1: the header lacks required column .Summer MW." err &&
	test_eq 0 "$(wc -l <out)"
'
test_expect_success 'the same in an XLSX sheet: PJM without MW Energy' '
	python3 - "$F/pjm_queue.xlsx" pjm3.xlsx <<-\EOF2 &&
	import sys, zipfile
	src, dst = sys.argv[1], sys.argv[2]
	with zipfile.ZipFile(src) as a, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as b:
	    for i in a.infolist():
	        d = a.read(i.filename)
	        if i.filename == "xl/worksheets/sheet1.xml":
	            d = d.replace(b"<t>MW Energy</t>", b"<t>MW</t>")
	        b.writestr(i, d)
	EOF2
	test_expect_code 1 gw-parse pjm3.xlsx >out 2>err &&
	grep -q "parser pjm-queue (detected)" err &&
	grep -q "pjm3.xlsx: sheet .Data. row 1: the header lacks required column .MW Energy." err
'
test_done
