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
test_done
