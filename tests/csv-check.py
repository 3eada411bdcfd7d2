# csv-check.py DIR [DB]: every DIR/*.csv read back as pandas would insist: UTF-8, RFC 4180
# (csv module, strict), CRLF line ends, a header row, the same number of fields on every row.
# With DB, each DIR/NAME.csv is also compared with SELECT * FROM NAME, cell by cell: its header
# is the view's columns in order, NULL an empty field, numbers read back to the same value.
# Prints "ok: N files, M rows" or fails saying what differs.
import csv
import glob
import io
import os
import sqlite3
import sys


def fail(msg):
    sys.exit("csv-check: " + msg)


def main():
    d = sys.argv[1]
    db = sqlite3.connect(sys.argv[2]) if len(sys.argv) > 2 else None
    files = sorted(glob.glob(os.path.join(d, "*.csv")))
    if not files:
        fail("no CSV file in " + d)
    total = 0
    for f in files:
        raw = open(f, "rb").read()
        text = raw.decode("utf-8")  # raises on invalid UTF-8
        if raw and not raw.endswith(b"\r\n"):
            fail("%s: does not end with CRLF" % f)
        rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
        if not rows:
            fail("%s: no header row" % f)
        head = rows[0]
        for i, r in enumerate(rows[1:], start=2):
            if len(r) != len(head):
                fail("%s: record %d has %d fields, the header %d" % (f, i, len(r), len(head)))
        total += len(rows) - 1
        if db is None:
            continue
        name = os.path.basename(f)[:-4]
        cur = db.execute('SELECT * FROM "%s"' % name.replace('"', '""'))
        cols = [c[0] for c in cur.description]
        if head != cols:
            fail("%s: header %r, the view has %r" % (f, head, cols))
        want = cur.fetchall()
        if len(want) != len(rows) - 1:
            fail("%s: %d rows, the view %d" % (f, len(rows) - 1, len(want)))
        for i, (w, r) in enumerate(zip(want, rows[1:]), start=2):
            for c, (x, s) in enumerate(zip(w, r)):
                ok = (s == "" if x is None else
                      s == str(x) if isinstance(x, (int, str)) else
                      float(s) == x if isinstance(x, float) else False)
                if not ok:
                    fail("%s: record %d %s: %r, the view has %r" % (f, i, head[c], s, x))
    print("ok: %d files, %d rows" % (len(files), total))


main()
