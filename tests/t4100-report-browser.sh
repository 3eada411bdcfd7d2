#!/bin/sh
# The HTML report in a real browser: headless Chromium (Debian package chromium) loads the
# file, dumps the rendered DOM and takes screenshots at desktop and phone widths. The test
# fails on a script error or console error, a missing chart, or a blank page. The checker is
# first shown to fail on a page with a script error and no chart, so it can fail.
. "$(dirname "$0")/test-lib.sh"

CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
[ -n "$CHROMIUM" ] || test_skip_all "no chromium (Debian package chromium; make deps installs it)"

# browse FILE WIDTH HEIGHT PREFIX: PREFIX.dom, PREFIX.log, PREFIX.png
browse() {
	for what in dom png; do
		u=$(mktemp -d "$TRASH/chr.XXXXXX")
		if [ $what = dom ]; then
			set -- "$1" "$2" "$3" "$4" --dump-dom
		else
			set -- "$1" "$2" "$3" "$4" --screenshot="$TRASH/$4.png"
		fi
		timeout 90 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
			--disable-background-networking --disable-component-update --disable-sync \
			--user-data-dir="$u" --enable-logging=stderr --v=0 --window-size="$2,$3" "$5" \
			"file://$TRASH/$1" >"$4.$what.out" 2>>"$4.log" || return 1
		set -- "$1" "$2" "$3" "$4"
	done
	mv "$4.dom.out" "$4.dom"
}

cat >pngcheck.py <<'PY'
# pngcheck.py FILE: fails unless FILE is a PNG whose top 600 rows are not one colour and not
# nearly all background (decodes 8-bit RGB/RGBA PNGs with zlib, undoing the row filters).
import struct, sys, zlib
data = open(sys.argv[1], 'rb').read()
assert data[:8] == b'\x89PNG\r\n\x1a\n', 'not a PNG'
pos, idat, w = 8, b'', 0
while pos < len(data):
    n, t = struct.unpack('>I4s', data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + n]
    if t == b'IHDR':
        w, h, depth, ctype = struct.unpack('>IIBB', body[:10])
        assert depth == 8 and ctype in (2, 6), 'unexpected PNG format'
        bpp = 3 if ctype == 2 else 4
    elif t == b'IDAT':
        idat += body
    pos += 12 + n
