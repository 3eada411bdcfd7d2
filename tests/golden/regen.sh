#!/bin/sh
# Regenerates the golden records tests/golden/FIXTURE.jsonl of every fixture in
# tests/golden/LIST (make golden). Run it only after a deliberate change to a
# parser or a fixture, and read `git diff tests/golden` before committing: a
# golden file that merely echoes a bug is worse than none.
# usage: tests/golden/regen.sh [GW_BIN]   (default: bin/ of this checkout)
set -eu
cd "$(dirname "$0")/../.."
BIN=${1:-bin}
unset GW_DB GW_SEC_CIK GW_CAPEX_CONCEPTS GW_XML_OPTS GW_HTML_OPTS GW_PDFTOTEXT
LC_ALL=C
export LC_ALL
grep -v '^#' tests/golden/LIST | while read -r f parser status env; do
	[ -n "$f" ] || continue
	mkdir -p "tests/golden/$(dirname "$f")"
	rc=0
	env $env "$BIN/gw-parse" --as-of 2026-01-01 "fixtures/$f" >"tests/golden/$f.jsonl" 2>/dev/null || rc=$?
	[ "$rc" = "$status" ] || echo "regen: $f: gw-parse exited $rc, LIST says $status" >&2
	echo "tests/golden/$f.jsonl: $(wc -l <"tests/golden/$f.jsonl") records"
done
