#!/bin/sh
# The HTML report's charts on real data (the demo's bundled documents), in a real browser:
# headless Chromium lays the report out at 1280 and 390 px; a checker script injected into a
# copy of the report (the report has none) measures every chart shown: data drawn, no text
# clipped by the chart's box, text at 8.5 px or more, legend entries apart, no NaN. Then each
# chart alone is screenshot at both widths and its data colours are counted in the pixels.
# The checker is first shown to fail on charts with each of those faults.
. "$(dirname "$0")/test-lib.sh"

CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
[ -n "$CHROMIUM" ] || test_skip_all "no chromium (Debian package chromium; make deps installs it)"
BROWSER=$TEST_DIR/browser
DEMO=$ROOT/demo/data

# chrome WIDTH HEIGHT FILE [ARG...]: headless Chromium on file FILE (in the trash directory)
chrome() {
	u=$(mktemp -d "$TRASH/chr.XXXXXX") &&
	w=$1 h=$2 f=$3 && shift 3 &&
	timeout 90 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync --hide-scrollbars \
		--user-data-dir="$u" --window-size="$w,$h" "$@" "file://$TRASH/$f" 2>>chrome.log
}

# measure HTML WIDTH OUT: the checker's lines for the charts shown at WIDTH. Headless Chromium
# will not make a window under 500 px, so a phone width is a frame of that width in a page.
measure() {
	python3 -c "
import sys
html = open(sys.argv[1], encoding=\"utf-8\").read()
js = open(sys.argv[2], encoding=\"utf-8\").read()
assert \"</body>\" in html
open(\"m-\" + sys.argv[1], \"w\", encoding=\"utf-8\").write(html.replace(\"</body>\", \"<script>\" + js + \"</script></body>\"))
open(\"f-\" + sys.argv[1], \"w\", encoding=\"utf-8\").write(
    \"<!DOCTYPE html><html><body style=\\\"margin:0\\\"><iframe src=\\\"m-%s\\\" style=\\\"width:%spx;height:900px;border:0\\\"></iframe></body></html>\" % (sys.argv[1], sys.argv[3]))
" "$1" "$BROWSER/chartcheck.js" "$2" &&
	if [ "$2" -lt 500 ]; then
		chrome 800 1000 f-"$1" --allow-file-access-from-files --dump-dom >"$3.dom"
	else
		chrome "$2" 1000 m-"$1" --dump-dom >"$3.dom"
	fi &&
	python3 -c "
import sys
d = open(sys.argv[1], encoding=\"utf-8\").read()
i = d.rfind(\"<pre id=\\\"chartcheck\\\">\")
assert i >= 0, \"the checker wrote nothing\"
print(d[i:].split(\">\", 1)[1].split(\"</pre>\", 1)[0])
" "$3.dom" >"$3.all" &&
	test_eq "viewport $2" "$(head -1 "$3.all")" &&
	sed 1d "$3.all" >"$3"
}

# alone HTML ID WIDTH PNG: the chart ID alone on a page WIDTH px wide, screenshot
alone() {
	python3 - "$1" "$2" "$3" >"alone-$2.html" <<-\PY &&
	import re, sys
	html = open(sys.argv[1], encoding="utf-8").read()
	m = re.search(r'<svg id="%s".*?</svg>' % re.escape(sys.argv[2]), html, re.S)
	assert m, "no chart " + sys.argv[2]
	print('<!DOCTYPE html><html><head><meta charset="utf-8"><style>body{margin:0;width:%spx}'
	      'svg{width:100%%;height:auto;display:block}</style></head><body>%s</body></html>' % (sys.argv[3], m.group(0)))
	PY
	chrome 1280 2400 "alone-$2.html" --screenshot="$TRASH/$4" >/dev/null
}

test_expect_success 'the checker fails on a chart with no data drawn, a clipped legend, or NaN' '
	cat >bad.html <<-\EOF &&
	<!DOCTYPE html><html><body style="width:800px">
	<svg id="chart-empty" class="chart" viewBox="0 0 720 300" width="720" height="300"><text x="10" y="20">x</text></svg>
	<svg id="chart-clip" class="chart" viewBox="0 0 720 300" width="720" height="300"><rect class="mark" x="10" y="10" width="50" height="50"/><text class="legend" x="690" y="290">a long legend entry</text></svg>
	<svg id="chart-nan" class="chart" viewBox="0 0 720 300" width="720" height="300"><rect class="mark" x="10" y="10" width="50" height="50"/><rect x="NaN" y="1" width="5" height="5"/></svg>
	</body></html>
	EOF
	measure bad.html 1280 bad.out &&
	grep -q "^FAIL chart-empty no data drawn" bad.out &&
	grep -q "^FAIL chart-clip clipped: \"a long legend entry\"" bad.out &&
	grep -q "^FAIL chart-nan NaN in rect x" bad.out
'
test_expect_success 'the demo store (its bundled real documents) and its HTML report' '
	test_expect_code 1 gw-crawl -q -d d.db -s "$DEMO/sources.conf" 2>crawl.err &&
	# one record is rejected: the junk first row of the MISO queue, Request Status "fish mango watermelon"
	test_eq 1 "$(sqlite3 d.db "select count(*) from rejects")" &&
	gw-report -d d.db -f html -o report.html &&
	! grep -q "NaN" report.html
'
test_expect_success 'desktop, 1280 px: four charts, each with data drawn, nothing clipped, readable, no NaN' '
	measure report.html 1280 wide.out &&
	cat wide.out &&
	test_eq "chart-capacity chart-loads chart-capex chart-prices" "$(cut -d" " -f2 wide.out | paste -sd" ")" &&
	! grep -v "^ok " wide.out
'
test_expect_success 'phone, 390 px: the phone layout of the four charts, the same checks' '
	measure report.html 390 narrow.out &&
	cat narrow.out &&
	test_eq "chart-capacity-n chart-loads-n chart-capex-n chart-prices-n" "$(cut -d" " -f2 narrow.out | paste -sd" ")" &&
	! grep -v "^ok " narrow.out
'
# the colours of each chart's data (reports/charts.c): operational and building capacity; the
# first ISO's load bars; the first company's capex line; the first provider's price line
for c in "chart-capacity 1b5e8a 4a9bd1" "chart-loads 1b5e8a" "chart-capex 1b5e8a" "chart-prices 1b5e8a"; do
	set -- $c
	id=$1 && shift
	colours=$(printf "'#%s' " "$@")
	test_expect_success "$id in pixels at 1280 and 390 px: its data colours are drawn" "
		alone report.html $id 1280 $id.png && python3 \"\$BROWSER/pixels.py\" $id.png $colours &&
		alone report.html $id-n 390 $id-n.png && python3 \"\$BROWSER/pixels.py\" $id-n.png $colours
	"
done
test_done
