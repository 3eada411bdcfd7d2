#!/usr/bin/env python3
"""Writes an XBRL instance of at least SIZE bytes made from a real one: its root, schemaRef,
contexts and units once, then its facts repeated (ids suffixed so they stay unique).
usage: xbrl-gen.py SOURCE.xml OUT.xml SIZE_BYTES"""
import re
import sys

src, out, size = sys.argv[1], sys.argv[2], int(sys.argv[3])
text = open(src, encoding="utf-8").read()
root = re.search(r"<xbrl\b[^>]*>", text)
end = text.rindex("</xbrl>")
body = text[root.end():end]
keep = re.compile(r"<(?:link:schemaRef|context|unit)\b.*?(?:/>|</(?:context|unit)>)", re.S)
once = "".join(m.group(0) + "\n" for m in keep.finditer(body))
facts = keep.sub("", body)
with open(out, "w", encoding="utf-8") as f:
    f.write(text[:root.end()] + "\n" + once)
    n, i = len(text[:root.end()]) + len(once), 0
    while n < size:
        chunk = re.sub(r'\bid="([^"]*)"', lambda m: 'id="%s_r%d"' % (m.group(1), i), facts)
        f.write(chunk)
        n += len(chunk)
        i += 1
    f.write("</xbrl>\n")
