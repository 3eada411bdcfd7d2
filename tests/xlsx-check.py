# xlsx-check.py REPORT.xlsx REPORT.json [TABLE...]: the workbook of gw-report -f xlsx read back
# (openpyxl) and compared with the JSON report of the same store, cell by cell. With TABLEs, the
# workbook must hold exactly those table sheets (after "contents"); else every table of the JSON.
# Prints "ok: N sheets, M cells" or fails with what differs.
import datetime
import json
import sys

import openpyxl

FORBIDDEN = set('[]:*?/\\')


def fail(msg):
    sys.exit("xlsx-check: " + msg)


def main():
    xlsx, js = sys.argv[1], sys.argv[2]
    want = sys.argv[3:]
    d = json.load(open(js))
    wb = openpyxl.load_workbook(xlsx)
    ids = [t for s in d["sections"] for t in s["tables"]]
    if want:
        ids = [t for t in ids if t in want]
    if wb.sheetnames != ["contents"] + ids:
        fail("sheets %s, not contents + %s" % (wb.sheetnames, ids))
    for t in ids:
        if len(t) > 31 or set(t) & FORBIDDEN:
            fail("table id %r is no Excel sheet name" % t)
    # the documents, by their # on the sheet sources
    docs = {}
    for row in wb["sources"].iter_rows(min_row=2, values_only=True):
        if not isinstance(row[0], int) or len(row[1]) != 64:
            fail("sources: row %r has no # and sha256" % (row,))
        docs[row[0]] = row[1]
    cells = 0
    for t in ids:
        ws = wb[t]
        rows = d[t]
        if ws.freeze_panes != "A2":
            fail("%s: header row not frozen (%s)" % (t, ws.freeze_panes))
        got = list(ws.iter_rows(values_only=True))
        if len(got) != len(rows) + 1:
            fail("%s: %d rows, the JSON has %d" % (t, len(got) - 1, len(rows)))
        if not rows:
            continue
        keys = [k for k in rows[0] if k != "sources"]
        if len(got[0]) != len(keys) + 1 or not str(got[0][-1]).startswith("sources"):
            fail("%s: heading %r for columns %r" % (t, got[0], keys))
        for i, (jr, xr) in enumerate(zip(rows, got[1:])):
            for c, k in enumerate(keys):
                j, x = jr[k], xr[c]
                where = "%s row %d %s" % (t, i + 2, k)
                cells += 1
                if j is None:
                    if x is not None:
                        fail("%s: %r, the JSON has null" % (where, x))
                elif isinstance(j, bool):
                    if x is not j:
                        fail("%s: %r (%s), the JSON has %r" % (where, x, type(x).__name__, j))
                elif isinstance(j, (int, float)):
                    if isinstance(x, bool) or not isinstance(x, (int, float)):
                        fail("%s: %r is not a number (JSON %r)" % (where, x, j))
                    # a change is stored as a percentage (ratio - 1)
                    fmt = ws.cell(row=i + 2, column=c + 1).number_format
                    v = j - 1 if "%" in fmt else j
                    if abs(x - v) > 1e-9 * max(1, abs(v)):
                        fail("%s: %r, the JSON has %r" % (where, x, j))
                elif isinstance(x, datetime.datetime):
                    if x.strftime("%Y-%m-%d") != j or x.time() != datetime.time(0):
                        fail("%s: date %r, the JSON has %r" % (where, x, j))
                    if ws.cell(row=i + 2, column=c + 1).number_format != "yyyy-mm-dd":
                        fail("%s: a date without the date format" % where)
                elif t == "assumptions" and k == "value":
                    if not isinstance(x, (int, float)) or abs(x - float(j)) > 1e-5 * abs(x):
                        fail("%s: %r is not the number %r" % (where, x, j))
                elif x != j:
                    fail("%s: %r, the JSON has %r" % (where, x, j))
            src = xr[len(keys)]
            cited = [docs[int(n)] for n in str(src).split(",")] if src is not None else []
            if cited != jr["sources"]:
                fail("%s row %d: sources %r are %r, the JSON has %r" % (t, i + 2, src, cited, jr["sources"]))
    print("ok: %d sheets, %d cells" % (len(ids), cells))


main()
