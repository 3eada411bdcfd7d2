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

# charts HTML WIDTH SUFFIX PNG: the four charts of a layout ("" wide, "-n" phone) alone on a
# page WIDTH px wide, stacked, screenshot; BANDS: the rows of each chart's plot in it (the SVG
# is as wide as the page, so a unit is WIDTH / its viewBox's width px; data-plot is the plot's
# box, legend and axes outside it)
charts() {
	python3 - "$1" "$2" "$3" >"charts-$2.html" 2>"bands-$2" <<-\PY &&
	import re, sys
	html, width, suf = open(sys.argv[1], encoding="utf-8").read(), int(sys.argv[2]), sys.argv[3]
	svgs, y = [], 0.0
	for name in ("capacity", "loads", "capex", "prices"):
	    m = re.search(r'<svg id="chart-%s%s".*?</svg>' % (name, suf), html, re.S)
	    assert m, "no chart " + name
	    vw, vh = map(float, re.search(r'viewBox="0 0 ([0-9.]+) ([0-9.]+)"', m.group(0)).groups())
	    p = [float(v) for v in re.search(r'data-plot="([0-9. ]+)"', m.group(0)).group(1).split()]
	    k = width / vw
	    sys.stderr.write("chart-%s %d %d\n" % (name, y + p[1] * k + 1, y + p[3] * k - 1))
	    y += vh * k
	    svgs.append(m.group(0))
	print('<!DOCTYPE html><html><head><meta charset="utf-8"><style>body{margin:0;width:%dpx}'
	      'svg{width:100%%;height:auto;display:block}</style></head><body>%s</body></html>' % (width, "".join(svgs)))
	PY
	chrome 1280 "$(awk '{ if ($3 > m) m = $3 } END { print int(m) + 400 }' "bands-$2")" "charts-$2.html" \
		--screenshot="$TRASH/$4" >/dev/null
}

# colours CHART: the colours of its data (reports/charts.c): operational and building capacity;
# the first ISO's load bars; the first company's capex line; the first provider's price line
colours() {
	case $1 in
	chart-capacity) echo "#1b5e8a #4a9bd1" ;;
	*) echo "#1b5e8a" ;;
	esac
}

# drawn PNG BANDS: every chart's data colours are in its rows of the screenshot
drawn() {
	while read -r id y0 y1; do
		python3 "$BROWSER/pixels.py" "$1" "$y0" "$y1" $(colours "$id") || { echo "$id: no data drawn"; return 1; }
	done <"$2"
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
test_expect_success 'in pixels, 1280 px: each chart alone, its data colours drawn in its rows' '
	charts report.html 1280 "" wide.png && drawn wide.png bands-1280
'
test_expect_success 'in pixels, 390 px: the phone layouts, the same' '
	charts report.html 390 -n narrow.png && drawn narrow.png bands-390
'
test_expect_success 'the pixel check fails on a chart with no data drawn' '
	sed "s/<rect class=\"mark\"[^>]*>/<rect>/g; s/class=\"mark\"[^>]*d=\"[^\"]*\"//g" report.html >empty.html &&
	charts empty.html 1280 "" empty.png &&
	! drawn empty.png bands-1280 >empty.out 2>&1 &&
	grep -q "chart-capacity: no data drawn" empty.out
'
test_done
