#!/bin/sh
# Progress on a terminal (issue 13 item 5): gw-parse shows records, MB and rate on standard
# error once an input has taken a few seconds, only when standard error is a terminal (run
# under script(1), a pseudo-terminal), never on a pipe, a file or TERM=dumb; the records are
# the same either way. GW_PROGRESS_AFTER=0 shows it at once, so no test waits for the clock.
. "$(dirname "$0")/test-lib.sh"
command -v script >/dev/null || test_skip_all "no script(1) (Debian package bsdutils) to make a terminal"
F=$FIXTURES/power/miso_gi_queue.csv

# many rows of the MISO fixture: enough records for the progress line (every 256 records)
test_expect_success 'a large input' '
	{ head -1 "$F"; i=0; while [ $i -lt 400 ]; do sed 1d "$F" | grep -v "fish mango" | sed "s/\"J\\([0-9]*\\)\"/\"J\\1-$i\"/"; i=$((i + 1)); done; } >big.csv &&
	test "$(wc -l <big.csv)" -gt 1000
'
test_expect_success 'on a terminal: "gw-parse: big.csv: N records, M MB, R records/s", then the line cleared' '
	GW_PROGRESS_AFTER=0 TERM=xterm script -qec "gw-parse big.csv >tty.jsonl; echo \$? >rc" /dev/null >tty.err &&
	test_eq 0 "$(cat rc)" &&
	grep -q "gw-parse: big.csv: [0-9,]* records, [0-9.]* MB, [0-9,]* records/s" tty.err &&
	test "$(tr -cd "\\r" <tty.err | wc -c)" -gt 0
'
test_expect_success 'on a pipe or a file (cron): no progress, the same records' '
	GW_PROGRESS_AFTER=0 TERM=xterm gw-parse big.csv 2>pipe.err | cat >pipe.jsonl &&
	! grep -q "records/s" pipe.err &&
	test_cmp tty.jsonl pipe.jsonl
'
test_expect_success 'TERM=dumb, or -q: no progress even on a terminal' '
	GW_PROGRESS_AFTER=0 TERM=dumb script -qec "gw-parse big.csv >/dev/null" /dev/null >dumb.err &&
	grep -q "parser miso-queue" dumb.err && ! grep -q "records/s" dumb.err &&
	GW_PROGRESS_AFTER=0 TERM=xterm script -qec "gw-parse -q big.csv >/dev/null" /dev/null >quiet.err &&
	! grep -q "records/s" quiet.err
'
# gw-load: the same line for its input, records read so far (lines), MB and rate
test_expect_success 'gw-load on a terminal: "gw-load: tty.jsonl: N records, M MB, R records/s", then cleared' '
	GW_PROGRESS_AFTER=0 TERM=xterm script -qec "gw-load -d tty.db tty.jsonl; echo \$? >rc" /dev/null >load-tty.err &&
	test_eq 0 "$(cat rc)" &&
	grep -q "gw-load: tty.jsonl: [0-9,]* records, [0-9.]* MB, [0-9,]* records/s" load-tty.err &&
	grep -q "read $(wc -l <tty.jsonl), stored" load-tty.err &&
	GW_PROGRESS_AFTER=0 TERM=xterm script -qec "gw-load -d stdin.db <tty.jsonl" /dev/null >load-stdin.err &&
	grep -q "gw-load: stdin: [0-9,]* records" load-stdin.err
'
test_expect_success 'gw-load on a pipe, with TERM=dumb or -q: no progress, the same store' '
	GW_PROGRESS_AFTER=0 TERM=xterm gw-load -d pipe.db tty.jsonl 2>load-pipe.err &&
	! grep -q "records/s" load-pipe.err &&
	GW_PROGRESS_AFTER=0 TERM=dumb script -qec "gw-load -d dumb.db tty.jsonl" /dev/null >load-dumb.err &&
	grep -q "read $(wc -l <tty.jsonl), stored" load-dumb.err && ! grep -q "records/s" load-dumb.err &&
	GW_PROGRESS_AFTER=0 TERM=xterm script -qec "gw-load -q -d quiet.db tty.jsonl" /dev/null >load-quiet.err &&
	! grep -q "records/s" load-quiet.err &&
	test_eq "$(q tty.db "select count(*) from obs_grid_request")" "$(q pipe.db "select count(*) from obs_grid_request")" &&
	test "$(q pipe.db "select count(*) from obs_grid_request")" -gt 1000
'
test_done
