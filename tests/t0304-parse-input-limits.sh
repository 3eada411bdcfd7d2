#!/bin/sh
# How much gw-parse reads of one document: a regular file up to 1 GiB (a larger
# one is refused before anything is read), standard input, a pipe or a device
# up to 256 MiB; the message says which limit was hit.
. "$(dirname "$0")/test-lib.sh"

test_expect_success 'a device that never ends (/dev/zero): the stream limit is named, exit 1' '
	test_expect_code 1 gw-parse /dev/zero >out 2>err &&
	grep -q "gw-parse: /dev/zero: over the 268435456 byte limit for standard input, a pipe or a device (save it to a file: a file may have up to 1073741824 bytes); not read" err &&
	test_must_fail test -s out
'
test_expect_success 'standard input over the limit: the same, as (stdin)' '
	head -c 268435457 /dev/zero | test_expect_code 1 gw-parse - >out 2>err &&
	grep -q "gw-parse: (stdin): over the 268435456 byte limit for standard input" err
'
test_expect_success 'a file over 1 GiB (sparse): refused before reading, with its size and the limit' '
	: >huge.csv && truncate -s 2147483648 huge.csv &&
	test_expect_code 1 gw-parse huge.csv >out 2>err &&
	grep -q "gw-parse: huge.csv: 2147483648 bytes, over the 1073741824 byte limit for a document; not read" err &&
	test_must_fail test -s out
'
test_expect_success 'a document under the stream limit is read from standard input' '
	test_expect_code 1 gw-parse - <"$FIXTURES/power/miso_gi_queue.csv" >out 2>err &&
	grep -q "\"queue_id\":\"J1000\"" out
'
# The MISO fixture's junk row (line 2, rejected for its Request Status) with one field of
# 70,000 bytes: its reject keeps the first 65,536 bytes of the line, and its reason says so.
test_expect_success 'a rejected row longer than 64 KiB: its text is cut, and the reason says where' '
	long=$(head -c 70000 /dev/zero | tr "\\0" x) &&
	sed "2s/watermelon grape yellow/$long/" "$FIXTURES/power/miso_gi_queue.csv" >long.csv &&
	n=$(sed -n 2p long.csv | tr -d "\\r\\n" | wc -c) &&
	test "$n" -gt 70000 &&
	test_expect_code 1 gw-parse -p miso-queue long.csv >out 2>err &&
	grep -q "long.csv: line 2: Request Status .fish mango watermelon. is not one MISO uses (Active, Withdrawn, Done) (its text cut to the first 65536 of $n bytes)" err &&
	test_expect_code 1 gw-load -q -d l.db out &&
	test_eq "65536|1" "$(q l.db "select length(record), reason like '"'%(its text cut to the first 65536 of \$n bytes)'"' from rejects")"
'
# Records of a stored document go through a temporary file in TMPDIR (gw-parse SHA256)
test_expect_success 'a TMPDIR too long for a temporary file is said, not a silent failure' '
	cp "$FIXTURES/power/miso_gi_queue.csv" m.csv &&
	test_expect_code 1 gw-parse -q -d t.db m.csv >/dev/null &&
	sha=$(sha256sum m.csv | cut -c1-64) &&
	long=$(head -c 5000 /dev/zero | tr "\\0" a) &&
	n=$(printf "%s" "$TRASH/$long" | wc -c) &&
	(TMPDIR=$TRASH/$long && export TMPDIR && test_expect_code 1 gw-parse -d t.db "$sha" >out 2>err) &&
	grep -q "gw-parse: TMPDIR: a folder of $n bytes leaves no room for a temporary file for the records" err
'
test_done
