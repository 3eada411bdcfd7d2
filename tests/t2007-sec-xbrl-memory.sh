#!/bin/sh
# Streaming: an XBRL instance larger than the memory gw-parse may use (64 MB made from Amazon's
# 2022 instance, facts repeated) parses with peak resident memory well under its size, and
# gives the same capex facts as the original. (tests/bench/xbrl.sh does the same at 200 MB
# beside xmllint.)
. "$(dirname "$0")/test-lib.sh"
need_corpus
[ -x /usr/bin/time ] || test_skip_all "GNU time is not installed (apt-get install time)"
SRC=$CORPUS/edgar/xbrl_instance/amzn-20221231_htm.xml

test_expect_success 'a 64 MB instance is made from the corpus file' '
	python3 "$ROOT/tests/bench/xbrl-gen.py" "$SRC" big.xml 67108864 &&
	test "$(wc -c <big.xml)" -ge 67108864
'
test_expect_success 'it parses to the same six capex facts (duplicates of a fact are one figure)' '
	/usr/bin/time -f "%M" -o rss gw-parse big.xml >big.jsonl 2>err &&
	test_eq 6 "$(wc -l <big.jsonl)" &&
	grep -q "\"period_start\":\"2022-01-01\",\"period_end\":\"2022-12-31\",\"usd\":63645000000" big.jsonl &&
	test_eq "$(sha256sum big.xml | cut -c1-64)" "$(sed -n "1s/.*\"doc\":\"\([0-9a-f]*\)\".*/\1/p" big.jsonl)"
'
if grep -q __asan_init "$GW_BIN/gw-parse" 2>/dev/null; then
	test_skip 'peak resident memory under 40 MB' 'sanitized build: its shadow memory is not the parser'"'"'s'
else
	test_expect_success 'peak resident memory under 40 MB (the document is 64 MB)' '
		{ test "$(cat rss)" -lt 40960 || { echo "peak RSS $(cat rss) KB"; false; }; }
	'
fi
test_done
