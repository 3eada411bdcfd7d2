#!/bin/sh
# sec-xbrl-zip: EDGAR's <accession>-xbrl.zip (Apple 10-Q), a tar holding zstd members and a nested
# -xbrl.zip (1-800-FLOWERS 8-K), a tar holding a compressed zip built here from the NVIDIA 10-Q,
# and hostile archives: a member claiming 10 GB, a member path with ../, a truncated zip.
. "$(dirname "$0")/test-lib.sh"
need_corpus
A=$CORPUS/archives

test_expect_success 'Apple -xbrl.zip: detected, primary member aapl-20250329.htm read' '
	gw-parse "$A/0000320193-25-000057-xbrl.zip" >aapl.jsonl 2>err &&
	grep -q "parser sec-xbrl-zip (detected)" err &&
	grep -q "primary XBRL document: aapl-20250329.htm" err &&
	gw-load -d s.db aapl.jsonl
'
# aapl-20250329.htm (in the zip): ix:nonFraction us-gaap:PaymentsToAcquirePropertyPlantAndEquipment
# f-332 context c-1 (2024-09-29..2025-03-29) 6,011 scale 6; f-333 context c-22 (2023-10-01..2024-03-30) 4,388
test_expect_success 'Apple six months to 2025-03-29: 6,011 million (member fact f-332); prior year 4,388 (f-333)' '
	test_eq "6011000000|10-Q|aapl-20250329.htm: line 8 fact f-332" "$(q s.db "select printf('"'%.0f'"', usd) || '"'|'"' || form || '"'|'"' || loc
		from v_capex where cik = 320193 and period_start = '"'2024-09-29'"' and period_end = '"'2025-03-29'"'")" &&
	test_eq 4388000000 "$(q s.db "select printf('"'%.0f'"', usd) from v_capex where cik = 320193
		and period_start = '"'2023-10-01'"' and period_end = '"'2024-03-30'"'")"
'
# metadata.json (plain JSON member of the tar): accession-number 0001437749-24-000106, type 8-K,
# filing-date 20240102, period 20231231, cik 0001084869, conformed-name 1 800 FLOWERS COM INC, fiscal-year-end 0702
test_expect_success '1-800-FLOWERS tar (zstd members, nested zip): the filing from metadata.json' '
	gw-parse "$A/000143774924000106.tar" >flws.jsonl 2>err &&
	grep -q "parser sec-xbrl-zip (detected)" err &&
	grep -q "primary XBRL document: flws20231228_8k.htm" err &&
	grep -q "no fact of a listed capex concept" err &&
	gw-load -d s.db flws.jsonl &&
	test_eq "1084869|1 800 FLOWERS COM INC|8-K|2024-01-02|2023-12-31|flws20231228_8k.htm|0702" \
		"$(q s.db "select cik, company, form, filed, report_date, primary_doc, fiscal_year_end from obs_filing
			where accession = '"'0001437749-24-000106'"'")"
'

# A tar holding a gzip-compressed -xbrl.zip holding the NVIDIA 10-Q: archive inside archive.
test_expect_success 'a tar holding a compressed zip holding the iXBRL: the nested document is found and read' '
	cp "$CORPUS/edgar/ixbrl/nvda-10-q-2025-08-27.html" nvda-20250727.htm &&
	echo "<schema/>" >nvda-20250727.xsd &&
	python3 -c "
