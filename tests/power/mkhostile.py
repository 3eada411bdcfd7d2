#!/usr/bin/env python3
"""Hostile XLSX files for the reader's tests (standard library only). usage: mkhostile.py OUTDIR

sst-range.xlsx  a PJM-like sheet whose row 3 cites shared string 99 of 12
bomb.xlsx       sharedStrings.xml inflating to 40 MB from about 40 KB (a zip bomb)
claim.xlsx      a sheet part whose zip headers claim 2^40 bytes
dtd.xlsx        sst-range.xlsx with a good index and a DTD declaring an entity
cut.xlsx        rows 2 and 3 of sst-range.xlsx's sheet (with a good index), then the XML cut inside row 4
enc.xlsx        sst-range.xlsx with a good index, its sheet declared Shift_JIS, with two bytes Shift_JIS lacks
"""
import struct
import sys
import zipfile
import zlib

out = sys.argv[1]
CT = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
      'content-types"><Default Extension="xml" ContentType="application/xml"/></Types>')
WB = ('<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
      '2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
      '<sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>')
RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
        '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.'
        'openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
        '</Relationships>')
HDR = ["Project ID", "Name", "Commercial Name", "State", "County", "Status", "MW Energy", "Fuel"]
SST_STRINGS = HDR + ["AA1-001", "Active", "VA", "Solar"]


def sst(strings):
    return ('<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
            '2006/main">' + "".join(f"<si><t>{s}</t></si>" for s in strings) + "</sst>")


def sheet(rows):
    body = ""
    for n, cells in enumerate(rows, 1):
        body += f'<row r="{n}">' + "".join(cells) + "</row>"
    return ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
            'spreadsheetml/2006/main"><sheetData>' + body + "</sheetData></worksheet>")


def s(col, row, idx):
    return f'<c r="{col}{row}" t="s"><v>{idx}</v></c>'


def n(col, row, v):
    return f'<c r="{col}{row}"><v>{v}</v></c>'


def good_rows(bad_index):
    hdr = [s(chr(65 + i), 1, i) for i in range(len(HDR))]
    r2 = [s("A", 2, 8), s("D", 2, 10), s("F", 2, 9), n("G", 2, 100), s("H", 2, 11)]
    r3 = [s("A", 3, bad_index), s("D", 3, 10), s("F", 3, 9), n("G", 3, 50), s("H", 3, 11)]
    r4 = [f'<c r="A4" t="inlineStr"><is><t>AA1-003</t></is></c>', s("D", 4, 10), s("F", 4, 9), n("G", 4, 25.5),
          s("H", 4, 11)]
    return [hdr, r2, r3, r4]


def write(name, parts, method=zipfile.ZIP_DEFLATED):
    with zipfile.ZipFile(f"{out}/{name}", "w", method) as z:
        for k, v in parts:
            z.writestr(k, v)


base = [("[Content_Types].xml", CT), ("xl/workbook.xml", WB), ("xl/_rels/workbook.xml.rels", RELS)]
write("sst-range.xlsx", base + [("xl/sharedStrings.xml", sst(SST_STRINGS)),
                                ("xl/worksheets/sheet1.xml", sheet(good_rows(99)))])

# 40 MB of one repeated shared string: deflate packs it about 1000:1
bomb = sst(SST_STRINGS)[:-6] + "<si><t>x</t></si>" * (40 * 1024 * 1024 // 17) + "</sst>"
write("bomb.xlsx", base + [("xl/sharedStrings.xml", bomb), ("xl/worksheets/sheet1.xml", sheet(good_rows(8)))])

# a normal file, then the sheet's sizes patched to 2^40 - 1 in its local and central headers
write("claim.xlsx", base + [("xl/sharedStrings.xml", sst(SST_STRINGS)),
                            ("xl/worksheets/sheet1.xml", sheet(good_rows(8)))], zipfile.ZIP_STORED)
data = bytearray(open(f"{out}/claim.xlsx", "rb").read())
name = b"xl/worksheets/sheet1.xml"
i = data.find(b"PK\x03\x04")
while i >= 0:
    nlen = struct.unpack_from("<H", data, i + 26)[0]
    if data[i + 30:i + 30 + nlen] == name:
        struct.pack_into("<I", data, i + 22, 0xFFFFFFF0)
    i = data.find(b"PK\x03\x04", i + 4)
i = data.find(b"PK\x01\x02")
while i >= 0:
    nlen = struct.unpack_from("<H", data, i + 28)[0]
    if data[i + 46:i + 46 + nlen] == name:
        struct.pack_into("<I", data, i + 24, 0xFFFFFFF0)
    i = data.find(b"PK\x01\x02", i + 4)
open(f"{out}/claim.xlsx", "wb").write(data)


# a DTD (no spreadsheet writes one; ECMA-376 Part 2 M1.18 makes it an error): its entity would be cell text
dtd_sheet = sheet(good_rows(8)).replace("<worksheet ", '<!DOCTYPE worksheet [<!ENTITY e "AA1-009">]><worksheet ', 1)
write("dtd.xlsx", base + [("xl/sharedStrings.xml", sst(SST_STRINGS)), ("xl/worksheets/sheet1.xml", dtd_sheet)])

# well-formed up to the middle of row 4: rows 1 to 3 are whole
cut_sheet = sheet(good_rows(8))
write("cut.xlsx", base + [("xl/sharedStrings.xml", sst(SST_STRINGS)),
                          ("xl/worksheets/sheet1.xml", cut_sheet[:cut_sheet.index('<row r="4">') + 30])])

# Shift_JIS has no character 0x81 0x20: libxml2 2.9 raises the conversion error with no parser context
enc_sheet = sheet(good_rows(8)).replace('encoding="UTF-8"', 'encoding="Shift_JIS"', 1).encode()
enc_sheet = enc_sheet.replace(b"</sheetData>", b"\x81\x20</sheetData>", 1)
write("enc.xlsx", base + [("xl/sharedStrings.xml", sst(SST_STRINGS)), ("xl/worksheets/sheet1.xml", enc_sheet)])
