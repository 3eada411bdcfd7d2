#!/usr/bin/env python3
"""A large interconnection queue in PJM's layout (sheet "Data"), standard library only.

usage: mkqueue.py ROWS OUT [--shared]

Sheet row 1 is PJM's header; data row i (1 .. ROWS) is sheet row i + 1:
  Project ID       "Q" + i in 7 digits ("Q0000001")
  Name             "Substation <i % 977> 230 kV"
  Commercial Name  "Project <i>"
  State            STATES[i % 12]          County  "County <i % 311>"
  Status           STATUS[i % 5]           Transmission Owner "Dominion"
  MW Energy        (i % 15000) / 10 + 1    MW Capacity  MW Energy * 0.8 (float noise kept)
  Fuel             FUELS[i % 8]
  Submitted Date   Excel serial 36526 + i % 9000, styled as a date (36526 is 2000-01-01)
  Revised In Service Date  text "<1 + i % 12>/1/<2026 + i % 5>"
Repeated texts (states, statuses, fuels, owner, header) are shared strings, the
texts of each row inline strings, so the shared-string table does not grow with
rows; with --shared every text is a shared string, as Excel writes it.
"""
import sys
import zipfile

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
HEADER = ["Project ID", "Name", "Commercial Name", "State", "County", "Status", "Transmission Owner",
          "MW Energy", "MW Capacity", "Fuel", "Submitted Date", "Revised In Service Date"]
STATES = ["VA", "PA", "OH", "IL", "NJ", "MD", "WV", "IN", "MI", "KY", "DE", "NC"]
STATUS = ["Active", "Withdrawn", "In Service", "Suspended", "Engineering and Procurement"]
FUELS = ["Solar", "Natural Gas", "Storage", "Wind", "Solar; Storage", "Methane", "Nuclear", "Hydro"]
COLS = "ABCDEFGHIJKL"


def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;")


def main():
    rows, out = int(sys.argv[1]), sys.argv[2]
    shared_all = "--shared" in sys.argv[3:]
    sst, index = [], {}

    def shared(s):
        if s not in index:
            index[s] = len(sst)
            sst.append(s)
        return index[s]

    def text(col, r, s, share):
        if share or shared_all:
            return f'<c r="{col}{r}" t="s"><v>{shared(s)}</v></c>'
        return f'<c r="{col}{r}" t="inlineStr"><is><t>{esc(s)}</t></is></c>'

    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://'
                   'schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" '
                   'ContentType="application/xml"/></Types>')
        z.writestr("xl/workbook.xml", f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{NS}" '
                   'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
                   '<sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels", '<?xml version="1.0" encoding="UTF-8"?><Relationships '
                   'xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship '
                   'Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
                   'worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.'
                   'openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings'
                   '.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/'
                   '2006/relationships/styles" Target="styles.xml"/></Relationships>')
        z.writestr("xl/styles.xml", f'<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="{NS}">'
                   '<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs></styleSheet>')
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
            f.write(f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{NS}"><sheetData>'.encode())
            f.write(('<row r="1">' + "".join(text(COLS[k], 1, h, True) for k, h in enumerate(HEADER)) +
                     "</row>").encode())
            part = []
            for i in range(1, rows + 1):
                r = i + 1
                mw = (i % 15000) / 10 + 1
                part.append(f'<row r="{r}">' + text("A", r, f"Q{i:07d}", False) +
                            text("B", r, f"Substation {i % 977} 230 kV", False) +
                            text("C", r, f"Project {i}", False) + text("D", r, STATES[i % 12], True) +
                            text("E", r, f"County {i % 311}", False) + text("F", r, STATUS[i % 5], True) +
                            text("G", r, "Dominion", True) + f'<c r="H{r}"><v>{mw!r}</v></c>' +
                            f'<c r="I{r}"><v>{mw * 0.8!r}</v></c>' + text("J", r, FUELS[i % 8], True) +
                            f'<c r="K{r}" s="1"><v>{36526 + i % 9000}</v></c>' +
                            text("L", r, f"{1 + i % 12}/1/{2026 + i % 5}", False) + "</row>")
                if len(part) == 5000:
                    f.write("".join(part).encode())
                    part = []
            f.write(("".join(part) + "</sheetData></worksheet>").encode())
        z.writestr("xl/sharedStrings.xml", f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{NS}" '
                   f'count="{len(sst)}" uniqueCount="{len(sst)}">' +
                   "".join(f"<si><t>{esc(s)}</t></si>" for s in sst) + "</sst>")


main()
