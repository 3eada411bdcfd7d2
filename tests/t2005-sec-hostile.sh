#!/bin/sh
# Hostile XBRL input for sec-xbrl and sec-ixbrl: truncated XML, an undeclared entity, an external
# entity reference (must not be fetched), a billion-laughs document. Each a clear error, status 1,
# no crash (test_must_fail fails on a signal or a sanitizer abort), bounded time and memory.
. "$(dirname "$0")/test-lib.sh"

HEAD='<xbrl xmlns="http://www.xbrl.org/2003/instance" xmlns:us-gaap="http://fasb.org/us-gaap/2024" xmlns:dei="http://xbrl.sec.gov/dei/2024">
<context id="c1"><entity><identifier scheme="http://www.sec.gov/CIK">0000000042</identifier></entity><period><startDate>2024-01-01</startDate><endDate>2024-12-31</endDate></period></context>
<unit id="u"><measure>iso4217:USD</measure></unit>'
FACT='<us-gaap:PaymentsToAcquirePropertyPlantAndEquipment contextRef="c1" unitRef="u" decimals="0">5</us-gaap:PaymentsToAcquirePropertyPlantAndEquipment>'

test_expect_success 'a well-formed instance of the same shape parses (the control)' '
	printf "%s\n%s\n</xbrl>\n" "$HEAD" "$FACT" >ok.xml &&
	gw-parse ok.xml >out 2>err && grep -q "\"usd\":5," out && grep -q "\"cik\":42," out
'
test_expect_success 'truncated XML: "not well-formed", the facts read before it kept, status 1' '
	printf "%s\n%s\n<us-gaap:PaymentsToAcq" "$HEAD" "$FACT" >trunc.xml &&
	test_must_fail gw-parse trunc.xml >out 2>err &&
	grep -q "looks like an XBRL instance but is not well-formed XML (line 5: " err &&
	grep -q "\"usd\":5," out
'
if test -d "$CORPUS"; then
test_expect_success 'truncated corpus iXBRL (Meta 10-K cut at 1 MB): clear error, no crash' '
	head -c 1000000 "$CORPUS/edgar/ixbrl/meta-10-k-2025-01-30.html" >meta-cut.html &&
	test_must_fail gw-parse meta-cut.html >out 2>err &&
	grep -q "parser sec-ixbrl (detected)" err &&
	grep -q "looks like Inline XBRL but is not well-formed XML" err
'
else
	test_skip 'truncated corpus iXBRL (Meta 10-K cut at 1 MB)' 'no ../shared/corpus beside this checkout'
fi
# Shift_JIS has no character 0x81 0x20; libxml2 2.9 raises that with no parser context (parsers/formats/xml.h)
test_expect_success 'bytes the declared encoding lacks: libxml2 says so, the facts before them kept' '
	{ echo "<?xml version=\"1.0\" encoding=\"Shift_JIS\"?>"; printf "%s\n%s\n" "$HEAD" "$FACT";
	  printf "<!-- \201\040 -->\n</xbrl>\n"; } >enc.xml &&
	test_must_fail gw-parse enc.xml >out 2>err &&
	grep -q "looks like an XBRL instance but is not well-formed XML (line [0-9]*: input conversion failed" err &&
	grep -q "\"usd\":5," out
'
test_expect_success 'an undeclared entity: not well-formed, named' '
	printf "%s\n<dei:EntityRegistrantName contextRef=\"c1\">&bogus;</dei:EntityRegistrantName>\n%s\n</xbrl>\n" "$HEAD" "$FACT" >undecl.xml &&
	test_must_fail gw-parse -p sec-xbrl undecl.xml >out 2>err &&
	grep -q "Entity .bogus. not defined" err
'
# the entity points at a file that exists; its content must appear nowhere
echo "SECRET-MARKER-5519" >secret.txt
test_expect_success 'an external entity reference (file: URL of an existing file) is refused, never read' '
	{ echo "<?xml version=\"1.0\"?>"; echo "<!DOCTYPE xbrl [<!ENTITY xxe SYSTEM \"file://$PWD/secret.txt\">]>";
	  printf "%s\n<dei:EntityRegistrantName contextRef=\"c1\">&xxe;</dei:EntityRegistrantName>\n%s\n</xbrl>\n" "$HEAD" "$FACT"; } >xxe.xml &&
	test_must_fail gw-parse xxe.xml >out 2>err &&
	grep -q "declares entities in a DTD (<!ENTITY>): refused" err &&
	! grep -q SECRET-MARKER out && ! grep -q SECRET-MARKER err
'
test_expect_success 'the same external entity in an iXBRL document: refused, not read' '
	{ echo "<?xml version=\"1.0\"?>"; echo "<!DOCTYPE html [<!ENTITY xxe SYSTEM \"file://$PWD/secret.txt\">]>";
	  echo "<html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:ix=\"http://www.xbrl.org/2013/inlineXBRL\" xmlns:dei=\"http://xbrl.sec.gov/dei/2024\"><body>";
	  echo "<ix:nonNumeric name=\"dei:EntityRegistrantName\" contextRef=\"c1\">&xxe;</ix:nonNumeric></body></html>"; } >xxe.htm &&
	test_must_fail gw-parse xxe.htm >out 2>err &&
	grep -q "parser sec-ixbrl (detected)" err && grep -q "declares entities in a DTD" err &&
	! grep -q SECRET-MARKER out && ! grep -q SECRET-MARKER err
'
test_expect_success 'billion laughs: refused quickly in bounded memory' '
	{ echo "<?xml version=\"1.0\"?>"; echo "<!DOCTYPE xbrl ["; echo "<!ENTITY l0 \"lol\">";
	  i=1; while [ $i -le 9 ]; do p=$((i - 1));
		echo "<!ENTITY l$i \"&l$p;&l$p;&l$p;&l$p;&l$p;&l$p;&l$p;&l$p;&l$p;&l$p;\">"; i=$((i + 1)); done;
	  echo "]>"; printf "%s\n<dei:EntityRegistrantName contextRef=\"c1\">&l9;</dei:EntityRegistrantName>\n</xbrl>\n" "$HEAD"; } >lol.xml &&
	test_expect_code 1 timeout 20 gw-parse lol.xml >out 2>err &&
	grep -q "entit" err && test "$(wc -c <out)" -lt 1000
'
test_done