raw, stride = zlib.decompress(idat), w * bpp
prev, colours, ink, i = bytearray(stride), set(), 0, 0
rows = min(h, 600)  # the top of the page (title, headline, first chart) is enough to judge
for y in range(rows):
    f, line = raw[i], bytearray(raw[i + 1:i + 1 + stride])
    i += 1 + stride
    for x in range(stride):
        a = line[x - bpp] if x >= bpp else 0
        b = prev[x]
        c = prev[x - bpp] if x >= bpp else 0
        if f == 1: line[x] = (line[x] + a) & 255
        elif f == 2: line[x] = (line[x] + b) & 255
        elif f == 3: line[x] = (line[x] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    for x in range(0, stride, bpp * 4):
        px = bytes(line[x:x + 3])
        colours.add(px)
        if px != b'\xff\xff\xff':
            ink += 1
    prev = line
total = rows * ((stride + bpp * 4 - 1) // (bpp * 4))
print('%dx%d, %d colours, %.1f%% not white' % (w, h, len(colours), 100.0 * ink / total))
assert len(colours) > 20, 'the page is (nearly) one colour'
assert ink > total * 0.02, 'the page is (nearly) blank'
PY

# check PREFIX: the rendered page has the four charts with marks, and no script or console error
# (tests/t4260-report-charts.sh measures each chart in the layout, at a real phone width too)
check() {
	! grep -Ei "Uncaught|CONSOLE\(|SyntaxError|ReferenceError" "$1.log" &&
	for id in chart-capacity chart-loads chart-prices chart-capex; do
		grep -q "<svg id=\"$id\"" "$1.dom" || { echo "chart $id missing from the DOM"; return 1; }
	done &&
	test "$(grep -o "<rect " "$1.dom" | wc -l)" -gt 10 &&
	python3 pngcheck.py "$1.png"
}

test_expect_success 'the checker fails on a page with a script error and no chart' '
	printf "<!DOCTYPE html><html><body><script>undefinedFunction();</script></body></html>" >bad.html &&
	browse bad.html 800 600 bad &&
	! check bad 2>&1 >bad.check &&
	grep -Eq "Uncaught|CONSOLE" bad.log
'
test_expect_success 'a store from the fixtures, and its HTML report' '
	gw-load -d s.db $FIXTURES/report/store.jsonl 2>/dev/null &&
	sqlite3 s.db <$FIXTURES/report/test-views.sql &&
	gw-report -d s.db --quarter 2025Q3 -f html -o report.html
'
test_expect_success 'desktop: Chromium renders the three charts, no script error, not blank' '
	browse report.html 1000 1300 desk && check desk
'
test_expect_success 'a narrow window: the same, and each chart has a phone layout (360 units wide)' '
	browse report.html 390 1200 phone && check phone &&
	test_eq 4 "$(grep -o "<svg id=\"chart-[a-z]*-n\" class=\"chart\" viewBox=\"0 0 360 " phone.dom | wc -l)"
'
test_expect_success 'the price and capex charts hold marks from the data (lines and bars)' '
	sed -n "/<svg id=\"chart-prices\"/,/<\/svg>/p" desk.dom | grep -q "<path class=\"mark\" fill=\"none\" stroke=\"#1b5e8a\" stroke-width=\"2\" d=\"M" &&
	sed -n "/<svg id=\"chart-capex\"/,/<\/svg>/p" desk.dom | grep -q "filed 19370000000 USD</title>"
'
if command -v pdftotext >/dev/null; then
test_expect_success 'printed (print CSS, to PDF): pages with the headline, the tables and the sources, no navigation' '
	u=$(mktemp -d "$TRASH/chr.XXXXXX") &&
	timeout 90 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--user-data-dir="$u" --no-pdf-header-footer --print-to-pdf="$TRASH/report.pdf" \
		"file://$TRASH/report.html" >/dev/null 2>&1 &&
	pdftotext -layout report.pdf report.pdf.txt &&
	grep -q "^Headline: IT capacity online" report.pdf.txt &&
	grep -q "1,889.5" report.pdf.txt && grep -q "Documents cited" report.pdf.txt &&
	! grep -q "Headline: IT capacity online *What changed" report.pdf.txt &&
	test "$(grep -c "" report.pdf.txt)" -gt 100
'
else
test_skip 'printed to PDF' 'no pdftotext (Debian package poppler-utils)'
fi
test_expect_success 'names from documents cannot inject markup: escaped, no script runs' '
	D=ffff000000000000000000000000000000000000000000000000000000000006 &&
	printf "%s\n" "{\"kind\":\"capacity\",\"operator\":\"<img src=x onerror=alert(1)><script>alert(2)</script>\",\"site\":\"Caf\u00e9 & \\\"quotes\\\"\",\"mw\":50,\"mw_basis\":\"it\",\"status\":\"operational\",\"as_of\":\"2025-07-01\",\"src\":{\"doc\":\"$D\",\"loc\":\"x\"}}" >evil.jsonl &&
	gw-load -d s.db evil.jsonl 2>/dev/null &&
	sqlite3 s.db "update documents set url = '"'"'javascript:alert(3)\"><script>alert(4)</script>'"'"' where sha256 = '"'"'$D'"'"'" &&
	gw-report -d s.db --quarter 2025Q3 -f html -o evil.html &&
	! grep -q "<script" evil.html && grep -q "&lt;script&gt;alert(2)" evil.html &&
	! grep -qi "href=\"javascript" evil.html && grep -q "javascript:alert(3)&quot;&gt;" evil.html &&
	browse evil.html 1000 1300 evil && check evil &&
	! grep -q "<img src=\"x\"" evil.dom
'
test_done
