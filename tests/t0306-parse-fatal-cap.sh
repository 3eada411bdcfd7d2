#!/bin/sh
# Past 100 messages a document's problems are only counted, but a message that
# stops the reading (here: a sheet that inflates past its limit, after 150 bad
# rows) is always printed: why the document was cut short is never hidden.
. "$(dirname "$0")/test-lib.sh"

python3 - bomb.xlsx <<\EOF2 || { echo "1..0 # SKIP python3 cannot write the workbook"; exit 0; }
import struct, sys, zipfile
CT = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
      'content-types"><Default Extension="xml" ContentType="application/xml"/></Types>')
WB = ('<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
      '2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
      '<sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>')
RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
        '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
HDR = ["Project ID", "Name", "Commercial Name", "State", "County", "Status", "MW Energy", "Fuel"]
def t(col, row, v):
    return f'<c r="{col}{row}" t="inlineStr"><is><t>{v}</t></is></c>'
rows = ['<row r="1">' + "".join(t(chr(65 + i), 1, h) for i, h in enumerate(HDR)) + "</row>"]
# 150 rows whose Status is not one PJM uses: 150 problems, more than the 100 messages shown
for n in range(2, 152):
    rows.append(f'<row r="{n}">' + t("A", n, f"AB1-{n:03d}") + t("D", n, "VA") + t("F", n, "Pondering")
                + t("G", n, "TBD") + t("H", n, "Solar") + "</row>")
# then 40 MB of white space between rows: deflate packs it about 1000:1, the file is some 40 KB,
# so the part inflates past its limit (200 times the file plus 16 MB) before the sheet ends
pad = "<!---->" * ((40 << 20) // 7)
xml = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
       'spreadsheetml/2006/main"><sheetData>' + "".join(rows) + pad + "</sheetData></worksheet>")
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("[Content_Types].xml", CT)
    z.writestr("xl/workbook.xml", WB)
    z.writestr("xl/_rels/workbook.xml.rels", RELS)
    z.writestr("xl/worksheets/sheet1.xml", xml)
# the zip's headers claim the sheet is 1 MB, so it is refused only while it inflates
data = bytearray(open(sys.argv[1], "rb").read())
name = b"xl/worksheets/sheet1.xml"
for sig, szoff, noff, hdr in ((b"PK\x03\x04", 22, 26, 30), (b"PK\x01\x02", 24, 28, 46)):
    i = data.find(sig)
    while i >= 0:
        nlen = struct.unpack_from("<H", data, i + noff)[0]
        if data[i + hdr:i + hdr + nlen] == name:
            struct.pack_into("<I", data, i + szoff, 1 << 20)
        i = data.find(sig, i + 4)
open(sys.argv[1], "wb").write(data)
EOF2

test_expect_success 'the workbook: under 100 KB, its zip headers claim the sheet is 1 MiB' '
	test "$(wc -c <bomb.xlsx)" -lt 100000 &&
	test_eq 1048576 "$(python3 -c "import zipfile; print(zipfile.ZipFile(\"bomb.xlsx\").getinfo(\"xl/worksheets/sheet1.xml\").file_size)")"
'
test_expect_success 'the fatal message is printed past the cap, and counted as shown' '
	test_expect_code 1 gw-parse -p pjm-queue bomb.xlsx >out 2>err &&
	test_eq 150 "$(grep -c "\"reason\":\"Status is not one PJM uses\"" out)" &&
	test_eq 100 "$(grep -c "Status is not one PJM uses" err)" &&
	grep -q "gw-parse: bomb.xlsx: sheet .Data.: part .xl/worksheets/sheet1.xml. inflates past the [0-9]* byte limit (a zip bomb?)" err &&
	grep -q "gw-parse: bomb.xlsx: 151 problems in all (50 not shown)" err
'
test_done
