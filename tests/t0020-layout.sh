#!/bin/sh
# The layout of the sources (parsers/ reads as curl's lib/vtls/ does): the readers of file
# formats in parsers/formats/ include lib/ and one another only (never parsers/parser.h,
# parsers/sources/, store/, reports/ or ingest/); every parser is a `const struct parser
# parser_NAME` alone in its file parsers/sources/FAMILY/NAME.c (NAME is the parser's name with
# "_" for "-"), where the generated registry finds it; and every include names its header from
# the root of the tree ("lib/buf.h") or its own folder ("iso.h"), never with "../".
. "$(dirname "$0")/test-lib.sh"

# The C files of the tree, as paths from its root (build/ is made, not written)
(cd "$ROOT" && find . \( -path ./build -o -path ./.git \) -prune -o -name '*.[ch]' -type f -print) |
	sed 's,^\./,,' | sort >sources
# Every definition of a parser: "path name", whatever its spacing or storage class
(cd "$ROOT" && xargs grep -H -E \
	'^[[:space:]]*(static[[:space:]]+)?(const[[:space:]]+)?struct[[:space:]]+parser[[:space:]]+[A-Za-z_][A-Za-z0-9_]*[[:space:]]*=' \
	<"$TRASH/sources") | sed -E 's/^([^:]*):.*struct[[:space:]]+parser[[:space:]]+([A-Za-z0-9_]*).*/\1 \2/' >defs

test_expect_success 'the tree has its format readers, parser families and parsers where this test looks' '
	grep -q "^parsers/formats/xlsx\.c\$" sources &&
	grep -q "^parsers/sources/iso/caiso_queue\.c\$" sources &&
	test $(wc -l <defs) -ge 20
'

test_expect_success 'a format reader (parsers/formats/) includes lib/ and the other format readers only' '
	grep "^parsers/formats/" sources >formats &&
	test -s formats &&
	(cd "$ROOT" && while read -r f; do
		sed -n "s/^[[:space:]]*#[[:space:]]*include[[:space:]]*\"\([^\"]*\)\".*/\1/p" "$f" |
		while read -r h; do
			case $h in
			lib/* | parsers/formats/*) ;;
			*/*) echo "$f: #include \"$h\"" ;;
			*) test -f "parsers/formats/$h" || echo "$f: #include \"$h\"" ;;
			esac
		done
	done) <formats >bad &&
	cat bad && test_must_fail test -s bad
'

test_expect_success 'every parser is defined in parsers/sources/FAMILY/, in a file named after it' '
	while read -r f name; do
		case $name in
		parser_*) want=${name#parser_}.c ;;
		*) echo "$f: parser $name: its name does not start with parser_"; continue ;;
		esac
		case $f in
		parsers/sources/*/*/*) echo "$f: $name is below a family folder of parsers/sources/" ;;
		parsers/sources/*/"$want") ;;
		parsers/sources/*/*) echo "$f: $name belongs in a file named $want" ;;
		*) echo "$f: $name is outside parsers/sources/FAMILY/ (it belongs in parsers/sources/FAMILY/$want)" ;;
		esac
	done <defs >bad &&
	cat bad && test_must_fail test -s bad
'

test_expect_success 'a file of parsers/sources/ defines one parser at most' '
	cut -d" " -f1 defs | sort | uniq -c | awk "\$1 > 1 { print \$2 \": \" \$1 \" parsers\" }" >bad &&
	cat bad && test_must_fail test -s bad
'

test_expect_success 'every parser of parsers/sources/ is registered, and every registered parser has its file' '
	grep "^parsers/sources/" defs | sed "s/.* parser_//; s/_/-/g" | sort >defined &&
	gw-parse --list | awk "{ print \$1 }" | sort >registered &&
	test_cmp defined registered
'

test_expect_success 'no include names its header with "../" (includes are from the root: -I.)' '
	{ (cd "$ROOT" && xargs grep -n -E "^[[:space:]]*#[[:space:]]*include[[:space:]]*\"(\.\./|[^\"]*/\.\./)" \
		<"$TRASH/sources") >bad || :; } &&
	cat bad && test_must_fail test -s bad
'
# lib/banned.h (strcpy, sprintf, strtok... fail to compile) works only where it is included: every
# C file of ours includes it, as its last include (after the system headers its macros would break)
test_expect_success 'every .c file includes "lib/banned.h"' '
	grep "\.c\$" sources | grep -v "^tests/browser/" >cfiles &&
	test "$(wc -l <cfiles)" -gt 50 &&
	(cd "$ROOT" && while read -r f; do
		grep -q "^#include \"lib/banned.h\"" "$f" || echo "$f"
	done) <cfiles >missing &&
	test_cmp /dev/null missing
'
test_done
