#!/bin/sh
# permit-text: our permit fixtures (fixtures/permits): a DEQ air permit for a data center's
# backup generators (text, and the same as PDF), and a county rezoning notice. The locator is
# the byte span of the match: the test reads those bytes back from the file.
. "$(dirname "$0")/test-lib.sh"
P=$FIXTURES/permits

# bytes A-B of FILE
bytes() { dd if="$1" bs=1 skip="$2" count="$(($3 - $2))" 2>/dev/null; }

test_expect_success 'the air permit text is detected and gives one permit record' '
	gw-parse "$P/air-permit-generators.txt" >air.jsonl 2>err &&
	grep -q "parser permit-text (detected)" err &&
	gw-load -d p.db air.jsonl &&
	test_eq 1 "$(q p.db "select count(*) from obs_permit")"
'
test_expect_success 'air permit: VA DEQ registration 75012, permittee, facility, county, parcel, issued March 3, 2025' '
	test_eq "VA DEQ|75012|air|Example Data Services LLC|Ridgeview Technology Campus Building 4|Loudoun County|VA|150394872000|2025-03-03|issued" \
		"$(q p.db "select authority, permit_id, permit_kind, applicant, site, county, state, parcel, issued, status from obs_permit")"
'
test_expect_success 'air permit: "168 3.0-MW diesel generators" -> 168 generators of 3 MW, 504 MW in all' '
	test_eq "168|3.0|504.0" "$(q p.db "select generators, generator_mw, mw from obs_permit")"
'
test_expect_success 'the locator is the byte span of each match in the document' '
	loc=$(q p.db "select loc from obs_permit") &&
	a=$(echo "$loc" | sed -n "s/^bytes \([0-9]*\)-\([0-9]*\);.*/\1/p") &&
	b=$(echo "$loc" | sed -n "s/^bytes \([0-9]*\)-\([0-9]*\);.*/\2/p") &&
	test_eq 75012 "$(bytes "$P/air-permit-generators.txt" $a $b)" &&
	g=$(echo "$loc" | sed -n "s/.*generators bytes \([0-9]*\)-\([0-9]*\)$/\1 \2/p") &&
	test_eq "168 3.0-MW diesel
generators" "$(bytes "$P/air-permit-generators.txt" $g)"
'
if command -v pdftotext >/dev/null 2>&1; then
	test_expect_success 'the same permit as PDF (through pdftotext) gives the same figures' '
		gw-parse -p permit-text "$P/air-permit-generators.pdf" >pdf.jsonl &&
		gw-load -d pdf.db pdf.jsonl &&
		test_eq "$(q p.db "select authority, permit_id, applicant, site, generators, generator_mw, mw, issued from obs_permit")" \
			"$(q pdf.db "select authority, permit_id, applicant, site, generators, generator_mw, mw, issued from obs_permit")"
	'
else
	test_skip 'the same permit as PDF gives the same figures' 'pdftotext (poppler-utils) is not installed'
fi
test_expect_success 'without pdftotext a PDF permit fails, saying what to install' '
	GW_PDFTOTEXT=/nonexistent/pdftotext test_must_fail gw-parse -p permit-text "$P/air-permit-generators.pdf" >out 2>err &&
	grep -q "pdftotext (Debian package poppler-utils) is not installed" err &&
	test_eq 0 "$(wc -l <out)"
'
if command -v pdftotext >/dev/null; then
test_expect_success 'a broken PDF: pdftotext'"'"'s failure is said, non-zero exit' '
	printf "%%PDF-1.4\n1 0 obj\n<< /Length 9 >>\nstream\ngarbage" >broken.pdf &&
	test_expect_code 1 gw-parse -p permit-text broken.pdf >out 2>err &&
	grep -q "broken.pdf: pdftotext could not read this PDF (status [1-9][0-9]*)" err &&
	test_eq 0 "$(wc -l <out)"
'
else
	test_skip 'a broken PDF: pdftotext'"'"'s failure is said' 'pdftotext (poppler-utils) is not installed'
fi
test_expect_success 'rezoning notice: zoning case REZ2025-00017 of Prince William County, pending' '
	gw-parse "$P/rezoning-notice.txt" >rz.jsonl &&
	gw-load -d r.db rz.jsonl &&
	test_eq "Prince William County|REZ2025-00017|zoning|Halfmoon Creek Owner LLC|Halfmoon Creek Technology Park|7893-44-1021|pending|" \
		"$(q r.db "select authority, permit_id, permit_kind, applicant, site, parcel, status, coalesce(issued, '"''"') from obs_permit")"
'
test_expect_success 'rezoning notice: "critical IT load of up to 300 MW" is the capacity (IT basis, announced), not the 1.2 GW substation' '
	test_eq "Halfmoon Creek Technology Park|300.0|it|announced|VA" "$(q r.db "select site, mw, mw_basis, status, state from obs_capacity")" &&
	loc=$(q r.db "select loc from obs_capacity") && a=${loc#bytes } && b=${a#*-} && a=${a%-*} &&
	test_eq "300 MW" "$(bytes "$P/rezoning-notice.txt" $a $b)"
'
test_expect_success 'a text with no permit or case number is rejected with its reason' '
	printf "Department of Environmental Quality\nThe generators at the data center run 50 hours a year.\n" >none.txt &&
	test_must_fail gw-parse -p permit-text none.txt >out 2>err &&
	grep -q "no permit, registration or case number found" err &&
	grep -q "\"kind\":\"reject\"" out
'
test_expect_success 'hostile text (invalid UTF-8, a huge line, many near-matches) is read quickly into valid JSON' '
	{ printf "Department of Environmental Quality\nRegistration No. 1\xff\xfe\n"; head -c 3000000 /dev/zero | tr "\0" "7";
	  printf "\n"; i=0; while [ $i -lt 2000 ]; do printf "168 x 168 x 3 M "; i=$((i+1)); done; printf "\n2 x 3 MW\n"; } >hostile.txt &&
	gw-parse -p permit-text hostile.txt >out &&
	gw-load -d h.db out &&
	test_eq "1|2|6.0" "$(q h.db "select substr(permit_id, 1, 1), generators, mw from obs_permit")"
'
test_done