import zipfile, gzip, tarfile, io, json
z = io.BytesIO()
with zipfile.ZipFile(z, \"w\", zipfile.ZIP_DEFLATED) as zf:
    zf.write(\"nvda-20250727.xsd\"); zf.write(\"nvda-20250727.htm\")
meta = json.dumps({\"accession-number\": \"0001045810-25-000999\", \"type\": \"10-Q\", \"filing-date\": \"20250827\",
    \"period\": \"20250727\", \"filer\": {\"company-data\": {\"cik\": \"0001045810\", \"conformed-name\": \"NVIDIA CORP\",
    \"fiscal-year-end\": \"0125\"}}, \"documents\": [{\"type\": \"10-Q\", \"filename\": \"nvda-20250727.htm\"}]}).encode()
with tarfile.open(\"bundle.tar\", \"w\", format=tarfile.USTAR_FORMAT) as t:
    for name, data in ((\"metadata.json\", meta), (\"0001045810-25-000999-xbrl.zip\", gzip.compress(z.getvalue()))):
        ti = tarfile.TarInfo(name); ti.size = len(data); t.addfile(ti, io.BytesIO(data))
" &&
	gw-parse bundle.tar >b.jsonl 2>err &&
	grep -q "primary XBRL document: 0001045810-25-000999-xbrl.zip!nvda-20250727.htm" err &&
	grep "\"period_start\":\"2025-01-27\"" b.jsonl >six &&
	grep -q "\"usd\":3122000000" six &&
	grep -q "\"accession\":\"0001045810-25-000999\"" six &&
	grep -q "\"filed\":\"2025-08-27\"" six && grep -q "\"as_of\":\"2025-08-27\"" six &&
	grep -q "\"loc\":\"0001045810-25-000999-xbrl.zip!nvda-20250727.htm: line 8 fact f-342\"" six
'
test_expect_success 'hostile: a member claiming 10 GB is refused with a clear error, nothing read' '
	python3 -c "
import tarfile
ti = tarfile.TarInfo(\"x-20250329_htm.xml\"); ti.size = 10 * 2**30
xsd = tarfile.TarInfo(\"x.xsd\"); xsd.size = 0
open(\"big.tar\", \"wb\").write(xsd.tobuf(format=tarfile.GNU_FORMAT) + ti.tobuf(format=tarfile.GNU_FORMAT) + b\"<xbrl\" + bytes(2043))
" &&
	test_must_fail gw-parse -p sec-xbrl-zip big.tar >out 2>err &&
	grep -q "cannot be read to its end: member .x-20250329_htm.xml. claims 10737418240 bytes, over the 268435456 byte limit" err &&
	test ! -s out
'
test_expect_success 'hostile: a zip member whose zip64 header claims 10 GB is refused the same way' '
	python3 -c "
import struct
name, big = b\"x-20250329_htm.xml\", 10 * 2**30
extra = struct.pack(\"<HHQQ\", 1, 16, big, big)
xsd = struct.pack(\"<IHHHHHIIIHH\", 0x04034b50, 20, 0, 0, 0, 0, 0, 0, 0, 5, 0) + b\"a.xsd\"
lfh = struct.pack(\"<IHHHHHIIIHH\", 0x04034b50, 45, 0, 0, 0, 0, 0, 0xFFFFFFFF, 0xFFFFFFFF, len(name), len(extra))
open(\"big.zip\", \"wb\").write(xsd + lfh + name + extra + b\"<xbrl\" + bytes(4000))
" &&
	test_must_fail gw-parse big.zip >out 2>err &&
	grep -q "parser sec-xbrl-zip (detected)" err &&
	grep -q "member .x-20250329_htm.xml. claims 10737418240 bytes, over the 268435456 byte limit" err &&
	test ! -s out
'
test_expect_success 'hostile: a member path with ../ is reported and not read; the rest still is' '
	python3 -c "
import zipfile
with zipfile.ZipFile(\"evil.zip\", \"w\") as z:
    z.writestr(\"../../etc/evil_htm.xml\", \"<xbrl xmlns=\\\"http://www.xbrl.org/2003/instance\\\"/>\")
    z.writestr(\"a.xsd\", \"<schema/>\")
" &&
	test_must_fail gw-parse evil.zip >out 2>err &&
	grep -q "parser sec-xbrl-zip (detected)" err &&
	grep -q "member .\.\./\.\./etc/evil_htm.xml. has an unsafe path" err &&
	grep -q "no XBRL instance or Inline XBRL document among the 2 members" err
'
test_expect_success 'a truncated zip: a clear error, no crash' '
	head -c 50000 "$A/0000320193-25-000057-xbrl.zip" >trunc.zip &&
	test_must_fail gw-parse -p sec-xbrl-zip trunc.zip >out 2>err &&
	grep -q "gw-parse: trunc.zip: looks like an EDGAR filing bundle but cannot be read to its end: member .aapl-20250329.htm." err
'
test_done
