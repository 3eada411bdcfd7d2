#!/bin/sh
# Golden records: every fixture document (tests/golden/LIST) parsed with
# --as-of 2026-01-01 gives exactly tests/golden/FIXTURE.jsonl, every field of
# every record, so any change shows as a diff. `make golden` regenerates them
# after a deliberate change; this test only compares.
. "$(dirname "$0")/test-lib.sh"
unset GW_SEC_CIK GW_CAPEX_CONCEPTS GW_XML_OPTS GW_HTML_OPTS GW_PDFTOTEXT
G=$ROOT/tests/golden

grep -v '^#' "$G/LIST" >list
while read -r f parser status env; do
	[ -n "$f" ] || continue
	case $f in
	*.pdf)
		if ! command -v pdftotext >/dev/null; then
			test_skip "golden: $f" "pdftotext (poppler-utils) is not installed"
			continue
		fi ;;
	esac
	test_expect_success "golden: $f ($parser, status $status${env:+, $env})" '
		test_expect_code $status env $env gw-parse --as-of 2026-01-01 "$FIXTURES/$f" >out 2>err &&
		grep -q "^gw-parse: $(basename "$f"): parser $parser (detected)\$" err &&
		test_cmp "$G/$f.jsonl" out
	'
done <list
test_expect_success 'every fixture document has a golden file, and every golden file a fixture' '
	(cd "$FIXTURES" && find . -type f ! -name "*.sh" ! -name "*.py" ! -name "*.sql" ! -name sources.conf \
		! -path ./prices/index-chain.jsonl ! -path ./report/store.jsonl | sed "s|^\./||" | sort) >want &&
	awk "NF { print \$1 }" list | sort >listed &&
	test_cmp want listed &&
	(cd "$G" && find . -name "*.jsonl" | sed "s|^\./||; s|\.jsonl\$||" | sort) >golden &&
	test_cmp want golden
'
test_done
